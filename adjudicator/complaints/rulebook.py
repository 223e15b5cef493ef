"""The complaint rule book: rules/complaints/ (documents, rules, policy profiles), loaded and checked once per
process; a profile (built in, a file, or a dict) chooses the parameter values and which rules are on."""
from __future__ import annotations

import hashlib
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, ClassVar, Literal

import yaml
from pydantic import Field

from ..core.profiles import (
    Profile,
    ProfileBook,
    build_profile,
    check_profile,
    read_profile_file,
    unknown_profile,
)
from ..core.rulebook import (
    Cites,
    CompiledRuleset,
    RulebookError,
    compile_rules,
    load_documents,
    read_rule_yaml,
    resolution_key,
    resolve_params,
    validated_spec,
)
from ..core.specs import Conclusion, RuleSpec, SpecModel
from ..core.text import loc
from .deadline_specs import deadline_book
from .schema import DISPLAY, SCHEMA
from .vocabulary import ACTION, CASE_TYPE, CATEGORY, DEADLINE, ESCALATION, RULE_KIND

PROFILES = {"default": "complaints/profile_default.yaml", "dfp-course": "complaints/profile_dfp_course.yaml",
            "faw-crm": "complaints/profile_faw_crm.yaml", "cs-cms": "complaints/profile_cs_cms.yaml"}
RULES_FILE = "complaints/rules.yaml"
EPOCH = date(2000, 1, 1)          # the `from` date of a profile value given without dates
OWN_POLICY = "CARMAKER"           # documents.yaml: the carmaker's own policy, cited where nothing else is


class PolicyError(RulebookError):
    """A policy profile or the complaint rule file is wrong; the message names the file and the place."""


class ComplaintConclusion(Conclusion):
    KINDS: ClassVar[tuple[str, ...]] = RULE_KIND.codes
    closure: str | None = Field(None, pattern=r"^C[0-9]{1,2}$", description="the closure condition's code")
    escalation: ESCALATION.literal | None = None  # type: ignore[valid-type]
    deadline: DEADLINE.literal | None = None  # type: ignore[valid-type]
    action: ACTION.literal | None = None  # type: ignore[valid-type]
    warning: bool = Field(False, description="a notice shown among the decision's warnings")

    def check_kind(self, kind: str) -> None:
        need = {"closure": "closure", "escalation": "escalation", "deadline": "deadline", "action": "action"}
        for k, attr in need.items():
            if (kind == k) != (getattr(self, attr) is not None):
                raise ValueError(f"a {kind} rule {'must' if kind == k else 'cannot'} set conclusion.{attr}")
        if self.warning and kind != "notice":
            raise ValueError("only a notice rule can be shown as a warning")


ComplaintRule = RuleSpec[ComplaintConclusion]


class ComplaintRuleFile(SpecModel):
    parameters_dated_by: Literal["received_at"] = Field(
        description="the time of the case at which a dated profile value is looked up")
    rules: list[ComplaintRule] = Field(min_length=1)


# values a list parameter may hold: the vocabulary its facts compare with
LIST_VALUES: dict[str, tuple[str, ...]] = {
    "holiday_shift_deadlines": DEADLINE.codes,
    "resolution_case_types": CASE_TYPE.codes,
    "general_case_types": CASE_TYPE.codes,
    "major_report_categories": CATEGORY.codes,
}


@cache
def load_rule_file() -> tuple[ComplaintRuleFile, str]:
    data, raw = read_rule_yaml(RULES_FILE)
    rf = validated_spec(ComplaintRuleFile, data, f"rules/{RULES_FILE}", PolicyError)
    ids = [r.id for r in rf.rules]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise PolicyError(f"rules/{RULES_FILE}: rule id(s) defined twice: {', '.join(sorted(dup))}")
    return rf, hashlib.sha256(raw).hexdigest()


def load_rule_specs() -> tuple[tuple[ComplaintRule, ...], str]:
    rf, digest = load_rule_file()
    return tuple(rf.rules), digest


@cache
def documents() -> dict[str, Any]:
    return load_documents("complaints")[0]


def _book() -> ProfileBook:
    specs, digest = load_rule_specs()
    return ProfileBook(base_rules={r.id: r for r in specs}, base_digest=digest, rule_model=ComplaintRule,
                       builtins=PROFILES, read_builtin=read_rule_yaml, epoch=EPOCH, error=PolicyError)


