"""Seeded generator of realistic vehicle purchase-and-repair histories, for differential tests and benchmarks.

Every history is a plain dict that `VehicleHistory.model_validate` accepts: odometers never go down over
time, every visit closes no earlier than it opens and opens no earlier than the invoice date, visit ids are
unique, and the claim lies after the purchase. The histories are built around scenarios that reach the
regulation's thresholds often (3-8 repairs of one problem, 25-40 cumulative repair days, early-window
failures, repeated replacements, serious-safety flags), so both the fired and the not-fired side of every
rule are exercised.

    from adjudicator.warranty.synthetic import generate_histories
    for data in generate_histories(1000, seed=7):          # dicts
        ...
    generate_histories(10, seed=1, visits=500)              # exactly 500 visits each (scaling benchmark)

The same (seed, index) always gives the same history, independent of how many are drawn.
"""
from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from ..core.synthetic import checked_codes, pick, seeded_stream
from .rulebook import load_warranty_rulebook
from .vocabulary import CAUSE, FAILURE_MODE, POWERTRAIN, SYSTEM

__all__ = ["generate_histories", "generate_history", "SCENARIOS", "Part", "CATALOGUE"]

CHINA = timezone(timedelta(hours=8))
VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
WMI = ("LSV", "LFV", "LGW", "LHG", "LVS", "LBV", "LRW", "LGX", "LDC", "LNB", "LSG", "LFM")
MODELS = {
    "ice": ("朗逸 1.5L", "轩逸 1.6L", "卡罗拉 1.2T", "思域 1.5T", "宝来 1.5L", "哈弗H6 1.5T", "帝豪 1.5L", "CR-V 1.5T"),
    "hev": ("凯美瑞双擎", "雅阁锐·混动", "卡罗拉双擎"),
    "phev": ("比亚迪 秦PLUS DM-i", "理想 L7", "比亚迪 宋PLUS DM-i", "问界 M5"),
    "bev": ("Model 3", "比亚迪 汉EV", "小鹏 P7", "蔚来 ET5", "埃安 S", "极氪 001", "五菱宏光MINIEV"),
}
SCENARIOS = ("repeat", "long", "early", "seven_day", "replacements", "safety", "consumable", "quiet")


@dataclass(frozen=True)
class Part:
    problem: str                   # the smallest failing part (same value = same quality problem)
    descriptions: tuple[str, ...]  # what the service advisor writes
    system: str
    main_part: bool = False
    failure_mode: str | None = None
    failure_text: str | None = None
    powertrains: tuple[str, ...] = ("ice", "hev", "phev", "bev")
    consumable: bool = False
    special: bool = False          # VIN-specific special part (transport time excluded)


