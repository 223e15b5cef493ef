"""The complaint decision: a value that can be serialised, compared, stored and replayed."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from pydantic import Field, PrivateAttr

from ..core.output_format import Detail, briefed, detail_field, format_version_field
from ..core.text import Citation, Localized, NoteOut, Out
from ..core.vocabulary import DEADLINE_STATUS
from .vocabulary import CASE_TYPE, CATEGORY, CHANNEL, DEADLINE, ESCALATION, RULE_KIND, URGENCY

if TYPE_CHECKING:
    from ..core.rulebook import ResolvedParam

Channel = CHANNEL.literal
CaseType = CASE_TYPE.literal
Category = CATEGORY.literal

DeadlineCode = DEADLINE.literal
DEADLINE_CODES: tuple[str, ...] = DEADLINE.codes
DeadlineStatus = DEADLINE_STATUS.literal
ComplaintRuleKind = RULE_KIND.literal


class ComplaintCitation(Out):
    cites: str = Field(description='the short citation, e.g. CS-CMS "投诉关闭条件"')
    citation: Citation


class FiredComplaintRule(Out):
    rule_id: str
    kind: ComplaintRuleKind
    title: Localized
    cites: str
    citation: Citation
    explanation: Localized
    evidence: list[str] = Field(default_factory=list, description="the events (index and time) behind the facts used")
    values: dict[str, object] = Field(default_factory=dict)


class ClosureCondition(Out):
    code: str = Field(pattern=r"^C[0-9]{1,2}$")
    rule_id: str
    cites: str
    explanation: Localized


class MissingForClosure(Out):
    code: str = Field(description="C1..C4: what that condition still needs; record: the record is incomplete")
    rule_id: str
    cites: str
    text: Localized


class ComplaintDeadline(Out):
    code: DeadlineCode
    name: Localized
    rule_id: str
    cites: str
    start: datetime
    due: datetime
    shifted_from: datetime | None = Field(None, description="the due time before the statutory-holiday shift")
    met_at: datetime | None
    status: DeadlineStatus
    exception: Localized | None = None
    hours_left: float | None = Field(None, description="hours from as_of to the due time while running or overdue")
    explanation: Localized


class Escalation(Out):
    code: ESCALATION.literal
    rule_id: str
    cites: str
    trigger: Localized
    escalated_at: datetime | None = None


class NextAction(Out):
    code: str
    text: Localized
    due: datetime | None = None
    overdue: bool = False
    rule_id: str | None = None
    cites: str | None = None


class ComplaintDecision(Out):
    format_version: str = format_version_field()
    id: str
    vin: str | None
    as_of: datetime
    channel: Channel
    case_type: CaseType
    category: Category
    received_at: datetime
    closed_at: datetime | None
    may_close: bool
    closure_conditions: list[ClosureCondition] = Field(default_factory=list)
    missing_for_closure: list[MissingForClosure] = Field(default_factory=list)
    deadlines: list[ComplaintDeadline] = Field(default_factory=list)
    escalations: list[Escalation] = Field(default_factory=list)
    next_actions: list[NextAction] = Field(default_factory=list)
    warnings: list[NoteOut] = Field(default_factory=list)
    fired: list[FiredComplaintRule] = Field(default_factory=list)
    urgency: URGENCY.literal
    profile: str
    profile_name: Localized
    rulebook: str = Field(description="profile id and a digest of the rule and profile files used")
    evaluator: Literal["durable_rules", "python"]
    detail: Detail = detail_field()
    # The profile's parameter values in force for this case (each with the date it holds from), as the decision was
    # made with them: for the decision record; not in the decision's JSON, whose profile and digest name them.
    _parameters: Mapping[str, ResolvedParam] = PrivateAttr(default_factory=dict)

    @property
    def parameters_used(self) -> Mapping[str, ResolvedParam]:
        return self._parameters

    def brief(self) -> ComplaintDecision:
        """This decision without the sections of BRIEF_OMITS, saying so in `detail`."""
        return briefed(self, BRIEF_OMITS)

    def fired_ids(self) -> list[str]:
        return [f.rule_id for f in self.fired]



# --detail brief leaves out the rule trace: each closure condition, deadline, escalation and next action keeps its own citation and
# reason.
BRIEF_OMITS = ("fired",)

__all__ = ["BRIEF_OMITS", "ComplaintDecision", "ComplaintDeadline", "Escalation", "NextAction", "FiredComplaintRule",
           "ClosureCondition", "MissingForClosure", "DEADLINE_CODES"]
