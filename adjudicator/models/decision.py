"""The warranty decision: a value that can be serialised, compared, stored and replayed."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

RemedyCode = Literal["return", "replace", "assembly_replacement", "free_repair", "courtesy_vehicle",
                     "consumable_replacement"]
RuleKind = Literal["scope", "exclusion", "remedy", "compliance", "notice", "deadline"]


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(Out):
    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


REMEDY_NAMES = {
    "return": Localized(zh="退货", en="return"),
    "replace": Localized(zh="更换", en="replacement"),
    "assembly_replacement": Localized(zh="更换总成", en="assembly replacement"),
    "free_repair": Localized(zh="免费修理", en="free repair"),
    "courtesy_vehicle": Localized(zh="备用车或交通补偿", en="courtesy vehicle or transport compensation"),
    "consumable_replacement": Localized(zh="易损耗零部件免费更换/修理", en="consumable replaced/repaired free"),
}


DEADLINE_STATUS_NAMES = {
    "met": Localized(zh="按时", en="met"),
    "missed": Localized(zh="逾期完成", en="missed"),
    "running": Localized(zh="进行中", en="running"),
    "overdue": Localized(zh="已逾期", en="overdue"),
    "exempt": Localized(zh="特殊情况不计时限", en="exempt"),
}


class Citation(Out):
    instrument: Localized
    article: str
    paragraph: str | None = None
    item: str | None = None
    verified: bool = Field(True, description="false: the article number comes from a secondary source only")

    def text(self, lang: str = "zh") -> str:
        where = self.article + (self.paragraph or "") + (self.item or "")
        flag = "" if self.verified else ("（条号未经原文核实）" if lang == "zh" else " (article number unverified)")
        return f"{self.instrument.get(lang)} {where}{flag}"


class Regulation(Out):
    version: str | None = Field(description="2013 or 2021; null when the regulation does not apply at all")
    instrument: Localized | None
    reason: Localized
    forced: bool = False


class Period(Out):
    code: Literal["repair_warranty", "return_period", "early_window", "seven_day_window"]
    name: Localized
    start: date
    end_date: date
    end_odometer_km: int | None = Field(None, description="odometer reading at which the period ends; null: no km limit")
    limit_days: int | None = None
    limit_years: float | None = None
    limit_km: int | None = None
    source: Literal["statutory", "certificate"] = "statutory"
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


class FailedCondition(Out):
    condition: str
    actual: object
    required: object
    text: Localized


class NotFired(Out):
    rule_id: str
    kind: RuleKind
    title: Localized
    citation: Citation
    failed: list[FailedCondition]
    evidence: list[str] = Field(default_factory=list)


class NearLimit(Out):
    rule_id: str
    citation: Citation
    text: Localized
    actual: object
    limit: object


class NoteOut(Out):
    code: str
    text: Localized
    field: str | None = None


class Alternative(Out):
    value: object
    changes: Localized


class MissingFact(Out):
    field: str
    assumed: object
    text: Localized
    alternatives: list[Alternative] = Field(default_factory=list)


class Deadline(Out):
    code: Literal["seller_reply", "seller_completion"]
    rule_id: str
    citation: Citation
    requested_on: date
    due: date
    met_on: date | None
    status: Literal["met", "missed", "running", "overdue"]
    explanation: Localized


class Decision(Out):
    vin: str
    as_of: date
    regulation: Regulation
    in_scope: bool
    periods: list[Period] = Field(default_factory=list)
    remedies: list[Remedy] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    fired: list[FiredRule] = Field(default_factory=list)
    not_fired: list[NotFired] = Field(default_factory=list)
    near_limits: list[NearLimit] = Field(default_factory=list)
    assumptions: list[NoteOut] = Field(default_factory=list)
    warnings: list[NoteOut] = Field(default_factory=list)
    missing_facts: list[MissingFact] = Field(default_factory=list)
    rulebook: str = Field(description="rule set version: a digest of the rule files used")
    evaluator: Literal["durable_rules", "python"]
