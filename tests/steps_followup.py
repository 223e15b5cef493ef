"""Step definitions for features/followup/*.feature (zh-CN Gherkin, pytest-bdd).

Every log is checked with the durable_rules engine and with the plain-Python oracle, which must agree. Vehicles
are named by a short label ("甲车"); the steps give each label a VIN. "Then" steps check the duty, its due time
and status, and the policy section it rests on (document code and section of the citation).
"""
from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when
from scenario_tags import scenario_tags

from adjudicator.followup import vocabulary as vocab
from adjudicator.followup.decide import call_list, check_followup
from adjudicator.followup.rulebook import (
    PROFILES,
    builtin_profile,
    compiled_followup,
    resolve_followup_policy,
)

CUSTOMER_TYPE, CAR_USE, DUTY, OUTCOME = (v.from_words() for v in (vocab.CUSTOMER_TYPE, vocab.CAR_USE, vocab.DUTY,
                                                                   vocab.OUTCOME))
STATUS, URGENCY = vocab.DEADLINE_STATUS.from_words(), vocab.CALL_URGENCY.from_words()
_VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


def word(words: dict[str, str], text: str, what: str) -> str:
    if text not in words:
        raise ValueError(f"{what}「{text}」不在词表中（可用：{'、'.join(w for w in words if not w.isascii())}）")
    return words[text]


def t(text: str) -> str:
    """"2025-03-12 10:00" -> ISO date-time in China time."""
    return text.strip().replace(" ", "T") + ":00+08:00"


def vin(label: str) -> str:
    digest = hashlib.sha256(label.encode()).digest()
    return "LSVFEATURE" + "".join(_VIN_CHARS[b % len(_VIN_CHARS)] for b in digest[:7])


@pytest.fixture
def log() -> dict[str, Any]:
    return {}


@pytest.fixture
def ctx() -> dict[str, Any]:
    return {"policy": None}


@given(parsers.parse('经销商"{dealer}"的回访日志，期间"{first}"至"{last}"'), target_fixture="log")
def a_log(dealer: str, first: str, last: str) -> dict[str, Any]:
    return {"dealer": dealer, "period": {"from": first, "to": last}, "customers": [], "vehicles": [], "events": []}


@given(parsers.parse('"{label}"属于"{ctype}"，是"{use}"'))
def a_vehicle(log: dict[str, Any], label: str, ctype: str, use: str) -> None:
    cid = f"C{len(log['customers']) + 1}"
    log["customers"].append({"id": cid, "type": word(CUSTOMER_TYPE, ctype, "客户类型"), "name": f"{label}车主"})
    log["vehicles"].append({"vin": vin(label), "customer": cid, "use": word(CAR_USE, use, "车辆用途")})


@given(parsers.parse('"{label}"的保险于"{day}"到期'))
def insurance(log: dict[str, Any], label: str, day: str) -> None:
    next(v for v in log["vehicles"] if v["vin"] == vin(label))["insurance_expires_on"] = day


def _event(log: dict[str, Any], at: str, kind: str, label: str, **extra: Any) -> None:
    log["events"].append({"at": t(at), "type": kind, "vin": vin(label), **extra})


@given(parsers.parse('"{at}"，"{label}"竣工出厂'))
def workshop(log: dict[str, Any], at: str, label: str) -> None:
    _event(log, at, "workshop_completed", label, by="SA1")


@given(parsers.parse('"{at}"，"{label}"交付客户'))
def delivered(log: dict[str, Any], at: str, label: str) -> None:
    _event(log, at, "delivered", label, by="SC1")


@given(parsers.parse('"{at}"，"{label}"的投诉"{complaint}"处理完毕'))
def complaint_closed(log: dict[str, Any], at: str, label: str, complaint: str) -> None:
    _event(log, at, "complaint_closed", label, complaint=complaint)


@given(parsers.parse('"{at}"，"{label}"预约保养，预约时间"{appointment}"'))
def appointment(log: dict[str, Any], at: str, label: str, appointment: str) -> None:
    _event(log, at, "appointment_made", label, appointment_at=t(appointment))


@given(parsers.parse('"{at}"回访"{label}"的"{duty}"，结果"{outcome}"'))
def revisit(log: dict[str, Any], at: str, label: str, duty: str, outcome: str) -> None:
    _event(log, at, "revisit", label, by="RS1", purpose=word(DUTY, duty, "事项"), outcome=word(OUTCOME, outcome, "结果"))


@given(parsers.parse('"{at}"向"{label}"发送"{duty}"'))
def reminder(log: dict[str, Any], at: str, label: str, duty: str) -> None:
    _event(log, at, "reminder_sent", label, by="RS1", purpose=word(DUTY, duty, "事项"))


