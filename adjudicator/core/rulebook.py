"""Load, validate, resolve and compile rule-book files, for any domain.

Loading rejects unknown keys, conditions over unknown facts or fields, values of the wrong type, and rule shapes
outside the subset the engine runs safely. Compiling resolves the dated parameters *at one date* into constants;
a compiled rule set is cached by what was actually resolved (which value of each parameter), so a value dated
inside a version is used from its date on and not before.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, Field, ValidationError, model_validator

from .caches import TEMPLATES
from .conditions import Comparison, ExpressionError, Param, parse
from .disk_cache import cache_folder, caching, replace_atomically, trusted
from .engine_limits import INT64, MAX_CONDITIONS, MAX_LIST_ENTRIES, MAX_TEXT, ShapeError, check_rule_set
from .facts import FieldSpec
from .problems import problem
from .reading import read_bounded
from .specs import LocalizedSpec, ParameterSpec, Reference, RuleSpec, SpecModel
from .text import Citation, Localized, format_value
from .yaml_loader import load_yaml

RULES_PACKAGE = "adjudicator.rules"
MAX_PATTERNS = 16                 # durable_rules: a 17-pattern rule fails at assert time (error 304)
DERIVED_FACT = "finding"          # the only fact type rules may assert; chained rules read it
Schema = Mapping[str, Mapping[str, FieldSpec]]


class RulebookError(ValueError):
    """A rule file is wrong. The message names the file and the place; `text`, where given, says it in both
    languages."""

    def __init__(self, message: str = "", text: Localized | None = None):
        super().__init__(text.en if text is not None and not message else message)
        self.text = text

    def get(self, lang: str) -> str:
        """The message in `lang` where it has been translated."""
        return self.text.get(lang) if self.text is not None else str(self)


# ---------------------------------------------------------------- reading files


RULES_ENV = "ADJUDICATOR_RULES"     # a folder laid out like rules/: a candidate rule book instead of the shipped one


def rules_root() -> Any:
    """The rule book's folder: the one ADJUDICATOR_RULES names, or rules/ inside the installed package."""
    override = os.environ.get(RULES_ENV)
    return Path(override) if override else resources.files(RULES_PACKAGE)


def read_rule_yaml(rel: str) -> tuple[Any, bytes]:
    """A YAML file of the rule book, parsed, with its bytes for the digest."""
    try:
        raw = rules_root().joinpath(rel).read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        raise RulebookError(f"rules/{rel}: file missing from the installed package") from None
    try:
        return load_yaml(raw), raw
    except yaml.YAMLError as exc:
        raise RulebookError(f"rules/{rel}: not valid YAML: {exc}") from None


def rule_files(domain: str, reserved: tuple[str, ...]) -> list[str]:
    """The rule files of a domain's folder, other than its reserved files (versions, parameters, ...)."""
    folder = rules_root().joinpath(domain)
    return sorted(f"{domain}/{p.name}" for p in folder.iterdir()
                  if p.name.endswith(".yaml") and p.name not in reserved)


