"""Record streams for batch: JSONL, a JSON array, a folder of files, a CSV export, or stdin. Every record keeps
where it came from (file and line, array index, CSV rows); a record that cannot be read carries its error, so
that the run goes on and reports it in order."""
from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.problems import check_text
from ..core.reading import (
    CHUNK_BYTES,
    BoundedSource,
    ReadError,
    TextStreamSource,
    TooLarge,
    os_error_text,
    read_bounded,
)
from ..core.text import Localized, loc
from .files import MAX_FILE_BYTES, InputError, parse_data
from .tables import (
    XLSX_MAGIC,
    TableProblems,
    detected_encoding,
    header_key,
    match_headers,
    numbered_rows,
    read_table,
)


@dataclass(frozen=True)
class Record:
    """One input record: its number (1-based), where it came from, and its text or data (or why it has none)."""

    number: int
    source: str
    text: str | None = None
    data: Any = None
    error: str | Localized | None = None
    json_only: bool = False          # a JSONL line: JSON or nothing (never re-read as YAML)
    error_field: str | None = None   # the field the error is about, where it is one field
    options: Any = None              # decision options for this record alone, over the run's (replay: the as-of,
                                     # regulation or policy each recorded decision was asked with)


def record_data(rec: Record) -> Any:
    """The data of a record, parsed from its text where it has one; InputError naming its source when it could
    not be read or is not one record."""
    if rec.error is not None:
        raise InputError(rec.source, rec.error, rec.error_field)
    data = rec.data if rec.text is None else parse_data(rec.text, rec.source, json_only=rec.json_only)
    if rec.json_only and isinstance(data, list):
        raise InputError(rec.source, loc("这一行是一个 JSON 数组；JSONL 每行应是一条记录（一个对象）",
                                         "this line is a JSON array; a JSONL line holds one record (an object)"))
    return data


@dataclass(frozen=True)
class CsvColumns:
    """What a domain gives the table reader: its column names, the column that keys a record, how the rows of
    one record ({column: cell text}) become its data (or TableProblems listing what is wrong), and the other
    headers each column is known by."""

    names: tuple[str, ...]
    key: str
    group: Callable[[list[tuple[int, dict[str, str]]], str, dict[str, str]], dict[str, Any]]
    aliases: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TableOptions:
    """How to read a dealer table: its encoding (CSV; default detected), the sheet (XLSX; default the first) and
    a mapping {a DMS's header: a column} read from `mapping_source`."""

    encoding: str | None = None
    sheet: str | None = None
    mapping: Mapping[str, str] | None = None
    mapping_source: str | None = None


# ---------------------------------------------------------------- reading
#
# JSONL or one document (a JSON array, an object, YAML) is decided by the content, never by the extension or the
# first character: when the first non-blank line is a JSON value by itself and more lines follow, the source is
# JSONL, one record per line (a line holding an array is one record, and an error). Otherwise the whole source
# is one document — an array's items are the records — unless it does not parse (or is over the size limit) and
# its second non-blank line is a JSON value by itself: then it is JSONL whose first line is broken, and every
# other line is still decided.

READ_SUFFIXES = (".json", ".jsonl", ".ndjson", ".yaml", ".yml", ".csv", ".xlsx")


