"""Complaint decisions as text: a table laid out to the terminal (core.layout), Markdown, or JSON; zh or en.
Below about 100 columns each table's secondary columns are stacked under the column they qualify (`_STACKED`);
overdue items are emphasised on a colour terminal."""
from __future__ import annotations

from collections import Counter
from datetime import datetime

from ..core.layout import Layout, Table, paragraph, table
from ..core.specs import cited_in
from ..core.text import shown
from ..core.vocabulary import LATE_STATUSES
from .decision import ComplaintDecision
from .facts import STATUS_NAMES, fmt
from .rulebook import documents
from .vocabulary import CASE_TYPE, CATEGORY, CHANNEL, URGENCY

LABELS = {
    "case": ("投诉", "Complaint"), "as_of": ("判断时间", "As of"), "profile": ("政策方案", "Policy profile"),
    "may_close": ("可否关闭", "May close"), "yes": ("可以关闭", "yes"), "no": ("不可关闭", "no"),
    "conditions": ("关闭条件", "Closure condition"), "missing": ("尚缺", "Missing"),
    "deadlines": ("时限", "Deadlines"), "what": ("事项", "What"), "due": ("截止", "Due"), "met": ("完成", "Met"),
    "status": ("状态", "Status"), "source": ("依据", "Source"), "escalations": ("升级", "Escalations"),
    "trigger": ("触发原因", "Trigger"), "actions": ("下一步", "Next actions"), "warnings": ("提示", "Warnings"),
    "fired": ("适用规则", "Rules applied"), "rule": ("规则", "Rule"), "why": ("说明", "Explanation"),
    "none": ("无", "none"), "urgency": ("紧急程度", "Urgency"), "id": ("编号", "ID"), "type": ("类型", "Type"),
    "next": ("下一步", "Next action"), "closed": ("已关闭", "closed"), "escalated": ("已升级", "Escalated at"),
    "overdue_mark": ("（已逾期）", " (overdue)"), "received": ("受理", "Received"),
}
_URGENCY = {t.code: (t.zh, t.en) for t in URGENCY}
_CHANNEL_ZH = {t.code: t.zh for t in CHANNEL}
_CASE_TYPE = {t.code: t.zh for t in CASE_TYPE}


def t(key: str, lang: str) -> str:
    zh, en = LABELS[key]
    return zh if lang == "zh" else en


def _when(m: datetime | None, lang: str) -> str:
    return fmt(m, lang) if m else "—"


# On a narrow terminal, per section, {secondary column: the column it is stacked under}: the item and its due
# time keep their columns; the source cited, when it was met and the type of a case go under what they qualify.
_STACKED = {
    "deadlines": {2: 1, 4: 0},          # met under due, the source under what
    "escalations": {2: 0},              # when it was escalated under the rule
    "actions": {2: 0},                  # the source under what
    "fired": {1: 0},                    # the source under the rule
    "watch": {2: 1, 5: 0, 6: 0},        # type under the case id; may close and escalations under the urgency
}


(_OVERDUE,) = URGENCY.require("overdue")


def render_json(d: ComplaintDecision) -> str:
    return d.model_dump_json(indent=2)


def _cited(cites: str | None, lang: str) -> str:
    """A policy section as the reader's language names it (core.specs.cited_in)."""
    return cited_in(cites or "", lang, documents())


class Section:
    """One table of a decision: its title, headers and rows, which layout it takes on a narrow terminal
    (`_STACKED[key]`) and which cells are overdue."""

    def __init__(self, key: str, lang: str, headers: list[str], rows: list[list[str]],
                 late: set[tuple[int, int]] | None = None):
        self.key, self.title, self.headers, self.rows, self.late = key, t(key, lang), headers, rows, late or set()


def _sections(d: ComplaintDecision, lang: str) -> list[Section]:
    L = lambda x: x.get(lang)  # noqa: E731
    out = []
    out.append(Section("deadlines", lang, [t("what", lang), t("due", lang), t("met", lang), t("status", lang),
                                           t("source", lang)],
                       [[L(x.name), _when(x.due, lang) + (f" ⇐ {_when(x.shifted_from, lang)}" if x.shifted_from
                                                          else ""),
                         _when(x.met_at, lang), STATUS_NAMES[x.status].get(lang)
                         + (f" · {L(x.exception)}" if x.exception else ""), _cited(x.cites, lang)] for x in d.deadlines],
                       {(n, 3) for n, x in enumerate(d.deadlines) if x.status in LATE_STATUSES}))
    if d.escalations:
        out.append(Section("escalations", lang, [t("rule", lang), t("trigger", lang), t("escalated", lang)],
                           [[e.code, L(e.trigger), _when(e.escalated_at, lang)] for e in d.escalations]))
    if d.next_actions:
        out.append(Section("actions", lang, [t("what", lang), t("due", lang), t("source", lang)],
                           [[L(a.text) + (t("overdue_mark", lang) if a.overdue else ""), _when(a.due, lang),
                             _cited(a.cites, lang)] for a in d.next_actions],
                           {(n, c) for n, a in enumerate(d.next_actions) if a.overdue for c in (0, 1)}))
    out.append(Section("fired", lang, [t("rule", lang), t("source", lang), t("why", lang)],
                       [[f.rule_id, _cited(f.cites, lang), L(f.explanation)] for f in d.fired]))
    return out


