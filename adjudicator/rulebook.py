"""Load, validate, check and compile the declarative rule sets in rules/.

Rule files are data: each rule has an id, titles, a citation, an in-force period, a condition in the small
language of `expressions`, a conclusion and explanation templates. Thresholds are dated parameters. Loading
rejects unknown keys, conditions over unknown facts or fields, values of the wrong type, and rule shapes
outside the subset the engine runs safely. Compiling resolves parameters for one version into constants.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .expressions import Comparison, ExpressionError, Param, parse
from .facts.base import FieldSpec
from .models.decision import Citation, Localized
from .yaml_loader import load_yaml

RULES_PACKAGE = "adjudicator.rules"
MAX_PATTERNS = 16                 # durable_rules: a 17-pattern rule fails at assert time (error 304)
INT64 = 2**63 - 1
DERIVED_FACT = "finding"          # the only fact type rules may assert; chained rules read it


class RulebookError(ValueError):
    """A rule file is wrong. The message names the file and the place."""


class SpecModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalizedSpec(SpecModel):
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def out(self) -> Localized:
        return Localized(zh=self.zh, en=self.en)


class Reference(SpecModel):
    article: str = Field(min_length=1)
    paragraph: str | None = None
    item: str | None = None
    verified: bool = True


class InForce(SpecModel):
    from_: date | None = Field(None, alias="from")
    to: date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> InForce:
        if self.from_ and self.to and self.to < self.from_:
            raise ValueError(f"in_force: 'to' {self.to} is before 'from' {self.from_}")
        return self


class VersionSpec(SpecModel):
    id: str
    instrument: LocalizedSpec
    short: LocalizedSpec
    in_force: InForce
    entry_into_force: Reference
    period_start: Literal["invoice", "delivery_if_different"]


class VersionsFile(SpecModel):
    versions: list[VersionSpec] = Field(min_length=1)


ParamValue = bool | int | float | str | list[str]


class DatedValue(SpecModel):
    from_: date = Field(alias="from")
    value: ParamValue
    reference: Reference


class ParameterSpec(SpecModel):
    description: LocalizedSpec
    unit: Literal["year", "km", "day", "hour", "count", "percent", "working_day", "list", "flag"]
    near_margin: int | float | None = None
    values: list[DatedValue] = Field(min_length=1)

    @field_validator("values")
    @classmethod
    def _dated_in_order(cls, values: list[DatedValue]) -> list[DatedValue]:
        dates = [v.from_ for v in values]
        if dates != sorted(dates) or len(set(dates)) != len(dates):
            raise ValueError("values must be in strictly increasing 'from' order")
        return values


class ParametersFile(SpecModel):
    parameters: dict[str, ParameterSpec]


class Conclusion(SpecModel):
    remedies: list[Literal["return", "replace", "assembly_replacement", "free_repair", "courtesy_vehicle",
                           "consumable_replacement"]] = Field(default_factory=list)
    use_compensation: Literal["charged", "free"] | None = None
    derives: str | None = Field(None, pattern=r"^[a-z_]+$", description="a finding code other rules may test")
    out_of_scope: bool = False
    deadline: Literal["seller_reply", "seller_completion"] | None = None


class RuleSpec(SpecModel):
    id: str = Field(pattern=r"^[a-z0-9]+(\.[a-z0-9_]+)+$")
    title: LocalizedSpec
    kind: Literal["scope", "exclusion", "remedy", "compliance", "notice", "deadline"]
    citation: Reference
    in_force: InForce | None = None
    when: str
    conclusion: Conclusion = Field(default_factory=Conclusion)
    explanation: LocalizedSpec

    @model_validator(mode="after")
    def _conclusion_fits_kind(self) -> RuleSpec:
        c = self.conclusion
        if self.kind == "remedy" and not c.remedies:
            raise ValueError("a remedy rule must name its remedies")
        if self.kind != "remedy" and c.remedies:
            raise ValueError(f"a {self.kind} rule cannot grant remedies")
        if self.kind == "scope" and not c.out_of_scope:
            raise ValueError("a scope rule must set out_of_scope: true")
        if self.kind == "deadline" and not c.deadline:
            raise ValueError("a deadline rule must name its deadline")
        if any(r in ("replace", "return") for r in c.remedies) and c.use_compensation is None:
            raise ValueError("replace/return remedies must say whether use compensation is charged or free")
        return self


class RuleFile(SpecModel):
    version: str
    rules: list[RuleSpec] = Field(min_length=1)


# ---------------------------------------------------------------- compiled forms


@dataclass(frozen=True)
class Condition:
    """One comparison with its parameter resolved to a constant."""

    fact: str
    field: str
    op: str
    value: Any                      # scalar, or tuple of scalars for "in"
    param: str | None
    source: Comparison

    def __post_init__(self) -> None:
        object.__setattr__(self, "holds", _compile_test(self.op, self.value))

    def holds(self, actual: Any) -> bool:  # replaced per instance by a compiled test (see _compile_test)
        """Plain-Python meaning, identical to the engine's: a missing field never matches."""
        raise NotImplementedError


