"""Policy profiles: a named overlay of parameter values and rules on a domain's base rule book.

A profile may change and add parameters, change, add, disable and re-enable rules, and extend any other
profile, built in or a file, in chains of any depth. An override restates only what changes: a parameter's new
value with its source, a rule's changed keys. A loop in `extends`, an unknown key, an unknown rule or a value of
the wrong kind is an error naming the file.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, model_validator

from .reading import ReadError, TooLarge, read_bounded
from .rulebook import RulebookError, validated_spec
from .specs import (
    DatedValue,
    LocalizedSpec,
    ParameterSpec,
    ParamValue,
    Reference,
    RuleSpec,
    SpecModel,
    Unit,
    value_problem,
)
from .text import Localized, loc
from .yaml_loader import load_yaml, yaml_error_text

MAX_PROFILE_BYTES = 1024 * 1024
MAX_CHAIN = 16


class ProfileParameter(SpecModel):
    """A parameter as a profile states it: whole (a new parameter) or only what changes (an override)."""

    description: LocalizedSpec | None = None
    unit: Unit | None = None
    near_margin: int | float | None = None
    value: ParamValue | None = None
    source: Reference | None = None
    values: list[DatedValue] | None = None
    choice: LocalizedSpec | None = Field(None, description="the source gives no figure: the profile's own choice")

    @model_validator(mode="after")
    def _one_form(self) -> ProfileParameter:
        if self.value is not None and self.values is not None:
            raise ValueError("give either value (with its source) or dated values, not both")
        if self.value is not None and self.source is None:
            raise ValueError("a new value needs its source")
        if self.source is not None and self.value is None:
            raise ValueError("source goes with value")
        return self


class ProfileFile(SpecModel):
    profile: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]{0,40}$")
    name: LocalizedSpec
    extends: str | None = Field(None, description="a built-in profile id, or a profile file (relative to this one)")
    parameters: dict[str, ProfileParameter] = Field(default_factory=dict)
    rules: list[dict[str, Any]] = Field(default_factory=list,
                                        description="new rules, or a base rule's id with the keys that change")
    enabled_rules: list[str] = Field(default_factory=list)
    disabled_rules: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class Profile:
    id: str
    name: Localized
    parameters: dict[str, ParameterSpec]
    rules: dict[str, RuleSpec[Any]]          # every rule, in order, including the disabled ones
    disabled: frozenset[str]
    digest: str
    origin: str                              # the file it came from
    chain: tuple[str, ...]                   # the profiles it builds on, nearest first

    @property
    def active_rules(self) -> list[RuleSpec[Any]]:
        return [r for r in self.rules.values() if r.id not in self.disabled]


@dataclass(frozen=True)
class ProfileBook:
    """What a domain gives the profile loader: its base rules, its built-in profiles, how to read a rule."""

    base_rules: Mapping[str, RuleSpec[Any]]
    base_digest: str
    rule_model: Any                               # the domain's RuleSpec[...] class
    builtins: Mapping[str, str]                   # id -> file under rules/
    read_builtin: Callable[[str], tuple[Any, bytes]]
    epoch: date                                   # the `from` date of an undated value
    error: type[RulebookError] = RulebookError


def check_profile(profile: Profile, *, required: Mapping[str, str] | None, documents: Iterable[str],
                  list_values: Mapping[str, tuple[str, ...]], error: type[RulebookError], reader: str,
                  domain_check: Callable[[Profile], None], compile_on: Callable[[date], Any]) -> Profile:
    """What a domain's facts and rules need of every profile, checked once when it is loaded:
    - `required` (name -> unit; None for the built-in default itself): every parameter present, in its unit;
    - the domain's own definitions satisfied (`domain_check`: the parameters its deadlines or duties name);
    - every value's document known, every list value a code of its vocabulary (`list_values`);
    - every rule set the profile can give compiled now (`compile_on`, on each day one of its values starts from),
      so that a rule or a list the engine cannot take is refused at load, naming the file."""
    where = profile.origin
    if required is not None:
        missing = sorted(set(required) - set(profile.parameters))
        if missing:
            raise error(f"{where}: parameters: missing {', '.join(missing)} (a profile without 'extends' must give "
                        f"every parameter of the default profile; or add 'extends: default')")
        for name, unit in required.items():
            if profile.parameters[name].unit != unit:
                raise error(f"{where}: parameters.{name}.unit: {profile.parameters[name].unit}, but the {reader} "
                            f"read it in {unit}")
    try:
        domain_check(profile)
    except RulebookError as exc:
        raise error(str(exc)) from None
    known = tuple(documents)
    for name, spec in profile.parameters.items():
        for v in spec.values:
            if v.reference.document not in (None, *known):
                raise error(f"{where}: parameters.{name}: unknown document {v.reference.document!r} "
                            f"(known: {', '.join(known)})")
            if name in list_values:
                value = v.value
                bad = [x for x in value if x not in list_values[name]] if isinstance(value, list) else [value]
                if bad:
                    raise error(f"{where}: parameters.{name}.value: {bad[0]!r} is not one of "
                                f"{', '.join(list_values[name])}")
    first = max(min(v.from_ for v in spec.values) for spec in profile.parameters.values())
    for day in sorted({v.from_ for spec in profile.parameters.values() for v in spec.values if v.from_ >= first}):
        compile_on(day)
    return profile


def unknown_profile(policy: str | Path, builtins: Iterable[str], error: type[RulebookError]) -> RulebookError | None:
    """The error for a policy that is neither a built-in id nor an existing file: it lists the built-in ids (None
    when `policy` is a file, which is then read as one)."""
    if Path(policy).exists():
        return None
    ids = list(builtins)
    return error(text=loc(f"未知的策略配置 {str(policy)!r}（内置：{'、'.join(ids)}；或给出策略配置文件的路径）",
                          f"unknown policy profile {str(policy)!r} (built-in: {', '.join(ids)}; or the path of a "
                          f"profile file)"))


def read_profile_file(path: Path, error: type[RulebookError]) -> tuple[Any, bytes]:
    try:
        raw = read_bounded(path, MAX_PROFILE_BYTES, loc("策略文件", "policy profile"))
    except ReadError as exc:
        raise error(f"{path}: {exc}; a policy profile is a short file" if isinstance(exc, TooLarge) else
                    f"{path}: {exc}") from None
    except OSError as exc:
        raise error(f"{path}: {exc.strerror or exc}") from None
    try:
        return load_yaml(raw), raw
    except yaml.YAMLError as exc:
        raise error(f"{path}: {yaml_error_text(exc)}") from None


def build_profile(book: ProfileBook, data: Any, raw: bytes, where: str, base_dir: Path | None,
                  stack: tuple[str, ...] = ()) -> Profile:
    """A profile from its file's content, with everything it extends resolved first."""
    err = book.error
    pf: ProfileFile = validated_spec(ProfileFile, data, where, err)
    identity = where
    if identity in stack or len(stack) >= MAX_CHAIN:
        chain = " → ".join((*stack, identity))
        raise err(f"{where}: extends: a loop or a chain too long ({chain})")
    stack = (*stack, identity)
    digest = hashlib.sha256(raw)
    if pf.extends is None:
        params: dict[str, ParameterSpec] = {}
        rules: dict[str, RuleSpec[Any]] = dict(book.base_rules)
        disabled: set[str] = set()
        chain: tuple[str, ...] = ()
        digest.update(book.base_digest.encode())
    else:
        base = _load_base(book, pf.extends, where, base_dir, stack)
        params, rules, disabled = dict(base.parameters), dict(base.rules), set(base.disabled)
        chain = (base.id, *base.chain)
        digest.update(base.digest.encode())
    for name, change in pf.parameters.items():
        params[name] = _merge_parameter(params.get(name), change, f"{where}: parameters.{name}", book, err)
    for i, entry in enumerate(pf.rules):
        rid = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(rid, str):
            raise err(f"{where}: rules[{i}].id: every rule entry names its id")
        merged = {**rules[rid].model_dump(by_alias=True, exclude_none=True), **entry} if rid in rules else entry
        rules[rid] = validated_spec(book.rule_model, merged, f"{where}: rules[{i}] ({rid})", err)
    for key, ids in (("enabled_rules", pf.enabled_rules), ("disabled_rules", pf.disabled_rules)):
        for rid in ids:
            if rid not in rules:
                raise err(f"{where}: {key}: unknown rule {rid!r}")
    disabled -= set(pf.enabled_rules)
    disabled |= set(pf.disabled_rules)
    return Profile(pf.profile, pf.name.out(), params, rules, frozenset(disabled), digest.hexdigest()[:12], where,
                   chain)


