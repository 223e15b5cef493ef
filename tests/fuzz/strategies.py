"""Structure-aware inputs for the fuzzing suite: each starts from a valid input of its kind (the bundled examples,
the built-in policy profiles, a calendar supplement, the dealer CSV export) and is then mutated the way hostile
files and unlucky operators do — a value replaced by a nasty one, a key dropped or added or given twice, a list
grown, a date written laxly, control characters and markup in text, the bytes cut or damaged — and written in
one of the formats the doors read (JSON, YAML, JSONL, a JSON array, CSV)."""
from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent.parent


def _json(path: str) -> Any:
    return json.loads((ROOT / path).read_text(encoding="utf-8"))


WARRANTY_SEEDS = [_json(str(p.relative_to(ROOT))) for p in sorted((ROOT / "examples/warranty").glob("*.json"))]
COMPLAINT_SEEDS = [_json(str(p.relative_to(ROOT))) for p in sorted((ROOT / "examples/complaints").glob("*.json"))]


def _small_log() -> dict[str, Any]:
    """The example CRM log cut to a few customers, so that a case decides in milliseconds."""
    log = _json("examples/followup/dealer_D01_2025-03.json")
    customers = log["customers"][:4]
    ids = {c["id"] for c in customers}
    vehicles = [v for v in log["vehicles"] if v.get("customer") in ids][:4]
    vins = {v["vin"] for v in vehicles}
    events = [e for e in log["events"] if e.get("vin") in vins or e.get("customer") in ids][:40]
    return {**log, "customers": customers, "vehicles": vehicles, "events": events}


FOLLOWUP_SEED = _small_log()
PROFILE_SEED = yaml.safe_load((ROOT / "rules/complaints/profile_default.yaml").read_text(encoding="utf-8"))
CSV_SEED = (ROOT / "examples/batch/dealer_export.csv").read_text(encoding="utf-8")
CALENDAR_SEED = {2027: {"holidays": ["2027-01-01", "2027-02-06", "2027-02-07", "2027-10-01"],
                        "workdays": ["2027-02-14", "2027-09-26"]}}

HOSTILE_TEXT = ["\x1b[2J\x1b]0;owned\x07", "\u202eevil\u2066", "<script>alert(1)</script>",
                "[x](javascript:alert(1))", "**b** | c", "line\nbreak", "\r", "\x00", "\u2028", "\x85",
                "a" * 600, "😀" * 40, "", " ", "https://evil.example", "'; DROP TABLE x; --"]
LAX_DATES = ["20230408", "2023-W14-6", "2023-04-28T09", "2023-098", "2023-02-30", "0001-01-01", "9999-12-31",
             "2023-04-28 09:00", "2023-04-28T25:00", "2023-04-28T09:00+25:00", "2023-4-8", "today"]
NASTY_NUMBERS = [0, -1, 1, 2.5, -0.0, 1e308, -1e308, 2 ** 63, -(2 ** 63) - 1, 2 ** 64, 10 ** 30, 1e-300,
                 float("inf"), float("nan"), 99_999_999_999, 0.1 + 0.2, 129, 1000, 36]

nasty_value = st.one_of(
    st.sampled_from(HOSTILE_TEXT), st.sampled_from(LAX_DATES), st.sampled_from(NASTY_NUMBERS),
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40),
    st.just([]), st.just({}), st.lists(st.integers(), max_size=5), st.just([[[[[]]]]]),
    st.dictionaries(st.text(max_size=8), st.integers(), max_size=3))


