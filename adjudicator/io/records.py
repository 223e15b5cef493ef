"""Record streams for batch: JSONL, a JSON array, a folder of files, a CSV export, or stdin. Every record keeps
where it came from (file and line, array index, CSV rows); a record that cannot be read carries its error, so
that the run goes on and reports it in order."""
from __future__ import annotations

import csv
import io
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .files import MAX_FILE_BYTES, InputError, parse_data


@dataclass(frozen=True)
class Record:
    """One input record: its number (1-based), where it came from, and its text or data (or why it has none)."""

    number: int
    source: str
    text: str | None = None
    data: Any = None
    error: str | None = None
    json_only: bool = False          # a JSONL line: JSON or nothing (never re-read as YAML)


@dataclass(frozen=True)
class CsvColumns:
    """What a domain gives the CSV reader: its column names, the column that keys a record, and how the rows of
    one record become its data."""

    names: tuple[str, ...]
    key: str
    group: Callable[[list[tuple[int, dict[str, str]]], str], dict[str, Any]]


# ---------------------------------------------------------------- reading


def _lines(stream: Iterable[str], name: str, start: int) -> Iterator[Record]:
    n = start
    for lineno, line in enumerate(stream, 1):
        if not line.strip():
            continue
        n += 1
        yield Record(n, f"{name}:{lineno}", text=line, json_only=True)


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(name, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _file_records(path: Path, start: int, columns: CsvColumns | None) -> Iterator[Record]:
    name = str(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        if columns is None:
            yield Record(start + 1, name, error="CSV input is read for warranty histories only")
            return
        yield from csv_records(path, start, columns)
        return
    if suffix == ".jsonl":
        with path.open("rb") as fh:
            n = start
            for lineno, raw in enumerate(fh, 1):
                if not raw.strip():
                    continue
                n += 1
                try:
                    yield Record(n, f"{name}:{lineno}", text=raw.decode("utf-8-sig"), json_only=True)
                except UnicodeDecodeError as exc:
                    yield Record(n, f"{name}:{lineno}", error=f"not UTF-8 text ({exc.reason})")
        return
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            yield Record(start + 1, name, error=f"file larger than {MAX_FILE_BYTES // 2**20} MiB")
            return
        text = _decode(path.read_bytes(), name)
    except (OSError, InputError) as exc:
        yield Record(start + 1, name, error=str(exc.strerror if isinstance(exc, OSError) else exc))
        return
    if text.lstrip().startswith("["):
        try:
            items = parse_data(text, name)
        except InputError as exc:
            yield Record(start + 1, name, error=str(exc))
            return
        for i, item in enumerate(items):
            yield Record(start + 1 + i, f"{name}[{i}]", data=item)
        return
    yield Record(start + 1, name, text=text)


def read_records(source: str, stdin: io.TextIOBase | None = None,
                 columns: CsvColumns | None = None) -> Iterator[Record]:
    """Records from a JSONL file, a JSON array, a folder of files, a CSV export, or '-' (stdin: JSONL or array).
    A missing source raises InputError here, at once: an exception from inside a worker pool's input iterator
    would stall the pool."""
    if source != "-" and not Path(source).exists():
        raise InputError(source, "no such file or folder")
    return _records(source, stdin, columns)


def _records(source: str, stdin: io.TextIOBase | None, columns: CsvColumns | None) -> Iterator[Record]:
    if source == "-":
        stream = stdin or sys.stdin
        first = stream.read(1)
        while first and first.isspace():
            first = stream.read(1)
        if first == "[":
            text = first + stream.read()
            try:
                items = parse_data(text, "<stdin>")
            except InputError as exc:
                yield Record(1, "<stdin>", error=str(exc))
                return
            for i, item in enumerate(items):
                yield Record(i + 1, f"<stdin>[{i}]", data=item)
            return
        yield from _lines(_prepend(first, stream), "<stdin>", 0)
        return
    path = Path(source)
    if path.is_dir():
        n = 0
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in
                       (".json", ".jsonl", ".yaml", ".yml", ".csv"))
        for p in files:
            for rec in _file_records(p, n, columns):
                n = rec.number
                yield rec
        return
    yield from _file_records(path, 0, columns)


def count_records(source: str) -> int | None:
    """How many records `read_records` will yield, cheaply (for the progress bar's ETA); None when unknown."""
    if source == "-":
        return None
    path = Path(source)
    try:
        if path.is_dir():
            files = [p for p in path.iterdir() if p.is_file() and p.suffix.lower() in
                     (".json", ".jsonl", ".yaml", ".yml", ".csv")]
            counts = [count_records(str(p)) for p in files]
            return None if None in counts else sum(c for c in counts if c is not None)
        suffix = path.suffix.lower()
        if suffix == ".jsonl":
            with path.open("rb") as fh:
                return sum(1 for line in fh if line.strip())
        if suffix == ".csv":
            return None                       # records are VINs: known only after grouping
        with path.open("rb") as fh:
            head = fh.read(64).lstrip()
        return None if head.startswith(b"[") else 1
    except OSError:
        return None


def _prepend(first: str, stream: Iterable[str]) -> Iterator[str]:
    it = iter(stream)
    head = next(it, "")
    yield first + head
    yield from it


# ---------------------------------------------------------------- CSV: rows grouped into records

def csv_records(path: Path, start: int, columns: CsvColumns) -> Iterator[Record]:
    """Group a dealer-system export (one row per item) by its key column into records, in first-seen order."""
    name = str(path)
    try:
        text = _decode(path.read_bytes(), name)
    except (OSError, InputError) as exc:
        yield Record(start + 1, name, error=str(exc))
        return
    reader = csv.DictReader(io.StringIO(text))
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
