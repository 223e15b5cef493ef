"""Dealer-system CSV exports of vehicle histories: one row per repair item, grouped by VIN into histories.

The columns are derived from the input models, so a field added to a model is a CSV column at once: vehicle,
purchase and certificate columns and the claim columns (prefixed `claim_`) repeat on every row of a VIN; visit
columns (the visit's `id` is `visit_id`) repeat on every row of a visit; item columns are the repair item's own.
"""
from __future__ import annotations

import types
from dataclasses import dataclass
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from .models import Certificate, Claim, Item, Purchase, Vehicle, Visit, YearsKm

_BOOL = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False, "是": True, "否": False}
_NESTED_CERTIFICATE = {"repair_warranty": "repair", "return_period": "return"}   # certificate.<period>.<years|km>


@dataclass(frozen=True)
class Column:
    name: str
    level: str                     # vehicle | visit | item
    path: tuple[str, ...]          # where the value goes in the history (inside the visit or item for those)
    kind: type                     # int, float, bool or str
    meaning: str


def _kind(model: type[BaseModel], field: str) -> type:
    annotation = model.model_fields[field].annotation
    if get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    options = get_args(annotation) if get_origin(annotation) in (Union, types.UnionType) else (annotation,)
    for kind in (bool, int, float):
        if kind in options:
            return kind
    return str


def _meaning(model: type[BaseModel], field: str) -> str:
    info = model.model_fields[field]
    args = get_args(info.annotation)
    literal = next((get_args(a) for a in (info.annotation, *args) if get_args(a) and all(
        isinstance(x, str) for x in get_args(a))), ())
    text = info.description or ""
    if literal and " | " not in text:
        text = (text + ": " if text else "") + " | ".join(literal)
    shown = str(info.annotation)
    form = "date or date-time" if "IsoMoment" in shown or "datetime" in shown else "YYYY-MM-DD" if "date" in shown \
        else {bool: "true/false", int: "a whole number", float: "a number"}.get(_kind(model, field), "")
    return f"{text} ({form})" if text and form else text or form or "text"


def _columns() -> list[Column]:
    cols: list[Column] = []
    for model, section in ((Vehicle, "vehicle"), (Purchase, "purchase")):
        cols += [Column(f, "vehicle", (section, f), _kind(model, f), _meaning(model, f)) for f in model.model_fields]
    for field, prefix in _NESTED_CERTIFICATE.items():
        cols += [Column(f"{prefix}_{f}", "vehicle", ("certificate", field, f), _kind(YearsKm, f),
                        f"certificate {field}: {_meaning(YearsKm, f)}") for f in YearsKm.model_fields]
    scalar = [f for f in Certificate.model_fields if f not in _NESTED_CERTIFICATE and _kind(Certificate, f) is not str
              or f == "use_coefficient_pct"]
    cols += [Column(f, "vehicle", ("certificate", f), _kind(Certificate, f), _meaning(Certificate, f))
             for f in dict.fromkeys(scalar) if f in Certificate.model_fields and f != "consumables"]
    cols += [Column(f"claim_{f}", "vehicle", ("claim", f), _kind(Claim, f), _meaning(Claim, f))
             for f in Claim.model_fields]
    cols += [Column("visit_id" if f == "id" else f, "visit", (f,), _kind(Visit, f), _meaning(Visit, f))
             for f in Visit.model_fields if f != "items"]
    cols += [Column(f, "item", (f,), _kind(Item, f), _meaning(Item, f)) for f in Item.model_fields]
    return cols


COLUMNS = {c.name: c for c in _columns()}
CSV_COLUMNS = {name: c.meaning for name, c in COLUMNS.items()}


def cell(column: str, value: str, where: str) -> Any:
    """One CSV cell as its model field's type; empty is absent."""
    value = value.strip()
    if value == "":
        return None
    kind = COLUMNS[column].kind
    try:
        if kind is int:
            return int(value)
        if kind is float:
            return float(value)
    except ValueError:
        raise ValueError(f"{where}: column {column}: {value!r} is not a number") from None
    if kind is bool:
        if value.lower() not in _BOOL:
            raise ValueError(f"{where}: column {column}: {value!r} is not true/false")
        return _BOOL[value.lower()]
    return value


def _put(target: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value


def history_from_rows(rows: list[tuple[int, dict[str, str]]], name: str) -> dict[str, Any]:
    """One vehicle's rows (line number, row) as a history dict for the model to validate."""
    by_level = {level: [c for c in COLUMNS.values() if c.level == level] for level in ("vehicle", "visit", "item")}
    first_line, first = rows[0]
    base = {c.name: cell(c.name, first.get(c.name) or "", f"{name}:{first_line}") for c in by_level["vehicle"]}
    for lineno, row in rows[1:]:
        for c in by_level["vehicle"]:
            if cell(c.name, row.get(c.name) or "", f"{name}:{lineno}") != base[c.name]:
                raise ValueError(f"{name}:{lineno}: column {c.name} differs from row {first_line} of the same VIN")
    history: dict[str, Any] = {"vehicle": {}, "purchase": {}, "visits": [], "claim": {}}
    for c in by_level["vehicle"]:
        if base[c.name] is not None:
            _put(history, c.path, base[c.name])
    visits: dict[str, dict[str, Any]] = {}
    for lineno, row in rows:
        where = f"{name}:{lineno}"
        vid = (row.get("visit_id") or "").strip()
        if not vid:
            continue
        visit_cells = {c.path[0]: cell(c.name, row.get(c.name) or "", where) for c in by_level["visit"]}
        visit_cells = {k: v for k, v in visit_cells.items() if v is not None}
        visit = visits.get(vid)
        if visit is None:
            visit = visits[vid] = {**visit_cells, "items": []}
        elif {k: v for k, v in visit.items() if k != "items"} != visit_cells:
            raise ValueError(f"{where}: visit {vid} has different times or km on another row")
        item = {c.path[0]: cell(c.name, row.get(c.name) or "", where) for c in by_level["item"]}
        visit["items"].append({k: v for k, v in item.items() if v is not None})
    history["visits"] = list(visits.values())
    return history
