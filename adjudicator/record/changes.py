"""What changed between two decisions of the same car or case: remedies, the verdict on the request, deadlines,
the rules that fired. Read from the decision JSON, so it works on any recorded decision of any program version."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class DeadlineMove:
    code: str
    before: str | None          # the due date or time before (None: no such deadline)
    after: str | None
    status_before: str | None = None
    status_after: str | None = None


@dataclass
class Changes:
    remedies_gained: list[str] = field(default_factory=list)
    remedies_lost: list[str] = field(default_factory=list)
    verdict_before: str | None = None
    verdict_after: str | None = None
    deadlines: list[DeadlineMove] = field(default_factory=list)
    rules_newly_fired: list[str] = field(default_factory=list)
    rules_no_longer_fired: list[str] = field(default_factory=list)
    may_close_before: bool | None = None       # complaints
    may_close_after: bool | None = None

    @property
    def verdict_changed(self) -> bool:
        return self.verdict_before != self.verdict_after

    @property
    def any(self) -> bool:
        return bool(self.remedies_gained or self.remedies_lost or self.verdict_changed or self.deadlines
                    or self.rules_newly_fired or self.rules_no_longer_fired or self.may_close_before != self.may_close_after)

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["changed"] = self.any
        return out


def _remedies(decision: dict[str, Any]) -> list[str]:
    return sorted({r["code"] for r in decision.get("remedies") or []})


def _verdict(decision: dict[str, Any]) -> str | None:
    request = decision.get("request")
    return request.get("verdict") if isinstance(request, dict) else None


def _deadlines(decision: dict[str, Any]) -> dict[str, tuple[str, str | None]]:
    return {f"{d['code']}@{d.get('requested_on') or d.get('start') or ''}": (str(d["due"]), d.get("status"))
            for d in decision.get("deadlines") or []}


def _fired(decision: dict[str, Any]) -> set[str]:
    return {f["rule_id"] for f in decision.get("fired") or []}


def compare(before: dict[str, Any], after: dict[str, Any]) -> Changes:
    """The changes from `before` to `after` (two decision JSON objects)."""
    old_remedies, new_remedies = set(_remedies(before)), set(_remedies(after))
    changes = Changes(remedies_gained=sorted(new_remedies - old_remedies),
                      remedies_lost=sorted(old_remedies - new_remedies),
                      verdict_before=_verdict(before), verdict_after=_verdict(after),
                      rules_newly_fired=sorted(_fired(after) - _fired(before)),
                      rules_no_longer_fired=sorted(_fired(before) - _fired(after)),
                      may_close_before=before.get("may_close"), may_close_after=after.get("may_close"))
    old_deadlines, new_deadlines = _deadlines(before), _deadlines(after)
    for key in sorted(old_deadlines.keys() | new_deadlines.keys()):
        was, now = old_deadlines.get(key), new_deadlines.get(key)
        if was != now:
            changes.deadlines.append(DeadlineMove(key.split("@")[0], was and was[0], now and now[0],
                                                  was and was[1], now and now[1]))
    return changes


__all__ = ["Changes", "DeadlineMove", "compare"]
