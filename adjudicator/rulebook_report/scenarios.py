"""The Gherkin scenarios that test the rules, and their results from the last run of the features.

Scenarios are read from the features shipped inside the package (adjudicator.features), with their tags: a
scenario carries its feature's tags and its own, and a rule-id tag (@w2021.same_problem_repeat) says it tests
that rule. Results come from pytest-bdd's cucumber JSON (`pytest --cucumberjson=PATH`): a list of features, each
with its `uri` (the feature file relative to the features folder) and `elements`, one per scenario run (each row
of a scenario outline's examples is one element with the outline's `line`), each with `steps` whose
`result.status` is passed, failed or skipped. The file holds no time; the run's time is the file's.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import Path

SCENARIO_KEYWORDS = ("场景大纲", "场景", "剧本大纲", "剧本", "Scenario Outline", "Scenario", "Example")
FEATURE_KEYWORDS = ("功能", "Feature")
_KEYWORD = re.compile(r"^(?P<keyword>" + "|".join(SCENARIO_KEYWORDS + FEATURE_KEYWORDS) + r")\s*[:：]\s*(?P<name>.*)$")
STATUS_ZH = {"passed": "通过", "failed": "未通过", "skipped": "跳过（含预期失败）", "not_run": "未运行"}
STATUS_EN = {"passed": "passed", "failed": "failed", "skipped": "skipped (or expected to fail)", "not_run": "not run"}
FEATURE_TESTS = ("tests/test_features_warranty.py", "tests/test_features_complaints.py",
                 "tests/test_features_followup.py")


@dataclass(frozen=True)
class Scenario:
    uri: str                 # the feature file relative to the features folder: warranty/2021_第二十四条_更换退货.feature
    feature: str             # the feature's name
    name: str
    line: int
    tags: frozenset[str]     # without the @, the feature's tags included


def feature_files() -> list[tuple[str, str]]:
    """(uri, text) of every shipped feature file, in name order."""
    root = resources.files("adjudicator.features")
    found = []
    for sub in root.iterdir():
        if sub.is_dir():
            found += [(f"{sub.name}/{p.name}", p.read_text(encoding="utf-8")) for p in sub.iterdir()
                      if p.name.endswith(".feature")]
    return sorted(found)


def parse_scenarios(uri: str, text: str) -> list[Scenario]:
    out: list[Scenario] = []
    pending: set[str] = set()
    feature_tags: set[str] = set()
    feature = uri
    for number, line in enumerate(text.splitlines(), start=1):
        s = line.strip()
        if s.startswith("@"):
            pending |= {t.lstrip("@") for t in s.split() if t.startswith("@")}
            continue
        m = _KEYWORD.match(s)
        if m and m["keyword"] in FEATURE_KEYWORDS:
            feature, feature_tags, pending = m["name"].strip(), pending, set()
        elif m:
            out.append(Scenario(uri, feature, m["name"].strip(), number, frozenset(feature_tags | pending)))
            pending = set()
        elif s and not s.startswith("#"):
            pending = set()
    return out


def all_scenarios() -> list[Scenario]:
    return [sc for uri, text in feature_files() for sc in parse_scenarios(uri, text)]


def scenarios_by_tag() -> dict[str, list[Scenario]]:
    by_tag: dict[str, list[Scenario]] = defaultdict(list)
    for sc in all_scenarios():
        for tag in sc.tags:
            by_tag[tag].append(sc)
    return by_tag


@dataclass(frozen=True)
class Outcome:
    """A scenario's result in the last run: every run of it (each example row of an outline is one)."""

    status: str                           # passed | failed | skipped | not_run
    runs: tuple[str, ...] = ()            # the status of each run
    message: str = ""                     # the first failure's message

    def words(self, lang: str = "zh") -> str:
        names = STATUS_ZH if lang == "zh" else STATUS_EN
        if len(self.runs) <= 1:
            return names[self.status]
        passed = sum(1 for r in self.runs if r == "passed")
        return (f"{names[self.status]}（{passed}/{len(self.runs)} 组例子通过）" if lang == "zh" else
                f"{names[self.status]} ({passed}/{len(self.runs)} examples passed)")


NOT_RUN = Outcome("not_run")


@dataclass
class Results:
    """The outcomes of one run, by (uri, line); `ran_at` is when the results file was written."""

    source: str | None = None
    ran_at: datetime | None = None
    outcomes: dict[tuple[str, int], Outcome] = field(default_factory=dict)
    problem: str | None = None            # why there are no results

    def of(self, scenario: Scenario) -> Outcome:
        return self.outcomes.get((scenario.uri, scenario.line), NOT_RUN)


def element_status(element: dict) -> tuple[str, str]:
    steps = element.get("steps") or []
    statuses = [s.get("result", {}).get("status", "skipped") for s in steps]
    if "failed" in statuses:
        failed = next(s for s in steps if s.get("result", {}).get("status") == "failed")
        return "failed", failed.get("result", {}).get("error_message", "")
    if statuses and all(s == "skipped" for s in statuses):
        return "skipped", ""
    return ("passed", "") if statuses else ("skipped", "")


def read_results(path: Path) -> Results:
    """The cucumber JSON at `path`; a missing or unreadable file gives empty results that say why."""
    if not path.is_file():
        return Results(str(path), problem=f"没有运行结果文件 {path}（可用 `adjudicator rules report --run` 生成）")
    try:
        features = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return Results(str(path), problem=f"无法读取运行结果文件 {path}：{exc}")
    runs: dict[tuple[str, int], list[tuple[str, str]]] = defaultdict(list)
    for feature in features if isinstance(features, list) else []:
        uri = str(feature.get("uri", "")).replace("\\", "/")
        for element in feature.get("elements") or []:
            runs[(uri, int(element.get("line", 0)))].append(element_status(element))
    outcomes = {}
    for key, found in runs.items():
        statuses = tuple(s for s, _ in found)
        overall = "failed" if "failed" in statuses else "passed" if "passed" in statuses else "skipped"
        outcomes[key] = Outcome(overall, statuses, next((m for s, m in found if s == "failed"), ""))
    ran_at = datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    return Results(str(path), ran_at, outcomes)


def repository_root() -> Path | None:
    """The source checkout this package runs from (an editable install), if its tests are there."""
    root = Path(__file__).resolve().parents[2]
    return root if all((root / t).is_file() for t in FEATURE_TESTS) else None


class CannotRunFeatures(RuntimeError):
    pass


def run_features(results: Path) -> subprocess.CompletedProcess[str]:
    """Run every feature with pytest-bdd, writing the cucumber JSON to `results`. Needs the test extras and the
    source checkout's tests; raises CannotRunFeatures saying how to get them when either is missing."""
    try:
        import pytest_bdd  # noqa: F401
    except ImportError:
        raise CannotRunFeatures("the test extras are not installed: pip install -e '.[test]' in the source "
                                "checkout (pytest and pytest-bdd run the features)") from None
    root = repository_root()
    if root is None:
        raise CannotRunFeatures("the feature tests (tests/test_features_*.py) are not beside this package: run "
                                "from a source checkout installed with pip install -e '.[test]'")
    results.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *FEATURE_TESTS,
                           f"--cucumberjson={results}"], cwd=root, capture_output=True, text=True, check=False)