_ICE = ("ice", "hev", "phev")
_EV = ("phev", "bev")
CATALOGUE: tuple[Part, ...] = (
    # engine
    Part("cylinder_head", ("缸盖漏水，冷却液消耗异常", "缸盖垫片冲缸，发动机过热"), "engine", True, powertrains=_ICE),
    Part("crankshaft", ("曲轴异响，怠速抖动", "曲轴位置异常，发动机敲缸"), "engine", True, powertrains=_ICE),
    Part("piston_ring", ("活塞环磨损，烧机油", "机油消耗过快，排气冒蓝烟"), "engine", True, powertrains=_ICE),
    Part("camshaft", ("凸轮轴异响", "凸轮轴正时偏差，发动机故障灯亮"), "engine", True, powertrains=_ICE),
    Part("ignition_coil", ("点火线圈故障，发动机抖动", "发动机缺缸，故障灯闪烁"), "engine", powertrains=_ICE),
    Part("water_pump", ("水泵漏水", "水泵轴承异响"), "engine", powertrains=_ICE),
    Part("turbocharger", ("涡轮增压器漏油，动力不足", "增压压力不足，加速无力"), "engine", powertrains=_ICE),
    # transmission
    Part("valve_body", ("变速箱换挡顿挫", "变速箱阀体故障，升挡冲击"), "transmission", True),
    Part("clutch_pack", ("双离合变速器离合器过热，起步抖动", "低速蠕行抖动，离合器打滑"), "transmission", True,
         powertrains=_ICE),
    Part("transmission_gear", ("变速箱齿轮异响", "变速箱高速啸叫"), "transmission", True),
    Part("mechatronic_unit", ("变速箱机电单元故障，无法挂挡", "变速箱故障灯亮，进入应急模式"), "transmission", True,
         powertrains=_ICE),
    # power battery and drive motor (BEV / PHEV)
    Part("battery_module", ("动力电池包绝缘故障", "动力电池绝缘阻值过低报警"), "power_battery", True,
         powertrains=_EV),
    Part("battery_cell", ("动力电池电芯压差过大，续航骤降", "电芯一致性差，充不满电"), "power_battery", True,
         "battery_fire", "动力电池冒烟起火", powertrains=_EV),
    Part("battery_pack_housing", ("动力电池包壳体变形进水", "电池包底壳磕碰渗水"), "power_battery", True,
         powertrains=_EV),
    Part("bms", ("电池管理系统故障，无法充电", "BMS通讯中断，仪表报电池故障"), "power_battery", powertrains=_EV),
    Part("motor_stator", ("驱动电机定子绕组故障，动力中断", "驱动电机过温限功率"), "drive_motor", True,
         powertrains=_EV),
    Part("motor_bearing", ("驱动电机轴承异响", "电机高速啸叫"), "drive_motor", True, powertrains=_EV),
    Part("motor_controller", ("电机控制器故障，车辆无法行驶", "逆变器报错，限功率"), "drive_motor", powertrains=_EV),
    # steering
    Part("steering_gear", ("转向机异响", "转向机漏油，方向沉重"), "steering", True,
         "steering_failure", "转向助力突然失效，方向盘锁死"),
    Part("steering_column", ("转向管柱异响，方向盘松旷",), "steering", True),
    Part("tie_rod", ("转向横拉杆松旷", "方向跑偏，横拉杆间隙过大"), "steering", True),
    Part("eps_motor", ("电动助力转向电机故障，方向盘发沉", "EPS故障灯亮"), "steering", False,
         "steering_failure", "行驶中转向助力丧失"),
    # brake
    Part("brake_master_cylinder", ("制动总泵漏油", "制动总泵内泄，踏板下沉"), "brake", True,
         "brake_failure", "制动踏板踩到底，制动失效"),
    Part("brake_booster", ("真空助力器失效，刹车踏板发硬", "制动助力不足"), "brake", True,
         "brake_failure", "制动助力完全丧失，刹车失灵"),
    Part("wheel_cylinder", ("制动分泵卡滞", "制动分泵漏油"), "brake", True),
    Part("abs_pump", ("ABS泵故障，ABS故障灯常亮", "ESP报警，ABS泵异响"), "brake"),
    # suspension, axle, drivetrain
    Part("control_arm", ("下摆臂球头松旷异响", "控制臂衬套开裂"), "suspension", True),
    Part("coil_spring", ("螺旋弹簧断裂", "前悬架弹簧异响"), "suspension", True),
    Part("shock_absorber", ("减震器漏油", "减震器异响"), "suspension"),
    Part("differential", ("差速器异响", "差速器漏油"), "axle", True),
    Part("final_drive", ("主减速器异响", "后桥主减速器漏油"), "axle", True),
    Part("drive_shaft", ("传动轴异响，加速抖动", "半轴球笼破裂异响"), "drivetrain", True),
    # emission control
    Part("catalytic_converter", ("三元催化器堵塞，排放超标", "三元催化器异响"), "emission_control", True,
         powertrains=_ICE),
    Part("gpf", ("颗粒捕集器堵塞报警", "GPF再生失败，故障灯亮"), "emission_control", True, powertrains=_ICE),
    Part("oxygen_sensor", ("氧传感器故障，排放故障灯亮",), "emission_control", powertrains=_ICE),
    # fuel
    Part("fuel_line", ("燃油管路渗漏", "油箱附近有汽油味"), "other", False, "fuel_leak", "燃油管接头漏油，车下滴油",
         powertrains=_ICE),
    Part("fuel_pump", ("燃油泵故障，加速无力", "燃油泵异响"), "other", powertrains=_ICE),
    # body
    Part("door_shell", ("车门本体锈穿", "车门关闭异响，门壳变形"), "body", True),
    Part("subframe", ("副车架焊缝开裂", "副车架异响"), "body", True, "body_crack", "车身A柱焊点开裂"),
    Part("body_frame", ("车身骨架异响",), "body", True, "body_crack", "车身纵梁开裂"),
    Part("sunroof_seal", ("天窗漏水",), "body"),
    Part("door_seal", ("车门密封条漏水", "风噪大，密封条脱落"), "body"),
    # electrical
    Part("main_harness", ("主线束短路，仪表黑屏", "整车线束故障，多个故障灯亮"), "electrical", special=True),
    Part("immobilizer", ("防盗控制单元故障，无法启动", "钥匙无法识别，防盗锁死"), "electrical", special=True),
    Part("bcm", ("车身控制模块故障，车灯不亮", "BCM故障，门锁失灵"), "electrical"),
    Part("infotainment", ("中控大屏死机黑屏", "车机系统反复重启"), "electrical"),
    Part("window_regulator", ("玻璃升降器失灵", "车窗无法升起"), "electrical"),
    Part("ac_compressor", ("空调压缩机不工作，空调不制冷", "空调压缩机异响"), "other"),
    # consumables (their own periods may be on the certificate)
    Part("brake_pad", ("刹车片异常磨损异响",), "brake", consumable=True),
    Part("battery_12v", ("12V蓄电池亏电无法启动",), "electrical", consumable=True),
    Part("wiper_blade", ("雨刮片刮不干净，异响",), "body", consumable=True),
    Part("tyre", ("轮胎鼓包", "轮胎异常偏磨"), "other", consumable=True),
    Part("spark_plug", ("火花塞积碳失火",), "engine", consumable=True, powertrains=_ICE),
    Part("headlamp_bulb", ("大灯灯泡不亮",), "electrical", consumable=True),
    Part("cabin_filter", ("空调滤芯异味",), "other", consumable=True),
)
# the assemblies of any version of the regulation: the rule book's own list, every dated value of it
_ASSEMBLIES = frozenset(code for value in load_warranty_rulebook().parameters["assemblies"].values
                        for code in value.value)
