"""Reading CRM logs: a JSON or YAML file holding one log (or an array of logs), or a dealer-system export with one
row per event (CSV, JSONL or a JSON array of rows), grouped by dealer into logs. Errors name the file, the row
and the field."""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from ..core.problems import check_text
from ..core.text import loc
from ..io.files import InputError, parse_data, read_file, validate
from ..io.records import CsvColumns, Record, read_records
from .models import CrmLog
from .rows import COLUMNS, KEY, log_from_rows


def log_from(data: Any, source: str) -> CrmLog:
    return validate(CrmLog, data, source)


def load_log(path: str | Path) -> CrmLog:
    """One log file (JSON or YAML)."""
    return log_from(read_file(path), str(path))


def read_logs(source: str | Path, period: tuple[date, date] | None = None) -> list[CrmLog]:
    """Every log of a source: a log, an array of logs, or event rows (CSV, JSONL, a JSON array of rows) grouped by
    dealer. Rows give no period: it is `period`, else the calendar months their events span."""
    name = str(source)
    if Path(name).suffix.lower() == ".csv":
        columns = CsvColumns(tuple(COLUMNS), KEY, lambda group, where, _headers: log_from_rows(
            [(loc(f"第 {n} 行", f"row {n}"), r) for n, r in group], period))
        return [log_from(_data(rec), rec.source) for rec in read_records(name, columns=columns)]
    items = [(rec.source, _data(rec)) for rec in read_records(name)]
    if items and all(isinstance(d, dict) and "type" in d and "at" in d for _, d in items):
        return _by_dealer(items, name, period)
    return [log_from(data, where) for where, data in items]


def _data(rec: Record) -> Any:
    if rec.error is not None:
        raise InputError(rec.source, rec.error)
    if rec.text is None:
        return rec.data
    return parse_data(rec.text, rec.source, json_only=rec.json_only)


def _by_dealer(rows: list[tuple[str, dict[str, Any]]], name: str, period: tuple[date, date] | None) -> list[CrmLog]:
    groups: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for where, row in rows:
        groups[str(row.get(KEY) or "")].append((loc(where, where), row))
    out = []
    for dealer, group in groups.items():
        where = f"{name} (dealer {dealer or '—'})"
        try:
            data = log_from_rows(group, period)
        except ValueError as exc:
            raise InputError(name, check_text(exc)) from None
        out.append(log_from(data, where))
    return out


__all__ = ["load_log", "log_from", "read_logs"]
