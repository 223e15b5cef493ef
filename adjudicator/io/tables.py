"""Dealer-system tables: CSV in whatever encoding Chinese Excel saved it, or an `.xlsx` workbook; headers matched
to a domain's columns by name, by their built-in Chinese names or by a mapping file; cells in the forms
spreadsheets write them (`2023/3/1`, `2023年3月1日`, `168,800`, `1236.0`, 是/否) normalised to the forms the
models read. A cell that cannot be read is a `Problem` naming its row, column, value and the expected form, so
that a record lists all of its problems at once."""
from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from ..core.reading import MAX_INPUT_BYTES, ReadError, TooLarge, os_error_text, read_bounded
from ..core.text import Localized, loc
from .files import InputError, parse_data

XLSX_MAGIC = b"PK\x03\x04"
TABLE_SUFFIXES = (".csv", ".xlsx")
MAX_MAPPING_BYTES = 1024 * 1024

# ---------------------------------------------------------------- encodings

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
DETECTED_ENCODINGS = "UTF-8 (with or without BOM), GB18030/GBK, UTF-16 with BOM"


def detected_encoding(raw: bytes) -> str | None:
    """The encoding of a dealer export: a BOM says it; else UTF-8 if it decodes, else GB18030 (a superset of
    GBK and GB2312, what Chinese Excel writes) if it decodes; None when neither does."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return encoding
    for encoding in ("utf-8", "gb18030"):
        try:
            raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


def decode_table(raw: bytes, name: str, encoding: str | None = None) -> str:
    """The text of a CSV export, in the encoding given or the one detected. InputError says which encodings were
    tried, or why the one given does not fit."""
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(name, loc(f"未知的编码 {encoding!r}（如 utf-8、gb18030、gbk、utf-16）",
                                       f"unknown encoding {encoding!r} (e.g. utf-8, gb18030, gbk, utf-16)")) from None
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(name, loc(f"不是 {encoding} 编码的文本（第 {exc.start} 字节：{exc.reason}）",
                                       f"not {encoding} text ({exc.reason} at byte {exc.start})")) from None
        return text.removeprefix("\ufeff")
    detected = detected_encoding(raw)
    if detected is None:
        raise InputError(name, loc(f"无法识别文本编码（已尝试 {DETECTED_ENCODINGS}）；可用 --encoding 指定",
                                   f"the text encoding is not recognised (tried {DETECTED_ENCODINGS}); "
                                   f"--encoding names it"))
    return raw.decode(detected).removeprefix("\ufeff")


# ---------------------------------------------------------------- reading a table

@dataclass(frozen=True)
class Table:
    """A table as read: its headers and its rows (the row number a spreadsheet shows, and the cells as text)."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]


def read_table(raw: bytes, name: str, *, encoding: str | None = None, sheet: str | None = None) -> Table:
    """A CSV export or an XLSX workbook (told by its first bytes, not its name). InputError for a table that
    cannot be read."""
    if raw.startswith(XLSX_MAGIC):
        return _xlsx_table(raw, name, sheet)
    if sheet is not None:
        raise InputError(name, loc("--sheet 只用于 .xlsx 工作簿", "--sheet is for .xlsx workbooks only"))
    text = decode_table(raw, name, encoding)
    # newline="": rows end at "\n", "\r\n" or a lone "\r" (old spreadsheet exports), untranslated, as csv wants
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        headers = next(reader, [])
        rows = [(n, row) for n, row in enumerate(reader, 2) if any(cell.strip() for cell in row)]
    except csv.Error as exc:
        raise InputError(name, loc(f"CSV 格式错误（第 {reader.line_num} 行）：{exc}",
                                   f"broken CSV at line {reader.line_num}: {exc}")) from None
    return Table(headers, rows)