def _head(d: ComplaintDecision, lang: str) -> list[tuple[str, str]]:
    L = lambda x: x.get(lang)  # noqa: E731
    kind = _CASE_TYPE[d.case_type] if lang == "zh" else d.case_type
    category = CATEGORY.zh(d.category) if lang == "zh" else d.category
    channel = _CHANNEL_ZH.get(d.channel, d.channel) if lang == "zh" else d.channel
    rows = [(t("case", lang), f"{d.id} ({kind}, {category}, {channel})"),
            (t("received", lang), _when(d.received_at, lang)),
            (t("as_of", lang), _when(d.as_of, lang)),
            (t("profile", lang), f"{L(d.profile_name)} [{d.rulebook}]"),
            (t("urgency", lang), _URGENCY[d.urgency][0 if lang == "zh" else 1]),
            (t("may_close", lang), t("yes" if d.may_close else "no", lang))]
    for c in d.closure_conditions:
        rows.append((t("conditions", lang), f"{c.code} — {_cited(c.cites, lang)}"))
    if not d.may_close:
        for m in d.missing_for_closure:
            rows.append((t("missing", lang), f"{L(m.text)} [{_cited(m.cites, lang)}]"))
    for w in d.warnings:
        rows.append((t("warnings", lang), L(w.text)))
    return rows


def render_table(d: ComplaintDecision, lang: str = "zh", layout: Layout | None = None) -> str:
    layout = layout or Layout()
    parts = [table(Table([], [[k, _terminal(v)] for k, v in _head(d, lang)]), layout)]
    for s in _sections(d, lang):
        if not s.rows:
            continue
        rows = [[_terminal(c) for c in r] for r in s.rows]
        parts.append(f"{s.title}\n" + table(Table(s.headers, rows, _STACKED[s.key], s.late), layout))
    return "\n\n".join(parts)


def _md(s: str) -> str:
    return shown(s, "markdown")


def _terminal(s: str) -> str:
    return shown(s, "table")


def render_markdown(d: ComplaintDecision, lang: str = "zh") -> str:
    out = [f"## {t('case', lang)} {_md(d.id)}", ""]
    for k, v in _head(d, lang):
        out.append(f"- **{k}**: {_md(v)}")
    for s in _sections(d, lang):
        if not s.rows:
            continue
        out += ["", f"### {s.title}", "", "| " + " | ".join(s.headers) + " |", "|" + "---|" * len(s.headers)]
        out += ["| " + " | ".join(_md(c) for c in r) + " |" for r in s.rows]
    return "\n".join(out) + "\n"


def render(d: ComplaintDecision, fmt_: str = "table", lang: str = "zh", layout: Layout | None = None) -> str:
    """A decision as JSON, Markdown or a table laid out to `layout` (by default 100 columns, no colour)."""
    if fmt_ == "json":
        return render_json(d)
    if fmt_ == "markdown":
        return render_markdown(d, lang)
    return render_table(d, lang, layout)


def render_watch(decisions: list[ComplaintDecision], lang: str = "zh", fmt_: str = "table",
                 as_of: datetime | None = None, layout: Layout | None = None) -> str:
    """One row per case, most urgent first (the caller sorts), with counts at the foot; `as_of`, the one moment
    every case was judged at, is said there. A table is laid out to `layout`; an overdue case's urgency, next
    action and due time are emphasised."""
    headers = [t("urgency", lang), t("id", lang), t("type", lang), t("next", lang), t("due", lang),
               t("may_close", lang), t("escalations", lang)]
    rows = []
    for d in decisions:
        nxt = d.next_actions[0] if d.next_actions else None
        rows.append([_URGENCY[d.urgency][0 if lang == "zh" else 1], d.id,
                     _CASE_TYPE[d.case_type] if lang == "zh" else d.case_type,
                     (nxt.text.get(lang) + (t("overdue_mark", lang) if nxt.overdue else "")) if nxt else "—",
                     _when(nxt.due, lang) if nxt else "—", t("yes" if d.may_close else "no", lang),
                     ",".join(sorted({e.code for e in d.escalations})) or "—"])
    counts = Counter(d.urgency for d in decisions)
    escalating = sum(1 for d in decisions if d.escalations)
    foot = ("合计 {n} 件：已逾期 {overdue}，今日到期 {due_today}，需升级 {escalation}，处理中 {open}，已关闭 {closed}"
            "（按最紧急项归类；其中共有 {esc_all} 件须升级）"
            if lang == "zh" else
            "{n} case(s): {overdue} overdue, {due_today} due today, {escalation} escalation required, {open} open, "
            "{closed} closed (each case counted once, by its most urgent item; {esc_all} in all require escalation)"
            ).format(n=len(decisions), esc_all=escalating, **{k: counts.get(k, 0) for k in _URGENCY})
    if as_of is not None:
        foot += (f"。所有案件均按同一时间 {fmt(as_of, lang)}（北京时间）判断" if lang == "zh" else
                 f"; every case judged at the same moment, {fmt(as_of, lang)} China time")
    if fmt_ == "json":
        import json
        return json.dumps({**({"as_of": as_of.isoformat()} if as_of is not None else {}),
                           "cases": [d.model_dump(mode="json") for d in decisions],
                           "counts": {k: counts.get(k, 0) for k in _URGENCY}}, ensure_ascii=False, indent=2)
    if fmt_ == "markdown":
        lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        lines += ["| " + " | ".join(_md(c) for c in r) + " |" for r in rows]
        return "\n".join(lines) + f"\n\n{foot}\n"
    layout = layout or Layout()
    late = {(n, c) for n, d in enumerate(decisions) if d.urgency == _OVERDUE for c in (0, 3, 4)}
    grid = table(Table(headers, [[_terminal(c) for c in r] for r in rows], _STACKED["watch"], late), layout)
    return grid + "\n" + paragraph(foot, layout.width)
