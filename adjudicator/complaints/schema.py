"""The complaint facts the rules may test, with their types and allowed values (from the vocabulary), and the
display-only values a fact carries for explanation templates."""
from __future__ import annotations

from ..core.facts import FieldSpec
from .vocabulary import CASE_TYPE, CATEGORY, CHANNEL, DEADLINE, DEADLINE_STATUS, EXCEPTION, WAITING

CASE_TYPES, CATEGORIES, CHANNELS, DEADLINE_CODES = CASE_TYPE.codes, CATEGORY.codes, CHANNEL.codes, DEADLINE.codes
STATUSES, EXCEPTIONS = DEADLINE_STATUS.codes, EXCEPTION.codes

SCHEMA: dict[str, dict[str, FieldSpec]] = {
    "complaint": {
        "channel": FieldSpec(str, "intake channel", CHANNELS),
        "case_type": FieldSpec(str, "case type", CASE_TYPES),
        "category": FieldSpec(str, "category", CATEGORIES),
        "major": FieldSpec(bool, "a major product, quality or service complaint"),
        "closed": FieldSpec(bool, "the complaint is closed"),
        "vrt_started": FieldSpec(bool, "a support team (VRT) was started"),
        "has_time_limit": FieldSpec(bool, "the specialist set a time limit"),
    },
    "closure": {
        "withdrew": FieldSpec(bool, "the customer withdrew the complaint"),
        "plan_accepted": FieldSpec(bool, "the customer accepted the handling plan"),
        "plan_completed": FieldSpec(bool, "the plan was carried out (repair done or demand met)"),
        "deferred_agreed": FieldSpec(bool, "the plan is deferred and the customer agreed the follow-up"),
        "demand_rejected": FieldSpec(bool, "a demand outside law and policy was clearly answered"),
        "result_recorded": FieldSpec(bool, "a handling result is recorded (withdrawal, completion, deferral, answer)"),
        "record_complete": FieldSpec(bool, "the handling is recorded (a feedback or progress record with a description)"),
        "records": FieldSpec(int, "handling records in the system", zh="处理记录条数"),
        "noted_records": FieldSpec(int, "handling records that describe the handling", zh="写明处理情况的记录条数"),
        "closed": FieldSpec(bool, "the complaint is closed"),
    },
    "deadline": {
        "code": FieldSpec(str, "which deadline", DEADLINE_CODES),
        "status": FieldSpec(str, "met | missed | running | overdue | exempt", STATUSES),
        "exception": FieldSpec(str, "a waiting exception that suspends the limit", EXCEPTIONS),
        "shifted": FieldSpec(bool, "the due time was moved out of a statutory holiday"),
        "hours_left": FieldSpec(float, "hours from the decision time to the due time (running or overdue only)"),
        "due_today": FieldSpec(bool, "running and due on the decision day"),
    },
    "waiting": {
        "kind": FieldSpec(str, "what the case waits for", WAITING.codes),
        "complete": FieldSpec(bool, "waiting for parts: the record names the part and its order date"),
    },
    "involvement": {
        "arbitration": FieldSpec(bool, "the customer applied for arbitration"),
        "lawsuit": FieldSpec(bool, "the customer sued"),
        "media_crisis": FieldSpec(bool, "a brand or public-opinion crisis"),
        "case_type": FieldSpec(str, "case type (a crisis case)", CASE_TYPES),
    },
}

DISPLAY: dict[str, tuple[str, ...]] = {
    "complaint": ("id", "vin", "received", "category_zh", "reported_at"),
    "closure": ("withdrew_at", "accepted_at", "completed_at", "deferred_at", "rejected_at", "closed_at"),
    "deadline": ("name_zh", "name_en", "start", "due", "base_due", "met", "status_zh", "status_en", "exception_zh",
                 "exception_en", "exception_zh_short", "exception_en_short", "exception_at", "as_of"),
    "waiting": ("at", "part", "ordered_on", "missing_zh", "missing_en"),
    "involvement": ("arbitration_at", "lawsuit_at", "media_at", "legal_at", "marketing_at"),
}