def _xlsx_table(raw: bytes, name: str, sheet: str | None) -> Table:
    """The first sheet (or the one named) of a workbook, read in openpyxl's read-only mode. The workbook's
    unpacked size is held to the input limit before anything is unpacked (the sizes a zip declares are the most
    zipfile reads), so a small file that unpacks to gigabytes is refused."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise InputError(name, loc(f"不是可读的 .xlsx 工作簿（{exc}）", f"not a readable .xlsx workbook ({exc})")) from None
    if unpacked > MAX_INPUT_BYTES:
        raise InputError(name, TooLarge(MAX_INPUT_BYTES, loc("工作簿解压后", "the unpacked workbook")).text)
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken workbook
        raise InputError(name, loc(f"不是可读的 .xlsx 工作簿（{type(exc).__name__}: {exc}）",
                                   f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})")) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            names = ", ".join(book.sheetnames)
            raise InputError(name, loc(f"没有名为 {sheet!r} 的工作表（有：{names}）",
                                       f"no sheet named {sheet!r} (the sheets: {names})"))
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        rows: list[tuple[int, list[str]]] = []
        headers: list[str] | None = None
        for number, cells in enumerate(ws.iter_rows(), 1):
            texts = [_cell_text(c.value, getattr(c, "number_format", "General")) for c in cells]
            if headers is None:
                if any(texts):
                    headers = texts
                continue
            if any(t.strip() for t in texts):
                rows.append((getattr(cells[0], "row", None) or number, texts))
        return Table(headers or [], rows)
    finally:
        book.close()


_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]')


def _cell_text(value: Any, number_format: str) -> str:
    """A cell as the text a clerk sees: a whole float without its `.0`, a date without a time of midnight unless
    its format shows the time."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        shows_time = any(ch in _QUOTED.sub("", str(number_format)).lower() for ch in "hs")
        if not shows_time and value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)


# ---------------------------------------------------------------- headers

def header_key(text: str) -> str:
    """How headers are compared: full-width forms folded (（元） is (元)), case and spaces ignored."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).replace("\ufeff", "")).casefold()


def read_mapping(path: str) -> dict[str, str]:
    """A DMS's own column names: a YAML or JSON mapping {its header: a column name or a built-in header}."""
    try:
        raw = read_bounded(path, MAX_MAPPING_BYTES, loc("列名映射文件", "column mapping file"))
    except ReadError as exc:
        raise InputError(path, exc.text) from None
    except OSError as exc:
        raise InputError(path, os_error_text(exc)) from None
    data = parse_data(raw, path)
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise InputError(path, loc("列名映射应是“文件中的列名: 本程序的列名”的映射",
                                   "a column mapping is a mapping of 'header in the file: column name'"))
    return data


@dataclass(frozen=True)
class Headers:
    """Which column each header of a table is, or the headers that are no column."""

    columns: dict[int, str]                    # position in the row -> column name
    shown: dict[str, str]                      # column name -> the header as the file writes it
    unknown: list[str] = field(default_factory=list)
    twice: list[str] = field(default_factory=list)


def _by_key(names: Iterable[str], aliases: Mapping[str, str]) -> dict[str, str]:
    by_key = {header_key(n): n for n in names}
    by_key.update({header_key(a): n for a, n in aliases.items() if header_key(a) not in by_key})
    return by_key


def mapped_columns(mapping: Mapping[str, str] | None, names: Iterable[str], aliases: Mapping[str, str],
                   mapping_source: str = "--columns") -> dict[str, str]:
    """A mapping file's entries as {header key: column name}; an entry that names no column is an InputError."""
    by_key = _by_key(names, aliases)
    mapped: dict[str, str] = {}
    for theirs, ours in (mapping or {}).items():
        target = by_key.get(header_key(ours))
        if target is None:
            raise InputError(mapping_source, loc(f"{theirs!r} 映射到 {ours!r}，但没有这一列（batch --csv-columns 列出各列）",
                                                 f"{theirs!r} maps to {ours!r}, which is no column (batch "
                                                 f"--csv-columns lists them)"))
        mapped[header_key(theirs)] = target
    return mapped


