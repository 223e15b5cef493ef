"""Record streams for batch: JSONL, a JSON array, a folder of files, a CSV export, or stdin. Every record keeps
where it came from (file and line, array index, CSV rows); a record that cannot be read carries its error, so
that the run goes on and reports it in order."""
from __future__ import annotations

import csv
import io
import itertools
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.reading import BoundedSource, ReadError, TextStreamSource, TooLarge, os_error_text, read_bounded
from ..core.text import Localized, loc
from .files import MAX_FILE_BYTES, InputError, parse_data


@dataclass(frozen=True)
class Record:
    """One input record: its number (1-based), where it came from, and its text or data (or why it has none)."""

    number: int
    source: str
    text: str | None = None
    data: Any = None
    error: str | Localized | None = None
    json_only: bool = False          # a JSONL line: JSON or nothing (never re-read as YAML)
    options: Any = None              # decision options for this record alone, over the run's (replay: the as-of,
                                     # regulation or policy each recorded decision was asked with)


@dataclass(frozen=True)
class CsvColumns:
    """What a domain gives the CSV reader: its column names, the column that keys a record, and how the rows of
    one record become its data."""

    names: tuple[str, ...]
    key: str
    group: Callable[[list[tuple[int, dict[str, str]]], str], dict[str, Any]]


# ---------------------------------------------------------------- reading
#
# JSONL or one document (a JSON array, an object, YAML) is decided by the content, never by the extension or the
# first character: when the first non-blank line is a JSON value by itself and more lines follow, the source is
# JSONL, one record per line (a line holding an array is one record, and an error). Otherwise the whole source
# is one document — an array's items are the records — unless it does not parse (or is over the size limit) and
# its second non-blank line is a JSON value by itself: then it is JSONL whose first line is broken, and every
# other line is still decided.

READ_SUFFIXES = (".json", ".jsonl", ".ndjson", ".yaml", ".yml", ".csv")


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


def _file_records(path: Path, start: int, columns: CsvColumns | None) -> Iterator[Record]:
    name = str(path)
    if path.suffix.lower() == ".csv":
        if columns is None:
            yield Record(start + 1, name, error="CSV input is read for warranty histories only")
            return
        yield from csv_records(path, start, columns)
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


def read_records(source: str, stdin: io.TextIOBase | None = None,
                 columns: CsvColumns | None = None) -> Iterator[Record]:
    """Records from a JSONL file, a JSON array, a folder of files, a CSV export, or '-' (stdin: JSONL or array).
    A missing source raises InputError here, at once, before any worker starts. `stdin` (text) replaces the
    process's standard input, for tests and callers that hold the stream themselves."""
    if source != "-" and not Path(source).exists():
        raise InputError(source, loc("文件或文件夹不存在", "no such file or folder"))
    return _records(source, stdin, columns)


def _records(source: str, stdin: io.TextIOBase | None, columns: CsvColumns | None) -> Iterator[Record]:
    if source == "-":
        stream = stdin or sys.stdin
        if _has_fileno(stream):
            reader: BoundedSource = BoundedSource.of_fd(stream.fileno(), "<stdin>")
        else:
            reader = TextStreamSource(stream, "<stdin>")
        yield from _guarded(_source_records(reader, "<stdin>", 0), "<stdin>", 0)
        return
    path = Path(source)
    if path.is_dir():
        n = 0
        for p in _folder_files(path):
            for rec in _file_records(p, n, columns):
                n = rec.number
                yield rec
        return
    yield from _file_records(path, 0, columns)


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
        if path.suffix.lower() == ".csv" or not path.is_file():
            return None                       # CSV records are VINs: known only after grouping
        with BoundedSource.open(path) as src:
            shape = _shape(src, source)
            if shape.lines is not None:
                return sum(1 for _, line in shape.lines if isinstance(line, TooLarge) or line.strip())
            return len(shape.document) if isinstance(shape.document, list) else 1
    except (OSError, ReadError):
        return None


# ---------------------------------------------------------------- CSV: rows grouped into records

def csv_records(path: Path, start: int, columns: CsvColumns) -> Iterator[Record]:
    """Group a dealer-system export (one row per item) by its key column into records, in first-seen order."""
    name = str(path)
    try:
        text = _decode(read_bounded(path), name)
    except (OSError, ReadError) as exc:
        yield Record(start + 1, name, error=_unreadable(exc))
        return
    except InputError as exc:
        yield Record(start + 1, name, error=str(exc))
        return
    # newline="": rows end at "\n", "\r\n" or a lone "\r" (old spreadsheet exports), untranslated, as csv wants
    reader = csv.DictReader(io.StringIO(text, newline=""))
    unknown = [c for c in reader.fieldnames or [] if c not in columns.names]
    key = columns.key
    if unknown or not reader.fieldnames or key not in reader.fieldnames:
        msg = f"unknown column(s) {', '.join(unknown)}" if unknown else f"no '{key}' column"
        yield Record(start + 1, name, error=f"{msg}; the columns are: {', '.join(columns.names)}")
        return
    groups: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for lineno, row in enumerate(reader, 2):
        groups.setdefault((row.get(key) or "").strip(), []).append((lineno, row))
    for i, (vin, rows) in enumerate(groups.items()):
        lines = [n for n, _ in rows]
        span = f"rows {lines[0]}-{lines[-1]}" if len(lines) > 1 else f"row {lines[0]}"
        where = f"{name}:{span} ({key} {vin or '—'})"
        try:
            yield Record(start + 1 + i, where, data=columns.group(rows, name))
        except ValueError as exc:
            yield Record(start + 1 + i, where, error=str(exc))