_SAFETY_SYSTEMS = ("brake", "steering")     # where the generator marks some faults as serious
_CONSUMABLE_PERIODS = {
    "brake_pad": (12, 30_000), "battery_12v": (12, 30_000), "wiper_blade": (3, 5_000), "tyre": (12, 30_000),
    "spark_plug": (12, 30_000), "headlamp_bulb": (3, 5_000), "cabin_filter": (3, 5_000),
}
_CAUSES = (("quality", 84), ("unknown", 5), ("misuse", 3), ("maintenance_neglect", 2), ("modification", 1.5),
           ("improper_handling", 1), ("force_majeure", 1), ("accident", 2.5))


def _check_codes() -> None:
    """Every code the generator writes is a code of the vocabulary: a renamed code breaks the generator here."""
    for part in CATALOGUE:
        checked_codes(SYSTEM, part.system)
        checked_codes(POWERTRAIN, *part.powertrains)
        if part.failure_mode:
            checked_codes(FAILURE_MODE, part.failure_mode)
    checked_codes(CAUSE, *(code for code, _ in _CAUSES))
    checked_codes(SYSTEM, *_ASSEMBLIES, *_SAFETY_SYSTEMS)
    checked_codes(POWERTRAIN, *MODELS)


def _vin(rng: random.Random) -> str:
    return rng.choice(WMI) + "".join(rng.choice(VIN_CHARS) for _ in range(14))


@dataclass
class _VisitPlan:
    day: int                       # days after the period start the visit opens
    hours: float                   # length of the visit
    items: list[dict[str, Any]]
    excluded_hours: float = 0.0
    odometer: int | None = None    # forced reading (early-window scenarios)


@dataclass
class _Ctx:
    rng: random.Random
    powertrain: str
    parts: list[Part]
    km_per_day: float
    plans: list[_VisitPlan] = field(default_factory=list)