def _is_builtin_default(profile: Profile) -> bool:
    return profile.origin == f"rules/{PROFILES['default']}"


def required_parameters() -> dict[str, str]:
    """The parameters every profile must give (name -> unit): those of the built-in default profile, which the
    complaint facts, the deadline definitions and the rules read."""
    return {n: p.unit for n, p in builtin_profile("default").parameters.items()}


def _checked(profile: Profile) -> Profile:
    """What the complaint facts, the deadline definitions and the rules need of every profile."""
    return check_profile(profile, required=None if _is_builtin_default(profile) else required_parameters(),
                         documents=documents(), list_values=LIST_VALUES, error=PolicyError,
                         reader="complaint rules",
                         domain_check=lambda p: deadline_book()[0].check_parameters({n: x.unit for n, x in p.parameters.items()},
                                                                           p.origin),
                         compile_on=lambda day: compiled_complaints(profile, day))


@cache
def builtin_profile(pid: str = "default") -> Profile:
    if pid not in PROFILES:
        raise PolicyError(text=loc(f"未知的策略配置 {pid!r}（内置：{'、'.join(PROFILES)}）",
                                   f"unknown policy profile {pid!r} (built-in: {', '.join(PROFILES)})"))
    data, raw = read_rule_yaml(PROFILES[pid])
    return _checked(build_profile(_book(), data, raw, f"rules/{PROFILES[pid]}", None))


def load_profile(path: str | Path) -> Profile:
    """A carmaker's own profile file (YAML or JSON), validated like the built-in ones."""
    p = Path(path).resolve()
    data, raw = read_profile_file(p, PolicyError)
    return _checked(build_profile(_book(), data, raw, str(p), p.parent))


def resolve_policy(policy: str | Path | Profile | dict[str, Any] | None) -> Profile:
    if policy is None:
        return builtin_profile("default")
    if isinstance(policy, Profile):
        return policy
    if isinstance(policy, dict):
        raw = yaml.safe_dump(policy, allow_unicode=True).encode()
        return _checked(build_profile(_book(), policy, raw, "policy", Path.cwd()))
    if isinstance(policy, str) and policy in PROFILES:
        return builtin_profile(policy)
    unknown = unknown_profile(policy, PROFILES, PolicyError)
    if unknown is not None:
        raise unknown
    return load_profile(policy)


_COMPILED: dict[tuple[str, str, str], CompiledRuleset] = {}


def compiled_complaints(profile: Profile, on: date | None = None) -> CompiledRuleset:
    """The profile's active rules with its parameter values in force on `on`, checked against the fact schema.
    Cached by the profile's digest and what was resolved."""
    cites = Cites(documents()[OWN_POLICY], documents(), profile.origin)
    try:
        params = resolve_params(profile.parameters, on or EPOCH, cites)
    except RulebookError as exc:
        raise PolicyError(f"{exc} (policy profile {profile.id}: {profile.origin})") from None
    required = profile.parameters if _is_builtin_default(profile) else required_parameters()
    not_yet = sorted(set(required) - set(params))
    if not_yet:
        raise PolicyError(f"{profile.origin}: parameters: {', '.join(not_yet)} have no value on {on or EPOCH} "
                          f"(the first dated value is later)")
    key = (profile.id, profile.digest, resolution_key(params))
    compiled = _COMPILED.get(key)
    if compiled is not None:
        return compiled
    active = profile.active_rules
    digest = hashlib.sha256(f"{load_rule_specs()[1]}:{deadline_book()[1]}:{profile.digest}".encode()).hexdigest()[:12]
    try:
        compiled = compile_rules(active, params, SCHEMA, DISPLAY, domain="complaints", version=profile.id,
                                 instrument=profile.name, digest=digest, cites=cites,
                                 files={s.id: RULES_FILE for s in active}, resolved_on=on)
    except RulebookError as exc:
        raise PolicyError(f"{exc} (policy profile {profile.id}: {profile.origin})") from None
    _COMPILED[key] = compiled
    return compiled


__all__ = ["PolicyError", "Profile", "PROFILES", "builtin_profile", "load_profile", "resolve_policy",
           "compiled_complaints", "load_rule_specs", "ComplaintRule"]
