"""adjudicator: rules-driven warranty (三包) and complaint adjudication for car after-sales in China.

Public API:
    adjudicate_warranty(history, *, regulation=None, as_of=None, evaluator="durable_rules") -> Decision
    load_history(path) -> VehicleHistory
    check_complaint(complaint, policy=None, as_of=None, evaluator="durable_rules") -> ComplaintDecision
"""
from .complaints import check_complaint
from .io import InputError, load_history
from .models.complaint import Complaint, ComplaintDecision
from .models.decision import Decision
from .models.warranty import VehicleHistory
from .warranty import adjudicate_warranty

__all__ = ["adjudicate_warranty", "load_history", "Decision", "VehicleHistory", "InputError", "check_complaint",
           "Complaint", "ComplaintDecision"]
__version__ = "0.1.0"