def _item(ctx: _Ctx, part: Part, *, action: str | None = None, cause: str | None = None,
          failure: bool = False, serious: bool | None = None, fixed: bool | None = None) -> dict[str, Any]:
    rng = ctx.rng
    if action is None:
        if part.consumable:
            action = pick(rng, (("replace_part", 70), ("repair", 25), ("inspect_no_fault", 5)))
        elif part.system in _ASSEMBLIES and part.main_part:
            action = pick(rng, (("repair", 50), ("replace_part", 35), ("replace_assembly", 8), ("inspect_no_fault", 7)))
        else:
            action = pick(rng, (("repair", 55), ("replace_part", 37), ("inspect_no_fault", 8)))
    if cause is None:
        cause = pick(rng, _CAUSES)
    quality = action != "inspect_no_fault" and cause not in ("accident",) and rng.random() > 0.02
    desc = part.failure_text if failure and part.failure_text else rng.choice(part.descriptions)
    out: dict[str, Any] = {"problem": part.problem, "description": desc, "system": part.system, "action": action}
    if part.main_part or rng.random() < 0.03:
        out["main_part"] = part.main_part
    if not quality:
        out["quality_problem"] = False
    if serious is None:
        serious = failure or (part.system in _SAFETY_SYSTEMS and rng.random() < 0.05)
    if serious:
        out["serious_safety_fault"] = True
    if failure and part.failure_mode:
        out["failure_mode"] = part.failure_mode
    if cause != "quality" or rng.random() < 0.3:
        out["cause"] = cause
    if fixed is None:
        fixed = rng.random() > 0.12
    if not fixed or rng.random() < 0.2:
        out["fixed"] = fixed
    return out


def _hours(rng: random.Random, kind: str | None = None) -> float:
    kind = kind or pick(rng, (("short", 40), ("day", 17), ("days", 25), ("week", 14), ("long", 4)))
    if kind == "short":
        return rng.randint(1, 10) + rng.choice((0, 0.25, 0.5))
    if kind == "day":
        return rng.choice((23, 24, 24, 25, 26, 30, 47, 48, 49))
    if kind == "days":
        return rng.randint(49, 120)
    if kind == "week":
        return rng.randint(120, 15 * 24)
    return rng.randint(15 * 24, 30 * 24)


def _parts(ctx: _Ctx, *, system: set[str] | None = None, main: bool | None = None, failure: bool = False,
           consumable: bool | None = False) -> list[Part]:
    out = [p for p in ctx.parts
           if (system is None or p.system in system) and (main is None or p.main_part == main)
           and (not failure or p.failure_mode) and (consumable is None or p.consumable == consumable)]
    return out or [p for p in ctx.parts if not p.consumable]