def _paths(tree: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [here]
    if isinstance(tree, dict):
        for k, v in tree.items():
            out += _paths(v, (*here, k))
    elif isinstance(tree, list):
        for i, v in enumerate(tree):
            out += _paths(v, (*here, i))
    return out


def _parent(tree: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        tree = tree[part]
    return tree


def _values_by_key(seeds: list[Any]) -> dict[str, list[Any]]:
    """Every scalar value each key takes somewhere in the seeds: the other valid values a field can be given."""
    pool: dict[str, set[Any]] = {}

    def walk(tree: Any) -> None:
        if isinstance(tree, dict):
            for k, v in tree.items():
                if isinstance(v, (str, int, float, bool)) or v is None:
                    pool.setdefault(k, set()).add(v)
                walk(v)
        elif isinstance(tree, list):
            for v in tree:
                walk(v)

    walk(seeds)
    return {k: sorted(v, key=repr) for k, v in pool.items()}


def _shifted(text: str, days: int, minutes: int) -> str | None:
    """An ISO date or date-time moved by `days` (and a date-time by `minutes`), written the way it was."""
    from datetime import date, datetime, timedelta
    try:
        if len(text) == 10:
            return (date.fromisoformat(text) + timedelta(days=days)).isoformat()
        moment = datetime.fromisoformat(text) + timedelta(days=days, minutes=minutes)
        return moment.isoformat(timespec="minutes" if len(text) <= 16 else "seconds")
    except (ValueError, OverflowError):        # not a date, or moved past year 1 or 9999
        return None


@st.composite
def _perturbed(draw: Any, value: Any, key: Any, pool: dict[str, list[Any]]) -> Any:
    """Another plausible value: one the same key has elsewhere, a nearby number, a moved date, a flipped flag —
    mutations a strict model lets through, so the rules and both evaluators see them."""
    others = pool.get(key) if isinstance(key, str) else None
    if others and draw(st.booleans()):
        return draw(st.sampled_from(others))
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return max(0, value + draw(st.integers(-3000, 3000)))
    if isinstance(value, float):
        return max(0.0, round(value * draw(st.sampled_from([0.5, 0.9, 1.1, 2.0])), 2))
    if isinstance(value, str):
        moved = _shifted(value, draw(st.integers(-400, 400)), draw(st.integers(-1440, 1440)))
        if moved is not None:
            return moved
    return value


@st.composite
def mutated(draw: Any, seeds: list[Any], max_mutations: int = 4) -> Any:
    """A seed with up to `max_mutations` changes, each at a drawn place in its tree: plausible ones (another value
    the field takes, a nearby number, a moved date) and hostile ones (a nasty value, a key dropped or added, a list
    grown, hostile text)."""
    tree = copy.deepcopy(draw(st.sampled_from(seeds)))
    pool = _values_by_key(seeds)
    for _ in range(draw(st.integers(0, max_mutations))):
        paths = _paths(tree)[1:]
        if not paths:
            break
        path = paths[draw(st.integers(0, len(paths) - 1))]
        parent, key = _parent(tree, path), path[-1]
        op = draw(st.sampled_from(["perturb", "perturb", "perturb", "replace", "replace", "delete", "add_key",
                                   "grow", "text_of"]))
        if op == "perturb":
            parent[key] = draw(_perturbed(parent[key], key, pool))
        elif op == "replace":
            parent[key] = copy.deepcopy(draw(nasty_value))     # st.just gives the same object every time
        elif op == "delete":
            del parent[key]
        elif op == "add_key" and isinstance(parent[key], dict):
            parent[key][draw(st.sampled_from(["extra", "id", "usage", "__proto__", "type"]))] = \
                copy.deepcopy(draw(nasty_value))
        elif op == "grow" and isinstance(parent[key], list) and parent[key]:
            parent[key] = [copy.deepcopy(x) for x in parent[key] * draw(st.sampled_from([2, 3, 20, 130]))]
        elif op == "text_of" and isinstance(parent[key], str):
            parent[key] = parent[key] + draw(st.sampled_from(HOSTILE_TEXT))
    return tree


def _dump(data: Any, fmt: str) -> str:
    if fmt == "yaml":
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return json.dumps(data, ensure_ascii=False)


@st.composite
def serialized(draw: Any, data: Any, formats: tuple[str, ...] = ("json", "yaml")) -> str:
    """One document as text, sometimes with a key given twice, cut short, or a byte damaged."""
    text = _dump(data, draw(st.sampled_from(formats)))
    damage = draw(st.sampled_from(["none", "none", "none", "duplicate_key", "truncate", "insert"]))
    if damage == "duplicate_key" and text.lstrip().startswith("{") and len(text) > 2:
        text = text.replace("{", '{"id": "X", "id": "Y", ', 1)
    elif damage == "truncate" and text:
        text = text[: draw(st.integers(0, len(text) - 1))]
    elif damage == "insert":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(["\x00", "\ufeff", "]", "{", "\u2028", "\r", ":", "\n- ", "&a"])) + \
            text[at:]
    return text


@st.composite
def record_stream(draw: Any, seeds: list[Any]) -> tuple[str, str]:
    """(file name, text) of a batch input: JSONL, a JSON array, or one YAML document."""
    records = draw(st.lists(mutated(seeds, 2), min_size=1, max_size=4))
    shape = draw(st.sampled_from(["jsonl", "jsonl", "array", "yaml"]))
    if shape == "jsonl":
        lines = [json.dumps(r, ensure_ascii=False) for r in records]
        if draw(st.booleans()):
            lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(["", "[1, 2]", "{", "null", "x"])))
        ending = draw(st.sampled_from(["\n", "\r\n"]))
        return draw(st.sampled_from(["in.jsonl", "in.json", "in.ndjson"])), ending.join(lines) + ending
    if shape == "array":
        return "in.json", json.dumps(records, ensure_ascii=False)
    return "in.yaml", yaml.safe_dump(records, allow_unicode=True)


