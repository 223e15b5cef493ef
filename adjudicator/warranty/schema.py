"""The warranty facts the rules may test: each fact type's fields with their types and allowed values (from the
vocabulary), and the display-only values a fact carries for explanation templates."""
from __future__ import annotations

from ..core.facts import FieldSpec
from .vocabulary import (
    ACTION,
    BODY,
    CAUSE,
    CONDITION,
    FAILURE_MODE,
    FINDING,
    INCIDENT,
    INCIDENT_CAUSE,
    POWERTRAIN,
    REQUEST,
    SYSTEM,
    USAGE,
)

_WINDOW = {
    "days_after_start": FieldSpec(int, "days from the start date to the day the fault arose (start day not counted)", zh="起算后第几天（故障发生时）"),
    "km_after_delivery": FieldSpec(int, "km from the delivery odometer when the fault arose", zh="交付后行驶里程（故障发生时）"),
    "in_repair_warranty": FieldSpec(bool, "arose inside the 包修期 (by date and by km)", zh="发生在包修期内"),
    "in_return_period": FieldSpec(bool, "arose inside the 三包有效期 (by date and by km)", zh="发生在三包有效期内"),
}

SCHEMA: dict[str, dict[str, FieldSpec]] = {
    "vehicle": {
        "usage": FieldSpec(str, "household | operational | company", USAGE, zh="用途"),
        "body": FieldSpec(str, "passenger_car | pickup | other", BODY, zh="车型"),
        "powertrain": FieldSpec(str, "ice | hev | phev | bev", POWERTRAIN, zh="动力类型"),
        "has_invoice": FieldSpec(bool, "the consumer holds the purchase invoice", zh="持有购车发票"),
        "has_certificate": FieldSpec(bool, "the consumer holds the 三包凭证", zh="持有三包凭证"),
        "condition": FieldSpec(str, "new | used (bought second-hand)", CONDITION, zh="新车或二手车"),
    },
    "claim": {
        "days_after_start": FieldSpec(int, "days from the start date to the decision date", zh="起算后第几天（决定日）"),
        "km_after_delivery": FieldSpec(int, "km driven since delivery at the decision date", zh="交付后行驶里程（决定日）"),
        "in_repair_warranty": FieldSpec(bool, "the decision date and km are inside the 包修期", zh="决定日在包修期内"),
        "in_return_period": FieldSpec(bool, "the request (or, without one, the decision date) is inside the 三包有效期",
                                      zh="请求日（无请求时为决定日）在三包有效期内"),
        "replacement_vehicle_available": FieldSpec(bool, "a same-model or not-lower car can be supplied (absent: unknown)", zh="有可供更换的车辆"),
        "repair_warranty_problems": FieldSpec(int, "quality problems on record that arose inside the 包修期 and count", zh="包修期内出现的质量问题数"),
        "problems_on_record": FieldSpec(int, "problems any visit worked on (inspections without a fault left out)", zh="维修记录中的问题数"),
    },
    "certificate": {
        "repair_years": FieldSpec(float, "包修期 years promised", zh="三包凭证载明的包修期年限"),
        "repair_km": FieldSpec(int, "包修期 km promised", zh="三包凭证载明的包修期里程"),
        "return_years": FieldSpec(float, "三包有效期 years promised", zh="三包凭证载明的三包有效期年限"),
        "return_km": FieldSpec(int, "三包有效期 km promised", zh="三包凭证载明的三包有效期里程"),
        "coefficient_pct": FieldSpec(float, "use-compensation coefficient n, percent", zh="三包凭证载明的使用补偿系数（%）"),
    },
    "item": {
        "system": FieldSpec(str, "system of the failing part", SYSTEM, zh="故障零件所属系统"),
        "action": FieldSpec(str, "what the repairer did", ACTION, zh="处理方式"),
        "main_part": FieldSpec(bool, "the part is a main part listed on the certificate", zh="主要零件"),
        "serious": FieldSpec(bool, "flagged a serious safety fault by the technician", zh="技师认定为严重安全性能故障"),
        "failure_mode": FieldSpec(str, "listed failure, if any", FAILURE_MODE, zh="失效模式"),
        "cause": FieldSpec(str, "cause of the fault", CAUSE, zh="故障原因"),
        "quality": FieldSpec(bool, "the technician found a quality problem", zh="技师认定为质量问题"),
        "counts": FieldSpec(bool, "a repair of a quality problem that counts (not excluded, not inspection only)", zh="计入三包的质量问题修理"),
        "major_replacement": FieldSpec(bool, "an assembly, or a main part of it, was replaced", zh="更换了总成或其主要零件"),
        **_WINDOW,
    },
    "visit": {
        "repair_days": FieldSpec(int, "single repair time in days (excluded hours NOT removed)", zh="单次修理天数"),
        "in_repair_warranty": FieldSpec(bool, "the visit opened inside the 包修期", zh="进厂时在包修期内"),
        "quality_repair": FieldSpec(bool, "at least one item is a counting quality repair", zh="因质量问题修理"),
        "courtesy_provided": FieldSpec(bool, "a courtesy vehicle or transport compensation was provided", zh="已提供备用车或交通补偿"),
        "in_progress": FieldSpec(bool, "still in repair at the end of the decision date (days counted to then)", zh="决定日仍在修理"),
    },
    "problem": {
        "repairs": FieldSpec(int, "visits repairing this quality problem inside the 三包有效期", zh="同一质量问题修理次数"),
        "repairs_in_repair_warranty": FieldSpec(int, "visits repairing it inside the 包修期", zh="包修期内同一质量问题修理次数"),
        "disclosed": FieldSpec(bool, "the consumer was told of this flaw in writing before buying", zh="购买前已书面告知该瑕疵"),
        "disclosed_breach": FieldSpec(bool, "the disclosed flaw breaches a law or mandatory standard", zh="所告知瑕疵违反法律法规或强制性国家标准"),
        "unfixed": FieldSpec(bool, "the latest repair did not fix it", zh="最近一次修理后仍未修复"),
    },
    "repair_time": {
        "cumulative_days": FieldSpec(int, "repair days inside the 三包有效期, excluded hours left out", zh="累计修理天数"),
        "visits": FieldSpec(int, "visits counted", zh="计入的修理次数"),
    },
    "safety": {
        "repairs": FieldSpec(int, "repairs of serious safety faults inside the 三包有效期", zh="严重安全性能故障修理次数"),
        "still_faulty": FieldSpec(bool, "the latest serious-safety repair did not eliminate the fault", zh="故障仍未排除"),
    },
    "assemblies": {
        "replacements": FieldSpec(int, "assembly replacements inside the 三包有效期 (all listed assemblies together)", zh="总成累计更换次数"),
        "still_faulty": FieldSpec(bool, "after the latest replacement an assembly is still not usable", zh="更换后仍不能正常使用"),
    },
    "main_part": {
        "system": FieldSpec(str, "system of the main part", SYSTEM, zh="主要零件所属系统"),
        "replacements": FieldSpec(int, "replacements of this same main part inside the 三包有效期", zh="同一主要零件更换次数"),
        "still_faulty": FieldSpec(bool, "after the latest replacement the part is still not usable", zh="更换后仍不能正常使用"),
    },
    "consumable": {
        "within_own_period": FieldSpec(bool, "failed inside the consumable's own warranty on the certificate", zh="在易损件自身质量保证期内"),
        "quality": FieldSpec(bool, "the technician found a quality problem", zh="技师认定为质量问题"),
        "main_part": FieldSpec(bool, "the part is a main part: the certificate may not list it as a consumable", zh="属于主要零件"),
    },
    "incident": {
        "kind": FieldSpec(str, "fire | total_loss", INCIDENT.codes, zh="事件"),
        "cause": FieldSpec(str, "what is known of its cause", INCIDENT_CAUSE.codes, zh="事件原因"),
    },
    "request": {
        "kind": FieldSpec(str, "what the consumer asked for", REQUEST, zh="消费者的请求"),
        "reply_overdue": FieldSpec(bool, "no written reply by the reply deadline", zh="逾期未书面答复"),
        "completion_overdue": FieldSpec(bool, "the replacement or return not completed by its deadline", zh="逾期未完成更换或退货"),
    },
    # asserted by the rules themselves (a conclusion's `derives:`), never built from the input; here for its names
    "finding": {
        "code": FieldSpec(str, "a finding an earlier rule concluded", FINDING, zh="已得出的认定"),
    },
}

# Display-only values a fact carries for explanations (never sent to the engine).
DISPLAY: dict[str, tuple[str, ...]] = {
    "vehicle": ("vin", "usage_zh", "body_zh"),
    "claim": ("date", "odometer_km", "start", "repair_warranty_end", "return_period_end", "unfixed_problems",
              "exercised_on", "repair_warranty_problem_list"),
    "certificate": ("repair_min_years", "repair_min_km", "return_min_years", "return_min_km"),
    "item": ("visit", "date", "odometer_km", "problem", "description", "system_zh", "failure_zh", "failure_en",
             "cause_zh"),
    "visit": ("visit", "opened", "closed", "courtesy_from", "courtesy_from_day", "courtesy_days", "from_dates_only"),
    "problem": ("problem", "visits", "description"),
    "repair_time": ("visit_list",),
    "safety": ("visit_list",),
    "assemblies": ("visit_list",),
    "main_part": ("problem", "visit_list", "system_zh", "description"),
    "consumable": ("visit", "date", "problem", "period_end", "period_km"),
    "incident": ("id", "date", "kind_zh", "cause_zh", "description"),
    "request": ("requested_on", "reply_due", "completion_due", "replied_on", "completed_on"),
}

