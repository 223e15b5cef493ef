"""Step definitions for features/complaints/*.feature (zh-CN Gherkin, pytest-bdd 9).

Every case is checked with the durable_rules engine and with the plain-Python oracle, which must agree. "Then"
steps check the outcome and the policy section it rests on (document code and section of the citation).
"""
from __future__ import annotations

from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when
from scenario_tags import scenario_tags

from adjudicator.complaints import vocabulary as vocab
from adjudicator.complaints.decide import check_complaint
from adjudicator.complaints.decision import ComplaintDecision
from adjudicator.complaints.rulebook import PROFILES, builtin_profile, compiled_complaints, resolve_policy

# a feature names a value by its Chinese name, an alias, or its code: all from the vocabulary
CASE_TYPE, CATEGORY, EVENT_TYPE = (v.from_words() for v in (vocab.CASE_TYPE, vocab.CATEGORY, vocab.EVENT_TYPE))
DEADLINE, DEADLINE_STATUS = vocab.DEADLINE.from_words(), vocab.DEADLINE_STATUS.from_words()
NEXT_ACTION = vocab.NEXT_ACTION.from_words()


def _word(words: dict[str, str], text: str, what: str) -> str:
    if text not in words:
        raise ValueError(f"{what}「{text}」不在词表中（可用：{'、'.join(w for w in words if not w.isascii())}）")
    return words[text]


def _t(text: str) -> str:
    """"2025-03-12 10:00" -> ISO date-time in China time."""
    return text.strip().replace(" ", "T") + ":00+08:00"


@pytest.fixture
def case() -> dict[str, Any]:
    return {"events": []}


@pytest.fixture
def ctx() -> dict[str, Any]:
    return {"policy": None}


@given(parsers.parse('一件"{case_type}"类投诉，类别"{category}"，于"{received}"受理'), target_fixture="case")
def a_case(case_type: str, category: str, received: str) -> dict[str, Any]:
    return {"id": "BDD-1", "channel": "carmaker_hotline", "case_type": _word(CASE_TYPE, case_type, "案件类型"),
            "category": _word(CATEGORY, category, "类别"),
            "received_at": _t(received), "events": []}


@given(parsers.parse('"{at}"发生事件"{type_}"，备注"{note}"'))
def event_with_note(case: dict[str, Any], at: str, type_: str, note: str) -> None:
    case["events"].append({"at": _t(at), "type": _word(EVENT_TYPE, type_, "事件"), "note": note})


@given(parsers.parse('"{at}"发生事件"{type_}"'))
def event(case: dict[str, Any], at: str, type_: str) -> None:
    case["events"].append({"at": _t(at), "type": _word(EVENT_TYPE, type_, "事件")})


@given(parsers.parse('"{at}"登记缺件"{part}"，订货日期"{ordered}"'))
def waiting_parts(case: dict[str, Any], at: str, part: str, ordered: str) -> None:
    case["events"].append({"at": _t(at), "type": "waiting_parts", "part": part, "ordered_on": ordered,
                           "note": f"总部缺件：{part}"})


@given(parsers.parse('"{at}"登记缺件"{part}"，未标明订货日期'))
def waiting_parts_no_date(case: dict[str, Any], at: str, part: str) -> None:
    case["events"].append({"at": _t(at), "type": "waiting_parts", "part": part, "note": f"缺件：{part}"})


@given("该投诉需要厂家援助")
def needs_assistance(case: dict[str, Any]) -> None:
    case["assistance_needed"] = True


@given("该投诉为重大投诉")
def major(case: dict[str, Any]) -> None:
    case["severity"] = "major"


@given(parsers.parse('专员设定时限为"{at}"'))
def time_limit(case: dict[str, Any], at: str) -> None:
    case["time_limit_at"] = _t(at)


@given(parsers.parse('采用政策方案"{name}"'))
def policy(ctx: dict[str, Any], name: str) -> None:
    """A built-in profile named as its file names it in Chinese (一汽轿车经销商手册·客户部分（FAW-CRM）)."""
    ctx["policy"] = _word({builtin_profile(pid).name.zh: pid for pid in PROFILES}, name, "政策方案")


@when(parsers.parse('在"{at}"检查该投诉'))
def check(case: dict[str, Any], ctx: dict[str, Any], at: str) -> None:
    d = check_complaint(case, ctx["policy"], as_of=_t(at))
    oracle = check_complaint(case, ctx["policy"], as_of=_t(at), evaluator="python")
    assert d.model_dump(exclude={"evaluator"}) == oracle.model_dump(exclude={"evaluator"}), "engine and oracle differ"
    ctx["decision"] = d


def _d(ctx: dict[str, Any]) -> ComplaintDecision:
    return ctx["decision"]


def _cites(cites: str, citation: Any, doc: str, section: str) -> None:
    assert cites.startswith(doc + " "), f"cited {cites!r}, expected document {doc}"
    assert citation is None or citation.article == section, f"cited section {citation.article!r}, expected {section!r}"
    assert section in cites, f"cited {cites!r}, expected section {section!r}"


@then("可以关闭")
def may_close(ctx: dict[str, Any]) -> None:
    d = _d(ctx)
    assert d.may_close, [m.text.zh for m in d.missing_for_closure]
    assert d.closure_conditions and all(c.cites.startswith('CS-CMS "投诉关闭条件"') for c in d.closure_conditions)


