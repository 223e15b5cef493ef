"""What the record keeps of one decision, taken from the decision itself (so nothing can disagree with it)."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from ..core.inputs import CHINA_TZ
from .store import COMPACT_JSON, Entry, make_entry, now_utc

# The parameters text of the decisions made under one rule book with the same dated values is made once: in a batch
# nearly every decision shares one of a few. A decision names its rule book's digest (which covers every dated
# value), its version, and the day its values were looked up on (a warranty decision's regulation.parameters_on,
# which its version's days of force bound; a complaint's day of receipt in China: the complaint rule book's
# parameters_dated_by); many days give the same values, known by the date each value holds from (as the compiled
# rule sets are cached: core.rulebook.resolution_key).
_TEXT_BY_DAY: dict[tuple[Any, ...], str] = {}
_TEXT_BY_VALUES: dict[tuple[Any, ...], str] = {}
PARAMETER_TEXTS_KEPT = 4096         # looked-up days remembered per process; past that, start again


def _program_version() -> str:
    from .. import __version__

    return __version__


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, date | datetime) else str(value)


def options_json(options: dict[str, Any]) -> str:
    """The options a decision was asked with, without the unset ones, in a stable form."""
    return COMPACT_JSON.encode({k: _iso(v) if isinstance(v, date | datetime) else v
                                for k, v in sorted(options.items()) if v is not None})


def parameters_json(day: tuple[Any, ...], used: Callable[[], Iterable[tuple[str, Any, date]]]) -> str:
    """The parameter values a decision used, each with the date it holds from, as a JSON list of
    {"name", "value", "since"} (their citations are in the rule book the digest names). `day`: (the rule book's
    digest, its version, the day the values were looked up on); `used` gives (name, value, since) when that day is new."""
    text = _TEXT_BY_DAY.get(day)
    if text is None:
        values = list(used())
        same_values = (day[0], *((name, since) for name, _, since in values))
        text = _TEXT_BY_VALUES.get(same_values)
        if text is None:
            text = COMPACT_JSON.encode([{"name": name, "value": value, "since": since.isoformat()}
                                        for name, value, since in values])
        if len(_TEXT_BY_DAY) >= PARAMETER_TEXTS_KEPT:
            _TEXT_BY_DAY.clear()
            _TEXT_BY_VALUES.clear()
        _TEXT_BY_DAY[day] = _TEXT_BY_VALUES[same_values] = text
    return text


def input_text(text: str | None, data: Any) -> str:
    """The input as given: the text read, or (a CSV export's rows, a folder's document) its data as JSON."""
    if text is not None:
        return text
    return json.dumps(data, ensure_ascii=False, default=_iso)


def decision_entry(kind: str, source: str, given: str, decision: Any, options: dict[str, Any],
                   decision_json: str | bytes | None = None) -> Entry:
    """The record entry of a decision (a warranty Decision or a ComplaintDecision) of the input `given`.
    `decision_json`: the decision as written out, as text or as its UTF-8 bytes (made here when not given)."""
    if decision_json is None:
        decision_json = decision.model_dump_json()
    if kind == "warranty":
        subject, vin = decision.vin, decision.vin
        version = decision.regulation.version
        day = (decision.rulebook, version, decision.regulation.parameters_on)
        parameters = parameters_json(day, lambda: ((p.name, p.value, p.since) for p in decision.parameters))
    else:
        subject, vin = decision.id, decision.vin
        version = decision.profile
        day = (decision.rulebook, version, decision.received_at.astimezone(CHINA_TZ).date())
        parameters = parameters_json(day, lambda: ((p.name, p.value, p.since)
                                                   for p in decision.parameters_used.values()))
    return make_entry(kind=kind, subject=subject, vin=vin, source=source, input_text=given,
                      options=options_json(options), as_of=_iso(decision.as_of), rulebook=decision.rulebook,
                      rulebook_version=version, parameters=parameters,
                      evaluator=decision.evaluator, program_version=_program_version(), decided_at=now_utc(),
                      decision_json=decision_json)


def batch_entry(kind: str, source: str, text: str | None, data: Any, decision: Any, options: dict[str, Any],
                decision_json: str | bytes) -> Entry:
    """The entry of a decision made in a batch worker (run_batch's `record` hook): the record's text as read
    (a JSONL line, a file), or its data as JSON; `decision_json` the UTF-8 bytes the worker made the output line
    of (so the decision is encoded once, for both)."""
    return decision_entry(kind, source, input_text(text, data), decision, options, decision_json)


__all__ = ["batch_entry", "decision_entry", "input_text", "options_json", "parameters_json"]
