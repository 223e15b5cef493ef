"""Replay: re-decide recorded inputs under the current or a candidate rule book and say, case by case, what
would change.

The re-decisions run in batch worker processes started for the replay, each pointed at the rule book before it
reads anything (ADJUDICATOR_RULES in the worker), so no compiled rule set of one rule book serves another; this
process never loads the candidate. Each input is re-decided with the options it was recorded with (as-of,
regulation, evaluator, policy, calendar) unless the replay overrides them.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..batch import run_batch
from ..core.inputs import CHINA_TZ, iso_moment
from ..core.interrupts import StopFlag
from ..core.rulebook import RULES_ENV
from ..core.text import Localized, loc
from ..io.records import Record
from .changes import Changes, compare
from .store import DecisionRecord, RecordError

_LATEST = "WHERE seq IN (SELECT max(seq) FROM entries GROUP BY kind, subject)"


@dataclass
class ReplayedCase:
    seq: int
    kind: str
    subject: str
    source: str
    as_of: str
    changes: Changes | None = None
    error: str | None = None          # the input no longer decides (it became an error line)

    @property
    def changed(self) -> bool:
        return self.error is not None or (self.changes is not None and self.changes.any)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"seq": self.seq, "kind": self.kind, "subject": self.subject, "source": self.source,
                               "as_of": self.as_of, "changed": self.changed}
        if self.error is not None:
            out["error"] = self.error
        if self.changes is not None:
            out["changes"] = self.changes.as_json()
        return out


@dataclass
class ReplayReport:
    rules: str | None                  # the candidate folder, or None: the rule book in force
    policy: str | None
    cases: list[ReplayedCase] = field(default_factory=list)
    rulebooks_before: Counter[str] = field(default_factory=Counter)
    rulebooks_after: Counter[str] = field(default_factory=Counter)
    interrupted: bool = False

    @property
    def changed(self) -> list[ReplayedCase]:
        return [c for c in self.cases if c.changed]

    def _tally(self, plus: str, minus: str, plus_name: str, minus_name: str) -> dict[str, dict[str, int]]:
        """Per code (a rule id, a remedy): the cases in which the `plus` list of the changes holds it and those
        in which the `minus` list does."""
        table: dict[str, dict[str, int]] = {}
        for case in self.cases:
            if case.changes is None:
                continue
            for name, attr in ((plus_name, plus), (minus_name, minus)):
                for code in getattr(case.changes, attr):
                    table.setdefault(code, {plus_name: 0, minus_name: 0})[name] += 1
        return dict(sorted(table.items()))

    def by_rule(self) -> dict[str, dict[str, int]]:
        """Per rule: cases where it newly fires and where it no longer fires."""
        return self._tally("rules_newly_fired", "rules_no_longer_fired", "newly_fired", "no_longer_fired")

    def by_remedy(self) -> dict[str, dict[str, int]]:
        return self._tally("remedies_gained", "remedies_lost", "gained", "lost")

    def as_json(self) -> dict[str, Any]:
        return {"rules": self.rules, "policy": self.policy, "replayed": len(self.cases),
                "changed": len(self.changed), "interrupted": self.interrupted,
                "rulebooks_before": dict(self.rulebooks_before), "rulebooks_after": dict(self.rulebooks_after),
                "by_rule": self.by_rule(), "by_remedy": self.by_remedy(),
                "cases": [c.as_json() for c in self.changed]}


class ReplayError(Exception):
    def __init__(self, text: Localized):
        super().__init__(text.en)
        self.text = text


def check_rule_book(folder: str) -> None:
    """Load and compile every version of the candidate rule book in a child process (this one must not cache
    it): ReplayError with the rule book's own message when it is broken."""
    if not os.path.isdir(folder):
        raise ReplayError(loc(f"--rules：{folder} 不是文件夹", f"--rules: {folder} is not a folder"))
    code = ("from adjudicator.warranty.rulebook import load_warranty_rulebook, compiled_warranty\n"
            "book = load_warranty_rulebook()\n"
            "for v in book.versions: compiled_warranty(v.id)\n")
    env = {**os.environ, RULES_ENV: os.path.abspath(folder)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        last = (out.stderr.strip().splitlines() or ["?"])[-1]
        raise ReplayError(loc(f"候选规则库 {folder} 有误：{last}", f"the candidate rule book {folder} is broken: {last}"))


def _moment(kind: str, text: str) -> date | datetime:
    """An as-of for a kind of decision: a warranty decision speaks for a day; a complaint for a moment (a day
    alone: its end, 23:59:59 China time)."""
    try:
        moment = iso_moment(text)
    except ValueError as exc:
        raise ReplayError(loc(f"--as-of：{exc}", f"--as-of: {exc}")) from None
    if kind == "warranty":
        return moment.date() if isinstance(moment, datetime) else moment
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day, 23, 59, 59, tzinfo=CHINA_TZ)
    return moment