@st.composite
def csv_export(draw: Any) -> str:
    """The dealer CSV export with cells replaced, a column dropped or given twice, other line endings."""
    rows = list(csv.reader(io.StringIO(CSV_SEED, newline="")))
    head, body = rows[0], rows[1:draw(st.integers(2, min(12, len(rows))))]
    for _ in range(draw(st.integers(0, 4))):
        r = draw(st.integers(0, len(body) - 1))
        c = draw(st.integers(0, len(head) - 1))
        body[r][c] = str(draw(st.one_of(st.sampled_from(HOSTILE_TEXT), st.sampled_from(LAX_DATES),
                                        st.sampled_from([str(n) for n in NASTY_NUMBERS]), st.text(max_size=10))))
    change = draw(st.sampled_from(["none", "none", "drop_column", "column_twice", "short_row"]))
    if change == "drop_column":
        c = draw(st.integers(0, len(head) - 1))
        head, body = head[:c] + head[c + 1:], [r[:c] + r[c + 1:] for r in body]
    elif change == "column_twice":
        c = draw(st.integers(0, len(head) - 1))
        head, body = [*head, head[c]], [[*r, r[c]] for r in body]
    elif change == "short_row" and body:
        body[0] = body[0][:3]
    out = io.StringIO()
    csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"]))).writerows([head, *body])
    return out.getvalue()


_PARAMETERS = PROFILE_SEED["parameters"]
_RULES = ["c.close_c1", "c.close_c2", "c.close_c3", "c.first_feedback_24h", "c.progress_48h", "c.resolution_5wd",
          "c.holiday_shift", "c.general_close_48h"]


@st.composite
def policy_profile(draw: Any) -> str:
    """A carmaker's profile extending a built-in one, with parameter values that may be out of their unit's range,
    of another kind, lists too long or with repeats; rules disabled, re-enabled or unknown."""
    profile: dict[str, Any] = {"profile": "fuzz", "name": {"zh": "模糊", "en": "fuzz"},
                               "extends": draw(st.sampled_from(["default", "faw-crm", "cs-cms", "dfp-course", "nope",
                                                                "../x.yaml"]))}
    params: dict[str, Any] = {}
    for name in draw(st.lists(st.sampled_from(sorted(_PARAMETERS)), max_size=3, unique=True)):
        base = _PARAMETERS[name]["value"]
        if isinstance(base, list):
            value: Any = draw(st.one_of(
                st.lists(st.sampled_from([*base, "x", "\x1b"]), max_size=140), st.just(base * 2), nasty_value))
        else:
            value = draw(st.one_of(st.sampled_from(NASTY_NUMBERS), nasty_value, st.integers(-5, 400)))
        params[name] = {"value": value, "source": {"document": "DFP-COURSE", "section": "fuzz"}}
    if params:
        profile["parameters"] = params
    if draw(st.booleans()):
        profile["disabled_rules"] = draw(st.lists(st.sampled_from([*_RULES, "c.nope"]), max_size=4))
    if draw(st.booleans()):
        profile["rules"] = [{"id": draw(st.sampled_from(_RULES)),
                             "title": {"zh": draw(st.sampled_from(HOSTILE_TEXT)) or "t", "en": "t"}}]
    return draw(serialized(draw(mutated([profile], 2)), ("yaml", "json")))


@st.composite
def calendar_supplement(draw: Any) -> str:
    return draw(serialized(draw(mutated([CALENDAR_SEED], 3)), ("yaml", "json")))


__all__ = ["COMPLAINT_SEEDS", "FOLLOWUP_SEED", "WARRANTY_SEEDS", "calendar_supplement", "csv_export", "mutated",
           "policy_profile", "record_stream", "serialized"]
