"""The warranty decision: a value that can be serialised, compared, stored and replayed."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field

from ..core.output_format import Detail, briefed, detail_field, format_version_field
from ..core.text import Citation, FailedCondition, Localized, NearLimit, NoteOut, NotFired, Out
from ..core.vocabulary import DEADLINE_STATUS
from .vocabulary import DEADLINE, PERIOD, PERIOD_SOURCE, REMEDY, REQUEST, RULE_KIND, VERDICT

RemedyCode = REMEDY.literal
RuleKind = RULE_KIND.literal
REMEDY_NAMES = REMEDY.names()
DEADLINE_STATUS_NAMES = DEADLINE_STATUS.names()

# --detail brief leaves out the why-not of every remedy rule that did not fire, the near-limit warnings, and the list of every parameter value
# used (the rulebook digest names them): about half the bytes of a typical decision.
BRIEF_OMITS = ("not_fired", "near_limits", "parameters")

__all__ = ["BRIEF_OMITS", "Citation", "FailedCondition", "Localized", "NearLimit", "NoteOut", "NotFired", "Decision"]


class Regulation(Out):
    version: str | None = Field(description="2013 or 2021; null when the regulation does not apply at all")
    instrument: Localized | None
    reason: Localized
    forced: bool = False
    parameters_dated_by: str | None = Field(
        None, description="which date of the case chose the dated parameter values (invoice, period_start, "
                          "request, decision), as the version's rule book says")
    parameters_on: date | None = Field(None, description="that date: every parameter value used is the one in force then")


class Period(Out):
    code: PERIOD.literal
    name: Localized
    start: date
    end_date: date
    end_odometer_km: int | None = Field(None, description="odometer reading at which the period ends; null: no km limit")
    limit_days: int | None = None
    limit_years: float | None = None
    limit_km: int | None = None
    source: PERIOD_SOURCE.literal = "statutory"
    citation: Citation
    days_left: int = Field(description="days from the decision date to the end date; negative once past")
    km_left: int | None = Field(None, description="km from the claim odometer to the km limit; negative once past")
    active: bool


class UseCompensation(Out):
    charged: bool
    reason: Localized
    price_yuan: Decimal | None = None
    km_driven: int | None = None
    coefficient_pct: Decimal | None = Field(None, description="n in percent, as on the certificate")
    coefficient_range_pct: tuple[Decimal, Decimal] | None = None
    amount_yuan: Decimal | None = None
    amount_range_yuan: tuple[Decimal, Decimal] | None = None
    formula: str | None = None
    citation: Citation | None = None


class FiredRule(Out):
    rule_id: str
    kind: RuleKind
    title: Localized
    citation: Citation
    explanation: Localized
    evidence: list[str] = Field(default_factory=list, description="visit ids (or other record ids) behind the facts used")
    values: dict[str, object] = Field(default_factory=dict, description="the fact values the rule read")


class Remedy(Out):
    code: RemedyCode
    rule_id: str
    citation: Citation
    explanation: Localized
    evidence: list[str] = Field(default_factory=list)
    free_of_charge: bool = True
    use_compensation: UseCompensation | None = None


class Alternative(Out):
    value: object
    changes: Localized
    remedies: list[RemedyCode] = Field(default_factory=list,  # type: ignore[valid-type]
                                       description="the remedies the decision gives under this possibility")
    verdict: VERDICT.literal | None = Field(None, description="the request's verdict under this possibility")  # type: ignore[valid-type]


class MissingFact(Out):
    field: str
    assumed: object
    text: Localized
    alternatives: list[Alternative] = Field(default_factory=list)
    alternatives_computed: bool = Field(True, description="false: the decision's budget of re-runs was spent "
                                                          "before this fact's other value was tried (the text says so)")


class Deadline(Out):
    code: DEADLINE.literal
    rule_id: str
    citation: Citation
    requested_on: date
    due: date
    met_on: date | None
    status: Literal["met", "missed", "running", "overdue"]
    explanation: Localized


class RequestGround(Out):
    rule_id: str
    citation: Citation
    explanation: Localized


class RequestVerdict(Out):
    """The answer to what the consumer asked for, first; without a request, the strongest remedy available."""

    kind: REQUEST.literal | None = Field(description="what was asked; null: no request")  # type: ignore[valid-type]
    requested_on: date | None = None
    verdict: VERDICT.literal  # type: ignore[valid-type]
    grounds: list[RequestGround] = Field(default_factory=list, description="the rules that grant what was asked")
    failed: list[NotFired] = Field(default_factory=list,
                                   description="the rules that would grant it, with the conditions that failed")
    instead: list[RemedyCode] = Field(default_factory=list,  # type: ignore[valid-type]
                                      description="what the consumer may choose instead (or, granted, besides)")
    hinges_on: list[str] = Field(default_factory=list, description="unknown facts the verdict depends on")
    reason: Localized
    headline: Localized = Field(description="one sentence: request, verdict, choices, compensation, next deadline")


class ParameterUsed(Out):
    name: str
    value: object
    since: date = Field(description="the `from` date of the value used")
    citation: Citation


class Decision(Out):
    format_version: str = format_version_field()
    vin: str
    as_of: date
    regulation: Regulation
    in_scope: bool
    request: RequestVerdict | None = Field(None, description="the verdict on the consumer's request (or, without "
                                                             "one, the strongest remedy); null only without a decision")
    periods: list[Period] = Field(default_factory=list)
    remedies: list[Remedy] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    fired: list[FiredRule] = Field(default_factory=list)
    not_fired: list[NotFired] = Field(default_factory=list)
    near_limits: list[NearLimit] = Field(default_factory=list)
    assumptions: list[NoteOut] = Field(default_factory=list)
    warnings: list[NoteOut] = Field(default_factory=list)
    missing_facts: list[MissingFact] = Field(default_factory=list)
    parameters: list[ParameterUsed] = Field(default_factory=list,
                                            description="every parameter value the decision used, with its source")
    rulebook: str = Field(description="rule set version: a digest of the rule files used")
    evaluator: Literal["durable_rules", "python"]
    detail: Detail = detail_field()

    def brief(self) -> Decision:
        """This decision without the sections of BRIEF_OMITS, saying so in `detail`."""
        return briefed(self, BRIEF_OMITS)
