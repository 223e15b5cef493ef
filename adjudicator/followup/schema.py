"""The follow-up facts the rules may test, with their types and allowed values (from the vocabulary), and the
display-only values a fact carries for explanation templates."""
from __future__ import annotations

from ..core.facts import FieldSpec
from .vocabulary import CAR_USE, CUSTOMER_TYPE, DEADLINE_STATUS, DUTY

SCHEMA: dict[str, dict[str, FieldSpec]] = {
    "duty": {
        "code": FieldSpec(str, "which duty", DUTY, zh="义务"),
        "status": FieldSpec(str, "met | missed | running | overdue", DEADLINE_STATUS, zh="状态"),
        "customer_type": FieldSpec(str, "the customer's type", CUSTOMER_TYPE, zh="客户类型"),
        "car_use": FieldSpec(str, "private or company car", CAR_USE, zh="车辆用途"),
        "attempted": FieldSpec(bool, "at least one call or reminder for it is logged", zh="已有回访或提醒记录"),
    },
}

DISPLAY: dict[str, tuple[str, ...]] = {
    "duty": ("vin", "customer", "customer_type_zh", "customer_type_en", "car_use_zh", "car_use_en", "start", "opens",
             "due", "met", "anchor", "complaint", "status_zh", "status_en", "name_zh", "name_en"),
}
