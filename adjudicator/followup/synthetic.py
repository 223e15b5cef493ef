"""Seeded, realistic CRM logs of a dealer's month (for examples, benchmarks and tests): new-car deliveries with
their three calls, workshop visits with the next-day revisit (retried when the customer does not answer, then
passed to the service advisor), complaint follow-ups, service bookings with their reminders, first-service and
insurance reminders, with the delays, gaps and unanswered calls real logs show. The shares below describe a
typical dealer's habits; they are not policy figures (those live in rules/followup/)."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from ..core.inputs import CHINA_TZ
from ..core.synthetic import checked_codes, pick_code, seeded_stream
from .vocabulary import CUSTOMER_TYPE, DUTY, EVENT_TYPE, OUTCOME

CUSTOMER_WEIGHTS = {"private": 70, "company": 20, "key": 10}
OUTCOME_WEIGHTS = {"reached": 82, "not_reached": 14, "refused": 4}
VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"


def _vin(rng: random.Random) -> str:
    return "LSV" + "".join(rng.choice(VIN_CHARS) for _ in range(14))


def _at(day: date, rng: random.Random, start: int = 9, end: int = 18) -> datetime:
    return datetime.combine(day, time(rng.randrange(start, end), rng.randrange(0, 60, 5)), tzinfo=CHINA_TZ)


class _Month:
    """One dealer's month being written: customers, vehicles, events."""

    def __init__(self, rng: random.Random, dealer: str, first: date, last: date):
        self.rng, self.dealer, self.first, self.last = rng, dealer, first, last
        self.customers: list[dict[str, Any]] = []
        self.vehicles: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.end = datetime.combine(last, time(23, 59, 59), tzinfo=CHINA_TZ)
        self.staff = {role: [f"{dealer}-{role}{k}" for k in range(1, n + 1)] for role, n in
                      (("SC", 4), ("SA", 4), ("RS", 2))}

    def vehicle(self, expiring: bool = False) -> dict[str, Any]:
        rng = self.rng
        ctype = pick_code(rng, CUSTOMER_TYPE, CUSTOMER_WEIGHTS)
        cid = f"{self.dealer}-{self.first:%y%m}-C{len(self.customers) + 1:04d}"
        self.customers.append({"id": cid, "type": ctype, "name": rng.choice(_SURNAMES) + ("先生", "女士")[rng.randrange(2)]})
        use = "private" if ctype == "private" else "company" if ctype == "company" else rng.choice(["private", "company"])
        v: dict[str, Any] = {"vin": _vin(rng), "customer": cid, "use": use}
        if expiring:
            v["insurance_expires_on"] = (self.first + timedelta(days=rng.randrange(0, 45))).isoformat()
        self.vehicles.append(v)
        return v

    def add(self, at: datetime, kind: str, vin: str, **extra: Any) -> None:
        if at <= self.end:
            self.events.append({"at": at.isoformat(), "type": checked_codes(EVENT_TYPE, kind)[0], "vin": vin, **extra})

    def call(self, at: datetime, vin: str, purpose: str, by: str, unreachable: bool = False) -> str:
        outcome = "not_reached" if unreachable else pick_code(self.rng, OUTCOME, OUTCOME_WEIGHTS)
        self.add(at, "revisit", vin, by=by, purpose=checked_codes(DUTY, purpose)[0], outcome=outcome)
        return outcome

    def call_until_answered(self, at: datetime, vin: str, purpose: str, by: str, tries: int = 2) -> None:
        """A call, tried again the next day when nobody answers."""
        for k in range(tries):
            if self.call(at + timedelta(days=k), vin, purpose, by) != "not_reached":
                return

    def remind(self, at: datetime, vin: str, purpose: str) -> None:
        self.add(at, "reminder_sent", vin, by=self.rng.choice(self.staff["RS"]), purpose=checked_codes(DUTY, purpose)[0])


def _delivery(m: _Month, day: date) -> None:
    rng, v = m.rng, m.vehicle()
    sc, rs = rng.choice(m.staff["SC"]), rng.choice(m.staff["RS"])
    at = _at(day, rng, 9, 17)
    m.add(at, "delivered", v["vin"], by=sc)
    if rng.random() < 0.9:
        m.call(at + timedelta(hours=rng.choice([2, 4, 6])), v["vin"], "delivery_day_call", sc)   # one try: it is late
    if rng.random() < 0.93:
        m.call_until_answered(_at(day + timedelta(days=rng.choice([1, 1, 1, 2, 2, 3, 4])), rng), v["vin"],
                              "delivery_specialist_call", rs)
    if rng.random() < 0.85:
        m.call_until_answered(_at(day + timedelta(days=rng.choice([7, 7, 7, 7, 8])), rng), v["vin"],
                              "delivery_week_call", sc, 1)
    lead = 90 if v["use"] == "private" else 30
    if rng.random() < 0.88:
        m.remind(_at(day + timedelta(days=lead - rng.choice([7, 8, 9, 6])), rng), v["vin"], "first_service_reminder")


