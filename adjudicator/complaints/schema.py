"""The complaint facts the rules may test, with their types and allowed values (from the vocabulary), and the
display-only values a fact carries for explanation templates."""
from __future__ import annotations

from ..core.facts import FieldSpec
from .vocabulary import CASE_TYPE, CATEGORY, CHANNEL, DEADLINE, DEADLINE_STATUS, EXCEPTION, WAITING

SCHEMA: dict[str, dict[str, FieldSpec]] = {
    "complaint": {
        "channel": FieldSpec(str, "intake channel", CHANNEL, zh="受理渠道"),
        "case_type": FieldSpec(str, "case type", CASE_TYPE, zh="案件类型"),
        "category": FieldSpec(str, "category", CATEGORY, zh="投诉类别"),
        "major": FieldSpec(bool, "a major product, quality or service complaint", zh="重大投诉"),
        "closed": FieldSpec(bool, "the complaint is closed", zh="投诉已关闭"),
        "vrt_started": FieldSpec(bool, "a support team (VRT) was started", zh="已启动支援小组（VRT）"),
        "has_time_limit": FieldSpec(bool, "the specialist set a time limit", zh="专员已设定处理时限"),
    },
    "closure": {
        "withdrew": FieldSpec(bool, "the customer withdrew the complaint", zh="客户已撤回投诉"),
        "plan_accepted": FieldSpec(bool, "the customer accepted the handling plan", zh="客户已接受处理方案"),
        "plan_completed": FieldSpec(bool, "the plan was carried out (repair done or demand met)", zh="处理方案已实施完成"),
        "deferred_agreed": FieldSpec(bool, "the plan is deferred and the customer agreed the follow-up", zh="方案暂缓实施且客户已同意后续处理"),
        "demand_rejected": FieldSpec(bool, "a demand outside law and policy was clearly answered", zh="已明确答复不合规诉求"),
        "result_recorded": FieldSpec(bool, "a handling result is recorded (withdrawal, completion, deferral, answer)", zh="已记录处理结果"),
        "record_complete": FieldSpec(bool, "the handling is recorded (a feedback or progress record with a description)", zh="处理过程已完整记录"),
        "records": FieldSpec(int, "handling records in the system", zh="处理记录条数"),
        "noted_records": FieldSpec(int, "handling records that describe the handling", zh="写明处理情况的记录条数"),
        "closed": FieldSpec(bool, "the complaint is closed", zh="投诉已关闭"),
        "signed": FieldSpec(bool, "the person responsible signed the complaint record", zh="负责人已在投诉记录上签字"),
    },
    "deadline": {
        "code": FieldSpec(str, "which deadline", DEADLINE, zh="时限"),
        "status": FieldSpec(str, "met | missed | running | overdue | exempt", DEADLINE_STATUS, zh="时限状态"),
        "exception": FieldSpec(str, "a waiting exception that suspends the limit", EXCEPTION, zh="暂停时限的等待情形"),
        "shifted": FieldSpec(bool, "the due time was moved out of a statutory holiday", zh="截止时间因法定节假日顺延"),
        "hours_left": FieldSpec(float, "hours from the decision time to the due time (running or overdue only)", zh="距截止时间的小时数"),
        "due_today": FieldSpec(bool, "running and due on the decision day", zh="当日到期"),
    },
    "waiting": {
        "kind": FieldSpec(str, "what the case waits for", WAITING, zh="等待事项"),
        "complete": FieldSpec(bool, "waiting for parts: the record names the part and its order date", zh="等待零件记录完整（写明零件及订购日期）"),
    },
    "involvement": {
        "arbitration": FieldSpec(bool, "the customer applied for arbitration", zh="客户已申请仲裁"),
        "lawsuit": FieldSpec(bool, "the customer sued", zh="客户已起诉"),
        "media_crisis": FieldSpec(bool, "a brand or public-opinion crisis", zh="品牌或舆情危机"),
        "case_type": FieldSpec(str, "case type (a crisis case)", CASE_TYPE, zh="案件类型"),
    },
}

DISPLAY: dict[str, tuple[str, ...]] = {
    "complaint": ("id", "vin", "received", "category_zh", "reported_at"),
    "closure": ("withdrew_at", "accepted_at", "completed_at", "deferred_at", "rejected_at", "closed_at", "signed_by",
                "signed_at"),
    "deadline": ("name_zh", "name_en", "start", "due", "base_due", "met", "status_zh", "status_en", "exception_zh",
                 "exception_en", "exception_zh_short", "exception_en_short", "exception_at", "as_of"),
    "waiting": ("at", "part", "ordered_on", "missing_zh", "missing_en"),
    "involvement": ("arbitration_at", "lawsuit_at", "media_at", "legal_at", "marketing_at"),
}