def match_headers(headers: list[str], names: Iterable[str], aliases: Mapping[str, str],
                  mapping: Mapping[str, str] | None, mapping_source: str = "--columns") -> Headers:
    """Headers matched to column names: by the mapping first, then by name, then by the built-in aliases. An
    entry of the mapping that names no column is an InputError."""
    names = list(names)
    by_key = _by_key(names, aliases)
    mapped = mapped_columns(mapping, names, aliases, mapping_source)
    columns: dict[int, str] = {}
    shown: dict[str, str] = {}
    unknown: list[str] = []
    twice: list[str] = []
    for i, header in enumerate(headers):
        if not header.strip():
            continue
        key = header_key(header)
        column = mapped.get(key) or by_key.get(key)
        if column is None:
            unknown.append(header)
        elif column in shown:
            twice.append(f"{shown[column]} / {header}" if shown[column] != header else header)
        else:
            columns[i] = column
            shown[column] = header
    return Headers(columns, shown, unknown, twice)


# ---------------------------------------------------------------- cells

class CellProblem(ValueError):
    """A cell that is not of its column's form: the form expected, in both languages."""

    def __init__(self, expected: Localized):
        self.expected = expected
        super().__init__(expected.en)


@dataclass(frozen=True)
class Problem:
    """One problem of a record: where (row and column, as the file shows them), the value, and what was
    expected or what is wrong."""

    row: int | None
    column: str | None
    value: str | None
    expected: Localized

    def text(self, lang: str) -> str:
        where = []
        if self.row is not None:
            where.append(f"第 {self.row} 行" if lang == "zh" else f"row {self.row}")
        if self.column is not None:
            where.append(f"列 {self.column}" if lang == "zh" else f"column {self.column}")
        head = ("，" if lang == "zh" else ", ").join(where)
        value = "" if self.value is None else (f"{self.value!r}" if self.value else ("（空）" if lang == "zh"
                                                                                   else "(empty)"))
        sep = "：" if lang == "zh" else ": "
        if value:
            body = f"{value}，应为{self.expected.zh}" if lang == "zh" else f"{value}, expected {self.expected.en}"
        else:
            body = self.expected.get(lang)
        return f"{head}{sep}{body}" if head else body


class TableProblems(ValueError):
    """Every problem of one record, listed."""

    def __init__(self, problems: list[Problem], field_path: str | None = None):
        self.problems = problems
        self.field = field_path
        super().__init__(self.text.en)

    @property
    def text(self) -> Localized:
        count = len(self.problems)
        if count == 1:
            return loc(self.problems[0].text("zh"), self.problems[0].text("en"))
        return loc(f"{count} 个问题：" + "；".join(p.text("zh") for p in self.problems),
                   f"{count} problems: " + "; ".join(p.text("en") for p in self.problems))


_DATE = r"(\d{4})\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?)"
_DATE_ONLY = re.compile(rf"^{_DATE}$")
_MOMENT = re.compile(rf"^{_DATE}(?:\s+|T)(\d{{1,2}})\s*[:时]\s*(\d{{1,2}})(?:\s*[:分]\s*(\d{{1,2}})(?:\.\d+)?\s*秒?)?\s*分?"
                     r"\s*(Z|[+-]\d{2}:\d{2})?$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")

EXPECTED_DATE = loc("日期，如 2023-03-01、2023/3/1 或 2023年3月1日",
                    "a date, e.g. 2023-03-01, 2023/3/1 or 2023年3月1日")
EXPECTED_MOMENT = loc("日期或日期时间，如 2023-03-15、2023/3/15 9:30 或 2023-03-15 09:30",
                      "a date or a date-time, e.g. 2023-03-15, 2023/3/15 9:30 or 2023-03-15 09:30")
EXPECTED_WHOLE = loc("整数，如 2100 或 168,800", "a whole number, e.g. 2100 or 168,800")
EXPECTED_NUMBER = loc("数字，如 168800、168,800 或 0.5", "a number, e.g. 168800, 168,800 or 0.5")
EXPECTED_BOOL = loc("是/否（或 true/false、1/0）", "是/否 (or true/false, yes/no, 1/0)")
EXPECTED_BOOL_OR_UNKNOWN = loc("是/否/未知（或 true/false/unknown、1/0）",
                               "是/否/未知 (or true/false/unknown, yes/no, 1/0)")
