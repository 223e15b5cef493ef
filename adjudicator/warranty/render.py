"""Rendering decisions as a one-screen table, Markdown or JSON, in Chinese or English.

Tables are laid out to the width of a `Layout` (core.layout): below about 100 columns each table's secondary
columns are stacked under the column they explain (see `_STACKED`); late seller deadlines are emphasised.
"""
from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from ..core.layout import Layout, Table, paragraph, table
from ..core.text import Citation, Localized, shown
from ..core.vocabulary import DEADLINE_STATUS, LATE_STATUSES
from .decision import Decision, Remedy
from .vocabulary import DEADLINE, PERIOD_SOURCE, REMEDY, REMEDY_STRENGTH, RULE_KIND

KIND_NAMES = RULE_KIND.names()
DEADLINE_NAMES = DEADLINE.names()
STATUS_NAMES = DEADLINE_STATUS.names()
REMEDY_NAMES = REMEDY.names()
_L = {
    "title": Localized(zh="三包裁决", en="Warranty decision"),
    "regulation": Localized(zh="适用规定", en="Regulation"),
    "not_applicable": Localized(zh="不适用三包规定", en="The regulation does not apply"),
    "out_of_scope": Localized(zh="车辆不在三包范围内：不产生三包救济", en="Vehicle out of scope: no remedies"),
    "periods": Localized(zh="期限", en="Periods"),
    "remedies": Localized(zh="消费者现可选择的救济", en="Remedies the consumer may now choose"),
    "no_remedies": Localized(zh="（无）", en="(none)"),
    "deadlines": Localized(zh="销售者答复与办理期限", en="Seller deadlines"),
    "findings": Localized(zh="其他适用规则", en="Other rules that applied"),
    "near": Localized(zh="接近触发条件", en="Near a threshold"),
    "assumptions": Localized(zh="所作假定", en="Assumptions"),
    "warnings": Localized(zh="输入警示", en="Input warnings"),
    "missing": Localized(zh="缺失事实及其影响", en="Missing facts and what they would change"),
    "not_fired": Localized(zh="未触发的救济规则及未满足的条件", en="Remedy rules that did not fire, and why"),
    "rulebook": Localized(zh="规则集", en="Rule set"),
}
_HEAD = {
    "periods": (Localized(zh="期间", en="period"), Localized(zh="起算日", en="start"),
                Localized(zh="截止日", en="ends"), Localized(zh="截止里程", en="ends at km"),
                Localized(zh="剩余天数", en="days left"), Localized(zh="剩余公里", en="km left"),
                Localized(zh="来源", en="source"), Localized(zh="依据", en="article")),
    "remedies": (Localized(zh="救济", en="remedy"), Localized(zh="依据", en="article"),
                 Localized(zh="事实与理由", en="facts and reasons"), Localized(zh="维修单", en="visits"),
                 Localized(zh="使用补偿", en="use compensation")),
    "deadlines": (Localized(zh="期限", en="deadline"), Localized(zh="依据", en="article"),
                  Localized(zh="请求日", en="requested"), Localized(zh="截止日", en="due"),
                  Localized(zh="完成日", en="done"), Localized(zh="状态", en="status")),
    "findings": (Localized(zh="类别", en="kind"), Localized(zh="规则", en="rule"),
                 Localized(zh="依据", en="article"), Localized(zh="说明", en="explanation")),
    "not_fired": (Localized(zh="规则", en="rule"), Localized(zh="依据", en="article"),
                  Localized(zh="未满足的条件", en="failed conditions")),
}
_DATED_BY = {"invoice": Localized(zh="发票日期", en="invoice date"),
             "period_start": Localized(zh="三包期起算日", en="start of the periods"),
             "request": Localized(zh="请求日", en="request date"),
             "decision": Localized(zh="决定日", en="decision date")}
# On a narrow terminal, {secondary column: the column it is stacked under}, per table: what a clerk reads a row
# by (the period, the remedy and its reasons, the deadline and its dates) keeps a column; the citation, the
# source of a period, the kilometre limits, the visit ids and the use compensation go under the cell they qualify.
_STACKED = {
    "periods": {3: 2, 5: 4, 6: 0, 7: 0},          # ends at km under ends, km left under days left, source+article
    "remedies": {1: 0, 3: 0, 4: 0},               # article, visits and use compensation under the remedy
    "deadlines": {1: 0, 4: 5},                    # article under the deadline, the day it was done under status
    "findings": {0: 1, 2: 1},                     # kind and article under the rule id
    "not_fired": {1: 0},                          # article under the rule id
}