def _same(a: Any, b: Any) -> bool:
    """Equality as the rules mean it: true/false never equal a number."""
    return a == b and (type(a) is bool) == (type(b) is bool)


def _compile_test(op: str, v: Any) -> Any:
    """One small function per condition: the oracle's hot path (the 'why not' analysis runs it often)."""
    if op == "in":
        options = tuple(v)
        return lambda a: a is not None and any(_same(a, x) for x in options)
    if op == "not in":
        excluded = tuple(v)
        return lambda a: a is not None and not any(_same(a, x) for x in excluded)
    if op == "==":
        return lambda a: a is not None and _same(a, v)
    if op == "!=":
        return lambda a: a is not None and not _same(a, v)
    if isinstance(v, (bool, str)):
        return lambda a: False
    compare = {">": float.__gt__, ">=": float.__ge__, "<": float.__lt__, "<=": float.__le__}[op]
    fv = float(v)
    return lambda a: type(a) in (int, float) and compare(float(a), fv)


@dataclass(frozen=True)
class Pattern:
    fact: str
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class Variant:
    name: str                        # "<rule id>#<n>": one conjunction of the rule's condition
    rule_id: str
    patterns: tuple[Pattern, ...]
    priority: int
    derives: str | None


@dataclass(frozen=True)
class Rule:
    spec: RuleSpec
    citation: Citation
    variants: tuple[Variant, ...]

    @property
    def id(self) -> str:
        return self.spec.id


@dataclass(frozen=True)
class ResolvedParam:
    name: str
    value: Any
    spec: ParameterSpec
    citation: Citation


@dataclass
class CompiledRuleset:
    domain: str
    version: str
    instrument: Localized
    params: dict[str, ResolvedParam]
    rules: list[Rule]
    digest: str
    fact_fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    text_cache: dict[Any, Any] = field(default_factory=dict, repr=False)   # "why not" texts, by condition and value

    @property
    def param_values(self) -> dict[str, Any]:
        """{"$name": value} for explanation templates, built once."""
        cached = self.__dict__.get("_param_values")
        if cached is None:
            cached = self.__dict__["_param_values"] = {f"${n}": p.value for n, p in self.params.items()}
        return cached

    @property
    def variants(self) -> list[Variant]:
        return [v for r in self.rules for v in r.variants]

    def rule(self, rule_id: str) -> Rule:
        index = self.__dict__.get("_index")
        if index is None:
            index = self.__dict__["_index"] = {r.id: r for r in self.rules}
        return index[rule_id]

    def param(self, name: str) -> Any:
        return self.params[name].value


# ---------------------------------------------------------------- loading


def read_rule_yaml(rel: str) -> tuple[Any, bytes]:
    """A YAML file under rules/ (inside the installed package), parsed, with its bytes for the digest."""
    try:
        raw = resources.files(RULES_PACKAGE).joinpath(rel).read_bytes()
    except FileNotFoundError:
        raise RulebookError(f"rules/{rel}: file missing from the installed package") from None
    try:
        return load_yaml(raw), raw
    except yaml.YAMLError as exc:
        raise RulebookError(f"rules/{rel}: not valid YAML: {exc}") from None


