"""Follow-up decisions and call lists as text: a table laid out to the terminal (core.layout), Markdown, or JSON;
zh or en. Below about 100 columns the secondary columns are stacked (`_STACKED`); late and overdue duties are
emphasised on a colour terminal."""
from __future__ import annotations

from datetime import datetime

from ..core.layout import Layout, Table, paragraph, table
from ..core.specs import cited_in
from ..core.text import shown
from ..core.vocabulary import LATE_STATUSES
from .decision import CallList, FollowupDecision, FollowupDuty
from .facts import fmt
from .rulebook import documents
from .vocabulary import CALL_URGENCY, CAR_USE, CUSTOMER_TYPE, DEADLINE_STATUS, ROLE

LABELS = {
    "dealer": ("经销商", "Dealer"), "period": ("期间", "Period"), "as_of": ("判断时间", "As of"),
    "profile": ("政策方案", "Policy profile"), "counts": ("合计", "Totals"), "duty": ("事项", "Duty"),
    "vin": ("车辆", "Vehicle"), "customer": ("客户", "Customer"), "role": ("责任人", "Who"), "due": ("截止", "Due"),
    "done": ("完成", "Done"), "status": ("状态", "Status"), "source": ("依据", "Source"),
    "urgency": ("紧急程度", "Urgency"), "attempts": ("已联系次数", "Attempts"), "day": ("日期", "Day"),
    "calls": ("待办回访与提醒", "Calls and reminders to do"), "warnings": ("提示", "Warnings"),
    "none": ("无待办事项", "nothing to do"), "by": ("经办", "Staff"),
}


# On a narrow terminal, {secondary column: the column it is stacked under}: the due time, the duty and the
# vehicle keep their columns (what a caller dials by); who, when it was done and the source go under them.
_STACKED = {
    "duties": {3: 2, 4: 1, 5: 0, 7: 1},      # customer under the vehicle, who and source under the duty, done under due
    "calls": {4: 3, 5: 2, 6: 0, 7: 2},       # customer under the vehicle, who and source under the duty,
}                                             # attempts under the urgency
(_OVERDUE_CALL,) = CALL_URGENCY.require("overdue")


def t(key: str, lang: str) -> str:
    zh, en = LABELS[key]
    return zh if lang == "zh" else en


def _when(m: datetime | None, lang: str) -> str:
    return fmt(m, lang) if m else "—"


def _cited(cites: str, lang: str) -> str:
    """A policy section as the reader's language names it (core.specs.cited_in)."""
    return cited_in(cites, lang, documents())


def _customer(d: FollowupDuty, lang: str) -> str:
    kind = CUSTOMER_TYPE.name_of(d.customer_type).get(lang)
    use = CAR_USE.name_of(d.car_use).get(lang)
    return f"{d.customer} ({kind}, {use})"


def _counts(d: FollowupDecision, lang: str) -> str:
    return ("，" if lang == "zh" else ", ").join(f"{DEADLINE_STATUS.name_of(s).get(lang)} {n}"
                                               for s, n in d.status_counts.items() if n)


def _head(d: FollowupDecision, lang: str) -> list[tuple[str, str]]:
    rows = [(t("dealer", lang), d.dealer), (t("period", lang), f"{d.period_from} – {d.period_to}"),
            (t("as_of", lang), _when(d.as_of, lang)), (t("profile", lang), f"{d.profile_name.get(lang)} [{d.rulebook}]"),
            (t("counts", lang), _counts(d, lang) or "—")]
    rows += [(t("warnings", lang), w.text.get(lang)) for w in d.warnings]
    return rows


def _duty_rows(d: FollowupDecision, lang: str) -> tuple[list[str], list[list[str]]]:
    headers = [t(k, lang) for k in ("due", "duty", "vin", "customer", "role", "done", "status", "source")]
    rows = [[_when(x.due, lang), x.name.get(lang), x.vin, _customer(x, lang), ROLE.name_of(x.role).get(lang),
             _when(x.done_at, lang), DEADLINE_STATUS.name_of(x.status).get(lang), _cited(x.cites, lang)] for x in d.duties]
    return headers, rows


def _md_table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    return "\n".join(lines + ["| " + " | ".join(shown(c, "markdown") for c in r) + " |" for r in rows])


def _terminal_rows(rows: list[list[str]] | list[tuple[str, str]]) -> list[list[str]]:
    return [[shown(c, "table") for c in r] for r in rows]


def render_decision(d: FollowupDecision, fmt_: str = "table", lang: str = "zh", layout: Layout | None = None) -> str:
    """A decision as JSON, Markdown or tables laid out to `layout` (by default 100 columns, no colour)."""
    if fmt_ == "json":
        return d.model_dump_json(indent=2)
    headers, rows = _duty_rows(d, lang)
    if fmt_ == "markdown":
        head = "\n".join(f"- **{k}**: {shown(v, fmt_)}" for k, v in _head(d, lang))
        return f"## {t('dealer', lang)} {shown(d.dealer, fmt_)}\n\n{head}\n\n{_md_table(headers, rows)}\n"
    layout = layout or Layout()
    late = {(n, c) for n, x in enumerate(d.duties) if x.status in LATE_STATUSES for c in (0, 6)}
    return (table(Table([], _terminal_rows(_head(d, lang))), layout) + "\n\n"
            + table(Table(headers, _terminal_rows(rows), _STACKED["duties"], late), layout))


def render_calls(c: CallList, fmt_: str = "table", lang: str = "zh", layout: Layout | None = None) -> str:
    """A day's call list as JSON, Markdown or a table laid out to `layout`; overdue calls emphasised."""
    if fmt_ == "json":
        return c.model_dump_json(indent=2)
    headers = [t(k, lang) for k in ("urgency", "due", "duty", "vin", "customer", "role", "attempts", "source")]
    rows = [[CALL_URGENCY.name_of(x.urgency).get(lang), _when(x.duty.due, lang), x.duty.name.get(lang), x.duty.vin,
             _customer(x.duty, lang), ROLE.name_of(x.duty.role).get(lang), str(x.duty.attempts), _cited(x.duty.cites, lang)]
            for x in c.calls]
    title = f"{t('calls', lang)} · {shown(c.dealer, fmt_)} · {c.day}"
    if not rows:
        return f"{title}: {t('none', lang)}\n"
    if fmt_ == "markdown":
        return f"## {title}\n\n{_md_table(headers, rows)}\n"
    layout = layout or Layout()
    late = {(n, col) for n, x in enumerate(c.calls) if x.urgency == _OVERDUE_CALL for col in (0, 1)}
    return paragraph(title, layout.width) + "\n" + table(Table(headers, _terminal_rows(rows), _STACKED["calls"], late), layout)


__all__ = ["render_decision", "render_calls"]
