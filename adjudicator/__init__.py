"""adjudicator: rules-driven warranty (三包) and complaint adjudication for car after-sales in China.

Public API:
    adjudicate_warranty(history, *, regulation=None, as_of=None, evaluator="durable_rules") -> Decision
    load_history(path) -> VehicleHistory
    check_complaint(complaint, policy=None, as_of=None, evaluator="durable_rules") -> ComplaintDecision

Guarantee: anything passed to these functions is validated before the rule engine sees it. Bad input raises
`InputError` or pydantic's `ValidationError` (a `ValueError`); it never reaches durable_rules' C code, so it cannot
crash the caller's process.

Names are imported on first use, so that `import adjudicator` (and the command line) starts fast.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "adjudicate_warranty": ".warranty", "load_history": ".io", "InputError": ".io",
    "Decision": ".models.decision", "VehicleHistory": ".models.warranty",
    "check_complaint": ".complaints", "Complaint": ".models.complaint", "ComplaintDecision": ".models.complaint",
}
__all__ = ["adjudicate_warranty", "load_history", "InputError", "Decision", "VehicleHistory", "check_complaint",
           "Complaint", "ComplaintDecision"]
__version__ = "0.1.0"

if TYPE_CHECKING:
    from .complaints import check_complaint
    from .io import InputError, load_history
    from .models.complaint import Complaint, ComplaintDecision
    from .models.decision import Decision
    from .models.warranty import VehicleHistory
    from .warranty import adjudicate_warranty


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(import_module(_EXPORTS[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'adjudicator' has no attribute {name!r}")