def article(c: Citation, lang: str) -> str:
    text = c.article + (c.paragraph or "") + (c.item or "")
    if not c.verified:
        text += "*"
    return text


def _src(code: str, lang: str) -> str:
    return PERIOD_SOURCE.name_of(code).get(lang)


def _money(value: Any) -> str:
    return f"{value:,.2f}"


def compensation_text(remedy: Any, lang: str) -> str:
    comp = remedy.use_compensation
    if comp is None:
        return "—"
    if not comp.charged:
        return "不收取" if lang == "zh" else "not charged"
    if comp.amount_yuan is not None:
        return f"{_money(comp.amount_yuan)} 元" if lang == "zh" else f"{_money(comp.amount_yuan)} yuan"
    lo, hi = comp.amount_range_yuan
    return f"{_money(lo)}～{_money(hi)} 元" if lang == "zh" else f"{_money(lo)}–{_money(hi)} yuan"


def _table(rows: list[list[Any]], key: str, lang: str, fmt: str, layout: Layout,
           marked: set[tuple[int, int]] | None = None) -> str:
    headers = [h.get(lang) for h in _HEAD[key]]
    clean = [[shown(c, fmt) for c in r] for r in rows]
    if fmt == "markdown":
        from tabulate import (
            tabulate,  # here, not at the top: JSON output never needs it (~15 ms of a cold start)
        )

        return tabulate(clean, headers=headers, tablefmt="github")
    return table(Table(headers, clean, _STACKED[key], marked or set()), layout)


def decision_text(d: Decision, lang: str = "zh", fmt: str = "table", verbose: bool = False,
                  layout: Layout | None = None) -> str:
    """One screen for a warranty clerk (fmt="table", laid out to `layout`: by default 100 columns, no colour),
    or the same content as Markdown."""
    md = fmt == "markdown"
    layout = layout or Layout()
    out: list[str] = []

    def v(value: Any) -> str:          # every value of the decision, as it may be shown in fmt
        return shown(value, fmt)

    def line(text: str, bullet: str = "") -> str:      # a line of prose, wrapped to the terminal in a table
        return bullet + text if md else paragraph(text, layout.width, bullet)

    def heading(key: str, level: int = 2) -> None:
        out.append(("#" * level + " " if md else "") + _L[key].get(lang) + ("" if md else ":"))

    title = f"{_L['title'].get(lang)} — VIN {v(d.vin)} — {d.as_of}"
    out.append("# " + title if md else line(title))
    if d.request is not None:
        out.append("")
        out.append("**" + v(d.request.headline.get(lang)) + "**" if md else line(v(d.request.headline.get(lang))))
        out.append("")
    reg = d.regulation
    if reg.version is None:
        out.append(line(f"{_L['not_applicable'].get(lang)}: {v(reg.reason.get(lang))}"))
        return "\n".join(out)
    out.append(line(f"{_L['regulation'].get(lang)}: {v(reg.instrument.get(lang))}"))
    out.append(line(v(reg.reason.get(lang))))
    if not d.in_scope:
        out.append("")
        out.append("**" + _L["out_of_scope"].get(lang) + "**" if md else line(_L["out_of_scope"].get(lang)))
    if d.periods:
        out.append("")
        heading("periods")
        rows = [[p.name.get(lang), p.start, p.end_date, p.end_odometer_km if p.end_odometer_km is not None else "—",
                 p.days_left if p.active else f"{p.days_left} ✗",
                 "—" if p.km_left is None else p.km_left, _src(p.source, lang), article(p.citation, lang)]
                for p in d.periods]
        out.append(_table(rows, "periods", lang, fmt, layout))
    out.append("")
    heading("remedies")
    if d.remedies:
        groups = remedy_groups(d.remedies)
        rows = [[g.names(lang), g.articles(), g.explanation.get(lang), " ".join(g.evidence) or "—",
                 compensation_text(g.first, lang)] for g in groups]
        out.append(_table(rows, "remedies", lang, fmt, layout))
        charged = [g for g in groups if g.first.use_compensation is not None and g.first.use_compensation.charged]
        if charged:
            out.append("")
        for g in charged:
            out.append(line(f"{v(g.names(lang))}（{v(g.articles())}）：{v(g.first.use_compensation.reason.get(lang))}"  # type: ignore[union-attr]
                            if lang == "zh" else
                            f"{v(g.names(lang))} ({v(g.articles())}): {v(g.first.use_compensation.reason.get(lang))}",  # type: ignore[union-attr]
                            "- "))
    else:
        reason = d.request.reason.get(lang) if d.request is not None else ""
        out.append(line(_L["no_remedies"].get(lang) + (f" {v(reason)}" if reason else "")))
    if d.deadlines:
        out.append("")
        heading("deadlines")
        rows = [[x.explanation.get(lang) if verbose else DEADLINE_NAMES[x.code].get(lang), article(x.citation, lang),
                 x.requested_on, x.due,
                 x.met_on or "—", STATUS_NAMES[x.status].get(lang)] for x in d.deadlines]
        late = {(n, 5) for n, x in enumerate(d.deadlines) if x.status in LATE_STATUSES}
        out.append(_table(rows, "deadlines", lang, fmt, layout, late))
    others = [f for f in d.fired if f.kind not in ("remedy", "deadline")]
    if others:
        out.append("")
        heading("findings")
        rows = [[KIND_NAMES[f.kind].get(lang), f.rule_id, article(f.citation, lang), f.explanation.get(lang)]
                for f in others]
        out.append(_table(rows, "findings", lang, fmt, layout))
    for key, items in (("near", [n.text for n in d.near_limits]), ("assumptions", [a.text for a in d.assumptions]),
                       ("warnings", [w.text for w in d.warnings])):
        if items:
            out.append("")
            heading(key)
            out.extend(line(v(t.get(lang)), "- ") for t in items)
    if d.missing_facts:
        out.append("")
        heading("missing")
        for m in d.missing_facts:
            alts = "; ".join(f"{_value(a.value, lang)} → {a.changes.get(lang)}" for a in m.alternatives)
            out.append(line(f"{v(m.field)}: {v(m.text.get(lang))}" + (f" {v(alts)}" if alts else ""), "- "))
    if verbose and d.not_fired:
        out.append("")
        heading("not_fired")
        rows = [[n.rule_id, article(n.citation, lang), n.why.get(lang)]
                for n in d.not_fired]
        out.append(_table(rows, "not_fired", lang, fmt, layout))
    out.append("")
    star = "（* 条号仅见于二手资料，未经原文核实）" if lang == "zh" else "(* article number from secondary sources only)"
    dated = ""
    if reg.parameters_on is not None:
        by = _DATED_BY[reg.parameters_dated_by or ""].get(lang)
        dated = (f" · 参数取值日 {reg.parameters_on}（{by}）" if lang == "zh"
                 else f" · parameter values as of {reg.parameters_on} ({by})")
    out.append(line(f"{_L['rulebook'].get(lang)}: {d.rulebook} · {d.evaluator}{dated} · {star}"))
    return "\n".join(out)