def _load_base(book: ProfileBook, extends: str, where: str, base_dir: Path | None,
               stack: tuple[str, ...]) -> Profile:
    if extends in book.builtins:
        rel = book.builtins[extends]
        data, raw = book.read_builtin(rel)
        return build_profile(book, data, raw, f"rules/{rel}", None, stack)
    looks_like_file = extends.endswith((".yaml", ".yml", ".json")) or "/" in extends
    if not looks_like_file:
        raise book.error(f"{where}: extends: unknown profile {extends!r} (built-in: {', '.join(book.builtins)}; "
                         f"or a file ending in .yaml, .yml or .json)")
    path = Path(extends)
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    path = path.resolve()
    data, raw = read_profile_file(path, book.error)
    return build_profile(book, data, raw, str(path), path.parent, stack)


def _kind(value: Any) -> str:
    return "list" if isinstance(value, list) else "flag" if isinstance(value, bool) else \
        "text" if isinstance(value, str) else "number"


def _merge_parameter(base: ParameterSpec | None, change: ProfileParameter, where: str, book: ProfileBook,
                     err: type[RulebookError]) -> ParameterSpec:
    if change.value is not None:
        values = [DatedValue.model_validate({"from": book.epoch, "value": change.value,
                                             "reference": change.source})]
    else:
        values = change.values
    unit = change.unit or (base.unit if base is not None else None)
    if unit is not None:
        for i, v in enumerate(values or ()):
            problem = value_problem(unit, v.value)
            if problem:
                place = "value" if change.value is not None else f"values[{i}].value"
                raise err(f"{where}.{place}: {problem}")
        if change.near_margin is not None:
            problem = value_problem(unit, change.near_margin)
            if problem:
                raise err(f"{where}.near_margin: {problem}")
    if base is None:
        missing = [k for k, v in (("description", change.description), ("unit", change.unit),
                                  ("value", values)) if v is None]
        if missing:
            raise err(f"{where}: a new parameter needs {', '.join(missing)}")
        return validated_spec(ParameterSpec, {"description": change.description, "unit": change.unit,
                                              "near_margin": change.near_margin, "values": values,
                                              "choice": change.choice}, where, err)
    if change.unit is not None and change.unit != base.unit:
        raise err(f"{where}.unit: {change.unit} cannot replace the parameter's unit {base.unit}")
    if values is not None:
        was = _kind(base.values[-1].value)
        for v in values:
            if _kind(v.value) != was:
                raise err(f"{where}.value: {v.value!r} is not the kind of value the parameter takes "
                          f"(like {base.values[-1].value!r})")
    update: dict[str, Any] = {}
    if change.description is not None:
        update["description"] = change.description
    if change.near_margin is not None:
        update["near_margin"] = change.near_margin
    if values is not None:
        update["values"] = values
        update["choice"] = change.choice           # the base's reasoning was about the base's number
    elif change.choice is not None:
        update["choice"] = change.choice
    # validated again as a whole (model_copy alone would not): the merged values must still fit the unit
    return validated_spec(ParameterSpec, {**dict(base), **update}, where, err)
