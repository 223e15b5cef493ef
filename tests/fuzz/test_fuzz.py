"""The fuzzing suite: structure-aware inputs (tests/fuzz/strategies.py) through every door — the commands warranty
check, complaint check, complaint watch, report complaints, batch (JSONL, JSON array, YAML, CSV), followup check and rules show, with
policy and calendar files, and the API functions with both evaluators — each case in a child process
(tests/fuzz/runner.py). A case fails on a crash or signal, a hang, a traceback, "internal error", an exit code
outside the documented set, or evaluators that disagree.

The default test run makes a few examples per door (FUZZ_EXAMPLES, default 4; derandomized, so it is the same
run every time). The long run:

    FUZZ_EXAMPLES=2000 FUZZ_STATS=fuzz-stats.json .venv/bin/python -m pytest tests/fuzz -m fuzz -p no:cacheprovider

(scripts/fuzz_long.sh runs it and prints the figures per door).
"""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz import strategies as fz
from tests.fuzz.runner import check_api, check_cli

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))
LONG = "FUZZ_EXAMPLES" in os.environ
OK_OR_INPUT_ERROR = {0, 2}          # the documented exit codes of a run that went right (1: internal fault)
WATCH_CODES = {0, 2, 5}             # complaint watch: 5 when some case has an overdue item

pytestmark = pytest.mark.fuzz


def fuzz_settings(share: float = 1.0) -> settings:
    return settings(max_examples=max(2, int(EXAMPLES * share)), deadline=None, derandomize=not LONG,
                    database=None, suppress_health_check=list(HealthCheck), print_blob=True)


FORMAT = st.sampled_from([[], ["--format", "json"], ["--format", "markdown"], ["--format", "table"]])
LANG = st.sampled_from([[], ["--lang", "zh"], ["--lang", "en"]])
AS_OF = st.one_of(st.just([]), st.sampled_from(fz.LAX_DATES + ["2024-05-01", "2025-03-20T18:00", "2025-03-20"])
                  .map(lambda d: ["--as-of", d]))
EVALUATOR = st.sampled_from([[], ["--evaluator", "python"]])


@st.composite
def document(draw, seeds):
    return draw(fz.serialized(draw(fz.mutated(seeds))))


@fuzz_settings()
@given(text=document(fz.WARRANTY_SEEDS), name=st.sampled_from(["car.json", "car.yaml", "car.txt"]),
       fmt=FORMAT, lang=LANG, as_of=AS_OF, evaluator=EVALUATOR,
       regulation=st.sampled_from([[], ["--regulation", "2013"], ["--regulation", "2021"]]),
       verbose=st.sampled_from([[], ["-v"]]), twice=st.booleans())
def test_warranty_check(text, name, fmt, lang, as_of, evaluator, regulation, verbose, twice):
    files = [f"{{dir}}/{name}"] * (2 if twice else 1)
    check_cli("warranty check", {"door": "cli", "files": {name: text},
                                 "args": ["warranty", "check", *files, *fmt, *lang, *as_of, *evaluator, *regulation,
                                          *verbose]}, OK_OR_INPUT_ERROR)


@fuzz_settings()
@given(text=document(fz.COMPLAINT_SEEDS), policy=st.one_of(st.none(), fz.policy_profile(),
                                                           st.sampled_from(["faw-crm", "cs-cms", "nope"])),
       calendar=st.one_of(st.none(), fz.calendar_supplement()), strict=st.booleans(), fmt=FORMAT, lang=LANG,
       as_of=AS_OF, evaluator=EVALUATOR)
def test_complaint_check(text, policy, calendar, strict, fmt, lang, as_of, evaluator):
    files, args = {"case.json": text}, ["complaint", "check", "{dir}/case.json", *fmt, *lang, *as_of, *evaluator]
    if policy in ("faw-crm", "cs-cms", "nope"):
        args += ["--policy", policy]
    elif policy is not None:
        files["policy.yaml"] = policy
        args += ["--policy", "{dir}/policy.yaml"]
    if calendar is not None:
        files["calendar.yaml"] = calendar
        args += ["--calendar", "{dir}/calendar.yaml"]
    if strict:
        args.append("--strict-calendar")
    check_cli("complaint check", {"door": "cli", "files": files, "args": args}, OK_OR_INPUT_ERROR)


@fuzz_settings()
@given(cases=st.lists(fz.mutated(fz.COMPLAINT_SEEDS, 2), min_size=1, max_size=5),
       junk=st.sampled_from(["", "{", "[1]", "null", "\u2028", "\x1b[2J"]), fmt=FORMAT, lang=LANG, as_of=AS_OF)
