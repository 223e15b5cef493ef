"""The parent side of the fuzzing suite: one long-lived child process (tests/fuzz/child.py) runs the cases, so that a
crash or a signal in the engine's C code kills the child, not the tests, and is seen and blamed on its case; a
case that gets no answer in time is a hang (the child is killed and a new one started). Every case and finding
is counted per door; with FUZZ_STATS=FILE the counts are written there at the end of the run."""
from __future__ import annotations

import atexit
import json
import os
import select
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
CASE_TIMEOUT_SECONDS = float(os.environ.get("FUZZ_CASE_TIMEOUT", "60"))   # one case; batch starts processes
STATS: dict[str, Counter[str]] = defaultdict(Counter)
FINDINGS: list[dict[str, Any]] = []


class Child:
    def __init__(self) -> None:
        self.proc: subprocess.Popen[str] | None = None

    def start(self) -> subprocess.Popen[str]:
        if self.proc is None or self.proc.poll() is not None:
            env = {**os.environ, "LANG": "C.UTF-8", "PYTHONUNBUFFERED": "1", "ADJUDICATOR_READ_TIMEOUT": "5"}
            env.pop("ADJUDICATOR_DEBUG", None)
            self.proc = subprocess.Popen([sys.executable, str(ROOT / "tests/fuzz/child.py")], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                         encoding="utf-8", cwd=ROOT, env=env)
        return self.proc

    def run(self, case: dict[str, Any]) -> dict[str, Any]:
        """The child's answer, or {"died": signal or exit status} or {"hang": seconds}."""
        proc = self.start()
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(json.dumps(case, ensure_ascii=True) + "\n")
            proc.stdin.flush()
        except BrokenPipeError:
            return {"died": proc.wait()}
        ready, _, _ = select.select([proc.stdout], [], [], CASE_TIMEOUT_SECONDS)
        if not ready:
            self.stop()
            return {"hang": CASE_TIMEOUT_SECONDS}
        line = proc.stdout.readline()
        if not line:
            return {"died": proc.wait()}
        return json.loads(line)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc = None


CHILD = Child()
atexit.register(CHILD.stop)


def _finding(door: str, kind: str, case: dict[str, Any], detail: str) -> str:
    STATS[door][kind] += 1
    FINDINGS.append({"door": door, "kind": kind, "detail": detail[:2000], "case": json.dumps(case)[:4000]})
    if os.environ.get("FUZZ_STATS"):          # at once, so that a long run shows what it found while it runs
        with open(os.environ["FUZZ_STATS"] + ".findings.jsonl", "a", encoding="utf-8") as log:
            log.write(json.dumps(FINDINGS[-1], ensure_ascii=False) + "\n")
    return f"{door}: {kind}: {detail[:3000]}"


def _answered(door: str, case: dict[str, Any]) -> dict[str, Any]:
    """The child's answer to a case, counted; AssertionError when the child died, hung or let an exception out."""
    STATS[door]["inputs"] += 1
    started = time.monotonic()
    answer = CHILD.run(case)
    STATS[door]["seconds_x1000"] += int((time.monotonic() - started) * 1000)
    if "died" in answer:
        raise AssertionError(_finding(door, "crashes", case, f"child died: {answer['died']}"))
    if "hang" in answer:
        raise AssertionError(_finding(door, "hangs", case, f"no answer in {answer['hang']} s"))
    if answer.get("escaped"):
        raise AssertionError(_finding(door, "tracebacks", case, answer["escaped"]))
    return answer


def check_cli(door: str, case: dict[str, Any], allowed: set[int]) -> dict[str, Any]:
    """Run a command-line case; AssertionError naming the problem: a crash or signal, a hang, a traceback,
    "internal error", an exit code outside the documented `allowed` set, a batch line that is not JSON."""
    answer = _answered(door, case)
    text = answer["stdout"] + answer["stderr"] + "".join(v or "" for v in answer.get("outputs", {}).values())
    if "Traceback (most recent call last)" in text:
        raise AssertionError(_finding(door, "tracebacks", case, text[-3000:]))
    if "internal error" in text or "engine crashed" in text:
        raise AssertionError(_finding(door, "wrong_results", case, text[-3000:]))
    STATS[door]["decision" if answer["code"] == 0 else "refused"] += 1
    if answer["code"] not in allowed:
        raise AssertionError(_finding(door, "wrong_results", case,
                                      f"exit {answer['code']} not in {sorted(allowed)}: {answer['stderr'][-2000:]}"))
    for name, content in answer.get("outputs", {}).items():
        if content and any(c in content for c in "\u2028\u2029\u0085"):
            raise AssertionError(_finding(door, "wrong_results", case, f"{name} has a raw line separator in a line"))
        for n, line in enumerate((content or "").split("\n")[:-1], 1):     # JSONL: lines end at "\n"
            try:
                json.loads(line)
            except ValueError as exc:
                raise AssertionError(_finding(door, "wrong_results", case,
                                              f"{name}:{n} is not JSON: {line[:200]}")) from exc
    return answer


def check_api(door: str, case: dict[str, Any]) -> dict[str, Any]:
    """Run an API case with both evaluators; AssertionError on a crash, a hang, an exception other than a
    ValueError, or evaluators that disagree."""
    answer = _answered(door, case)
    STATS[door][answer["kind"]] += 1
    if not answer["agree"]:
        raise AssertionError(_finding(door, "wrong_results", case, "evaluators disagree: " + json.dumps(
            answer["detail"], ensure_ascii=False)))
    return answer


def write_stats() -> None:
    path = os.environ.get("FUZZ_STATS")
    if not path:
        return
    Path(path).write_text(json.dumps({"doors": {d: dict(c) for d, c in sorted(STATS.items())},
                                      "findings": FINDINGS}, ensure_ascii=False, indent=1), encoding="utf-8")


atexit.register(write_stats)
