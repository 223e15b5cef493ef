"""Step definitions for the zh-CN warranty features (features/warranty/*.feature).

The vocabulary is small on purpose: a vehicle, its repair records (a table or a repeated repair), what the
certificate says, what the consumer asked for, the decision date; then what the decision says, always with
the article (and paragraph and item) it cites. Every decision is made with the durable_rules evaluator and
checked against the plain-Python oracle, which must give the identical decision.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when
from scenario_tags import scenario_tags

from adjudicator.warranty import vocabulary as vocab
from adjudicator.warranty.decide import adjudicate_warranty
from adjudicator.warranty.decision import Citation, Decision
from adjudicator.warranty.rulebook import compiled_warranty

VIN = "LSVAU2180N2183294"

# ---------------------------------------------------------------- Chinese labels -> model values

# every label a feature may use is a Chinese name or alias of the vocabulary (adjudicator/warranty/vocabulary.py)
USAGE, BODY, SYSTEM, ACTION = (v.from_words() for v in (vocab.USAGE, vocab.BODY, vocab.SYSTEM, vocab.ACTION))
FAILURE, CAUSE, REMEDY, PERIOD = (v.from_words() for v in (vocab.FAILURE_MODE, vocab.CAUSE, vocab.REMEDY, vocab.PERIOD))
DEADLINE, DEADLINE_STATUS, REQUEST = (v.from_words() for v in (vocab.DEADLINE, vocab.DEADLINE_STATUS, vocab.REQUEST))
POWERTRAIN: dict[str | None, str] = {None: "ice", "": "ice", **vocab.POWERTRAIN.from_words()}   # unstated: a combustion engine
YES_NO = {"是": True, "否": False}
NONE = {"", "—", "-", "无"}

DATE = r'"(?P<{}>\d{{4}}-\d{{2}}-\d{{2}})"'
NUM = r"(?P<{}>\d[\d,]*)"
CITE = r"(?P<cite>第[一二三四五六七八九十百]+条(?:第[一二三四五六七八九十]+款)?(?:[（(][一二三四五六七八九十]+[）)])?)"


def _date(name: str) -> str:
    return DATE.format(name)


def _num(name: str) -> str:
    return NUM.format(name)


def _int(text: str) -> int:
    return int(text.replace(",", ""))


def _label(table: dict[str, Any], text: str, what: str) -> Any:
    key = text.strip()
    if key not in table:
        raise ValueError(f"unknown {what} {key!r}; known: {', '.join(k for k in table if k)}")
    return table[key]


def cite_text(c: Citation) -> str:
    return c.article + (c.paragraph or "") + (c.item or "")


def _norm_cite(text: str) -> str:
    return text.replace("(", "（").replace(")", "）")


# ---------------------------------------------------------------- the scenario's state


@dataclass
class Ctx:
    vehicle: dict[str, Any] = field(default_factory=dict)
    purchase: dict[str, Any] = field(default_factory=dict)
    certificate: dict[str, Any] = field(default_factory=dict)
    disclosed: list[dict[str, Any]] = field(default_factory=list)
    visits: list[dict[str, Any]] = field(default_factory=list)
    claim: dict[str, Any] = field(default_factory=dict)
    decision: Decision | None = None
    texts: list[str] = field(default_factory=list)            # what the last "then" step looked at
    incidents: list[dict[str, Any]] = field(default_factory=list)
    remedies: list[Any] = field(default_factory=list)          # the remedies the last remedy step matched
    deadline: Any = None

    def history(self) -> dict[str, Any]:
        h: dict[str, Any] = {"vehicle": self.vehicle, "purchase": self.purchase, "visits": self.visits,
                             "claim": self.claim, "disclosed_defects": self.disclosed, "incidents": self.incidents}
        if self.certificate:
            h["certificate"] = self.certificate
        return h

    @property
    def d(self) -> Decision:
        assert self.decision is not None, "no decision yet: a 当 step must come first"
        return self.decision

    def last_odometer(self) -> int:
        kms = [v["odometer_km"] for v in self.visits] or [self.purchase.get("delivery_odometer_km", 0)]
        return max(kms)


@pytest.fixture
def ctx() -> Ctx:
    return Ctx()


def _summary(d: Decision) -> str:
    rem = "; ".join(f"{r.code}<{r.rule_id} {cite_text(r.citation)}>" for r in d.remedies) or "none"
    fired = ", ".join(f.rule_id for f in d.fired) or "none"
    return f"\n  version={d.regulation.version} in_scope={d.in_scope}\n  remedies: {rem}\n  fired: {fired}"


# ---------------------------------------------------------------- given: the vehicle and its history


@given(parsers.re(
    r"一辆(?P<usage>家用|营运|单位)(?P<power>燃油|混合动力|插电式混合动力|纯电动)?(?P<body>乘用车|皮卡车|客车|货车)，"
    r"购车发票日期为 " + _date("invoice") + r"(?:，交付日期为 " + _date("delivery") + r")?，"
    r"车价 (?P<price>\d[\d,]*(?:\.\d+)?) 元(?:，交付里程 " + _num("dkm") + r" 公里)?"))
def a_vehicle(ctx: Ctx, usage: str, power: str | None, body: str, invoice: str, delivery: str | None,
              price: str, dkm: str | None) -> None:
    ctx.vehicle = {"vin": VIN, "usage": USAGE[usage], "powertrain": POWERTRAIN[power], "body": BODY[body]}
    ctx.purchase = {"invoice_date": invoice, "price_yuan": float(price.replace(",", "")),
                    "delivery_odometer_km": _int(dkm) if dkm else 0}
    if delivery:
        ctx.purchase["delivery_date"] = delivery


OPTIONAL_VISIT_COLUMNS = (("扣除小时", "excluded_hours", float), ("已提供备用车", "courtesy_provided",
                                                                lambda text: _label(YES_NO, text, "已提供备用车")),
                          ("最晚出厂时间", "closed_at_latest", lambda text: _moment(text)),
                          ("交车时间", "handed_over_at", lambda text: _moment(text)))
UNKNOWN = {"未知": None}          # a judgement the record leaves open
OPTIONAL_ITEM_COLUMNS = (("主要零件", "main_part", YES_NO | UNKNOWN),
                         ("严重安全故障", "serious_safety_fault", YES_NO | UNKNOWN),
                         ("失效模式", "failure_mode", FAILURE | {"未知": "unknown"}), ("原因", "cause", CAUSE),
                         ("质量问题", "quality_problem", YES_NO | UNKNOWN), ("已修复", "fixed", YES_NO))


def _moment(text: str) -> str:
    """"2020-09-01 09:00" (a table's way of writing it) -> the ISO form the input takes (2020-09-01T09:00)."""
    return text.strip().replace(" ", "T")


@given(parsers.re(r"(?:车辆的)?维修记录(?:如下)?[:：]"))
def repair_records(ctx: Ctx, datatable: list[list[str]]) -> None:
    header, *rows = [[c.strip() for c in row] for row in datatable]
    required = {"维修单号", "进厂时间", "出厂时间", "里程", "故障零件", "系统", "处理方式"}
    missing = required - set(header)
    assert not missing, f"维修记录缺少列: {missing}"
    by_id: dict[str, dict[str, Any]] = {}
    for cells in rows:
        r = dict(zip(header, cells, strict=True))
        item: dict[str, Any] = {"problem": r["故障零件"], "system": _label(SYSTEM, r["系统"], "系统"),
                                "action": _label(ACTION, r["处理方式"], "处理方式")}
        if r.get("故障描述", "") not in NONE:
            item["description"] = r["故障描述"]
        for column, key, labels in OPTIONAL_ITEM_COLUMNS:
            if r.get(column, "") not in NONE:
                item[key] = _label(labels, r[column], column)
        vid = r["维修单号"]
        if vid not in by_id:
            visit: dict[str, Any] = {"id": vid, "opened_at": _moment(r["进厂时间"]),
                                     "closed_at": _moment(r["出厂时间"]), "odometer_km": _int(r["里程"]),
                                     "items": []}
            for column, key, convert in OPTIONAL_VISIT_COLUMNS:
                if r.get(column, "") not in NONE:
                    visit[key] = convert(r[column])
            by_id[vid] = visit
            ctx.visits.append(visit)
        by_id[vid]["items"].append(item)


@given(parsers.re(
    r'故障零件 "(?P<part>[^"]+)"（(?P<system>[^）]+)）因质量问题自 ' + _date("first") +
    r" 起每隔 (?P<every>\d+) 天维修一次，每次修理 1 天，共 (?P<count>\d+) 次"))
def repeated_repairs(ctx: Ctx, part: str, system: str, first: str, every: str, count: str) -> None:
    day = date.fromisoformat(first)
    km = ctx.last_odometer()
    for _ in range(int(count)):
        km += 300
        ctx.visits.append({"id": f"RO-{len(ctx.visits) + 1:02d}", "opened_at": day.isoformat(),
                           "closed_at": (day + timedelta(days=1)).isoformat(), "odometer_km": km,
                           "items": [{"problem": part, "system": _label(SYSTEM, system, "系统"), "action": "repair"}]})
        day += timedelta(days=int(every))


@given(parsers.re(
    r"三包凭证载明(?:包修期 (?P<ry>[\d.]+) 年或 " + _num("rkm") + r" 公里)?(?:，)?"
    r"(?:三包有效期 (?P<ty>[\d.]+) 年或 " + _num("tkm") + r" 公里)?"))
def certificate_periods(ctx: Ctx, ry: str | None, rkm: str | None, ty: str | None, tkm: str | None) -> None:
    assert ry or ty, "三包凭证应载明包修期或三包有效期"
    if ry:
        ctx.certificate["repair_warranty"] = {"years": float(ry), "km": _int(rkm)}
    if ty:
        ctx.certificate["return_period"] = {"years": float(ty), "km": _int(tkm)}


@given(parsers.re(r"三包凭证载明使用补偿系数 n 为 (?P<pct>\d+(?:\.\d+)?)%"))
def certificate_coefficient(ctx: Ctx, pct: str) -> None:
    ctx.certificate["use_coefficient_pct"] = float(pct)


@given(parsers.re(r'三包凭证载明易损耗零部件 "(?P<part>[^"]+)" 的质量保证期为 (?P<months>\d+) 个月或 ' + _num("km") + " 公里"))
def certificate_consumable(ctx: Ctx, part: str, months: str, km: str) -> None:
    ctx.certificate.setdefault("consumables", []).append({"problem": part, "months": int(months), "km": _int(km)})


@given(parsers.re(r'购车前已书面告知消费者 "(?P<part>[^"]+)" 存在瑕疵(?P<breach>，且该瑕疵违反强制性国家标准)?'))
def disclosed_flaw(ctx: Ctx, part: str, breach: str | None) -> None:
    ctx.disclosed.append({"problem": part, "breaches_mandatory_standard": bool(breach)})


INCIDENT, INCIDENT_CAUSE = vocab.INCIDENT.from_words(), vocab.INCIDENT_CAUSE.from_words()


@given(parsers.re(r"于 " + _date("day") + r' 发生(?P<kind>起火|全损)（(?P<system>[^，）]+)，原因：(?P<cause>[^）]+)）'))
def an_incident(ctx: Ctx, day: str, kind: str, system: str, cause: str) -> None:
    ctx.incidents.append({"id": f"EV-{len(ctx.incidents) + 1}", "date": day, "kind": _label(INCIDENT, kind, "事件"),
                          "system": _label(SYSTEM, system, "系统"), "cause": _label(INCIDENT_CAUSE, cause, "原因")})


@given("该车系消费者二手购得")
def bought_second_hand(ctx: Ctx) -> None:
    ctx.vehicle["condition"] = "used"


@given(parsers.re(r"消费者未持有(?P<what>购车发票|三包凭证)"))
def missing_document(ctx: Ctx, what: str) -> None:
    ctx.purchase["has_invoice" if what == "购车发票" else "has_certificate"] = False


@given(parsers.re(r"消费者于 " + _date("day") + r" 要求(?P<what>修理|更换总成|更换|退货)"))
def consumer_request(ctx: Ctx, day: str, what: str) -> None:
    ctx.claim["request"] = REQUEST[what]
    ctx.claim["requested_on"] = day


@given(parsers.re(r"销售者于 " + _date("day") + r" 书面答复"))
def seller_replied(ctx: Ctx, day: str) -> None:
    ctx.claim["seller_replied_on"] = day


@given(parsers.re(r"(?:更换|退货|更换或退货)于 " + _date("day") + r" 完成"))
def completed(ctx: Ctx, day: str) -> None:
    ctx.claim["completed_on"] = day


@given(parsers.re(r"(?P<has>没有|有)同品牌同型号或不低于原车配置的车辆可供更换"))
def replacement_vehicle(ctx: Ctx, has: str) -> None:
    ctx.claim["replacement_vehicle_available"] = has == "有"


# ---------------------------------------------------------------- when: the decision


@when(parsers.re(r"在 " + _date("day") + r"（里程 " + _num("km") + r" 公里）按(?:(?P<version>2013|2021)年版)?三包规定裁决"))
def adjudicate(ctx: Ctx, day: str, km: str, version: str | None) -> None:
    ctx.claim.update({"date": day, "odometer_km": _int(km)})
    history = ctx.history()
    ctx.decision = adjudicate_warranty(history, regulation=version, evaluator="durable_rules")
    oracle = adjudicate_warranty(history, regulation=version, evaluator="python")
    engine_dump = ctx.decision.model_dump(exclude={"evaluator"})
    oracle_dump = oracle.model_dump(exclude={"evaluator"})
    assert engine_dump == oracle_dump, (
        "durable_rules and the python oracle disagree:" + _summary(ctx.decision) + "\n  oracle:" + _summary(oracle))


# ---------------------------------------------------------------- then: remedies and use compensation


def _remedies(ctx: Ctx, remedy: str, cite: str | None) -> list[Any]:
    code = _label(REMEDY, remedy, "救济")
    return [r for r in ctx.d.remedies if r.code == code and (cite is None or cite_text(r.citation) == _norm_cite(cite))]


@then(parsers.re(r'消费者可以选择"(?P<remedy>[^"]+)"，依据' + CITE))
def remedy_with_citation(ctx: Ctx, remedy: str, cite: str) -> None:
    found = _remedies(ctx, remedy, cite)
    assert found, f"没有依据{cite}的「{remedy}」" + _summary(ctx.d)
    ctx.remedies, ctx.texts = found, [r.explanation.zh for r in found]


@then(parsers.re(r'消费者(?P<can>可以|不能)依据' + CITE + r'选择"(?P<remedy>[^"]+)"'))
def remedy_can_or_cannot(ctx: Ctx, can: str, cite: str, remedy: str) -> None:
    found = _remedies(ctx, remedy, cite)
    if can == "可以":
        assert found, f"没有依据{cite}的「{remedy}」" + _summary(ctx.d)
    else:
        assert not found, f"不应有依据{cite}的「{remedy}」" + _summary(ctx.d)
    ctx.remedies, ctx.texts = found, [r.explanation.zh for r in found]


@then(parsers.re(r'消费者不能选择"(?P<remedy>[^"]+)"'))
def remedy_absent(ctx: Ctx, remedy: str) -> None:
    found = _remedies(ctx, remedy, None)
    assert not found, f"不应有「{remedy}」" + _summary(ctx.d)


@then("消费者没有任何三包救济")
def no_remedy(ctx: Ctx) -> None:
    assert not ctx.d.remedies, _summary(ctx.d)


@then("不收取使用补偿")
def no_use_compensation(ctx: Ctx) -> None:
    assert ctx.remedies, "先写明是哪一项救济"
    for r in ctx.remedies:
        assert r.free_of_charge, f"{r.code}（{r.rule_id}）收取使用补偿"
        assert r.use_compensation is None or not r.use_compensation.charged


@then(parsers.re(r"使用补偿为 (?P<amount>\d[\d,]*\.\d{2}) 元"))
def use_compensation_amount(ctx: Ctx, amount: str) -> None:
    assert ctx.remedies, "先写明是哪一项救济"
    for r in ctx.remedies:
        comp = r.use_compensation
        assert comp is not None and comp.charged, f"{r.code}（{r.rule_id}）不收取使用补偿"
        assert comp.amount_yuan == Decimal(amount.replace(",", "")), f"使用补偿为 {comp.amount_yuan}（{comp.reason.zh}）"
    ctx.texts = [r.use_compensation.reason.zh for r in ctx.remedies]


@then(parsers.re(r"使用补偿为 (?P<lo>\d[\d,]*\.\d{2}) 元至 (?P<hi>\d[\d,]*\.\d{2}) 元"))
def use_compensation_range(ctx: Ctx, lo: str, hi: str) -> None:
    assert ctx.remedies, "先写明是哪一项救济"
    for r in ctx.remedies:
        comp = r.use_compensation
        assert comp is not None and comp.charged and comp.amount_range_yuan is not None, comp
        want = (Decimal(lo.replace(",", "")), Decimal(hi.replace(",", "")))
        assert tuple(comp.amount_range_yuan) == want, f"使用补偿范围 {comp.amount_range_yuan}"
    ctx.texts = [r.use_compensation.reason.zh for r in ctx.remedies]


# ---------------------------------------------------------------- then: rules, scope, version


def _rule_named(ctx: Ctx, request: pytest.FixtureRequest, title: str, cite: str) -> Any:
    """The rule a step names by its Chinese title (as the rule book words it, with the parameter values the
    decision used) and its article: the rule must be one of those the scenario's tags name (@w2021.…)."""
    version = ctx.d.regulation.version
    assert version is not None, "不适用任何版本的三包规定：没有可以按标题查找的规则"
    rules = compiled_warranty(version, ctx.d.regulation.parameters_on).rules
    found = [r for r in rules if r.title.zh == title]
    assert found, f"{version}年版没有标题为「{title}」的规则；标题有：{[r.title.zh for r in rules]}"
    rule = found[0]
    assert cite_text(rule.citation) == _norm_cite(cite), f"「{title}」依据的是{cite_text(rule.citation)}，不是{cite}"
    assert rule.id in scenario_tags(request), f"场景应带有标签 @{rule.id}（「{title}」）"
    return rule


@then(parsers.re(r'(?P<state>适用|不适用)' + CITE + r'"(?P<title>[^"]+)"'))
def rule_state(ctx: Ctx, request: pytest.FixtureRequest, state: str, cite: str, title: str) -> None:
    rule = _rule_named(ctx, request, title, cite)
    fired = [f for f in ctx.d.fired if f.rule_id == rule.id]
    if state == "不适用":
        assert not fired, f"不应适用「{title}」：{fired[0].explanation.zh if fired else ''}" + _summary(ctx.d)
        ctx.texts = []
        return
    assert fired, f"未适用「{title}」（{rule.id}）" + _summary(ctx.d)
    ctx.texts = [f.explanation.zh for f in fired]


@then(parsers.re(r'维修单 "(?P<visit>[^"]+)" 的问题不承担三包责任，依据' + CITE))
def problem_excluded(ctx: Ctx, visit: str, cite: str) -> None:
    found = [f for f in ctx.d.fired if f.kind == "exclusion" and visit in f.evidence
             and cite_text(f.citation) == _norm_cite(cite)]
    assert found, f"维修单 {visit} 没有依据{cite}的免责" + _summary(ctx.d)
    ctx.texts = [f.explanation.zh for f in found]


@then(parsers.re(r"该车不适用三包规定，依据" + CITE))
def out_of_scope(ctx: Ctx, cite: str) -> None:
    assert not ctx.d.in_scope, "该车在三包范围内" + _summary(ctx.d)
    scope = [f for f in ctx.d.fired if f.kind == "scope"]
    assert any(cite_text(f.citation) == _norm_cite(cite) for f in scope), \
        f"引用的条文为 {[cite_text(f.citation) for f in scope]}"
    assert not ctx.d.remedies and not ctx.d.periods
    ctx.texts = [f.explanation.zh for f in scope if cite_text(f.citation) == _norm_cite(cite)]


@then("该车适用三包规定")
def in_scope(ctx: Ctx) -> None:
    assert ctx.d.in_scope, _summary(ctx.d)


@then(parsers.re(r"适用(?P<version>2013|2021)年版三包规定"))
def version_chosen(ctx: Ctx, version: str) -> None:
    assert ctx.d.regulation.version == version, f"适用的是 {ctx.d.regulation.version}：{ctx.d.regulation.reason.zh}"
    ctx.texts = [ctx.d.regulation.reason.zh]


@then("不适用任何版本的三包规定")
def no_version(ctx: Ctx) -> None:
    assert ctx.d.regulation.version is None and not ctx.d.in_scope, ctx.d.regulation.reason.zh
    ctx.texts = [ctx.d.regulation.reason.zh]


# ---------------------------------------------------------------- then: periods and deadlines


def _period(ctx: Ctx, name: str) -> Any:
    code = _label(PERIOD, name, "期间")
    found = [p for p in ctx.d.periods if p.code == code]
    assert found, f"裁决中没有{name}：{[p.code for p in ctx.d.periods]}"
    return found[0]


@then(parsers.re(r"(?P<name>包修期|三包有效期|60日/3000公里期|7日期)自 " + _date("day") + r" 起算(?:，依据" + CITE + ")?"))
def period_start(ctx: Ctx, name: str, day: str, cite: str | None) -> None:
    p = _period(ctx, name)
    assert p.start.isoformat() == day, f"{name}自 {p.start} 起算"
    if cite:
        assert cite_text(p.citation) == _norm_cite(cite), f"{name}引用 {cite_text(p.citation)}"


@then(parsers.re(r"(?P<name>包修期|三包有效期|60日/3000公里期|7日期)截止于 " + _date("day") +
                 r"(?:，或里程表读数达到 " + _num("km") + " 公里)?"))
def period_end(ctx: Ctx, name: str, day: str, km: str | None) -> None:
    p = _period(ctx, name)
    assert p.end_date.isoformat() == day, f"{name}截止于 {p.end_date}"
    if km is not None:
        assert p.end_odometer_km == _int(km), f"{name}的里程上限为 {p.end_odometer_km}"


@then(parsers.re(r"销售者应在 " + _date("day") + r" 前(?P<what>书面答复|完成更换或退货)，依据" + CITE))
def deadline_due(ctx: Ctx, day: str, what: str, cite: str) -> None:
    code = DEADLINE[what]
    found = [d for d in ctx.d.deadlines if d.code == code]
    assert found, f"裁决中没有{what}期限：{[d.code for d in ctx.d.deadlines]}"
    dl = found[0]
    assert dl.due.isoformat() == day, f"{what}期限为 {dl.due}"
    assert cite_text(dl.citation) == _norm_cite(cite), f"{what}期限引用 {cite_text(dl.citation)}"
    ctx.deadline, ctx.texts = dl, [dl.explanation.zh]


@then(parsers.re(r'该期限的状态为"(?P<status>已按期完成|逾期完成|进行中|已逾期)"'))
def deadline_status(ctx: Ctx, status: str) -> None:
    assert ctx.deadline is not None, "先写明是哪一个期限"
    assert ctx.deadline.status == DEADLINE_STATUS[status], f"状态为 {ctx.deadline.status}"


@then(parsers.re(r"销售者没有(?P<what>书面答复|完成更换或退货)的期限"))
def no_deadline(ctx: Ctx, what: str) -> None:
    assert not [d for d in ctx.d.deadlines if d.code == DEADLINE[what]], ctx.d.deadlines


# ---------------------------------------------------------------- then: near limits, assumptions, warnings, reasons


@then(parsers.re(r"提示临近适用" + CITE + r'"(?P<title>[^"]+)"（现为 (?P<actual>\d+)，限值 (?P<limit>\d+)）'))
def near_limit(ctx: Ctx, request: pytest.FixtureRequest, cite: str, title: str, actual: str, limit: str) -> None:
    rule = _rule_named(ctx, request, title, cite)
    found = [n for n in ctx.d.near_limits if n.rule_id == rule.id]
    assert found, f"没有「{title}」的临近提示：{[n.rule_id for n in ctx.d.near_limits]}"
    n = found[0]
    assert (str(n.actual), str(n.limit)) == (actual, limit), f"现为 {n.actual}，限值 {n.limit}"
    assert cite_text(n.citation) == _norm_cite(cite), f"引用 {cite_text(n.citation)}"
    ctx.texts = [n.text.zh]


@then(parsers.re(r"不提示临近适用" + CITE + r'"(?P<title>[^"]+)"'))
def not_near_limit(ctx: Ctx, request: pytest.FixtureRequest, cite: str, title: str) -> None:
    rule = _rule_named(ctx, request, title, cite)
    assert not [n for n in ctx.d.near_limits if n.rule_id == rule.id], [n.text.zh for n in ctx.d.near_limits]


@then(parsers.re(r'裁决注明假设"(?P<text>[^"]+)"'))
def assumption(ctx: Ctx, text: str) -> None:
    notes = [a.text.zh for a in ctx.d.assumptions]
    assert any(text in n for n in notes), f"假设为：{notes}"


@then(parsers.re(r'裁决提示"(?P<text>[^"]+)"'))
def warning(ctx: Ctx, text: str) -> None:
    notes = [w.text.zh for w in ctx.d.warnings]
    assert any(text in n for n in notes), f"提示为：{notes}"


@then(parsers.re(r'裁决列明缺失事实"(?P<words>[^"]+)"'))
def missing_fact(ctx: Ctx, words: str) -> None:
    """A missing fact is named by the words the decision uses for it (which repair, which judgement)."""
    texts = [m.text.zh for m in ctx.d.missing_facts]
    assert any(words in t for t in texts), f"缺失事实为：{texts}"


@then(parsers.re(r'理由中写明"(?P<text>[^"]+)"'))
def reason_says(ctx: Ctx, text: str) -> None:
    assert ctx.texts, "先写明是哪一项结论"
    assert any(text in t for t in ctx.texts), f"理由为：{ctx.texts}"



# ---------------------------------------------------------------- the verdict on the request

VERDICT = vocab.VERDICT.from_words()


@then(parsers.re(r'对请求的结论为"(?P<verdict>[^"]+)"'))
def request_verdict(ctx: Ctx, verdict: str) -> None:
    request = ctx.d.request
    assert request is not None, "裁决没有对请求的结论"
    assert request.verdict == _label(VERDICT, verdict, "结论"), f"结论为 {request.verdict}：{request.headline.zh}"
    ctx.texts = [request.headline.zh, request.reason.zh]


@then(parsers.re(r'结论取决于"(?P<words>[^"]+)"'))
def request_hinges_on(ctx: Ctx, words: str) -> None:
    """The fact the verdict hinges on, named by the words of its missing-fact entry."""
    assert ctx.d.request is not None, "裁决没有对请求的结论"
    hinges = [m.text.zh for m in ctx.d.missing_facts if m.field in ctx.d.request.hinges_on]
    assert any(words in t for t in hinges), f"结论取决于：{hinges}（{ctx.d.request.hinges_on}）"


@then(parsers.re(r'结论列明可改选"(?P<remedy>[^"]+)"'))
def request_instead(ctx: Ctx, remedy: str) -> None:
    assert ctx.d.request is not None and _label(REMEDY, remedy, "救济") in ctx.d.request.instead, ctx.d.request