def _scenario(ctx: _Ctx, name: str) -> None:
    rng, plans = ctx.rng, ctx.plans
    if name == "repeat":                      # 3-8 repairs of one problem
        part = rng.choice(_parts(ctx))
        k = rng.randint(3, 8)
        day = rng.randint(5, 200)
        for i in range(k):
            last = i == k - 1
            items = [_item(ctx, part, action=pick(rng, (("repair", 75), ("replace_part", 20), ("inspect_no_fault", 5))),
                           cause="quality" if rng.random() < 0.9 else None,
                           fixed=(rng.random() < 0.5) if last else (rng.random() < 0.7))]
            if rng.random() < 0.2:
                items.append(_item(ctx, rng.choice(_parts(ctx))))
            plans.append(_VisitPlan(day, _hours(rng), items))
            day += rng.randint(3, 120)
    elif name == "long":                      # 25-40 cumulative days over a few visits
        target = rng.randint(25 * 24, 40 * 24)
        n = rng.randint(2, 5)
        day = rng.randint(10, 300)
        cuts = sorted(rng.sample(range(24, target - 24), n - 1)) if n > 1 else []
        spans = [b - a for a, b in zip([0, *cuts], [*cuts, target], strict=True)]
        for span in spans:
            part = rng.choice(_parts(ctx))
            excl = 0.0
            if rng.random() < 0.3 and span > 48:
                excl = float(rng.randint(12, min(span - 1, 120)))
            plans.append(_VisitPlan(day, float(max(span, 1)),
                                    [_item(ctx, part, cause="quality" if rng.random() < 0.92 else None)], excl))
            day += span // 24 + rng.randint(5, 90)
    elif name == "early":                     # failure mode or assembly main part in the 60-day/3,000 km window
        day = rng.randint(0, 75)
        odo_jitter = rng.choice((None, None, 2_990, 3_000, 3_001, 3_010, 2_500))
        if rng.random() < 0.5:
            part = rng.choice(_parts(ctx, failure=True))
            items = [_item(ctx, part, failure=True, action=rng.choice(("repair", "replace_part")),
                           cause="quality" if rng.random() < 0.9 else None)]
        else:
            part = rng.choice(_parts(ctx, system=_ASSEMBLIES, main=True))
            items = [_item(ctx, part, action=rng.choice(("repair", "replace_part", "replace_assembly")),
                           cause="quality" if rng.random() < 0.9 else None)]
        plans.append(_VisitPlan(day, _hours(rng), items, odometer=odo_jitter))
    elif name == "seven_day":                 # the 2021 seven-day rule and its edges
        day = rng.choice((0, 1, 3, 6, 7, 7, 8, 10))
        part = rng.choice(_parts(ctx, system=_ASSEMBLIES, main=None))
        action = rng.choice(("replace_part", "replace_assembly", "repair"))
        item = _item(ctx, part, action=action, cause="quality")
        if action == "replace_part" and part.main_part:
            item["main_part"] = True
        plans.append(_VisitPlan(day, _hours(rng, rng.choice(("short", "day", "days"))), [item]))
    elif name == "replacements":              # the same main part or assemblies replaced 1-3 times
        if rng.random() < 0.5:
            part = rng.choice(_parts(ctx, main=True))
            action = "replace_part"
        else:
            part = rng.choice(_parts(ctx, system=_ASSEMBLIES, main=True))
            action = "replace_assembly"
        k = rng.randint(1, 3)
        day = rng.randint(10, 400)
        for i in range(k):
            item = _item(ctx, part, action=action, cause="quality", fixed=rng.random() < (0.5 if i == k - 1 else 0.8))
            item["main_part"] = True
            plans.append(_VisitPlan(day, _hours(rng, rng.choice(("day", "days", "week"))), [item]))
            day += rng.randint(10, 150)
    elif name == "safety":                    # serious safety faults repaired 1-3 times
        k = rng.randint(1, 3)
        day = rng.randint(20, 500)
        parts = _parts(ctx, system={"brake", "steering", "power_battery"}, main=None)
        part = rng.choice(parts)
        for i in range(k):
            if rng.random() < 0.3:
                part = rng.choice(parts)
            item = _item(ctx, part, serious=True, cause="quality", fixed=rng.random() < (0.5 if i == k - 1 else 0.85))
            plans.append(_VisitPlan(day, _hours(rng), [item]))
            day += rng.randint(5, 100)
    elif name == "consumable":
        part = rng.choice(_parts(ctx, consumable=True))
        plans.append(_VisitPlan(rng.randint(5, 500), _hours(rng, "short"), [_item(ctx, part)]))
    elif name == "quiet":
        pass
    else:
        raise ValueError(f"unknown scenario {name!r}")


def _background(ctx: _Ctx, horizon: int) -> _VisitPlan:
    rng = ctx.rng
    items = [_item(ctx, rng.choice(ctx.parts)) for _ in range(pick(rng, ((1, 75), (2, 20), (3, 5))))]
    hours = _hours(rng)
    excl = 0.0
    if hours > 48 and rng.random() < 0.15:
        excl = float(rng.randint(6, int(min(hours - 1, 96))))
    return _VisitPlan(rng.randint(0, horizon), hours, items, excl)


def _invoice_date(rng: random.Random) -> date:
    r = rng.random()
    if r < 0.03:                                           # before the regulation
        return date(2011, 1, 1) + timedelta(days=rng.randint(0, (date(2013, 9, 30) - date(2011, 1, 1)).days))
    if r < 0.06:                                           # the version boundaries
        return rng.choice((date(2013, 10, 1), date(2021, 12, 31), date(2022, 1, 1), date(2021, 12, 28),
                           date(2022, 1, 3), date(2013, 9, 30)))
    lo, hi = date(2013, 10, 1), date(2026, 6, 30)
    return lo + timedelta(days=rng.randint(0, (hi - lo).days))