def _workshop(m: _Month, day: date) -> None:
    rng, v = m.rng, m.vehicle()
    at = _at(day, rng, 10, 19)
    m.add(at, "workshop_completed", v["vin"], by=rng.choice(m.staff["SA"]))
    must = v["use"] == "private" or next(c for c in m.customers if c["id"] == v["customer"])["type"] == "key"
    if rng.random() >= (0.95 if must else 0.35):
        return
    rs = rng.choice(m.staff["RS"])
    first = day + timedelta(days=rng.choice([1] * 15 + [2]))
    unreachable = rng.random() < 0.08             # the phone stays off: three days of unanswered calls
    for k in range(3):
        if m.call(_at(first + timedelta(days=k), rng), v["vin"], "after_sales_revisit", rs, unreachable) != "not_reached":
            return
    if rng.random() < 0.8:
        m.add(_at(first + timedelta(days=rng.choice([3, 3, 4])), rng), "handed_to_advisor", v["vin"], by=rs)


def _complaint(m: _Month, day: date, number: int) -> None:
    rng, v = m.rng, m.vehicle()
    at = _at(day, rng)
    m.add(at, "complaint_closed", v["vin"], by=rng.choice(m.staff["SA"]), complaint=f"{m.dealer}-TS{number:03d}")
    if rng.random() < 0.9:
        m.call_until_answered(_at(day + timedelta(days=rng.choice([1, 1, 1, 1, 2])), rng), v["vin"],
                              "complaint_revisit", rng.choice(m.staff["RS"]))


def _appointment(m: _Month, day: date) -> None:
    rng, v = m.rng, m.vehicle()
    booked = _at(day, rng)
    appt = _at(day + timedelta(days=rng.randrange(2, 15)), rng, 9, 16)
    m.add(booked, "appointment_made", v["vin"], by=rng.choice(m.staff["SA"]), appointment_at=appt.isoformat())
    for purpose, before in (("service_reminder_week", timedelta(days=7)), ("service_reminder_day", timedelta(days=1)),
                            ("service_reminder_hour", timedelta(hours=1))):
        sent = appt - before - timedelta(minutes=rng.choice([5, 30, 90, 120, 180, -20]))
        if sent > booked and rng.random() < 0.92:
            m.remind(sent, v["vin"], purpose)


def _insurance(m: _Month) -> None:
    rng, v = m.rng, m.vehicle(expiring=True)
    expires = date.fromisoformat(v["insurance_expires_on"])
    for purpose, days in (("insurance_reminder_early", 15), ("insurance_reminder_late", 3)):
        if rng.random() < 0.85:
            m.remind(_at(expires - timedelta(days=days + rng.choice([0, 1, 2, -1])), rng), v["vin"], purpose)


def generate_log(rng: random.Random, dealer: str, year: int, month: int, size: int = 1) -> dict[str, Any]:
    """One dealer's CRM log of one calendar month (with last month's deliveries as history); `size` scales it."""
    first = date(year, month, 1)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    m = _Month(rng, dealer, first, last)
    days = [first + timedelta(days=k) for k in range((last - first).days + 1)]
    for day in (first - timedelta(days=k) for k in range(1, 31)):
        if rng.random() < 0.6 * size:
            _delivery(m, day)
    for day in days:
        for _ in range(rng.randrange(0, 2 + size)):
            _delivery(m, day)
        for _ in range(rng.randrange(2, 6 * size + 2)):
            _workshop(m, day)
        if rng.random() < 0.25 * size:
            _complaint(m, day, len(m.events))
        for _ in range(rng.randrange(0, 2 * size + 1)):
            _appointment(m, day)
    for _ in range(8 * size):
        _insurance(m)
    m.events.sort(key=lambda e: e["at"])
    return {"dealer": dealer, "period": {"from": first.isoformat(), "to": last.isoformat()},
            "customers": m.customers, "vehicles": m.vehicles, "events": m.events}


def generate_logs(dealers: list[str], year: int, month: int, seed: int, size: int = 1) -> list[dict[str, Any]]:
    """One month's log per dealer; dealer i's log depends only on (seed, i)."""
    return list(seeded_stream(len(dealers), seed, lambda rng, i: generate_log(rng, dealers[i], year, month, size)))


__all__ = ["generate_log", "generate_logs"]
