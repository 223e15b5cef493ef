"""A validated history with one input value changed, for a counterfactual re-run, without validating it all again.

The model that holds the changed value (an item, a visit, the claim, an incident) is validated again from its own
data with the new value, so its field and model checks run exactly as for the whole history; the models above it
are copied with the new child (`model_copy`), since none of their checks reads what a counterfactual changes:

- `Visit._closed_after_opened` reads the visit's own times and hours, not its items;
- `VehicleHistory._decidable_in_a_second` counts items (a change keeps the count) and `_timeline_is_possible`
  reads visit ids, opening times and odometers, the claim's dates and odometer and the purchase, none of which a
  counterfactual path names (`COPIED_PARENTS_READ_NOT` lists the fields, and a test holds the paths to it).

Where the changed model does not validate, the whole history is validated the old way, so that the error (and its
wording) is the one it always was.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from ..io.files import validate
from .models import VehicleHistory

# The fields whose change the parents' validators would not see, by the model that holds them: every path a
# counterfactual changes ends in one of these (tests/test_decision_path.py checks the paths against this list).
COPIED_PARENTS_READ_NOT = {
    "Item": {"main_part", "quality_problem", "serious_safety_fault", "failure_mode", "cause"},
    "Visit": {"closed_at"},
    "Claim": {"replacement_vehicle_available"},
    "Incident": {"cause"},
}


def with_change(history: VehicleHistory, path: str, value: Any) -> VehicleHistory:
    """`history` with the value at `path` (dotted, list indexes as numbers: "visits.2.items.0.cause") replaced,
    validated as the whole history would be."""
    *head, last = path.split(".")
    chain: list[tuple[BaseModel, str]] = []           # (parent, the key of the child in it), outermost first
    node: Any = history
    for key in head:
        chain.append((node, key))
        node = node[int(key)] if isinstance(node, list) else getattr(node, key)
    holder = node
    if not isinstance(holder, BaseModel) or last not in COPIED_PARENTS_READ_NOT.get(type(holder).__name__, ()):
        return _revalidated(history, path, value)
    try:
        child: Any = type(holder).model_validate(holder.model_dump() | {last: value})
    except ValueError:                              # pydantic's ValidationError is one
        return _revalidated(history, path, value)
    for parent, key in reversed(chain):
        if isinstance(parent, list):
            child = [*parent[:int(key)], child, *parent[int(key) + 1:]]
        else:
            child = parent.model_copy(update={key: child})
    return child


def _revalidated(history: VehicleHistory, path: str, value: Any) -> VehicleHistory:
    """The plain way: the whole history dumped, changed and validated."""
    data = history.model_dump()
    target: Any = data
    *head, last = path.split(".")
    for k in head:
        target = target[int(k)] if isinstance(target, list) else target[k]
    target[last] = value
    return validate(VehicleHistory, data, "history")


__all__ = ["COPIED_PARENTS_READ_NOT", "with_change"]
