"""Every closed set of codes the warranty domain uses, each declared once with its Chinese and English names."""
from __future__ import annotations

from ..core.text import Localized
from ..core.vocabulary import DEADLINE_STATUS, Term, Vocabulary

__all__ = ["DEADLINE_STATUS"]  # shared with every domain; re-exported for the warranty renderers

USAGE = Vocabulary(
    "usage",
    Term("household", "家庭生活消费", "household", ("家用",)),
    Term("operational", "营运", "commercial operation", ("营运（出租、网约车等）",)),
    Term("company", "单位用车", "company", ("单位",)),
    title=("车辆使用性质", "use of the car"),
)
# how commercial operation is glossed for each body type: a taxi is not a goods truck
USAGE_GLOSS = {"passenger_car": Localized(zh="（出租、网约车等）", en=" (taxi, ride-hailing, hire)"),
               "pickup": Localized(zh="（货运等）", en=" (goods transport)"),
               "other": Localized(zh="（客运、货运等）", en=" (passenger or goods transport)")}
INCIDENT = Vocabulary(
    "incident",
    Term("fire", "起火", "fire", ("自燃",)),
    Term("total_loss", "全损", "total loss", ("报废",)),
    title=("车辆事件", "incident"),
)
INCIDENT_CAUSE = Vocabulary(
    "incident_cause",
    Term("quality", "质量问题", "a quality problem"),
    Term("accident", "事故", "an accident"),
    Term("misuse", "使用不当", "misuse"),
    Term("external", "外部原因", "an external cause", ("外来火源",)),
    Term("not_established", "原因未查明", "not established", ("原因不明",)),
    title=("事件原因", "incident cause"),
)
CONDITION = Vocabulary(
    "condition",
    Term("new", "新车", "new", ("新",)),
    Term("used", "二手车", "used (second-hand)", ("二手", "旧车")),
    title=("新旧状况", "condition when sold"),
)
POWERTRAIN = Vocabulary(
    "powertrain",
    Term("ice", "燃油", "combustion engine"),
    Term("hev", "混合动力", "hybrid"),
    Term("phev", "插电式混合动力", "plug-in hybrid"),
    Term("bev", "纯电动", "battery electric"),
    title=("动力类型", "powertrain"),
)
BODY = Vocabulary(
    "body",
    Term("passenger_car", "乘用车", "passenger car"),
    Term("pickup", "皮卡车", "pickup"),
    Term("other", "其他车型", "other", ("客车", "货车")),
    title=("车型类别", "body type"),
)
SYSTEM = Vocabulary(
    "system",
    Term("engine", "发动机", "engine"),
    Term("transmission", "变速器", "transmission"),
    Term("power_battery", "动力蓄电池", "power battery"),
    Term("drive_motor", "行驶驱动电机", "drive motor", ("驱动电机",)),
    Term("steering", "转向系统", "steering", ("转向",)),
    Term("brake", "制动系统", "brakes", ("制动",)),
    Term("suspension", "悬架系统", "suspension", ("悬架",)),
    Term("axle", "前/后桥", "axles", ("前后桥", "车桥")),
    Term("drivetrain", "传动系统", "drivetrain", ("传动",)),
    Term("emission_control", "污染控制装置", "emission control"),
    Term("body", "车身", "body"),
    Term("electrical", "电器", "electrical", ("电气",)),
    Term("other", "其他", "other"),
    title=("系统", "system"),
)
# what a rule may conclude for other rules to read (`derives:` in a conclusion; the `finding` fact's `code`)
FINDING = Vocabulary(
    "finding",
    Term("replacement_due", "已认定可更换或退货（收取合理使用补偿）", "replacement or return due (use compensation charged)"),
    Term("free_replacement_due", "已认定可免费更换或退货", "free replacement or return due"),
    title=("已作出的认定", "finding already made"),
)
ACTION = Vocabulary(
    "action",
    Term("inspect_no_fault", "检查无故障", "inspected, no fault found"),
    Term("repair", "维修", "repaired"),
    Term("replace_part", "更换零件", "part replaced"),
    Term("replace_assembly", "更换总成", "assembly replaced"),
    title=("维修措施", "repair action"),
)
FAILURE_MODE = Vocabulary(
    "failure_mode",
    Term("brake_failure", "制动系统失效", "a brake-system failure", ("制动失效",)),
    Term("steering_failure", "转向系统失效", "a steering-system failure", ("转向失效",)),
    Term("body_crack", "车身开裂", "a cracked body"),
    Term("fuel_leak", "燃油泄漏", "a fuel leak"),
    Term("battery_fire", "动力蓄电池起火", "a power-battery fire"),
    title=("故障表现", "failure mode"),
)
CAUSE = Vocabulary(
    "cause",
    Term("quality", "质量问题", "quality", ("质量",)),
    Term("misuse", "未按说明书使用", "misuse", ("使用不当",)),
    Term("modification", "擅自改装、调整、拆卸", "modification", ("改装", "擅自改装")),
    Term("improper_handling", "处置不当", "improper handling"),
    Term("maintenance_neglect", "未按要求维护保养", "maintenance neglect", ("未按规定保养",)),
    Term("force_majeure", "不可抗力", "force majeure"),
    Term("accident", "事故", "accident"),
    Term("unknown", "原因不明", "unknown", ("未知",)),
    title=("故障原因", "cause"),
)
REQUEST = Vocabulary(
    "request",
    Term("repair", "修理", "repair"),
    Term("replace", "更换", "replacement"),
    Term("return", "退货", "return"),
    Term("assembly_replacement", "更换总成", "assembly replacement"),
    title=("消费者的请求", "the consumer's request"),
)
REMEDY = Vocabulary(
    "remedy",
    Term("return", "退货", "return"),
    Term("replace", "更换", "replacement"),
    Term("assembly_replacement", "更换总成", "assembly replacement", ("免费更换总成",)),
    Term("free_repair", "免费修理", "free repair"),
    Term("courtesy_vehicle", "备用车或交通补偿", "courtesy vehicle or transport compensation",
         ("备用车或交通费用补偿",)),
    Term("consumable_replacement", "易损耗零部件免费更换/修理", "consumable replaced/repaired free",
         ("易损耗零部件免费更换", "易损耗零部件免费修理")),
    title=("救济", "remedy"),
)
# what each request asks for, as a remedy of the decision
REQUESTED_REMEDY = {"repair": "free_repair", "replace": "replace", "return": "return",
                    "assembly_replacement": "assembly_replacement"}