def validated_spec(model: type[BaseModel] | Any, data: Any, where: str,
                   error: type[RulebookError] | None = None) -> Any:
    """Validate a rule or policy file; the first problem named with its file and place."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        path, said, _ = problem(exc.errors()[0])
        count = exc.error_count()
        text = Localized(zh=f"{where}：{path + '：' if path else ''}{said.zh}（此文件共 {count} 处问题）",
                         en=f"{where}: {path + ': ' if path else ''}{said.en} ({count} problem(s) in this file)")
        raise (error or RulebookError)(text.en, text) from None


class DocumentSpec(LocalizedSpec):
    """An instrument: its name in both languages, and where the rule book keeps its full text (`text`, a file
    relative to the domain's folder, read by core/statute.py) or why it keeps none (`no_text`)."""

    text: str | None = Field(None, pattern=r"^[a-z0-9_/]+\.yaml$")
    no_text: str | None = Field(None, min_length=1)

    @model_validator(mode="after")
    def _text_or_reason(self) -> DocumentSpec:
        if self.text and self.no_text:
            raise ValueError("give either `text` (the file) or `no_text` (why there is none), not both")
        return self


class DocumentsFile(SpecModel):
    """The instruments a domain cites: regulations, amending orders, policies."""

    documents: dict[str, DocumentSpec]


def load_document_specs(domain: str) -> tuple[dict[str, DocumentSpec], bytes]:
    rel = f"{domain}/documents.yaml"
    data, raw = read_rule_yaml(rel)
    return validated_spec(DocumentsFile, data, f"rules/{rel}").documents, raw


def load_documents(domain: str) -> tuple[dict[str, Localized], bytes]:
    docs, raw = load_document_specs(domain)
    return {k: v.out() for k, v in docs.items()}, raw


def check_versions(spans: list[tuple[str, date, date | None]], origin: date, where: str) -> None:
    """Versions (id, from, to) must cover every day from `origin` on, with no overlap and no gap."""
    ordered = sorted(spans, key=lambda v: v[1])
    if not ordered or ordered[0][1] != origin:
        raise RulebookError(f"{where}: the first version must start on {origin}")
    for (a, _, a_to), (b, b_from, _) in zip(ordered, ordered[1:], strict=False):
        if a_to is None:
            raise RulebookError(f"{where}: version {a} never ends but {b} follows it (overlap)")
        nxt = a_to + timedelta(days=1)
        if b_from < nxt:
            raise RulebookError(f"{where}: versions {a} and {b} overlap from {b_from}")
        if b_from > nxt:
            raise RulebookError(f"{where}: gap between versions {a} and {b}: "
                                f"{nxt}..{b_from - timedelta(days=1)} is covered by neither")
    if ordered[-1][2] is not None:
        raise RulebookError(f"{where}: the last version ({ordered[-1][0]}) must stay in force (no 'to')")


# ---------------------------------------------------------------- the checked rule book, kept between runs

# Reading and checking a domain's YAML costs a cold start tens of milliseconds (parsing, then pydantic validation
# of every rule); the result is kept in the user's cache folder (core/disk_cache.py) and used again while nothing
# it came from has changed: the domain's rule files, the program's code, the Python and pydantic that pickled it.
RULEBOOK_CACHE_FORMAT = 1                     # bump when what cached_rule_book writes changes shape
MAX_RULEBOOK_CACHE_BYTES = 16 * 1024 * 1024   # the warranty rule book pickles to about 0.3 MB
_CACHE_MAGIC = b"adjudicator rule book\n"
_PACKAGE = Path(__file__).resolve().parents[1]
T = TypeVar("T")


def _tree_digest(root: Any, into: Any, rel: str = "") -> None:
    """Every file under `root` (a folder or an importlib Traversable), by name and bytes, in name order."""
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        name = f"{rel}/{entry.name}"
        if entry.is_dir():
            if entry.name != "__pycache__":
                _tree_digest(entry, into, name)
        else:
            content = entry.read_bytes()
            into.update(f"{name}\0{len(content)}\0".encode() + content)


def _program_digest(into: Any) -> None:
    """The program that builds a rule book: its source files (name, size, modification time: a stat each, no
    reading), and the Python and pydantic versions whose pickles it reads."""
    import pydantic

    into.update(f"{sys.version}\0{pydantic.VERSION}\0".encode())
    for folder, dirs, files in sorted(os.walk(_PACKAGE)):
        dirs[:] = sorted(d for d in dirs if d not in ("__pycache__", "rules"))
        for name in sorted(f for f in files if f.endswith(".py")):
            info = os.stat(os.path.join(folder, name))
            into.update(f"{os.path.relpath(os.path.join(folder, name), _PACKAGE)}\0{info.st_size}\0"
                        f"{info.st_mtime_ns}\0".encode())


def rule_book_key(domain: str) -> str:
    """What a domain's checked rule book is made from: its rule files and the program (see _program_digest)."""
    digest = hashlib.sha256(f"format {RULEBOOK_CACHE_FORMAT}\0{domain}\0".encode())
    _tree_digest(rules_root().joinpath(domain), digest)
    _program_digest(digest)
    return digest.hexdigest()


def rule_book_cache_path(domain: str, key: str) -> Path:
    return cache_folder() / f"rulebook-{domain}-{key[:32]}.pickle"


def cached_rule_book(domain: str, build: Callable[[], T], kind: type[T]) -> T:
    """`build()` (which reads and checks a domain's rule book, raising RulebookError for a broken one), or the
    copy kept from an earlier run of the same rule files and program. A kept copy is used only when it is this
    user's own file, writable by nobody else, within MAX_RULEBOOK_CACHE_BYTES, whole (its digest matches) and a
    `kind`; anything else is built again and written in its place atomically. A broken rule book is never
    kept, so its error is raised on every run."""
    if not caching():
        return build()
    key = rule_book_key(domain)
    path = rule_book_cache_path(domain, key)
    kept = _read_kept(path, key, kind)
    if kept is not None:
        return kept
    book = build()
    payload = pickle.dumps(book, protocol=pickle.HIGHEST_PROTOCOL)
    replace_atomically(path, _CACHE_MAGIC + key.encode() + b"\n" + hashlib.sha256(payload).hexdigest().encode()
                       + b"\n" + payload)
    return book


def _read_kept(path: Path, key: str, kind: type[T]) -> T | None:
    try:
        if not trusted(os.stat(path)):
            return None
        raw = read_bounded(path, MAX_RULEBOOK_CACHE_BYTES)
        head, kept_key, checksum, payload = raw.split(b"\n", 3)
        if (head + b"\n" != _CACHE_MAGIC or kept_key.decode() != key
                or hashlib.sha256(payload).hexdigest().encode() != checksum):
            return None
        # our own file (checked above), whole and made by this very program: unpickling it runs nothing else
        book = pickle.loads(payload)  # noqa: S301
    except Exception:  # noqa: BLE001 - a cache that cannot be read for any reason is rebuilt, never fatal
        return None
    return book if isinstance(book, kind) else None


# ---------------------------------------------------------------- citations and parameters


@dataclass(frozen=True)
class Cites:
    """Turns references into citations: a reference's own document, or the default instrument."""

    default: Localized
    documents: Mapping[str, Localized]
    where: str = "rules"

    def __call__(self, ref: Reference) -> Citation:
        if ref.document is None:
            instrument = self.default
        elif ref.document in self.documents:
            instrument = self.documents[ref.document]
        else:
            raise RulebookError(f"{self.where}: unknown document {ref.document!r} "
                                f"(known: {', '.join(sorted(self.documents))})")
        return Citation(instrument=instrument, article=ref.article, paragraph=ref.paragraph, item=ref.item,
                        verified=ref.verified)


@dataclass(frozen=True)
class ResolvedParam:
    name: str
    value: Any
    spec: ParameterSpec
    citation: Citation
    since: date                       # the `from` date of the value used
    reference: Reference


def resolve_params(params: Mapping[str, ParameterSpec], on: date, cites: Cites) -> dict[str, ResolvedParam]:
    """Each parameter's value on `on` (parameters with no value yet on that day are absent)."""
    out = {}
    for name, spec in params.items():
        v = spec.value_on(on)
        if v is not None:
            out[name] = ResolvedParam(name, v.value, spec, cites(v.reference), v.from_, v.reference)
    return out


def resolution_key(params: Mapping[str, ResolvedParam]) -> str:
    """What was resolved: which dated value of each parameter. Two dates with the same key compile alike."""
    text = ";".join(f"{n}@{p.since.isoformat()}" for n, p in sorted(params.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:12]


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
        # hashed often (the why-not caches are keyed by condition): computed once, from what it compares
        object.__setattr__(self, "_hash", hash((self.fact, self.field, self.op, self.value, self.param)))

    def __hash__(self) -> int:
        return self._hash  # type: ignore[attr-defined, no-any-return]

    @cached_property
    def text(self) -> str:
        """The comparison as the rule book writes it (the why-not lists it): written once per condition."""
        return self.source.text()

    def holds(self, actual: Any) -> bool:  # replaced per instance by a compiled test (see _compile_test)
        """Plain-Python meaning, identical to the engine's: a missing field never matches."""
        raise NotImplementedError


def _same(a: Any, b: Any) -> bool:
    """Equality as the rules mean it: true/false never equal a number."""
    return a == b and (type(a) is bool) == (type(b) is bool)


def _compile_test(op: str, v: Any) -> Any:
    """One small function per condition: the oracle's hot path (the 'why not' analysis runs it often). Each
    means what `_same` and a float comparison mean (tests/test_decision_path.py checks them against that); the
    forms below only skip work: a text equals only a text, so a set of texts is asked by membership."""
    if op in ("in", "not in") and all(type(x) is str for x in v):
        texts = frozenset(v)
        if op == "in":
            return lambda a: isinstance(a, str) and a in texts
        return lambda a: a is not None and not (isinstance(a, str) and a in texts)
    if op in ("==", "!=") and type(v) is str:
        if op == "==":
            return lambda a: isinstance(a, str) and a == v
        return lambda a: a is not None and not (isinstance(a, str) and a == v)
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
    fv = float(v)
    return {">": lambda a: type(a) in (int, float) and float(a) > fv,
            ">=": lambda a: type(a) in (int, float) and float(a) >= fv,
            "<": lambda a: type(a) in (int, float) and float(a) < fv,
            "<=": lambda a: type(a) in (int, float) and float(a) <= fv}[op]


@dataclass(frozen=True)
class Pattern:
    fact: str
    conditions: tuple[Condition, ...]

    def __post_init__(self) -> None:
        # the why-not scan's compiled form (core/oracle.closest_fact): each condition's field and test, and the
        # numeric thresholds with the direction that counts as progress towards them
        object.__setattr__(self, "tests", tuple((c.field, c.holds) for c in self.conditions))
        object.__setattr__(self, "progress", tuple(
            (c.field, 1 if c.op in (">", ">=") else -1) for c in self.conditions if type(c.value) in (int, float)))


@dataclass(frozen=True)
class Variant:
    name: str                        # "<rule id>#<n>": one conjunction of the rule's condition
    rule_id: str
    patterns: tuple[Pattern, ...]
    priority: int
    derives: str | None


@dataclass(frozen=True)
class Rule:
    spec: RuleSpec[Any]
    citation: Citation
    variants: tuple[Variant, ...]
    title: Localized                 # the spec's title with its {$parameter} values filled in

    def __post_init__(self) -> None:
        # the "fact.field" names its conditions read, sorted: what a firing's values are cut to (evaluate.used_values)
        object.__setattr__(self, "read_fields", tuple(sorted(
            {f"{c.fact}.{c.field}" for v in self.variants for p in v.patterns for c in p.conditions})))

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def kind(self) -> str:
        return self.spec.kind


@dataclass
class CompiledRuleset:
    domain: str
    version: str
    instrument: Localized
    params: dict[str, ResolvedParam]
    rules: list[Rule]
    digest: str                      # the rule files' digest
    schema: Schema = field(default_factory=dict)
    fact_fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    resolved_on: date | None = None
    resolution: str = ""             # resolution_key(params)

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What identifies this compiled rule set: evaluators are cached by it."""
        return (self.domain, self.version, self.digest, self.resolution)

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

    @property
    def pattern_keys(self) -> dict[int, int]:
        """id(pattern) -> one number for all patterns alike (same fact type and conditions): the why-not scan
        finds the closest fact for each once per decision, however many alternatives share it."""
        cached = self.__dict__.get("_pattern_keys")
        if cached is None:
            alike: dict[tuple[Any, ...], int] = {}
            cached = self.__dict__["_pattern_keys"] = {
                id(p): alike.setdefault((p.fact, p.conditions), len(alike))
                for v in self.variants for p in v.patterns}
        return cached

    def rule(self, rule_id: str) -> Rule:
        index = self.__dict__.get("_index")
        if index is None:
            index = self.__dict__["_index"] = {r.id: r for r in self.rules}
        return index[rule_id]

    def param(self, name: str) -> Any:
        return self.params[name].value


# ---------------------------------------------------------------- compiling


def _engine_safe_scalar(value: Any, where: str) -> None:
    if isinstance(value, bool):
        return
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise RulebookError(f"{where}: text longer than {MAX_TEXT} characters")
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


def compile_rules(specs: list[RuleSpec[Any]], params: dict[str, ResolvedParam], schema: Schema,
                  display: Mapping[str, tuple[str, ...]], *, domain: str, version: str, instrument: Localized,
                  digest: str, cites: Callable[[Reference], Citation], files: Mapping[str, str] | None = None,
                  resolved_on: date | None = None) -> CompiledRuleset:
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
            if len(conj) > MAX_CONDITIONS:
                raise RulebookError(f"{where}: {len(conj)} comparisons in one conjunction; at most {MAX_CONDITIONS}")
            by_fact: dict[str, list[Condition]] = {}
            for comp in conj:
                cw = f"{where}: condition '{comp.text()}'"
                if comp.fact == DERIVED_FACT:
                    fs = {"code": FieldSpec(str, "finding code", tuple(sorted(derived_codes)))}
                elif comp.fact in schema:
                    fs = dict(schema[comp.fact])
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
                    if len(value) > MAX_LIST_ENTRIES:
                        raise RulebookError(f"{cw}: {len(value)} entries in the list; at most {MAX_LIST_ENTRIES}")
                    twice = next((x for i, x in enumerate(value) if any(_same(x, y) for y in value[:i])), None)
                    if twice is not None:
                        raise RulebookError(f"{cw}: {twice!r} is listed twice (each entry once)")
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
        _check_template(spec, params, schema, display, where)
        values = {f"${n}": p.value for n, p in params.items()}
        title = Localized(zh=render_template(spec.title.zh, values, "zh"),
                          en=render_template(spec.title.en, values, "en"))
        try:
            citation = cites(spec.citation)
        except RulebookError as exc:
            raise RulebookError(f"{where}: citation: {exc}") from None
        rules.append(Rule(spec, citation, tuple(variants), title))
    try:
        check_rule_set(v for r in rules for v in r.variants)
    except ShapeError as exc:
        rule_id = (exc.rule or "").split("#")[0]
        place = f"rules/{(files or {}).get(rule_id, domain)}: rule {rule_id}" if rule_id else f"rules/{domain}"
        raise RulebookError(f"{place}: {exc} (durable_rules' limits: docs/engine.md)") from None
    fact_fields: dict[str, set[str]] = {}
    for r in rules:
        for v in r.variants:
            for p in v.patterns:
                fact_fields.setdefault(p.fact, set()).update(c.field for c in p.conditions)
    return CompiledRuleset(domain, version, instrument, params, rules, digest, schema,
                           {k: tuple(sorted(v)) for k, v in fact_fields.items()}, resolved_on,
                           resolution_key(params))


def _resolve(value: Any, params: Mapping[str, ResolvedParam], where: str) -> tuple[Any, str | None]:
    if isinstance(value, Param):
        if value.name not in params:
            raise RulebookError(f"{where}: parameter ${value.name} has no value for this version")
        return params[value.name].value, value.name
    if isinstance(value, tuple):
        return tuple(_resolve(v, params, where)[0] for v in value), None
    return value, None


_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def _check_template(spec: RuleSpec[Any], params: Mapping[str, ResolvedParam], schema: Schema,
                    display: Mapping[str, tuple[str, ...]], where: str) -> None:
    used_facts = {c.fact for conj in parse(spec.when) for c in conj}
    for part in ("title", "explanation"):
        for lang in ("zh", "en"):
            for name in _PLACEHOLDER.findall(getattr(getattr(spec, part), lang)):
                if name.startswith("$"):
                    if name[1:] not in params:
                        raise RulebookError(f"{where}: {part}.{lang} uses unknown parameter {name}")
                    continue
                if part == "title":
                    raise RulebookError(f"{where}: title.{lang} may only use parameters, not {{{name}}}")
                if name == "evidence":
                    continue
                fact, _, fld = name.partition(".")
                if fact not in used_facts:
                    raise RulebookError(f"{where}: explanation.{lang} uses {{{name}}} but the condition does not "
                                        f"read fact {fact!r}")
                if fact != DERIVED_FACT and fld not in schema.get(fact, {}) and fld not in display.get(fact, ()):
                    raise RulebookError(f"{where}: explanation.{lang} uses unknown field {{{name}}}")


def render_template(text: str, values: Mapping[str, Any], lang: str) -> str:
    """Fill {fact.field}, {$param} and {evidence} placeholders; unknown names are left visible."""
    if "{" not in text:
        return text
    literals, names = _compiled_template(text)
    out = [literals[0]]
    for name, literal in zip(names, literals[1:], strict=True):
        out.append(format_value(values[name], lang) if name in values else "{" + name + "}")
        out.append(literal)
    return "".join(out)


@lru_cache(maxsize=TEMPLATES)
def _compiled_template(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A template split once into its literal runs and the names between them (literals[i] precedes names[i])."""
    parts = _PLACEHOLDER.split(text)          # literal, name, literal, name, ..., literal
    return tuple(parts[0::2]), tuple(parts[1::2])


__all__ = ["RulebookError", "CompiledRuleset", "Rule", "Variant", "Pattern", "Condition", "ResolvedParam", "Cites",
           "compile_rules", "resolve_params", "resolution_key", "read_rule_yaml", "rule_files", "validated_spec",
           "load_documents", "check_versions", "render_template", "format_value", "DERIVED_FACT", "cached_rule_book",
           "rule_book_key", "rule_book_cache_path"]
