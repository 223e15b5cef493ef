"""The follow-up rule book: rules/followup/ (documents, duties, rules, policy profiles), loaded and checked once per
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
from .duty_specs import duty_book
from .schema import DISPLAY, SCHEMA
from .vocabulary import CAR_USE, CUSTOMER_TYPE, DUTY, RULE_KIND

PROFILES = {"default": "followup/profile_default.yaml", "revisit": "followup/profile_revisit.yaml",
            "faw-crm": "followup/profile_faw_crm.yaml"}
RULES_FILE = "followup/rules.yaml"
EPOCH = date(2000, 1, 1)          # the `from` date of a profile value given without dates
OWN_POLICY = "DEALER"             # documents.yaml: the dealer's own policy, cited where nothing else is


class FollowupPolicyError(RulebookError):
    """A follow-up profile or rule file is wrong; the message names the file and the place."""


class FollowupConclusion(Conclusion):
    KINDS: ClassVar[tuple[str, ...]] = RULE_KIND.codes
    duty: DUTY.literal = Field(description="the duty the rule imposes")  # type: ignore[valid-type]


FollowupRule = RuleSpec[FollowupConclusion]


class FollowupRuleFile(SpecModel):
    parameters_dated_by: Literal["period_start"] = Field(
        description="the day of the log at which a dated profile value is looked up")
    rules: list[FollowupRule] = Field(min_length=1)


# values a list parameter may hold: the vocabulary its facts compare with
LIST_VALUES: dict[str, tuple[str, ...]] = {
    "working_day_duties": DUTY.codes,
    "full_revisit_car_uses": CAR_USE.codes,
    "full_revisit_customer_types": CUSTOMER_TYPE.codes,
}


@cache
def load_rule_specs() -> tuple[tuple[FollowupRule, ...], str]:
    data, raw = read_rule_yaml(RULES_FILE)
    rf = validated_spec(FollowupRuleFile, data, f"rules/{RULES_FILE}", FollowupPolicyError)
    ids = [r.id for r in rf.rules]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise FollowupPolicyError(f"rules/{RULES_FILE}: rule id(s) defined twice: {', '.join(dup)}")
    return tuple(rf.rules), hashlib.sha256(raw).hexdigest()


@cache
def documents() -> dict[str, Any]:
    return load_documents("followup")[0]


def _book() -> ProfileBook:
    specs, digest = load_rule_specs()
    return ProfileBook(base_rules={r.id: r for r in specs}, base_digest=digest, rule_model=FollowupRule,
                       builtins=PROFILES, read_builtin=read_rule_yaml, epoch=EPOCH, error=FollowupPolicyError)


def _is_builtin_default(profile: Profile) -> bool:
    return profile.origin == f"rules/{PROFILES['default']}"


def required_parameters() -> dict[str, str]:
    """The parameters every profile must give (name -> unit): those of the built-in default profile."""
    return {n: p.unit for n, p in builtin_profile("default").parameters.items()}


def _checked(profile: Profile) -> Profile:
    """What the follow-up facts, the duty definitions and the rules need of every profile."""
    return check_profile(profile, required=None if _is_builtin_default(profile) else required_parameters(),
                         documents=documents(), list_values=LIST_VALUES, error=FollowupPolicyError,
                         reader="follow-up rules",
                         domain_check=lambda p: duty_book()[0].check_parameters({n: x.unit for n, x in p.parameters.items()},
                                                                           p.origin),
                         compile_on=lambda day: compiled_followup(profile, day))


@cache
def builtin_profile(pid: str = "default") -> Profile:
    if pid not in PROFILES:
        raise FollowupPolicyError(f"unknown follow-up profile {pid!r} (built-in: {', '.join(PROFILES)})")
    data, raw = read_rule_yaml(PROFILES[pid])
    return _checked(build_profile(_book(), data, raw, f"rules/{PROFILES[pid]}", None))


def resolve_followup_policy(policy: str | Path | Profile | dict[str, Any] | None) -> Profile:
    """A built-in profile id, a profile file (YAML or JSON), a dict, or a Profile; None: the default."""
    if policy is None:
        return builtin_profile("default")
    if isinstance(policy, Profile):
        return policy
    if isinstance(policy, dict):
        raw = yaml.safe_dump(policy, allow_unicode=True).encode()
        return _checked(build_profile(_book(), policy, raw, "policy", Path.cwd()))
    if isinstance(policy, str) and policy in PROFILES:
        return builtin_profile(policy)
    unknown = unknown_profile(policy, PROFILES, FollowupPolicyError)
    if unknown is not None:
        raise unknown
    path = Path(policy).resolve()
    data, raw = read_profile_file(path, FollowupPolicyError)
    return _checked(build_profile(_book(), data, raw, str(path), path.parent))


_COMPILED: dict[tuple[str, str, str], CompiledRuleset] = {}


def compiled_followup(profile: Profile, on: date | None = None) -> CompiledRuleset:
    """The profile's active rules with its parameter values in force on `on`, checked against the fact schema."""
    cites = Cites(documents()[OWN_POLICY], documents(), profile.origin)
    try:
        params = resolve_params(profile.parameters, on or EPOCH, cites)
    except RulebookError as exc:
        raise FollowupPolicyError(f"{exc} (follow-up profile {profile.id}: {profile.origin})") from None
    key = (profile.id, profile.digest, resolution_key(params))
    if key not in _COMPILED:
        active = profile.active_rules
        digest = hashlib.sha256(f"{load_rule_specs()[1]}:{duty_book()[1]}:{profile.digest}".encode()).hexdigest()[:12]
        try:
            _COMPILED[key] = compile_rules(active, params, SCHEMA, DISPLAY, domain="followup", version=profile.id,
                                           instrument=profile.name, digest=digest, cites=cites,
                                           files={s.id: RULES_FILE for s in active}, resolved_on=on)
        except RulebookError as exc:
            raise FollowupPolicyError(f"{exc} (follow-up profile {profile.id}: {profile.origin})") from None
    return _COMPILED[key]


__all__ = ["FollowupPolicyError", "PROFILES", "builtin_profile", "resolve_followup_policy", "compiled_followup",
           "load_rule_specs", "documents", "FollowupRule"]