def validated_spec(model: type[BaseModel], data: Any, where: str,
                   error: type[RulebookError] | None = None) -> Any:
    """Validate a rule or policy file; the first problem named with its file and place."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise (error or RulebookError)(f"{where}: {loc}: {first['msg'].removeprefix('Value error, ')} "
                                       f"({exc.error_count()} problem(s) in this file)") from None


def _validated(model: type[BaseModel], data: Any, rel: str) -> Any:
    return validated_spec(model, data, f"rules/{rel}")


def _rule_files(domain: str) -> list[str]:
    folder = resources.files(RULES_PACKAGE).joinpath(domain)
    return sorted(f"{domain}/{p.name}" for p in folder.iterdir()
                  if p.name.endswith(".yaml") and p.name not in ("versions.yaml", "parameters.yaml"))


@dataclass
class WarrantyRulebook:
    versions: list[VersionSpec]
    parameters: dict[str, ParameterSpec]
    rules: dict[str, list[RuleSpec]]            # version id -> rules
    rule_files: dict[str, str]                  # rule id -> file
    digest: str

    def version(self, version_id: str) -> VersionSpec:
        for v in self.versions:
            if v.id == version_id:
                return v
        raise KeyError(version_id)

    def version_on(self, day: date) -> VersionSpec | None:
        for v in self.versions:
            if v.in_force.from_ <= day and (v.in_force.to is None or day <= v.in_force.to):
                return v
        return None


def check_versions(versions: list[VersionSpec], origin: date, where: str = "rules/warranty/versions.yaml") -> None:
    """The versions must cover every day from `origin` on, with no overlap and no gap."""
    ordered = sorted(versions, key=lambda v: v.in_force.from_ or date.min)
    if not ordered or ordered[0].in_force.from_ != origin:
        raise RulebookError(f"{where}: the first version must start on {origin}")
    for a, b in zip(ordered, ordered[1:], strict=False):
        if a.in_force.to is None:
            raise RulebookError(f"{where}: version {a.id} never ends but {b.id} follows it (overlap)")
        nxt = a.in_force.to + timedelta(days=1)
        if b.in_force.from_ < nxt:
            raise RulebookError(f"{where}: versions {a.id} and {b.id} overlap from {b.in_force.from_}")
        if b.in_force.from_ > nxt:
            raise RulebookError(f"{where}: gap between versions {a.id} and {b.id}: "
                                f"{nxt}..{b.in_force.from_ - timedelta(days=1)} is covered by neither")
    if ordered[-1].in_force.to is not None:
        raise RulebookError(f"{where}: the last version ({ordered[-1].id}) must stay in force (no 'to')")


REGULATION_ORIGIN = date(2013, 10, 1)   # the first in-force day of any version; checked against versions.yaml


@cache
def load_warranty_rulebook() -> WarrantyRulebook:
    vdata, vraw = read_rule_yaml("warranty/versions.yaml")
    versions = _validated(VersionsFile, vdata, "warranty/versions.yaml").versions
    check_versions(versions, REGULATION_ORIGIN)
    pdata, praw = read_rule_yaml("warranty/parameters.yaml")
    params = _validated(ParametersFile, pdata, "warranty/parameters.yaml").parameters
    digest = hashlib.sha256(vraw + praw)
    rules: dict[str, list[RuleSpec]] = {v.id: [] for v in versions}
    rule_files: dict[str, str] = {}
    for rel in _rule_files("warranty"):
        data, raw = read_rule_yaml(rel)
        digest.update(raw)
        rf = _validated(RuleFile, data, rel)
        if rf.version not in rules:
            raise RulebookError(f"rules/{rel}: unknown version {rf.version!r}")
        for r in rf.rules:
            if r.id in rule_files:
                raise RulebookError(f"rules/{rel}: rule id {r.id} also defined in {rule_files[r.id]}")
            rule_files[r.id] = rel
            rules[rf.version].append(r)
    return WarrantyRulebook(versions, params, rules, rule_files, digest.hexdigest()[:12])


def resolve_params(params: dict[str, ParameterSpec], on: date, instrument: Localized) -> dict[str, ResolvedParam]:
    out = {}
    for name, spec in params.items():
        current = [v for v in spec.values if v.from_ <= on]
        if current:
            v = current[-1]
            out[name] = ResolvedParam(name, v.value, spec, _citation(v.reference, instrument))
    return out


def _citation(ref: Reference, instrument: Localized) -> Citation:
    return Citation(instrument=instrument, article=ref.article, paragraph=ref.paragraph, item=ref.item,
                    verified=ref.verified)


# ---------------------------------------------------------------- compiling


def _engine_safe_scalar(value: Any, where: str) -> None:
    if isinstance(value, bool) or isinstance(value, str):
        return
    if isinstance(value, int):
        if not -INT64 <= value <= INT64:
            raise RulebookError(f"{where}: integer {value} outside int64")
        return
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")) or "e" in repr(value).lower():
            raise RulebookError(f"{where}: number {value!r} must be finite and written without an exponent")
        return
    raise RulebookError(f"{where}: value {value!r} is not a number, text or true/false")


def _check_type(spec: FieldSpec, value: Any, where: str) -> None:
    ok = {bool: isinstance(value, bool),
          int: isinstance(value, (int, float)) and not isinstance(value, bool),
          float: isinstance(value, (int, float)) and not isinstance(value, bool),
          str: isinstance(value, str)}[spec.kind]
    if not ok:
        raise RulebookError(f"{where}: {value!r} does not fit a {spec.kind.__name__} field")
    if spec.kind is str and spec.values and value not in spec.values:
        raise RulebookError(f"{where}: {value!r} is not one of {', '.join(spec.values)}")


def compile_rules(specs: list[RuleSpec], params: dict[str, ResolvedParam], schema: dict[str, dict[str, FieldSpec]],
                  *, domain: str, version: str, instrument: Localized, digest: str,
                  files: dict[str, str] | None = None) -> CompiledRuleset:
    """Resolve parameters and check every rule against the fact schema and the engine's safe subset."""
    derived_codes = {s.conclusion.derives for s in specs if s.conclusion.derives}
    rules = []
    for spec in specs:
        where = f"rules/{(files or {}).get(spec.id, domain)}: rule {spec.id}"
        try:
            alternatives = parse(spec.when)
        except ExpressionError as exc:
            raise RulebookError(f"{where}: {exc}") from None
        variants = []
        for k, conj in enumerate(alternatives):
            by_fact: dict[str, list[Condition]] = {}
            for comp in conj:
                cw = f"{where}: condition '{comp.text()}'"
                if comp.fact == DERIVED_FACT:
                    fs = {"code": FieldSpec(str, "finding code", tuple(sorted(derived_codes)))}
                elif comp.fact in schema:
                    fs = schema[comp.fact]
                else:
                    raise RulebookError(f"{cw}: unknown fact {comp.fact!r} (known: {', '.join(sorted(schema))})")
                if comp.field not in fs:
                    raise RulebookError(f"{cw}: fact {comp.fact!r} has no field {comp.field!r} "
                                        f"(fields: {', '.join(sorted(fs))})")
                value, pname = _resolve(comp.value, params, cw)
                if comp.op in ("in", "not in"):
                    if not isinstance(value, (list, tuple)) or not value:
                        raise RulebookError(f"{cw}: '{comp.op}' needs a non-empty list")
                    value = tuple(value)
                    for x in value:
                        _engine_safe_scalar(x, cw)
                        _check_type(fs[comp.field], x, cw)
                else:
                    if isinstance(value, (list, tuple)):
                        raise RulebookError(f"{cw}: a list needs 'in' or 'not in', not {comp.op}")
                    _engine_safe_scalar(value, cw)
                    _check_type(fs[comp.field], value, cw)
                    if comp.op not in ("==", "!=") and (isinstance(value, (bool, str)) or fs[comp.field].kind in (bool, str)):
                        raise RulebookError(f"{cw}: {comp.op} needs numbers")
                by_fact.setdefault(comp.fact, []).append(Condition(comp.fact, comp.field, comp.op, value, pname, comp))
            if len(by_fact) > MAX_PATTERNS:
                raise RulebookError(f"{where}: more than {MAX_PATTERNS} fact types in one conjunction")
            patterns = tuple(Pattern(f, tuple(cs)) for f, cs in by_fact.items())
            priority = 10 if DERIVED_FACT in by_fact else 0
            variants.append(Variant(f"{spec.id}#{k}", spec.id, patterns, priority, spec.conclusion.derives))
        _check_template(spec, params, schema, where)
        rules.append(Rule(spec, _citation(spec.citation, instrument), tuple(variants)))
    fact_fields: dict[str, set[str]] = {}
    for r in rules:
        for v in r.variants:
            for p in v.patterns:
                fact_fields.setdefault(p.fact, set()).update(c.field for c in p.conditions)
    return CompiledRuleset(domain, version, instrument, params, rules, digest,
                           {k: tuple(sorted(v)) for k, v in fact_fields.items()})


