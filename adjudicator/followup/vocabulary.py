"""Every closed set of codes the follow-up domain uses, each declared once with its Chinese and English names."""
from __future__ import annotations

from ..core.vocabulary import DEADLINE_STATUS, Term, Vocabulary

__all__ = ["DEADLINE_STATUS"]

CUSTOMER_TYPE = Vocabulary(
    "customer_type",
    Term("private", "私人客户", "private customer"),
    Term("company", "单位客户", "company customer"),
    Term("key", "重点客户", "key customer", ("贡献客户",)),
    title=("客户类型", "customer type"),
)
CAR_USE = Vocabulary(
    "car_use",
    Term("private", "私车", "private car", ("私家车",)),
    Term("company", "公车", "company car", ("公务车",)),
    title=("车辆用途", "car use"),
)
EVENT_TYPE = Vocabulary(
    "event_type",
    Term("delivered", "新车交付", "new car delivered", ("交车",)),
    Term("workshop_completed", "竣工出厂", "left the workshop"),
    Term("complaint_closed", "投诉处理完毕", "complaint handled"),
    Term("appointment_made", "预约保养", "service appointment made"),
    Term("revisit", "回访", "revisit call"),
    Term("reminder_sent", "发送提醒", "reminder sent"),
    Term("handed_to_advisor", "已记录并通知服务顾问", "recorded and passed to the service advisor"),
    title=("回访日志事件类型", "CRM log event type"),
)
OUTCOME = Vocabulary(
    "outcome",
    Term("reached", "回访成功", "reached", ("已联系上",)),
    Term("not_reached", "未联系上", "not reached"),
    Term("refused", "客户拒绝回访", "refused"),
    title=("回访结果", "revisit outcome"),
)
# a follow-up duty's name: what must be done, by whom (ROLE) and by when (rules/followup/duties.yaml)
DUTY = Vocabulary(
    "duty",
    Term("after_sales_revisit", "售后回访", "After-sales revisit"),
    Term("not_reached_handover", "联系不上转服务顾问", "Unreached customer passed to the service advisor"),
    Term("complaint_revisit", "投诉处理后复访", "Revisit after a complaint"),
    Term("delivery_day_call", "交车当天回访", "Call on the day of delivery"),
    Term("delivery_specialist_call", "交车后回访专员回访", "Revisit specialist's call after delivery"),
    Term("delivery_week_call", "交车后七日回访", "Call a week after delivery"),
    Term("first_service_reminder", "首保提醒", "First-service reminder"),
    Term("service_reminder_week", "保养提醒（提前一周）", "Service reminder (a week before)"),
    Term("service_reminder_day", "保养提醒（提前一天）", "Service reminder (a day before)"),
    Term("service_reminder_hour", "保养提醒（提前一小时）", "Service reminder (an hour before)"),
    Term("insurance_reminder_early", "保险到期提醒（第一次）", "Insurance expiry reminder (first)"),
    Term("insurance_reminder_late", "保险到期提醒（第二次）", "Insurance expiry reminder (second)"),
    title=("回访与提醒义务", "follow-up duty"),
)
ROLE = Vocabulary(
    "role",
    Term("sales_consultant", "销售顾问", "sales consultant"),
    Term("revisit_specialist", "回访专员", "revisit specialist"),
    Term("service_advisor", "服务顾问", "service advisor"),
    title=("负责岗位", "responsible role"),
)
RULE_KIND = Vocabulary(
    "rule_kind",
    Term("duty", "回访与提醒义务", "follow-up duty"),
    title=("规则类别", "rule kind"),
)
# where a duty stands on the call list of a day
CALL_URGENCY = Vocabulary(
    "call_urgency",
    Term("overdue", "已逾期", "overdue"),
    Term("due_today", "今日到期", "due today"),
    Term("window_open", "可回访", "may be called"),
    title=("回访紧急程度", "call urgency"),
)
# the population a rate counts over: the customers the revisit policy wants called
POPULATION = Vocabulary(
    "population",
    Term("after_sales", "售后客户", "after-sales customer"),
    Term("new_car", "新车销售客户", "new-car customer"),
    title=("客户群体", "customer population"),
)
