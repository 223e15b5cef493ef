"""Seeded, realistic complaint timelines (for benchmarks and tests): intake, contact, feedback, progress,
waiting for parts or a technical conclusion, a plan, its acceptance and completion, closure and the revisit,
with the delays, gaps and escalations that real cases show."""
from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from ..core.inputs import CHINA_TZ
from ..core.synthetic import checked_codes, pick_code, seeded_stream
from .vocabulary import CASE_TYPE, CATEGORY, CHANNEL, EVENT_TYPE

_NOTES = ["客户反映车辆异响，已安排进店检查", "已与客户电话沟通，客户情绪稳定", "技术经理确认需更换零件",
          "已向厂家提交技术支援申请", "客户要求赔偿交通费", "方案已书面告知客户", "客户同意延期处理"]
_PARTS = ["右前减震器", "变速箱阀体", "制动总泵", "空调压缩机", "动力电池模组", "转向机总成"]
# how often each kind of case and category arrives (a dealer's mix, not a policy figure)
CASE_TYPE_WEIGHTS = {"complaint": 55, "grievance": 20, "service_request": 12, "general": 10, "crisis": 3}
CATEGORY_WEIGHTS = {"quality": 50, "sales": 15, "service": 20, "parts": 10, "other": 5}
# cases the generator closes quickly, without a plan (the general cases of the default profile)
GENERAL_CASE_TYPES = checked_codes(CASE_TYPE, "general", "service_request")


def generate_complaint(rng: random.Random, number: int) -> dict[str, Any]:
    start = datetime(2024, 1, 2, 8, 0, tzinfo=CHINA_TZ) + timedelta(
        minutes=rng.randrange(0, 2 * 365 * 24 * 60, 5))
    case_type = pick_code(rng, CASE_TYPE, CASE_TYPE_WEIGHTS)
    t = start
    events: list[dict[str, Any]] = []

    def add(kind: str, after_hours: float, **extra: Any) -> None:
        nonlocal t
        t += timedelta(minutes=max(1, int(after_hours * 60)))
        events.append({"at": t.isoformat(), "type": checked_codes(EVENT_TYPE, kind)[0], **extra})

    add("customer_contacted", rng.choice([0.3, 0.8, 1.5, 1.99, 2.5, 5]))
    if rng.random() < 0.9:
        add("feedback_logged", rng.choice([1, 6, 20, 23.9, 30]), note=rng.choice(_NOTES))
    if case_type in GENERAL_CASE_TYPES:
        if rng.random() < 0.8:
            add("closed", rng.choice([2, 10, 30, 50]))
    else:
        for _ in range(rng.randrange(0, 4)):
            add("progress_logged", rng.choice([12, 40, 47.5, 50, 70]), note=rng.choice(_NOTES))
        if rng.random() < 0.25:
            add("waiting_parts", rng.choice([5, 20]), part=rng.choice(_PARTS),
                ordered_on=t.date().isoformat()) if rng.random() < 0.8 else add("waiting_parts", 5)
        elif rng.random() < 0.1:
            add("waiting_technical_conclusion", 10, note="等待厂家技术结论")
        if rng.random() < 0.15:
            add("lawsuit_filed" if rng.random() < 0.5 else "media_crisis", rng.choice([24, 72]))
        outcome = rng.random()
        if outcome < 0.1:
            add("customer_withdrew", rng.choice([10, 50]), note="客户接受解释，撤回投诉")
        elif outcome < 0.2:
            add("demand_rejected_with_reply", rng.choice([20, 60]), note="诉求超出保修政策，已书面答复")
        elif outcome < 0.85:
            add("handling_plan_made", rng.choice([6, 30, 60]), note="更换零件并补偿交通费")
            add("customer_accepted_plan", rng.choice([2, 20]))
            if rng.random() < 0.8:
                add("plan_completed", rng.choice([10, 48, 120]), note="维修完成，客户试车满意")
            else:
                add("plan_deferred_agreed", rng.choice([10, 30]), note="零件到货后再处理，客户理解")
        if outcome < 0.85 and rng.random() < 0.75:
            add("closure_requested", rng.choice([1, 5]))
            add("closed", rng.choice([1, 20]))
            if rng.random() < 0.7:
                add("revisited", rng.choice([16, 30, 60]), note="回访满意")
    as_of = t + timedelta(hours=rng.choice([0, 2, 20, 100]))
    return {
        "id": f"CS-{start.year}-{number:06d}",
        "channel": pick_code(rng, CHANNEL),
        "case_type": case_type, "category": pick_code(rng, CATEGORY, CATEGORY_WEIGHTS),
        "received_at": start.isoformat(), "severity": "major" if rng.random() < 0.05 else "normal",
        "assistance_needed": rng.random() < 0.2, "events": events, "as_of": as_of.isoformat(),
    }


def generate_complaints(n: int, seed: int) -> Iterator[dict[str, Any]]:
    """`n` cases; case i depends only on (seed, i)."""
    return seeded_stream(n, seed, lambda rng, i: generate_complaint(rng, i + 1))