def _options_for(entry: dict[str, Any], as_of: str | None, policy: str | None) -> dict[str, Any]:
    """The options to re-decide a recorded entry with: as recorded, the decision's own as-of, the overrides."""
    recorded = json.loads(entry["options"])
    options = {k: v for k, v in recorded.items() if k in ("regulation", "evaluator", "policy", "calendar",
                                                           "strict_calendar")}
    if entry["kind"] != "warranty":
        options.pop("regulation", None)
        if policy is not None:
            options["policy"] = policy
    else:
        options.pop("policy", None)
    options["as_of"] = _moment(entry["kind"], as_of if as_of is not None else entry["as_of"])
    return options


class _Comparing(io.TextIOBase):
    """The batch's output: each line compared with the recorded decision it re-decides, then forgotten."""

    def __init__(self, report: ReplayReport, pending: dict[int, dict[str, Any]]):
        self.report, self.pending = report, pending

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        for line in text.splitlines():
            out = json.loads(line)
            entry = self.pending.pop(out["record"])
            case = ReplayedCase(entry["seq"], entry["kind"], entry["subject"], entry["source"], entry["as_of"])
            before = json.loads(entry["decision"])
            self.report.rulebooks_before[before.get("rulebook", "?")] += 1
            if out["ok"]:
                after = out["decision"]
                self.report.rulebooks_after[after.get("rulebook", "?")] += 1
                case.changes = compare(before, after)
            else:
                case.error = out["error"]["message"]
            self.report.cases.append(case)
        return len(text)


def replay(db: str | Path, *, since: date | None = None, rules: str | None = None, policy: str | None = None,
           as_of: str | None = None, kind: str | None = None, every: bool = False, workers: int = 1,
           progress: Any = None, stop: StopFlag | None = None) -> ReplayReport:
    """Re-decide the latest recorded decision of each car and case (`every`: each recorded decision) whose
    as-of is on or after `since`, under the rule book folder `rules` (None: the one in force) and, for
    complaints, the policy `policy` (None: the one each was decided with)."""
    if as_of is not None:
        _moment(kind or "complaint", as_of)          # a bad --as-of is said before anything runs
    if rules is not None:
        check_rule_book(rules)
        rules = os.path.abspath(rules)
    report = ReplayReport(rules, policy)
    try:
        record = DecisionRecord(db, create=False)
    except RecordError as exc:
        raise ReplayError(exc.text) from None
    with record:
        for each_kind in ("warranty", "complaint"):
            if kind not in (None, each_kind):
                continue
            clauses = ["kind = ?"] + (["as_of >= ?"] if since else [])
            params: list[Any] = [each_kind] + ([since.isoformat()] if since else [])
            where = ("WHERE " if every else _LATEST + " AND ") + " AND ".join(clauses)
            pending: dict[int, dict[str, Any]] = {}

            def inputs(where: str = where, params: list[Any] = params,
                       pending: dict[int, dict[str, Any]] = pending) -> Iterator[Record]:
                for number, entry in enumerate(record.rows(where, params), 1):
                    pending[number] = entry
                    yield Record(number, entry["source"], text=entry["input"],
                                 options=_options_for(entry, as_of, policy))

            result = run_batch(inputs(), _Comparing(report, pending), kind=each_kind,  # type: ignore[arg-type]
                               workers=workers, progress=progress, rules=rules, stop=stop)
            if result.interrupted:
                report.interrupted = True
                break
    report.cases.sort(key=lambda c: c.seq)
    return report


__all__ = ["ReplayError", "ReplayReport", "ReplayedCase", "check_rule_book", "replay"]