if set(REQUESTED_REMEDY) != set(REQUEST.codes) or not set(REQUESTED_REMEDY.values()) <= set(REMEDY.codes):
    raise ValueError("REQUESTED_REMEDY must map every request to a remedy")
# the remedies from the strongest to the weakest: a headline without a request names the first one available
REMEDY_STRENGTH = ("return", "replace", "assembly_replacement", "consumable_replacement", "free_repair",
                   "courtesy_vehicle")
if sorted(REMEDY_STRENGTH) != sorted(REMEDY.codes):
    raise ValueError("REMEDY_STRENGTH must order every remedy")
VERDICT = Vocabulary(
    "verdict",
    Term("granted", "成立", "granted"),
    Term("refused", "不成立", "refused"),
    Term("other_remedy", "不成立，但有其他救济", "not as asked: another remedy is available"),
    Term("undetermined", "取决于尚未确定的事实", "undetermined: it depends on a fact not yet known"),
    Term("no_request", "未提出请求", "no request"),
    title=("对请求的结论", "verdict on the request"),
)
RULE_KIND = Vocabulary(
    "rule_kind",
    Term("scope", "适用范围", "scope"),
    Term("exclusion", "免责/不计次", "exclusion"),
    Term("remedy", "救济", "remedy"),
    Term("compliance", "合规问题", "compliance"),
    Term("notice", "提示", "notice"),
    Term("deadline", "期限", "deadline"),
    title=("规则类别", "rule kind"),
)
DEADLINE = Vocabulary(
    "deadline",
    Term("seller_reply", "销售者书面答复", "seller's written reply", ("书面答复",)),
    Term("seller_completion", "完成更换或退货", "replacement or return completed"),
    title=("时限", "deadline"),
)
PERIOD = Vocabulary(
    "period",
    Term("repair_warranty", "包修期", "repair warranty (包修期)"),
    Term("return_period", "三包有效期", "replace/return period (三包有效期)"),
    Term("early_window", "早期退换期", "early window", ("60日/3000公里期",)),
    Term("seven_day_window", "七日退换期", "seven-day window", ("7日期",)),
    title=("期限", "period"),
)
PERIOD_SOURCE = Vocabulary(
    "period_source",
    Term("statutory", "法定最低", "statutory"),
    Term("certificate", "三包凭证", "certificate"),
    title=("期限来源", "source of a period"),
)
USE_COMPENSATION = Vocabulary(
    "use_compensation",
    Term("charged", "收取使用补偿", "charged"),
    Term("free", "不收取", "free"),
    title=("合理使用补偿", "use compensation"),
)
