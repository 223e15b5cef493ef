"""Every closed set of codes the complaint domain uses, each declared once with its Chinese and English names."""
from __future__ import annotations

from ..core.vocabulary import DEADLINE_STATUS, Term, Vocabulary

__all__ = ["DEADLINE_STATUS"]

CHANNEL = Vocabulary(
    "channel",
    Term("carmaker_wechat", "厂家微信服务号", "carmaker_wechat"),
    Term("carmaker_hotline", "厂家客户中心", "carmaker_hotline"),
    Term("letter_email", "信函/邮件", "letter_email"),
    Term("dealer", "经销商", "dealer"),
    Term("media", "媒体", "media"),
    Term("institution", "机构", "institution"),
    Term("other", "其他", "other"),
    title=("投诉渠道", "channel"),
)
CASE_TYPE = Vocabulary(
    "case_type",
    Term("service_request", "服务请求", "service_request"),
    Term("grievance", "抱怨", "grievance"),
    Term("complaint", "投诉", "complaint"),
    Term("crisis", "危机事件", "crisis"),
    Term("general", "一般案例", "general"),
    title=("案件类型", "case type"),
)
CATEGORY = Vocabulary(
    "category",
    Term("quality", "质量", "quality"),
    Term("sales", "销售", "sales"),
    Term("service", "服务", "service"),
    Term("parts", "配件", "parts"),
    Term("other", "其他", "other"),
    title=("投诉类别", "category"),
)
# the department that handles a complaint (FAW-CRM ch.2 (二): the weekly summary counts by department);
# `unspecified` is the group of a complaint whose record names none
DEPARTMENT = Vocabulary(
    "department",
    Term("sales", "销售部", "sales", ("销售", "销售部门")),
    Term("after_sales", "售后服务部", "after-sales", ("售后", "售后部", "服务", "服务部", "售后服务")),
    Term("customer_service", "客服部", "customer service", ("客服", "客户关系部", "客户服务部")),
    Term("marketing", "市场部", "marketing", ("市场", "市场部门")),
    Term("parts", "配件部", "parts", ("配件", "备件部")),
    Term("other", "其他部门", "other department", ("其他",)),
    Term("unspecified", "未注明部门", "department not given"),
    title=("处理部门", "handling department"),
)
EVENT_TYPE = Vocabulary(
    "event_type",
    Term("customer_contacted", "已联系客户", "customer contacted"),
    Term("feedback_logged", "系统反馈", "feedback logged"),
    Term("progress_logged", "进展反馈", "progress logged"),
    Term("oem_assistance_requested", "已申请厂家援助", "carmaker assistance requested"),
    Term("vrt_started", "启动VRT小组", "VRT started"),
    Term("vrt_solution", "VRT提出方案", "VRT solution"),
    Term("handling_plan_made", "制定处理方案", "handling plan made"),
    Term("customer_accepted_plan", "客户接受方案", "customer accepted the plan"),
    Term("plan_completed", "方案实施完成", "plan completed"),
    Term("plan_deferred_agreed", "方案暂缓且客户同意", "plan deferred, customer agreed"),
    Term("customer_withdrew", "客户撤回投诉", "customer withdrew"),
    Term("demand_rejected_with_reply", "诉求不合规并已明确答复", "demand rejected with a reply"),
    Term("waiting_technical_conclusion", "等待技术结论", "waiting for a technical conclusion"),
    Term("waiting_parts", "等待备件", "waiting for parts"),
    Term("escalated", "已升级", "escalated"),
    Term("closure_requested", "申请关闭", "closure requested"),
    Term("closed", "已关闭", "closed"),
    Term("revisited", "已回访", "revisited"),
    Term("arbitration_filed", "申请仲裁", "arbitration filed"),
    Term("lawsuit_filed", "提起诉讼", "lawsuit filed"),
    Term("media_crisis", "媒体危机", "media crisis"),
    Term("reported_to_carmaker", "已报厂家", "reported to the carmaker"),
    Term("legal_involved", "法务介入", "legal involved"),
    Term("marketing_involved", "市场部门介入", "marketing involved"),
    title=("投诉处理事件类型", "complaint event type"),
)
# a deadline's name, and the next action that meets it
DEADLINE = Vocabulary(
    "deadline",
    Term("first_contact", "首次联系客户", "First contact"),
    Term("assistance_request", "申请厂家援助", "Carmaker assistance request"),
    Term("first_feedback", "系统首次反馈", "First feedback"),
    Term("progress", "进展反馈", "Progress record"),
    Term("resolution", "处理时限", "Handling limit"),
    Term("general_close", "一般案例关闭", "General-case closure"),
    Term("time_limit", "专员设定时限", "Specialist's time limit"),
    Term("revisit", "次日回访", "Next-day revisit"),
    Term("vrt_solution", "VRT 方案", "VRT solution"),
    Term("handling_plan", "处理方案", "Handling plan"),
    title=("时限", "deadline"),
)
NEXT_ACTION = Vocabulary(
    "next_action",
    Term("first_contact", "与客户取得联系", "contact the customer"),
    Term("assistance_request", "向厂家申请援助", "ask the carmaker for assistance"),
    Term("first_feedback", "在系统中首次反馈", "record the first feedback in the system"),
    Term("progress", "在系统中反馈处理进展", "record progress in the system"),
    Term("resolution", "完成处理并申请关闭", "finish handling and request closure"),
    Term("general_close", "处理、解决并关闭", "handle, resolve and close the case"),
    Term("time_limit", "在专员设定的时限内关闭", "close within the specialist's time limit"),
    Term("revisit", "回访客户", "revisit the customer"),
    Term("vrt_solution", "VRT 提出技术解决方案或提案", "VRT delivers a solution or proposal"),
    Term("handling_plan", "制定处理方案", "make a handling plan"),
    Term("involve_legal", "通知投诉处理专员和法务人员配合处理", "bring in the complaint specialist and legal staff"),
    Term("involve_marketing", "通知投诉处理专员和市场部门配合处理", "bring in the complaint specialist and marketing"),
    Term("report_to_carmaker", "将投诉内容、处理方法和结果报厂家",
         "report the complaint, its handling and result to the carmaker"),
    Term("start_vrt", "需要支援时启动品质类 VRT 小组", "start a quality VRT where support is needed"),
    title=("下一步行动", "next action"),
)
ACTION = Vocabulary("action", *(t for t in NEXT_ACTION if t.code not in DEADLINE), title=("行动", "action"))
ESCALATION = Vocabulary(
    "escalation",
    Term("E1", "E1", "E1"), Term("E2", "E2", "E2"), Term("E3", "E3", "E3"),
    title=("升级", "escalation"),
)
RULE_KIND = Vocabulary(
    "rule_kind",
    Term("closure", "关闭条件", "closure"),
    Term("closure_block", "关闭前提", "closure block"),
    Term("deadline", "时限", "deadline"),
    Term("escalation", "升级", "escalation"),
    Term("action", "措施", "action"),
    Term("notice", "提示", "notice"),
    title=("规则类别", "rule kind"),
)
URGENCY = Vocabulary(
    "urgency",
    Term("overdue", "已逾期", "overdue"),
    Term("due_today", "今日到期", "due today"),
    Term("escalation", "需升级", "escalation required"),
    Term("open", "处理中", "open"),
    Term("closed", "已关闭", "closed"),
    title=("紧急程度", "urgency"),
)
EXCEPTION = Vocabulary(
    "exception",
    Term("none", "—", "—"),
    Term("waiting_technical", "等待技术结论", "waiting for a technical conclusion"),
    Term("waiting_parts", "总部缺件", "waiting for parts out of stock at head office"),
    title=("时限例外", "deadline exception"),
)
WAITING = Vocabulary(
    "waiting",
    Term("technical", "等待技术结论", "waiting for a technical conclusion"),
    Term("parts", "等待备件", "waiting for parts"),
    title=("等待情形", "waiting"),
)
