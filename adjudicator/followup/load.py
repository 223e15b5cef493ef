"""Reading CRM logs: a JSON or YAML file holding one log (or an array of logs), or a dealer-system export with one
row per event (CSV, JSONL or a JSON array of rows), grouped by dealer into logs. Errors name the file, the row
and the field."""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from ..io.files import InputError, parse_data, read_file, validate
from ..io.records import CsvColumns, read_records
from .models import CrmLog, both
from .rows import COLUMNS, KEY, log_from_rows


def log_from(data: Any, source: str) -> CrmLog:
    return validate(CrmLog, data, source)


def load_log(path: str | Path) -> CrmLog:
    """One log file (JSON or YAML)."""
    return log_from(read_file(path), str(path))


def read_logs(source: str | Path, period: tuple[date, date] | None = None) -> list[CrmLog]:
    """Every log of a file: a log, an array of logs, or event rows (CSV, JSONL, a JSON array of rows) grouped by
    dealer. Rows give no period: it is `period`, else the calendar months their events span."""
    path = Path(source)
    name = str(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        columns = CsvColumns(tuple(COLUMNS), KEY, lambda group, where: log_from_rows(
            [(f"{where}: row {n}", r) for n, r in group], period))
        return [_valid(rec.data, rec.source, rec.error) for rec in read_records(name, columns=columns)]
    if suffix == ".jsonl":
        rows = []
        for rec in read_records(name):
            data = _valid_row(rec.text, rec.source, rec.error)
            rows.append((rec.source, data))
        return _by_dealer(rows, name, period)
    data = read_file(path)
    items = data if isinstance(data, list) else [data]
    if items and all(isinstance(x, dict) and "type" in x and "at" in x for x in items):
        return _by_dealer([(f"{name}[{i}]", x) for i, x in enumerate(items)], name, period)
    return [log_from(x, f"{name}[{i}]" if isinstance(data, list) else name) for i, x in enumerate(items)]


def _valid(data: Any, source: str, error: str | None) -> CrmLog:
    if error is not None:
        raise InputError(source, error)
    return log_from(data, source)


def _valid_row(text: str | None, source: str, error: str | None) -> dict[str, Any]:
    if error is not None:
        raise InputError(source, error)
    data = parse_data(text or "", source, json_only=True)
    if not isinstance(data, dict):
        raise InputError(source, both("expected one event row (a JSON object)", "每行应为一条事件记录"))
    return data


def _by_dealer(rows: list[tuple[str, dict[str, Any]]], name: str, period: tuple[date, date] | None) -> list[CrmLog]:
    groups: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for where, row in rows:
        groups[str(row.get(KEY) or "")].append((where, row))
    out = []
    for dealer, group in groups.items():
        where = f"{name} (dealer {dealer or '—'})"
        try:
            data = log_from_rows(group, period)
        except ValueError as exc:
            raise InputError(name, str(exc)) from None
        out.append(log_from(data, where))
    return out


__all__ = ["load_log", "log_from", "read_logs"]