class RemedyGroup:
    """One row: the remedies one rule gives (replace and return together are the consumer's choice), with the
    rules that only give again what it already gives folded in as further articles."""

    def __init__(self, first: Remedy):
        self.first = first
        self.codes: list[str] = [first.code]
        self.citations = [first.citation]
        self.explanation = first.explanation
        self.evidence = list(first.evidence)

    def names(self, lang: str) -> str:
        if set(self.codes) == {"replace", "return"}:
            return "更换或退货（由消费者选择）" if lang == "zh" else "replacement or return (the consumer's choice)"
        return ("、" if lang == "zh" else ", ").join(REMEDY_NAMES[c].get(lang) for c in self.codes)

    def articles(self) -> str:
        return "、".join(dict.fromkeys(article(c, "zh") for c in self.citations))

    def charged(self) -> bool | None:
        c = self.first.use_compensation
        return None if c is None else c.charged


def remedy_groups(remedies: list[Remedy]) -> list[RemedyGroup]:
    by_rule: dict[str, RemedyGroup] = {}
    for r in remedies:
        group = by_rule.get(r.rule_id)
        if group is None:
            by_rule[r.rule_id] = RemedyGroup(r)
        elif r.code not in group.codes:
            group.codes.append(r.code)
    groups: list[RemedyGroup] = []
    ordered = sorted(by_rule.values(), key=lambda g: (min(REMEDY_STRENGTH.index(c) for c in g.codes), -len(g.codes)))
    for g in ordered:
        same = next((x for x in groups if set(g.codes) <= set(x.codes) and x.charged() == g.charged()), None)
        if same is not None:          # nothing new: one more ground for what a row already offers
            same.citations.extend(g.citations)
            same.evidence.extend(e for e in g.evidence if e not in same.evidence)
        else:
            groups.append(g)
    return groups


def _value(v: Any, lang: str) -> str:
    if isinstance(v, bool):
        return ("是" if v else "否") if lang == "zh" else str(v).lower()
    return str(v)


def to_json(value: BaseModel | list[BaseModel]) -> str:
    """Stable JSON: the same decision always gives the same bytes."""
    if isinstance(value, list):
        data: Any = [v.model_dump(mode="json") for v in value]
    else:
        data = value.model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