_TRUE = {"是", "true", "yes", "y", "1", "√", "✓", "有"}
_FALSE = {"否", "false", "no", "n", "0", "×", "无"}
_UNKNOWN = {"未知", "unknown", "不明"}


def _date_of(m: re.Match[str]) -> date:
    year = int(m.group(1))
    month, day = (m.group(2), m.group(3)) if m.group(2) else (m.group(4), m.group(5))
    return date(year, int(month), int(day))


def as_date(text: str) -> str:
    """A date column: ISO text (YYYY-MM-DD). A time of exactly midnight, as Excel writes a date, is dropped."""
    m = _DATE_ONLY.match(text)
    try:
        if m:
            return _date_of(m).isoformat()
        m = _MOMENT.match(text)
        if m and not m.group(9) and int(m.group(6)) == int(m.group(7)) == int(m.group(8) or 0) == 0:
            return _date_of(m).isoformat()
    except ValueError:
        pass
    raise CellProblem(EXPECTED_DATE)


def as_moment(text: str) -> str:
    """A date or date-time column: ISO text; a date-time without a zone is China time, as in the input files."""
    try:
        m = _DATE_ONLY.match(text)
        if m:
            return _date_of(m).isoformat()
        m = _MOMENT.match(text)
        if m:
            moment = datetime.combine(_date_of(m), time(int(m.group(6)), int(m.group(7)), int(m.group(8) or 0)))
            return moment.isoformat(timespec="seconds") + (m.group(9) or "").replace("Z", "+00:00")
    except ValueError:
        pass
    raise CellProblem(EXPECTED_MOMENT)


def as_number(text: str, whole: bool) -> int | float:
    """A number column: thousands separators (168,800) and a whole number's `.0` (1236.0) as spreadsheets
    write them."""
    plain = text.replace(",", "") if _THOUSANDS.match(text) else text
    if not _NUMBER.match(plain):
        raise CellProblem(EXPECTED_WHOLE if whole else EXPECTED_NUMBER)
    number = float(plain)
    if whole:
        if not number.is_integer():
            raise CellProblem(EXPECTED_WHOLE)
        return int(number)
    return int(number) if number.is_integer() and "." not in plain and "e" not in plain.lower() else number


def as_bool(text: str, unknown_allowed: bool) -> bool | str:
    """是/否 and the English words; 未知 / unknown where the field may be unknown (the model reads it as null)."""
    word = text.casefold()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    if unknown_allowed and word in _UNKNOWN:
        return "unknown"
    raise CellProblem(EXPECTED_BOOL_OR_UNKNOWN if unknown_allowed else EXPECTED_BOOL)


def as_word(text: str, words: Mapping[str, str], expected: Localized) -> str:
    """A code of a vocabulary, by its code, its Chinese name or an alias (case ignored for codes)."""
    found = words.get(text) or words.get(text.casefold()) or words.get(header_key(text))
    if found is None:
        raise CellProblem(expected)
    return found


def numbered_rows(table: Table, headers: Headers) -> Iterator[tuple[int, dict[str, str]]]:
    """Each row as {column name: cell text}, with its row number."""
    for number, cells in table.rows:
        yield number, {column: cells[i].strip() if i < len(cells) else "" for i, column in headers.columns.items()}


__all__ = ["CellProblem", "DETECTED_ENCODINGS", "EXPECTED_BOOL", "EXPECTED_DATE", "EXPECTED_MOMENT",
           "EXPECTED_NUMBER", "EXPECTED_WHOLE", "Headers", "Problem", "TABLE_SUFFIXES", "Table", "TableProblems",
           "XLSX_MAGIC", "as_bool", "as_date", "as_moment", "as_number", "as_word", "decode_table",
           "detected_encoding", "header_key", "mapped_columns", "match_headers", "numbered_rows", "read_mapping", "read_table"]