@then("不可关闭")
def may_not_close(ctx: dict[str, Any]) -> None:
    d = _d(ctx)
    assert not d.may_close
    assert d.missing_for_closure


@then(parsers.parse('关闭尚缺"{code}"，依据"{doc}"的"{section}"'))
def missing(ctx: dict[str, Any], code: str, doc: str, section: str) -> None:
    m = next((m for m in _d(ctx).missing_for_closure if m.code == code), None)
    assert m is not None, [x.code for x in _d(ctx).missing_for_closure]
    _cites(m.cites, None, doc, section)


def _rule_named(ctx: dict[str, Any], request: pytest.FixtureRequest, title: str, doc: str, section: str) -> Any:
    """The rule a step names by its Chinese title (with the values of the profile in force for the case) and the
    section it rests on; the scenario must carry the rule's id as a tag (@c.close_c1)."""
    d, profile = _d(ctx), resolve_policy(ctx["policy"])
    rules = compiled_complaints(profile, d.received_at.date()).rules
    # a rule the profile switches off is compiled by no one: its title is the rule file's own
    found = [r.spec for r in rules if r.title.zh == title] or \
            [profile.rules[rid] for rid in sorted(profile.disabled) if profile.rules[rid].title.zh == title]
    assert found, f"政策方案 {d.profile} 没有标题为「{title}」的规则；标题有：{[r.title.zh for r in rules]}"
    spec = found[0]
    assert (spec.citation.document, spec.citation.article) == (doc, section), \
        f"「{title}」依据的是 {spec.citation.document} {spec.citation.article}"
    assert spec.id in scenario_tags(request), f"场景应带有标签 @{spec.id}（「{title}」）"
    return spec


@then(parsers.parse('适用"{doc}"的"{section}"中"{title}"'))
def rule_fired(ctx: dict[str, Any], request: pytest.FixtureRequest, doc: str, section: str, title: str) -> None:
    rule = _rule_named(ctx, request, title, doc, section)
    f = next((f for f in _d(ctx).fired if f.rule_id == rule.id), None)
    assert f is not None, f"「{title}」（{rule.id}）未适用；适用的有：{_d(ctx).fired_ids()}"
    assert f.title.zh == title, f"裁决中的标题为「{f.title.zh}」"
    _cites(f.cites, f.citation, doc, section)
    assert f.explanation.zh and f.explanation.en and "{" not in f.explanation.zh + f.explanation.en


@then(parsers.parse('不适用"{doc}"的"{section}"中"{title}"'))
def rule_not_fired(ctx: dict[str, Any], request: pytest.FixtureRequest, doc: str, section: str, title: str) -> None:
    rule = _rule_named(ctx, request, title, doc, section)
    assert rule.id not in _d(ctx).fired_ids(), f"不应适用「{title}」"


@then(parsers.parse('时限"{code}"截止"{due}"，状态"{status}"，依据"{doc}"的"{section}"'))
def deadline(ctx: dict[str, Any], code: str, due: str, status: str, doc: str, section: str) -> None:
    d = _d(ctx)
    code, status = _word(DEADLINE, code, "时限"), _word(DEADLINE_STATUS, status, "状态")
    found = [x for x in d.deadlines if x.code == code]
    assert found, f"no {code} deadline; deadlines: {[x.code for x in d.deadlines]}"
    x = next((x for x in found if x.due.strftime("%Y-%m-%d %H:%M") == due), found[0])
    assert x.due.strftime("%Y-%m-%d %H:%M") == due, f"{code} due {x.due}, expected {due}"
    assert x.status == status, f"{code} status {x.status}, expected {status}"
    fired = next(f for f in d.fired if f.rule_id == x.rule_id)
    _cites(x.cites, fired.citation, doc, section)


@then(parsers.parse('需要升级"{code}"，依据"{doc}"的"{section}"'))
def escalation(ctx: dict[str, Any], code: str, doc: str, section: str) -> None:
    e = next((e for e in _d(ctx).escalations if e.code == code), None)
    assert e is not None, f"no {code}; escalations: {[x.code for x in _d(ctx).escalations]}"
    _cites(e.cites, None, doc, section)
    assert e.cites.endswith(code)


@then(parsers.parse('下一步包括"{code}"，依据"{doc}"的"{section}"'))
def next_action(ctx: dict[str, Any], code: str, doc: str, section: str) -> None:
    code = NEXT_ACTION.get(code, code)     # escalations and closure requests are named by their code
    a = next((a for a in _d(ctx).next_actions if a.code == code), None)
    assert a is not None, f"no {code}; next actions: {[x.code for x in _d(ctx).next_actions]}"
    assert a.cites is not None
    _cites(a.cites, None, doc, section)


@then(parsers.parse('有提示"{words}"'))
def warning(ctx: dict[str, Any], words: str) -> None:
    """A warning is named by the words it says."""
    texts = [w.text.zh for w in _d(ctx).warnings]
    assert any(words in t for t in texts), f"提示为：{texts}"


@given(parsers.parse('负责人"{person}"于"{at}"在投诉记录上签字'))
def signed(case: dict[str, Any], person: str, at: str) -> None:
    case.update(signed_by=person, signed_at=_t(at))


@then(parsers.parse('没有提示"{words}"'))
def no_warning(ctx: dict[str, Any], words: str) -> None:
    """No warning says these words."""
    texts = [w.text.zh for w in _d(ctx).warnings]
    assert not any(words in t for t in texts), f"提示为：{texts}"