def _resolve(value: Any, params: dict[str, ResolvedParam], where: str) -> tuple[Any, str | None]:
    if isinstance(value, Param):
        if value.name not in params:
            raise RulebookError(f"{where}: parameter ${value.name} has no value for this version")
        return params[value.name].value, value.name
    if isinstance(value, tuple):
        out = []
        for v in value:
            out.append(_resolve(v, params, where)[0])
        return tuple(out), None
    return value, None


_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def _check_template(spec: RuleSpec, params: dict[str, ResolvedParam], schema: dict[str, dict[str, FieldSpec]],
                    where: str) -> None:
    used_facts = {c.fact for conj in parse(spec.when) for c in conj}
    for lang in ("zh", "en"):
        for name in _PLACEHOLDER.findall(getattr(spec.explanation, lang)):
            if name == "evidence":
                continue
            if name.startswith("$"):
                if name[1:] not in params:
                    raise RulebookError(f"{where}: explanation.{lang} uses unknown parameter {name}")
                continue
            fact, _, fld = name.partition(".")
            if fact not in used_facts:
                raise RulebookError(f"{where}: explanation.{lang} uses {{{name}}} but the condition does not "
                                    f"read fact {fact!r}")
            if fact != DERIVED_FACT and fld not in schema.get(fact, {}) and fld not in DISPLAY_FIELDS.get(fact, ()):
                raise RulebookError(f"{where}: explanation.{lang} uses unknown field {{{name}}}")


