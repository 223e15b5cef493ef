"""`record export`: the record as JSON lines, whole or redacted for sharing (VINs masked, free text dropped)."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..io.files import parse_data
from .store import DecisionRecord

# Input fields that hold free text a person typed (complaint notes may carry names and phone numbers; `by` names
# the person who did it): dropped from a redacted export, and their text removed wherever the decision repeats it.
FREE_TEXT_FIELDS = frozenset({"note", "by", "description"})
VIN_PATTERN = re.compile(r"\b[A-HJ-NPR-Z0-9]{17}\b")


def mask_vin(vin: str) -> str:
    """The maker code (the first 3 characters, the WMI) and nothing else: LSV**************."""
    return vin[:3] + "*" * (len(vin) - 3)


def _drop_free_text(value: Any, dropped: set[str]) -> Any:
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in FREE_TEXT_FIELDS:
                if isinstance(item, str) and item.strip():
                    dropped.add(item)
                continue
            out[key] = _drop_free_text(item, dropped)
        return out
    if isinstance(value, list):
        return [_drop_free_text(item, dropped) for item in value]
    return value


def _mask_vins(text: str) -> str:
    return VIN_PATTERN.sub(lambda m: mask_vin(m.group(0)), text)


def redact(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry fit to share: no VIN (masked wherever it appears), no free text in the input or the decision.
    The hashes stay, so a redacted entry can still be matched with the full record."""
    dropped: set[str] = set()
    try:
        data = parse_data(entry["input"].encode("utf-8"), entry["source"])
        given = json.dumps(_drop_free_text(data, dropped), ensure_ascii=False)
    except ValueError:
        given = None                               # an input that no longer parses is left out whole
    decision = entry["decision"]
    for text in sorted(dropped, key=len, reverse=True):
        decision = decision.replace(json.dumps(text, ensure_ascii=False)[1:-1], "[redacted]")
    out = dict(entry)
    out.update(input=None if given is None else _mask_vins(given), decision=_mask_vins(decision),
               subject=_mask_vins(entry["subject"]), vin=entry["vin"] and mask_vin(entry["vin"]),
               source=Path(entry["source"]).name, redacted=True)
    return out


def export_entries(db: str | Path, *, redacted: bool = False) -> Iterator[str]:
    """Every entry, oldest first, one JSON object a line (the decision and options as JSON, not as text)."""
    with DecisionRecord(db, create=False) as record:
        for entry in record.rows():
            if redacted:
                entry = redact(entry)
            for key in ("decision", "options", "parameters"):
                if entry[key] is not None:
                    entry[key] = json.loads(entry[key])
            yield json.dumps(entry, ensure_ascii=False)


__all__ = ["export_entries", "mask_vin", "redact", "FREE_TEXT_FIELDS"]