@given(parsers.parse('"{at}"，"{label}"已记录并通知服务顾问'))
def handed(log: dict[str, Any], at: str, label: str) -> None:
    _event(log, at, "handed_to_advisor", label, by="RS1")


@given(parsers.parse('采用回访政策方案"{name}"'))
def policy(ctx: dict[str, Any], name: str) -> None:
    """A built-in profile named as its file names it in Chinese."""
    ctx["policy"] = word({builtin_profile(pid).name.zh: pid for pid in PROFILES}, name, "回访政策方案")


def ordered(log: dict[str, Any]) -> dict[str, Any]:
    """The log with its events in time order (a scenario tells them in the order that reads best)."""
    return {**log, "events": sorted(log["events"], key=lambda e: e["at"])}


def _checked(log: dict[str, Any], ctx: dict[str, Any], at: str | None) -> Any:
    log = ordered(log)
    decision = check_followup(log, ctx["policy"], t(at) if at else None)
    oracle = check_followup(log, ctx["policy"], t(at) if at else None, evaluator="python")
    assert decision.model_dump(exclude={"evaluator"}) == oracle.model_dump(exclude={"evaluator"}), "engine and oracle differ"
    return decision


@when(parsers.parse('在"{at}"检查回访义务'))
def check(log: dict[str, Any], ctx: dict[str, Any], at: str) -> None:
    ctx["decision"] = _checked(log, ctx, at)


@when(parsers.parse('查看"{day}"的回访清单'))
def calls(log: dict[str, Any], ctx: dict[str, Any], day: str) -> None:
    ctx["calls"] = call_list(ordered(log), date.fromisoformat(day), ctx["policy"])


def _cites(duty: Any, doc: str, section: str) -> None:
    assert duty.cites.startswith(doc + " "), f"cited {duty.cites!r}, expected document {doc}"
    assert duty.citation.article == section, f"cited section {duty.citation.article!r}, expected {section!r}"


@then(parsers.parse('"{label}"的义务"{duty}"截止"{due}"，状态"{status}"，依据"{doc}"的"{section}"'))
def duty_is(ctx: dict[str, Any], label: str, duty: str, due: str, status: str, doc: str, section: str) -> None:
    code, want = word(DUTY, duty, "事项"), word(STATUS, status, "状态")
    found = [d for d in ctx["decision"].duties if d.code == code and d.vin == vin(label)]
    assert found, f"no {code} for {label}; duties: {[(d.code, d.vin) for d in ctx['decision'].duties]}"
    d = next((d for d in found if d.due.strftime("%Y-%m-%d %H:%M") == due), found[0])
    assert d.due.strftime("%Y-%m-%d %H:%M") == due, f"{code} due {d.due}, expected {due}"
    assert d.status == want, f"{code} status {d.status}, expected {want}"
    _cites(d, doc, section)
    assert d.explanation.zh and d.explanation.en and "{" not in d.explanation.zh + d.explanation.en


@then(parsers.parse('"{label}"的义务"{duty}"依据"{title}"确定'))
def duty_rule(ctx: dict[str, Any], request: pytest.FixtureRequest, label: str, duty: str, title: str) -> None:
    """The rule that set the duty, named by its Chinese title (with the profile's values); the scenario carries
    the rule's id as a tag (@f.after_sales_revisit)."""
    code = word(DUTY, duty, "事项")
    rules = compiled_followup(resolve_followup_policy(ctx["policy"])).rules
    named = [r.id for r in rules if r.title.zh == title]
    assert named, f"没有标题为「{title}」的回访规则；标题有：{[r.title.zh for r in rules]}"
    assert named[0] in scenario_tags(request), f"场景应带有标签 @{named[0]}（「{title}」）"
    assert [d.rule_id for d in ctx["decision"].duties if d.code == code and d.vin == vin(label)] == named


@then(parsers.parse('"{label}"没有义务"{duty}"'))
def no_duty(ctx: dict[str, Any], label: str, duty: str) -> None:
    code = word(DUTY, duty, "事项")
    assert not [d for d in ctx["decision"].duties if d.code == code and d.vin == vin(label)]


@then(parsers.parse('回访清单共{n:d}项'))
def call_count(ctx: dict[str, Any], n: int) -> None:
    assert len(ctx["calls"].calls) == n, [(c.urgency, c.duty.code) for c in ctx["calls"].calls]


@then(parsers.parse('回访清单第{k:d}项为"{label}"的"{duty}"（{urgency}）'))
def call_item(ctx: dict[str, Any], k: int, label: str, duty: str, urgency: str) -> None:
    item = ctx["calls"].calls[k - 1]
    assert (item.duty.vin, item.duty.code, item.urgency) == (vin(label), word(DUTY, duty, "事项"),
                                                            word(URGENCY, urgency, "紧急程度"))