DISPLAY_FIELDS: dict[str, tuple[str, ...]] = {}
"""Fact builders register the display-only fields their facts carry (for explanation templates)."""


@cache
def compiled_warranty(version: str) -> CompiledRuleset:
    from .facts.warranty import DISPLAY, SCHEMA

    DISPLAY_FIELDS.update(DISPLAY)
    book = load_warranty_rulebook()
    v = book.version(version)
    instrument = v.instrument.out()
    params = resolve_params(book.parameters, v.in_force.from_, instrument)
    for spec in book.rules[version]:
        f = spec.in_force
        if f and ((f.from_ and f.from_ < v.in_force.from_) or (f.to and v.in_force.to and f.to > v.in_force.to)):
            raise RulebookError(f"rules/{book.rule_files[spec.id]}: rule {spec.id} in force outside version {version}")
    return compile_rules(book.rules[version], params, SCHEMA, domain="warranty", version=version,
                         instrument=instrument, digest=book.digest, files=book.rule_files)


def render_template(text: str, values: dict[str, Any], lang: str) -> str:
    """Fill {fact.field}, {$param} and {evidence} placeholders; unknown names are left visible."""

    def sub(m: re.Match[str]) -> str:
        key = m.group(1)
        if key not in values:
            return m.group(0)
        return format_value(values[key], lang)

    return _PLACEHOLDER.sub(sub, text)


def format_value(value: Any, lang: str) -> str:
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if isinstance(value, (list, tuple)):
        return "、".join(format_value(v, lang) for v in value) if lang == "zh" else ", ".join(
            format_value(v, lang) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Localized):
        return value.get(lang)
    return str(value)
