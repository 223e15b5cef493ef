"""The CS-CMS time-limit report and time-limit reminders (时限管理: 时限报表、时限提示).

Time-limit report: every deadline of every case, in the period it falls due, per deadline kind and per group
(dealer, member of staff or department): met (done on time), late (done after its due time), overdue (not done,
past due), open (not done, not yet due), exempt (suspended by a waiting exception); the on-time rate is met over
met + late + overdue.

Reminders: the deadlines not done at the report time that are overdue or fall due within the complaint profile's
`warn_before_hours` (CS-CMS 时限管理), most urgent first: what the complaint specialist's system shows."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from ..complaints.rulebook import compiled_complaints, resolve_policy
from ..complaints.vocabulary import DEADLINE, DEPARTMENT
from ..core.inputs import CHINA_TZ
from ..core.text import loc
from ..core.vocabulary import Term, Vocabulary
from .citations import cited_both
from .complaint_cases import DecidedComplaint
from .labels import group_label, t
from .periods import PeriodKind, period_of
from .report_book import report_basis
from .sheets import Cell, Column, Sheet, SheetReport

OUTCOME = Vocabulary(
    "time_limit_outcome",
    Term("met", "按时完成", "met"),
    Term("late", "超时完成", "late"),
    Term("overdue", "逾期未办", "overdue"),
    Term("open", "未到期", "open"),
    Term("exempt", "暂停计时", "exempt"),
    title=("时限结果", "time-limit outcome"),
)
# a deadline's status (core DEADLINE_STATUS) -> what the report counts it as
OUTCOME_OF = {"met": "met", "missed": "late", "overdue": "overdue", "running": "open", "exempt": "exempt"}
SETTLED = ("met", "late", "overdue")
REMINDER = Vocabulary(
    "reminder",
    Term("overdue", "已逾期", "overdue"),
    Term("due_soon", "即将到期", "due soon"),
    title=("时限提示", "time-limit reminder"),
)
NOTES = (
    loc("每个时限计入其截止时间所在的期间。按时完成率 = 按时完成 /（按时完成 + 超时完成 + 逾期未办）；未到期和暂停计时的不计入。",
        "Each deadline counts in the period of its due time. On-time rate = met / (met + late + overdue); open and "
        "exempt deadlines are not in it."),
)
REMINDER_NOTES = (
    loc("列出判断时间尚未完成、已逾期或将在提示阈值（warn_before_hours，CS-CMS 时限管理）内届满的时限，最紧急的在前。",
        "The deadlines not done at the decision time that are overdue or run out within the warning threshold "
        "(warn_before_hours, CS-CMS 时限管理), most urgent first."),
)


def _col(key: str, zh: str, en: str) -> Column:
    return Column(key=key, name=loc(zh, en))


def _outcome_columns() -> list[Column]:
    return [*[Column(key=o.code, name=OUTCOME.name_of(o.code)) for o in OUTCOME],
            _col("on_time", "按时 n/N", "on time n/N"), _col("on_time_pct", "按时完成率 %", "on-time %")]


def _outcome_cells(counts: dict[str, int]) -> list[Cell]:
    n, total = counts["met"], sum(counts[k] for k in SETTLED)
    return [*[counts[o] for o in OUTCOME.codes], f"{n}/{total}", round(100 * n / total, 1) if total else None]


def _group(c: DecidedComplaint, by: str) -> str:
    return c.dealer if by == "dealer" else c.department if by == "department" else c.staff


def time_limit_report_of(decided: Iterable[DecidedComplaint], kind: PeriodKind = "month",
                         by: str = "dealer") -> SheetReport:
    cases = list(decided)
    by_kind: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(OUTCOME.codes, 0))
    by_group: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(OUTCOME.codes, 0))
    cites: dict[str, str] = {}
    starts: dict[str, datetime] = {}
    for c in cases:
        for d in c.decision.deadlines:
            p = period_of(d.due, kind)
            starts.setdefault(p.label, d.due)
            outcome = OUTCOME_OF[d.status]
            by_kind[(p.label, d.code)][outcome] += 1
            by_group[(p.label, _group(c, by))][outcome] += 1
            cites.setdefault(d.code, d.cites)
    labels = sorted(starts)
    kind_rows: list[list[Cell]] = []
    for label in labels:
        for code in DEADLINE.codes:
            if (label, code) in by_kind:
                kind_rows.append([label, DEADLINE.name_of(code), *_outcome_cells(by_kind[(label, code)]),
                                  cited_both(cites[code])])
    group_rows: list[list[Cell]] = []
    for label in labels:
        for g in sorted(g for (lab, g) in by_group if lab == label):
            group_rows.append([label, group_label(g, by), *_outcome_cells(by_group[(label, g)])])
    period_col = _col("period", t("period", "zh"), t("period", "en"))
    basis = report_basis("time_limits")
    sheets = [Sheet(key="by_deadline", title=loc("按时限种类", "By deadline kind"),
                    columns=[period_col, _col("deadline", "时限", "deadline"), *_outcome_columns(),
                             _col("source", t("source", "zh"), t("source", "en"))], rows=kind_rows,
                    chart=list(SETTLED)),
              Sheet(key=f"by_{by}", title=loc(f"按{t(by, 'zh')}", f"By {t(by, 'en')}"),
                    columns=[period_col, _col(by, t(by, "zh"), t(by, "en")), *_outcome_columns()], rows=group_rows,
                    chart=list(SETTLED))]
    as_of = max((c.decision.as_of for c in cases), default=datetime.now(CHINA_TZ))
    span = f"{labels[0]} – {labels[-1]}" if labels else "—"
    return SheetReport(subject="time_limits", title=basis.title, cites=basis.cites, citation=basis.citation,
                       as_of=as_of, period=span, profile=_profile(cases), notes=list(NOTES), sheets=sheets)


def _profile(cases: list[DecidedComplaint]) -> str:
    return cases[0].decision.profile if cases else "default"


def time_limit_reminders_of(decided: Iterable[DecidedComplaint], complaint_policy: object = None) -> SheetReport:
    cases = list(decided)
    profile = resolve_policy(complaint_policy)  # type: ignore[arg-type]
    items = []
    for c in cases:
        warn = compiled_complaints(profile, c.decision.received_at.astimezone(CHINA_TZ).date()).param("warn_before_hours")
        for d in c.decision.deadlines:
            if d.status == "overdue" or (d.status == "running" and d.hours_left is not None and d.hours_left <= warn):
                items.append((d.status != "overdue", d.due, c, d))
    items.sort(key=lambda x: (x[0], x[1], x[2].decision.id))
    rows: list[list[Cell]] = [
        [REMINDER.name_of("due_soon" if soon else "overdue"), f"{due.astimezone(CHINA_TZ):%Y-%m-%d %H:%M}",
         d.hours_left, c.decision.id, group_label(c.dealer), group_label(c.staff), DEPARTMENT.name_of(c.department), d.name,
         cited_both(d.cites)]
        for soon, due, c, d in items]
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(REMINDER.codes, 0))
    for soon, _, c, _ in items:
        counts[c.department]["due_soon" if soon else "overdue"] += 1
    basis = report_basis("reminders")
    as_of = max((c.decision.as_of for c in cases), default=datetime.now(CHINA_TZ))
    sheets = [Sheet(key="reminders", title=loc("待提示的时限", "Deadlines to act on"), columns=[
                  _col("reminder", "提示", "reminder"), _col("due", "截止时间", "due"),
                  _col("hours_left", "剩余小时", "hours left"), _col("case", "投诉编号", "case"),
                  _col("dealer", t("dealer", "zh"), t("dealer", "en")), _col("advisor", t("advisor", "zh"), t("advisor", "en")),
                  _col("department", t("department", "zh"), t("department", "en")), _col("deadline", "时限", "deadline"),
                  _col("source", t("source", "zh"), t("source", "en"))], rows=rows),
              Sheet(key="by_department", title=loc("按处理部门", "By handling department"),
                    columns=[_col("department", t("department", "zh"), t("department", "en")),
                             *[Column(key=r.code, name=REMINDER.name_of(r.code)) for r in REMINDER]],
                    rows=[[DEPARTMENT.name_of(k), *v.values()] for k, v in sorted(counts.items(),
                          key=lambda kv: DEPARTMENT.codes.index(kv[0]))], chart=list(REMINDER.codes))]
    return SheetReport(subject="reminders", title=basis.title, cites=basis.cites, citation=basis.citation,
                       as_of=as_of, period=f"{as_of.astimezone(CHINA_TZ):%Y-%m-%d %H:%M}", profile=profile.id,
                       notes=list(REMINDER_NOTES), sheets=sheets)


__all__ = ["time_limit_report_of", "time_limit_reminders_of", "OUTCOME", "OUTCOME_OF", "REMINDER"]
