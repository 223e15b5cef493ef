"""The words of every report format, in Chinese and English."""
from __future__ import annotations

from ..complaints.vocabulary import DEPARTMENT
from ..core.text import Localized, loc
from ..followup.rates import NO_STAFF
from .model import ALL, Report

LABELS = {
    "followup": ("回访与提醒月报", "Follow-up report"), "complaints": ("投诉处理报表", "Complaint report"),
    "assessment": ("投诉考核报表", "Complaint assessment report"), "department": ("处理部门", "department"),
    "month": ("按月", "monthly"), "week": ("按周", "weekly"), "dealer": ("经销商", "dealer"),
    "advisor": ("经办人", "member of staff"), "rate": ("指标", "Rate"), "target": ("目标", "Target"),
    "source": ("依据", "Source"), "change": ("环比", "Change"), "open": ("未到期待办", "Open, not yet due"),
    "overdue": ("已逾期未办", "Overdue"), "all": ("全部", "All"), "none": ("未指定", "unassigned"),
    "as_of": ("统计时间", "As of"), "profile": ("政策方案", "Policy profile"), "period": ("期间", "Period"),
    "group": ("分组", "Group"), "meets": ("达标", "Meets target"), "yes": ("是", "yes"), "no": ("否", "no"),
    "numerator": ("分子", "Numerator"), "denominator": ("分母", "Denominator"), "items": ("待办事项", "Open items"),
    "definitions": ("指标口径", "What each rate counts"), "pp": ("个百分点", " pp"),
}


def t(key: str, lang: str) -> str:
    zh, en = LABELS[key]
    return zh if lang == "zh" else en


def group_name(group: str, lang: str, by: str | None = None) -> str:
    """A group's name; grouped by department, the department's name in `lang`."""
    if group == ALL:
        return t("all", lang)
    if by == "department" and group in DEPARTMENT:
        return DEPARTMENT.name_of(group).get(lang)
    return t("none", lang) if group == NO_STAFF else group


def group_label(group: str, by: str | None = None) -> Localized:
    """A group's name in both languages (for a report cell)."""
    return loc(group_name(group, "zh", by), group_name(group, "en", by))


def title(r: Report, lang: str) -> str:
    return f"{t(r.subject, lang)} · {t(r.period, lang)} · {t(r.by, lang)}"


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def change(value: float | None, lang: str) -> str:
    return "—" if value is None else f"{value:+.1f}{t('pp', lang)}"


__all__ = ["LABELS", "t", "group_name", "group_label", "title", "pct", "change"]
