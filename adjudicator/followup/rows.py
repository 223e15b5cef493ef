"""A dealer-system export with one row per event (CSV columns, or JSON objects with the same keys): the rows of one
dealer become one CRM log. Customer and vehicle columns repeat on every row of a vehicle; codes may be given by
their Chinese names (the vocabulary's)."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from ..core.problems import invalid
from ..core.text import Localized
from .vocabulary import CAR_USE, CUSTOMER_TYPE, DUTY, EVENT_TYPE, OUTCOME

KEY = "dealer"
COLUMNS: dict[str, str] = {
    "dealer": "the dealer's code: rows with the same code make one log",
    "customer": "the customer's id", "customer_type": "private | company | key (or 私人客户, 单位客户, 重点客户)",
    "customer_name": "the customer's name (optional)", "vin": "the vehicle's VIN",
    "car_use": "private | company (or 私车, 公车)", "insurance_expires_on": "the insurance expiry date (optional)",
    "at": "when the event happened (China time without a zone)", "type": f"the event: {', '.join(EVENT_TYPE.codes)}",
    "by": "who did or recorded it", "purpose": "revisit or reminder: the duty it is for",
    "outcome": "revisit: reached | not_reached | refused", "complaint": "complaint_closed: the complaint id",
    "appointment_at": "appointment_made: the appointment time", "note": "free text",
}
# columns whose values may be Chinese names of a vocabulary's codes
_WORDS = {"customer_type": CUSTOMER_TYPE.from_words(), "car_use": CAR_USE.from_words(),
          "type": EVENT_TYPE.from_words(), "purpose": DUTY.from_words(), "outcome": OUTCOME.from_words()}
_WHAT_ZH = {"customer": "客户", "vehicle": "车辆"}
_EVENT_KEYS = ("at", "type", "vin", "by", "purpose", "outcome", "complaint", "appointment_at", "note")


def _clean(row: dict[str, Any], where: Localized) -> dict[str, Any]:
    unknown = [k for k in row if k not in COLUMNS]
    if unknown:
        raise invalid(f"{where.zh}：未知的列 {unknown[0]!r}（各列：{', '.join(COLUMNS)}）",
                      f"{where.en}: unknown column {unknown[0]!r} (columns: {', '.join(COLUMNS)})")
    out = {}
    for k, v in row.items():
        if isinstance(v, str):
            v = v.strip()
            if not v:
                continue
            v = _WORDS.get(k, {}).get(v, v)
        if v is not None:
            out[k] = v
    return out


def month_span(days: Iterable[date]) -> tuple[date, date]:
    """The calendar months the days fall in: the first day's month start to the last day's month end."""
    ordered = sorted(days)
    first, last = ordered[0], ordered[-1]
    return first.replace(day=1), (last.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def log_from_rows(rows: list[tuple[Localized, dict[str, Any]]], period: tuple[date, date] | None) -> dict[str, Any]:
    """One dealer's rows (each with where it came from, in both languages) as a log, ready for the model to
    validate; a problem raises `core.problems.invalid` naming the row."""
    customers: dict[str, dict[str, Any]] = {}
    vehicles: dict[str, dict[str, Any]] = {}
    events = []
    dealer = None
    for where, raw in rows:
        row = _clean(raw, where)
        dealer = dealer or row.get(KEY)
        for key in ("customer", "customer_type", "vin", "car_use", "at", "type"):
            if key not in row:
                raise invalid(f"{where.zh}：缺少 {key}（必填）", f"{where.en}: {key}: missing (required)")
        customer = {"id": row["customer"], "type": row["customer_type"],
                    **({"name": row["customer_name"]} if "customer_name" in row else {})}
        vehicle = {"vin": row["vin"], "customer": row["customer"], "use": row["car_use"],
                   **({"insurance_expires_on": row["insurance_expires_on"]} if "insurance_expires_on" in row else {})}
        for table, key, item, what in ((customers, "id", customer, "customer"), (vehicles, "vin", vehicle, "vehicle")):
            seen = table.setdefault(item[key], item)
            if seen != item:
                raise invalid(f"{where.zh}：{_WHAT_ZH[what]} {item[key]} 与前面的行不一致（{seen}）",
                              f"{where.en}: {what} {item[key]}: differs from an earlier row ({seen})")
        events.append({k: row[k] for k in _EVENT_KEYS if k in row})
    events.sort(key=lambda e: str(e["at"]))
    if period is None:
        period = month_span(date.fromisoformat(str(e["at"])[:10]) for e in events)
    return {"dealer": dealer, "period": {"from": period[0].isoformat(), "to": period[1].isoformat()},
            "customers": list(customers.values()), "vehicles": list(vehicles.values()), "events": events}


def rows_of_log(log: dict[str, Any]) -> list[dict[str, Any]]:
    """A log as export rows (the inverse of log_from_rows, for examples and tests)."""
    customers = {c["id"]: c for c in log["customers"]}
    vehicles = {v["vin"]: v for v in log["vehicles"]}
    out = []
    for e in log["events"]:
        v = vehicles[e["vin"]]
        c = customers[v["customer"]]
        out.append({"dealer": log["dealer"], "customer": c["id"], "customer_type": c["type"],
                    "customer_name": c.get("name", ""), "vin": v["vin"], "car_use": v["use"],
                    "insurance_expires_on": v.get("insurance_expires_on", ""),
                    **{k: e.get(k, "") for k in _EVENT_KEYS if k != "vin"}})
    return out


__all__ = ["COLUMNS", "KEY", "log_from_rows", "rows_of_log", "month_span"]
