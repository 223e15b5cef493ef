"""What the record keeps of one decision, taken from the decision itself (so nothing can disagree with it)."""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from .store import Entry, make_entry, now_utc


def _program_version() -> str:
    from .. import __version__

    return __version__


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, date | datetime) else str(value)


def options_json(options: dict[str, Any]) -> str:
    """The options a decision was asked with, without the unset ones, in a stable form."""
    return json.dumps({k: _iso(v) if isinstance(v, date | datetime) else v for k, v in sorted(options.items())
                       if v is not None}, ensure_ascii=False, separators=(",", ":"))


def input_text(text: str | None, data: Any) -> str:
    """The input as given: the text read, or (a CSV export's rows, a folder's document) its data as JSON."""
    if text is not None:
        return text
    return json.dumps(data, ensure_ascii=False, default=_iso)


def decision_entry(kind: str, source: str, given: str, decision: Any, options: dict[str, Any],
                   decision_json: str | None = None) -> Entry:
    """The record entry of a decision (a warranty Decision or a ComplaintDecision) of the input `given`."""
    if decision_json is None:
        decision_json = decision.model_dump_json()
    if kind == "warranty":
        subject, vin = decision.vin, decision.vin
        version = decision.regulation.version
        # the values and their dates (their citations are in the decision)
        parameters = json.dumps([{"name": p.name, "value": p.value, "since": p.since.isoformat()}
                                 for p in decision.parameters], ensure_ascii=False, separators=(",", ":"), default=str)
    else:
        subject, vin = decision.id, decision.vin
        version = decision.profile
        parameters = "[]"          # a complaint decision names its profile and digest; its values are the profile's
    return make_entry(kind=kind, subject=subject, vin=vin, source=source, input_text=given,
                      options=options_json(options), as_of=_iso(decision.as_of), rulebook=decision.rulebook,
                      rulebook_version=version, parameters=parameters, evaluator=decision.evaluator,
                      program_version=_program_version(), decided_at=now_utc(), decision_json=decision_json)




def batch_entry(kind: str, source: str, text: str | None, data: Any, decision: Any, options: dict[str, Any],
                decision_json: str) -> Entry:
    """The entry of a decision made in a batch worker (run_batch's `record` hook): the record's text as read
    (a JSONL line, a file), or its data as JSON."""
    return decision_entry(kind, source, input_text(text, data), decision, options, decision_json)


__all__ = ["batch_entry", "decision_entry", "input_text", "options_json"]