def test_complaint_watch(cases, junk, fmt, lang, as_of):
    import json
    lines = [json.dumps(c, ensure_ascii=False) for c in cases] + ([junk] if junk else [])
    check_cli("complaint watch", {"door": "cli", "files": {"cases.jsonl": "\n".join(lines) + "\n"},
                                  "args": ["complaint", "watch", "{dir}/cases.jsonl", *fmt, *lang, *as_of]},
              WATCH_CODES)


@fuzz_settings(share=0.5)
@given(cases=st.lists(fz.mutated(fz.COMPLAINT_SEEDS, 2), min_size=1, max_size=4),
       kind=st.sampled_from(["rates", "summary", "time-limits", "reminders", "assessment"]),
       fmt=st.sampled_from(["table", "csv", "json", "html"]), lang=LANG,
       by=st.sampled_from([[], ["--by", "advisor"], ["--by", "department"]]),
       week=st.sampled_from([[], ["--week", "2025-W11"], ["--week", "2025-W99"]]), as_of=AS_OF)
def test_report_complaints(cases, kind, fmt, lang, by, week, as_of):
    import json
    lines = [json.dumps(c, ensure_ascii=False) for c in cases]
    check_cli("report complaints", {"door": "cli", "files": {"cases.jsonl": "\n".join(lines) + "\n"},
                                    "args": ["report", "complaints", "{dir}/cases.jsonl", "--kind", kind, "--format",
                                             fmt, *lang, *by, *week, *as_of]}, OK_OR_INPUT_ERROR)


@fuzz_settings(share=0.5)
@given(kind=st.sampled_from(["warranty", "warranty", "complaint", "csv"]), data=st.data(), lang=LANG,
       as_of=st.sampled_from([[], ["--as-of", "2024-05-01"], ["--as-of", "20240501"], ["--as-of", "2025-03-20"]]))
def test_batch(kind, data, lang, as_of):
    if kind == "csv":
        name, text, args = "export.csv", data.draw(fz.csv_export()), []
    else:
        name, text = data.draw(fz.record_stream(fz.WARRANTY_SEEDS if kind == "warranty" else fz.COMPLAINT_SEEDS))
        args = ["--kind", kind]
    check_cli("batch", {"door": "cli", "files": {name: text}, "outputs": ["out.jsonl"],
                        "args": ["batch", f"{{dir}}/{name}", "-o", "{dir}/out.jsonl", "--workers", "1", *args,
                                 *lang, *as_of]}, OK_OR_INPUT_ERROR)


@fuzz_settings()
@given(text=document([fz.FOLLOWUP_SEED]), fmt=FORMAT, lang=LANG,
       as_of=st.sampled_from([[], ["--as-of", "2025-03-31"], ["--as-of", "2025-03-31T25:00"]]))
def test_followup_check(text, fmt, lang, as_of):
    check_cli("followup check", {"door": "cli", "files": {"log.json": text},
                                 "args": ["followup", "check", "{dir}/log.json", *fmt, *lang, *as_of]},
              OK_OR_INPUT_ERROR)


RULE_IDS = ["w2021.same_problem_repeat", "w2013.same_problem_repeat", "c.close_c1", "c.holiday_shift",
            "f.after_sales_revisit", "nope", "w2021", "c.", ""]


@fuzz_settings()
@given(rule=st.one_of(st.sampled_from(RULE_IDS), st.text(max_size=30)),
       policy=st.sampled_from([[], ["--policy", "faw-crm"], ["--policy", "revisit"], ["--policy", "nope"],
                               ["--policy", "\x1b[2J"]]), lang=LANG)
def test_rules_show(rule, policy, lang):
    check_cli("rules show", {"door": "cli", "args": ["rules", "show", rule, *policy, *lang]}, OK_OR_INPUT_ERROR)


@fuzz_settings()
@given(history=fz.mutated(fz.WARRANTY_SEEDS))
def test_api_warranty_evaluators_agree(history):
    check_api("api adjudicate_warranty", {"door": "api_warranty", "data": history})


@fuzz_settings()
@given(case=fz.mutated(fz.COMPLAINT_SEEDS), policy=st.one_of(st.none(), fz.policy_profile()))
def test_api_complaint_evaluators_agree(case, policy):
    check_api("api check_complaint", {"door": "api_complaint", "data": case, "policy": policy})


@fuzz_settings()
@given(log=fz.mutated([fz.FOLLOWUP_SEED]))
def test_api_followup_evaluators_agree(log):
    check_api("api check_followup", {"door": "api_followup", "data": log})