def _is_json_value(line: bytes) -> bool:
    try:
        json.loads(line.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        return False
    return True


@dataclass
class _Shape:
    """What a source holds: `lines` (JSONL: numbered raw lines, or a too-long-line marker), or a parsed
    `document`, or one `error`."""

    lines: Iterator[tuple[int, bytes | TooLarge]] | None = None
    document: Any = None
    error: str | Localized | None = None


def _shape(source: BoundedSource, name: str) -> _Shape:
    numbered = enumerate(source.lines(), 1)
    seen: list[tuple[int, bytes | TooLarge]] = []
    nonblank: list[bytes | TooLarge] = []
    total = 0
    for lineno, line in numbered:
        seen.append((lineno, line))
        if isinstance(line, TooLarge) or line.strip():
            nonblank.append(line)
            if len(nonblank) == 2 and not isinstance(nonblank[0], TooLarge) and _is_json_value(nonblank[0]):
                return _Shape(lines=itertools.chain(seen, numbered))
        total += len(line) + 1 if not isinstance(line, TooLarge) else MAX_FILE_BYTES + 1
        if total > MAX_FILE_BYTES:
            break
    second_is_record = len(nonblank) >= 2 and not isinstance(nonblank[1], TooLarge) and _is_json_value(nonblank[1])
    if total > MAX_FILE_BYTES:
        if second_is_record:
            return _Shape(lines=itertools.chain(seen, numbered))
        return _Shape(error=TooLarge(MAX_FILE_BYTES).text)
    if not nonblank:
        return _Shape(error=loc("没有任何记录（输入为空）", "no records (the input is empty)"))
    text = b"\n".join(line for _, line in seen if not isinstance(line, TooLarge))
    try:
        document = parse_data(_decode(text, name), name)
    except InputError as exc:
        if second_is_record:
            return _Shape(lines=iter(seen))
        return _Shape(error=exc.localized or exc.message)
    if second_is_record and not isinstance(document, (dict, list)):
        return _Shape(lines=iter(seen))       # YAML reads almost anything as one string: not a document
    return _Shape(document=document)


def _source_records(source: BoundedSource, name: str, start: int) -> Iterator[Record]:
    shape = _shape(source, name)
    if shape.error is not None:
        yield Record(start + 1, name, error=shape.error)
    elif shape.lines is not None:
        n = start
        for lineno, raw in shape.lines:
            if isinstance(raw, TooLarge):
                n += 1
                yield Record(n, f"{name}:{lineno}", error=raw.text)
                continue
            if not raw.strip():
                continue
            n += 1
            try:
                yield Record(n, f"{name}:{lineno}", text=raw.decode("utf-8-sig" if lineno == 1 else "utf-8"),
                             json_only=True)
            except UnicodeDecodeError as exc:
                yield Record(n, f"{name}:{lineno}", error=f"not UTF-8 text ({exc.reason} at byte {exc.start})")
    elif isinstance(shape.document, list):
        for i, item in enumerate(shape.document):
            yield Record(start + 1 + i, f"{name}[{i}]", data=item)
    else:
        yield Record(start + 1, name, data=shape.document)


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(name, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _unreadable(exc: OSError | ReadError) -> str | Localized:
    return exc.text if isinstance(exc, ReadError) else os_error_text(exc)


def _file_records(path: Path, start: int, columns: CsvColumns | None,
                  table: TableOptions | None = None) -> Iterator[Record]:
    name = str(path)
    if path.suffix.lower() in (".csv", ".xlsx"):
        if columns is None:
            yield Record(start + 1, name, error=loc("CSV 和 XLSX 输入只用于保修车辆履历",
                                                    "CSV and XLSX input is read for warranty histories only"))
            return
        yield from csv_records(path, start, columns, table)
        return
    try:
        source = BoundedSource.open(path)
    except OSError as exc:
        yield Record(start + 1, name, error=_unreadable(exc))
        return
    with source:
        yield from _guarded(_source_records(source, name, start), name, start)


def _guarded(records: Iterator[Record], name: str, start: int) -> Iterator[Record]:
    """A source that fails while it is read (a time limit, a disk error) ends with one error record."""
    last = start
    try:
        for rec in records:
            last = rec.number
            yield rec
    except (OSError, ReadError) as exc:
        yield Record(last + 1, name, error=_unreadable(exc))


def _folder_files(path: Path) -> list[Path]:
    return sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in READ_SUFFIXES)


def read_records(source: str, stdin: io.TextIOBase | None = None, columns: CsvColumns | None = None,
                 table: TableOptions | None = None) -> Iterator[Record]:
    """Records from a JSONL file, a JSON array, a folder of files, a CSV or XLSX export, or '-' (stdin: JSONL,
    an array, or, where the kind has columns, a CSV export whose header names the key column, or an XLSX
    workbook). A missing source raises InputError here, at once, before any worker starts. `stdin` (text)
    replaces the process's standard input, for tests and callers that hold the stream themselves."""
    if source != "-" and not Path(source).exists():
        raise InputError(source, loc("文件或文件夹不存在", "no such file or folder"))
    return _records(source, stdin, columns, table)


def _records(source: str, stdin: io.TextIOBase | None, columns: CsvColumns | None,
             table: TableOptions | None) -> Iterator[Record]:
    if source == "-":
        stream = stdin or sys.stdin
        if _has_fileno(stream):
            reader: BoundedSource = BoundedSource.of_fd(stream.fileno(), "<stdin>")
        else:
            reader = TextStreamSource(stream, "<stdin>")
        yield from _guarded(_stdin_records(reader, columns, table), "<stdin>", 0)
        return
    path = Path(source)
    if path.is_dir():
        n = 0
        for p in _folder_files(path):
            for rec in _file_records(p, n, columns, table):
                n = rec.number
                yield rec
        return
    yield from _file_records(path, 0, columns, table)


HEAD_BYTES = 64 * 1024          # how much of stdin is looked at to tell a table from JSON


class _Prefixed(BoundedSource):
    """A source whose first bytes were already read (to tell what it holds): they come first, then the rest."""

    def __init__(self, inner: BoundedSource, head: bytes):
        super().__init__(inner.fd, inner.name, inner.blocking, inner.regular, owned=False, timeout=inner.timeout)
        self._inner, self._head = inner, head

    def chunk(self, size: int = CHUNK_BYTES) -> bytes:
        if self._head:
            head, self._head = self._head, b""
            return head
        return self._inner.chunk(size)


def _stdin_records(reader: BoundedSource, columns: CsvColumns | None,
                   table: TableOptions | None) -> Iterator[Record]:
    """stdin: a table when the kind has columns and it is an XLSX workbook or its first line names the key column
    (read whole, within the input limit); JSONL or one document otherwise."""
    if columns is None:
        yield from _source_records(reader, "<stdin>", 0)
        return
    head = b""
    while len(head) < HEAD_BYTES and b"\n" not in head:
        part = reader.chunk()
        if not part:
            break
        head += part
    if head.startswith(XLSX_MAGIC) or _names_key_column(head, columns, table):
        source = _Prefixed(reader, head)
        try:
            raw = source.read_all()
        except ReadError as exc:
            yield Record(1, "<stdin>", error=exc.text)
            return
        yield from table_records(raw, "<stdin>", 0, columns, table)
        return
    yield from _source_records(_Prefixed(reader, head), "<stdin>", 0)


def _names_key_column(head: bytes, columns: CsvColumns, table: TableOptions | None) -> bool:
    """Whether the first line of `head` is a table's header row with the key column in it."""
    first = head if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else head.split(b"\n", 1)[0]
    encoding = (table.encoding if table else None) or detected_encoding(first) or "gb18030"
    try:
        text = first.decode(encoding, errors="replace")
    except LookupError:
        return True                           # the table reader says the encoding is unknown
    line = text.removeprefix("\ufeff").splitlines()[0] if text.strip() else ""
    keys = {header_key(columns.key)} | {header_key(a) for a, n in columns.aliases.items() if n == columns.key}
    keys |= {header_key(theirs) for theirs, ours in ((table.mapping or {}) if table else {}).items()
             if header_key(ours) in keys}
    return any(header_key(cell) in keys for cell in next(csv.reader([line]), []))


def _has_fileno(stream: Any) -> bool:
    try:
        stream.fileno()
    except (AttributeError, OSError, ValueError):
        return False
    return True


def count_records(source: str) -> int | None:
    """How many records `read_records` will yield (for the progress bar's ETA); None when unknown (stdin, CSV,
    anything but regular files)."""
    if source == "-":
        return None
    path = Path(source)
    try:
        if path.is_dir():
            counts = [count_records(str(p)) for p in _folder_files(path)]
            return None if None in counts else sum(c for c in counts if c is not None)
        if path.suffix.lower() in (".csv", ".xlsx") or not path.is_file():
            return None                       # table records are VINs: known only after grouping
        with BoundedSource.open(path) as src:
            shape = _shape(src, source)
            if shape.lines is not None:
                return sum(1 for _, line in shape.lines if isinstance(line, TooLarge) or line.strip())
            return len(shape.document) if isinstance(shape.document, list) else 1
    except (OSError, ReadError):
        return None


# ---------------------------------------------------------------- tables (CSV, XLSX): rows grouped into records

def table_records(raw: bytes, name: str, start: int, columns: CsvColumns,
                  table: TableOptions | None = None) -> Iterator[Record]:
    """Group a dealer-system export (CSV or XLSX, one row per item) by its key column into records, in first-seen
    order. Headers are matched by column name, by the columns' built-in Chinese headers or by the mapping."""
    table = table or TableOptions()
    try:
        read = read_table(raw, name, encoding=table.encoding, sheet=table.sheet)
        headers = match_headers(read.headers, columns.names, columns.aliases, table.mapping,
                                table.mapping_source or "--columns")
    except InputError as exc:
        yield Record(start + 1, name, error=exc.localized or exc.message)
        return
    key = columns.key
    listed = ", ".join(columns.names)
    if headers.twice:
        twice = ", ".join(headers.twice)
        yield Record(start + 1, name, error=loc(f"列 {twice} 出现了不止一次：每一列只能出现一次",
                                                f"column(s) {twice} given more than once: give each column once"))
        return
    if headers.unknown or key not in headers.shown:
        unknown = ", ".join(headers.unknown)
        problem = loc(f"未知的列 {unknown}", f"unknown column(s) {unknown}") if headers.unknown else \
            loc(f"没有 '{key}' 列", f"no '{key}' column")
        yield Record(start + 1, name, error=loc(
            f"{problem.zh}；各列（或其中文列名，见 batch --csv-columns；--columns 映射文件可指定其他列名）：{listed}",
            f"{problem.en}; the columns are (or their Chinese headers: batch --csv-columns; a --columns mapping "
            f"file names others): {listed}"))
        return
    groups: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for number, row in numbered_rows(read, headers):
        groups.setdefault(row.get(key, ""), []).append((number, row))
    shown_key = headers.shown[key]
    for i, (value, rows) in enumerate(groups.items()):
        numbers = [n for n, _ in rows]
        span = f"rows {numbers[0]}-{numbers[-1]}" if len(numbers) > 1 else f"row {numbers[0]}"
        where = f"{name}:{span} ({shown_key} {value or '—'})"
        try:
            yield Record(start + 1 + i, where, data=columns.group(rows, name, headers.shown))
        except TableProblems as exc:
            yield Record(start + 1 + i, where, error=exc.text, error_field=exc.field)
        except ValueError as exc:                 # a domain's grouping that says its problem as one message
            yield Record(start + 1 + i, where, error=check_text(exc))


def csv_records(path: Path, start: int, columns: CsvColumns, table: TableOptions | None = None) -> Iterator[Record]:
    """The records of a CSV or XLSX file (within the input size and time limits)."""
    name = str(path)
    try:
        raw = read_bounded(path)
    except (OSError, ReadError) as exc:
        yield Record(start + 1, name, error=_unreadable(exc))
        return
    yield from table_records(raw, name, start, columns, table)