def _format_moment(rng: random.Random, moment: datetime, style: str) -> str:
    if style == "date":
        return moment.date().isoformat()
    text_style = pick(rng, (("naive", 80), ("offset", 15), ("utc", 5)))
    if text_style == "naive":
        return moment.replace(tzinfo=None).isoformat(timespec="minutes" if moment.second == 0 else "seconds")
    if text_style == "offset":
        return moment.isoformat(timespec="seconds")
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def generate_history(rng: random.Random, *, visits: int | None = None, scenarios: tuple[str, ...] | None = None,
                     date_style: str | None = None, invoice_date: date | None = None,
                     usage: str | None = None, powertrain: str | None = None) -> dict[str, Any]:
    """One history from `rng`. Knobs left None are drawn at random.

    visits: exact number of visits; scenarios: names from SCENARIOS; date_style: "datetime", "date" or "mixed".
    """
    invoice = invoice_date or _invoice_date(rng)
    if powertrain is None:
        ev_share = 0.05 if invoice.year < 2018 else 0.25 if invoice.year < 2022 else 0.45
        powertrain = "bev" if rng.random() < ev_share * 0.6 else "phev" if rng.random() < ev_share * 0.5 else \
            pick(rng, (("ice", 85), ("hev", 15)))
    usage = usage or pick(rng, (("household", 86), ("operational", 8), ("company", 6)))
    body = pick(rng, (("passenger_car", 90), ("pickup", 7), ("other", 3)))
    delivery = invoice + timedelta(days=pick(rng, ((0, 35), (1, 15), (2, 10), (3, 10), (5, 10), (7, 10), (10, 10))))
    delivery_odo = rng.randint(0, 30)
    price = round(rng.uniform(45_000, 650_000), -2)
    if rng.random() < 0.1:
        price += rng.choice((0.5, 0.25, 88.8))
    parts = [p for p in CATALOGUE if powertrain in p.powertrains]

    vehicle: dict[str, Any] = {"vin": _vin(rng), "usage": usage}
    if powertrain != "ice" or rng.random() < 0.5:
        vehicle["powertrain"] = powertrain
    if body != "passenger_car" or rng.random() < 0.5:
        vehicle["body"] = body
    if rng.random() < 0.7:
        vehicle["model"] = rng.choice(MODELS[powertrain])
    purchase: dict[str, Any] = {"invoice_date": invoice.isoformat(), "price_yuan": price,
                                "delivery_odometer_km": delivery_odo}
    delivery_given = rng.random() < 0.85
    if delivery_given:
        purchase["delivery_date"] = delivery.isoformat()
    else:
        delivery = invoice                      # the models take an absent delivery date to be the invoice date
    if rng.random() < 0.03:
        purchase["has_invoice"] = False
    if rng.random() < 0.03:
        purchase["has_certificate"] = False

    cert: dict[str, Any] | None = None
    if rng.random() < 0.8:
        cert = {}
        rw = pick(rng, (("statutory", 35), ((3, 100_000), 25), ((4, 120_000), 10), ((5, 150_000), 8),
                         ((3, 60_000), 10), ((2, 40_000), 4), ((2.5, 60_000), 3), (None, 5)))
        if rw == "statutory":
            cert["repair_warranty"] = {"years": 3, "km": 60_000}
        elif rw is not None:
            cert["repair_warranty"] = {"years": rw[0], "km": rw[1]}
        rp = pick(rng, (((2, 50_000), 60), ((3, 60_000), 15), ((1, 30_000), 4), (None, 21)))
        if rp is not None:
            cert["return_period"] = {"years": rp[0], "km": rp[1]}
        n = pick(rng, ((None, 40), (0.5, 20), (0.3, 8), (0.6, 10), (0.8, 8), (0.4, 6), (1.0, 4), (0.0, 2),
                        (0.45, 2)))
        if n is not None:
            cert["use_coefficient_pct"] = n
        if rng.random() < 0.45:
            names = rng.sample(sorted(_CONSUMABLE_PERIODS), rng.randint(1, 4))
            cert["consumables"] = [{"problem": c, "months": _CONSUMABLE_PERIODS[c][0], "km": _CONSUMABLE_PERIODS[c][1]}
                                   for c in names]

    ctx = _Ctx(rng, powertrain, parts, km_per_day=rng.uniform(12, 120))
    if scenarios is None:
        pool = ("repeat", "long", "early", "seven_day", "replacements", "safety", "consumable", "quiet")
        scenarios = tuple(rng.choices(pool, weights=(26, 18, 16, 7, 12, 10, 6, 5), k=rng.choice((1, 1, 2, 2, 3))))
    horizon = max(3 * 365, (visits or 0) * 4)
    for s in scenarios:
        _scenario(ctx, s)
    plans = ctx.plans
    if visits is None:
        for _ in range(pick(rng, ((0, 25), (1, 25), (2, 20), (3, 15), (5, 10), (8, 5)))):
            plans.append(_background(ctx, horizon))
    else:
        rng.shuffle(plans)
        del plans[visits:]
        while len(plans) < visits:
            plans.append(_background(ctx, horizon))
        for p in plans:                         # keep long histories to a plausible length in time
            p.hours = min(p.hours, 72.0)
            p.excluded_hours = min(p.excluded_hours, p.hours / 2)
    plans.sort(key=lambda p: p.day)

    if date_style is None:
        date_style = pick(rng, (("datetime", 60), ("date", 25), ("mixed", 15)))
    start_moment = datetime(delivery.year, delivery.month, delivery.day, tzinfo=CHINA)
    out_visits: list[dict[str, Any]] = []
    t = start_moment
    odo = delivery_odo
    for i, p in enumerate(plans):
        style = date_style if date_style != "mixed" else rng.choice(("datetime", "date"))
        opened = start_moment + timedelta(days=p.day)
        if style == "datetime":
            opened = opened.replace(hour=rng.randint(8, 17), minute=rng.choice((0, 0, 15, 30, 45, 7, 52)))
        opened = max(opened, t)                 # visits do not overlap: the car is in one shop at a time
        if style == "date" and opened.time() != datetime.min.time():
            opened = (opened + timedelta(days=1)).replace(hour=0, minute=0, second=0)
        if style == "date":
            days = max(0, round(p.hours / 24)) if p.hours >= 12 else 0
            closed = opened + timedelta(days=days)
            t = closed + timedelta(days=1)
        else:
            closed = opened + timedelta(hours=p.hours)
            t = closed
        day_no = (opened - start_moment).days
        if p.odometer is not None:
            target = delivery_odo + p.odometer
        else:
            target = delivery_odo + int(ctx.km_per_day * day_no * rng.uniform(0.7, 1.3)) + rng.randint(0, 40)
        odo = max(odo, target)
        visit: dict[str, Any] = {"id": f"RO{invoice.year % 100:02d}{i + 1:05d}",
                                 "opened_at": _format_moment(rng, opened, style),
                                 "closed_at": _format_moment(rng, closed, style),
                                 "odometer_km": odo, "items": p.items}
        if p.excluded_hours:
            limit = p.hours if style == "datetime" else max(1, (closed - opened).days) * 24
            visit["excluded_hours"] = float(min(p.excluded_hours, limit))
        out_visits.append(visit)
    if rng.random() < 0.15 and len(out_visits) > 2:
        rng.shuffle(out_visits)                 # exports are not always in time order

    # the decision date: after the last visit usually; sometimes in the middle of the history
    def day_of(text: str) -> date:
        """The China date of a generated date or date-time."""
        if len(text) == 10:
            return date.fromisoformat(text)
        m = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return (m if m.tzinfo else m.replace(tzinfo=CHINA)).astimezone(CHINA).date()

    if out_visits:
        last_closed = max(day_of(v["closed_at"]) for v in out_visits)
        if rng.random() < 0.08:
            pivot = rng.choice(out_visits)
            claim_date = day_of(pivot["opened_at"]) + timedelta(days=rng.randint(0, 5))
        else:
            claim_date = last_closed + timedelta(days=pick(rng, ((0, 20), (1, 10), (3, 20), (10, 20), (30, 20),
                                                                   (90, 10))))
    else:
        claim_date = delivery + timedelta(days=rng.randint(0, 1500))
    claim_date = max(claim_date, delivery, invoice)
    seen = [v["odometer_km"] for v in out_visits if day_of(v["opened_at"]) <= claim_date]
    claim_odo = max([delivery_odo, *seen]) + rng.randint(0, 400)
    claim: dict[str, Any] = {"date": claim_date.isoformat(), "odometer_km": claim_odo}
    request = pick(rng, ((None, 45), ("replace", 25), ("return", 18), ("repair", 7), ("assembly_replacement", 5)))
    if request is not None:
        claim["request"] = request
        first = max(invoice, claim_date - timedelta(days=rng.randint(0, 60)))
        if rng.random() < 0.8:
            claim["requested_on"] = first.isoformat()
        asked = date.fromisoformat(claim.get("requested_on", claim_date.isoformat()))
        if rng.random() < 0.5:
            claim["seller_replied_on"] = (asked + timedelta(days=rng.randint(0, max(0, (claim_date - asked).days)))
                                          ).isoformat()
        if rng.random() < 0.35:
            claim["completed_on"] = (asked + timedelta(days=rng.randint(0, max(0, (claim_date - asked).days)))
                                     ).isoformat()
    avail = pick(rng, ((None, 60), (True, 20), (False, 20)))
    if avail is not None:
        claim["replacement_vehicle_available"] = avail

    history: dict[str, Any] = {"vehicle": vehicle, "purchase": purchase}
    if cert is not None:
        history["certificate"] = cert
    if rng.random() < 0.07:                     # a flaw disclosed in writing before the sale
        seen_parts = {it["problem"] for v in out_visits for it in v["items"]}
        cands = [p for p in parts if not p.consumable and (p.problem in seen_parts or rng.random() < 0.3)]
        d = rng.choice(cands or [p for p in parts if not p.consumable])
        history["disclosed_defects"] = [{"problem": d.problem, "description": "售前已书面告知：" + d.descriptions[0],
                                         "breaches_mandatory_standard": rng.random() < 0.3}]
    # drawn last, so that the histories above stay what they were: second-hand cars, and courtesy vehicles
    # already provided for some long repairs
    if rng.random() < 0.06:
        vehicle["condition"] = "used"
    if rng.random() < 0.02:                     # a fire or total loss on record, its cause often unknown
        history["incidents"] = [{"id": "INC-1", "date": (invoice + timedelta(days=rng.randint(1, 400))).isoformat()
                                 if invoice + timedelta(days=400) <= claim_date else claim_date.isoformat(),
                                 "kind": rng.choice(("fire", "total_loss")),
                                 "cause": rng.choice(("not_established", "quality", "accident")),
                                 "system": rng.choice(("engine", "power_battery", "electrical"))}]
    for v in out_visits:
        if rng.random() < 0.15:
            v["courtesy_provided"] = True
        for it in v["items"]:                   # judgements the record leaves unknown
            if rng.random() < 0.02:
                it[rng.choice(("serious_safety_fault", "main_part", "quality_problem"))] = None
            if rng.random() < 0.01:
                it["failure_mode"] = "unknown"
    if cert is not None and cert.get("consumables") and rng.random() < 0.12:
        # a non-compliant certificate that lists a main part as a consumable (drawn last: earlier draws unchanged)
        mains = sorted({it["problem"] for v in out_visits for it in v["items"] if it.get("main_part")})
        if mains:
            cert["consumables"].append({"problem": rng.choice(mains), "months": 12, "km": 30_000})
    history["visits"] = out_visits
    history["claim"] = claim
    return history


def generate_histories(n: int, seed: int, *, visits: int | None = None) -> Iterator[dict[str, Any]]:
    """`n` histories; history i depends only on (seed, i). `visits`: exact visits per history (5, 50, 500...)."""
    return seeded_stream(n, seed, lambda rng, _: generate_history(rng, visits=visits))


_check_codes()
