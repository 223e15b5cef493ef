"""The rates the revisit policy sets (REVISIT §4 and §11), what each counts, and the follow-up items behind them.

A rate is n / N over counted items: each item has a time (which period it falls in), the dealer and the member of
staff it belongs to, and whether it counts in the numerator. An item counts once it is settled: a duty once it has
fallen due or been done, a workshop visit or a delivery once its call has fallen due or it was revisited. The
targets are profile parameters with their citations (target_*_pct); the complaint rates' items come from complaint
decisions, counted by adjudicator/reports (the complaints domain is not imported here).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from ..core.profiles import Profile
from ..core.rulebook import ResolvedParam
from ..core.vocabulary import Term, Vocabulary
from .decision import FollowupDecision, FollowupDuty
from .duty_specs import DELIVERY, duty_book
from .rulebook import compiled_followup

RATE = Vocabulary(
    "rate",
    Term("revisit_on_time", "回访按时完成率", "Revisits done on time"),
    Term("after_sales_revisit", "售后客户综合回访率", "After-sales customers revisited"),
    Term("private_car_revisit", "私车回访率", "Private cars revisited"),
    Term("key_customer_revisit", "重点客户回访率", "Key customers revisited"),
    Term("new_car_revisit", "新车销售客户回访率", "New-car customers revisited"),
    Term("sales_revisit_success", "销售客户回访成功率", "New-car revisits that reached the customer"),
    Term("complaint_first_time", "投诉一次完成率", "Complaints solved at the first attempt"),
    Term("complaint_on_time", "投诉处理及时规范率", "Complaints handled on time and to standard"),
    title=("比率", "rate"),
)
# what each rate's numerator and denominator count (the report prints them; features/followup/rates.feature)
DEFINITIONS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "revisit_on_time": (("按时完成的回访", "calls done on time"),
                        ("已到期或已完成的回访（售后、投诉复访、新车三次回访）",
                         "calls fallen due or done (after-sales, complaint, the three new-car calls)")),
    "after_sales_revisit": (("回访成功或客户拒绝的竣工出厂", "workshop visits whose customer answered a revisit"),
                            ("竣工出厂（回访已到期或已回访）", "workshop visits (revisit fallen due, or done)")),
    "private_car_revisit": (("其中私车", "of them private cars"), ("私车竣工出厂", "private-car workshop visits")),
    "key_customer_revisit": (("其中重点客户", "of them key customers"), ("重点客户竣工出厂", "key customers' workshop visits")),
    "new_car_revisit": (("至少一次回访接通的交车", "deliveries with at least one answered call"),
                        ("交车（回访已到期或已回访）", "deliveries (calls fallen due, or done)")),
    "sales_revisit_success": (("联系上客户的新车回访", "new-car calls that reached the customer"),
                              ("已拨打的新车回访", "new-car calls attempted")),
    "complaint_first_time": (("无须升级即关闭的投诉", "complaints closed without escalation"),
                             ("已关闭的投诉", "complaints closed")),
    "complaint_on_time": (("时限均未逾期且满足关闭条件、记录完整并有负责人签字的投诉",
                           "closed complaints with no deadline missed, a closure condition and a complete, "
                           "signed record"),
                          ("已关闭的投诉", "complaints closed")),
}
# each rate's target parameter in the follow-up profile
TARGETS = {code: f"target_{code}_pct" for code in RATE.codes}
FOLLOWUP_RATES = RATE.codes[:6]
COMPLAINT_RATES = RATE.codes[6:]


@dataclass(frozen=True)
class Counted:
    """One item a rate counts: when it falls, whose it is, whether it is in the numerator."""

    rate: str
    at: datetime
    dealer: str
    staff: str
    hit: bool


@dataclass(frozen=True)
class OpenItem:
    """A duty (or a complaint) not done at the decision time: open while it is not yet due, else overdue."""

    at: datetime
    dealer: str
    staff: str
    overdue: bool


NO_STAFF = "—"


def targets(profile: Profile) -> dict[str, ResolvedParam]:
    """Each rate's target in the profile, with its citation."""
    params = compiled_followup(profile).params
    return {code: params[name] for code, name in TARGETS.items()}


def _settled(d: FollowupDuty) -> bool:
    return d.status != "running"


def counted_items(decision: FollowupDecision, profile: Profile) -> Iterator[Counted]:
    """Every item the follow-up rates count in one decision."""
    params = compiled_followup(profile).params
    full_uses, full_types = params["full_revisit_car_uses"].value, params["full_revisit_customer_types"].value
    book = duty_book()[0]
    calls, new_car = book.calls(), book.calls(DELIVERY)

    def item(rate: str, at: datetime, staff: str | None, hit: bool) -> Counted:
        return Counted(rate, at, decision.dealer, staff or NO_STAFF, hit)

    for d in decision.duties:
        if d.code in calls and _settled(d):
            yield item("revisit_on_time", d.due, d.by, d.status == "met")
        if d.code in new_car and d.attempts:
            yield item("sales_revisit_success", d.due, d.by, d.reached)
    for m in decision.population:
        if not (m.revisited or m.due < decision.as_of):
            continue
        if m.population == "new_car":
            yield item("new_car_revisit", m.at, m.by, m.revisited)
            continue
        yield item("after_sales_revisit", m.at, m.by, m.revisited)
        if m.car_use in full_uses:
            yield item("private_car_revisit", m.at, m.by, m.revisited)
        if m.customer_type in full_types:
            yield item("key_customer_revisit", m.at, m.by, m.revisited)


def open_items(decision: FollowupDecision) -> Iterator[OpenItem]:
    for d in decision.duties:
        if d.status in ("running", "overdue"):
            yield OpenItem(d.due, decision.dealer, d.by or NO_STAFF, d.status == "overdue")


__all__ = ["RATE", "DEFINITIONS", "TARGETS", "FOLLOWUP_RATES", "COMPLAINT_RATES", "Counted", "OpenItem", "targets",
           "counted_items", "open_items", "NO_STAFF"]
