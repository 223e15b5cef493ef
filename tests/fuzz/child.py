"""The child process of the fuzzing suite: reads one case per line on stdin (JSON), runs it through its door, and
answers one line on stdout. The parent (tests/fuzz/runner.py) sees a crash or a signal as this process dying
and a hang as no answer within the time limit; whatever this process says about a case is only what it saw.

A case: {"door": "cli", "args": [...], "files": {name: text}} — the command line, run as `adjudicator` runs it
(click's test runner, so exit codes and both streams are kept), in a fresh folder holding `files`; `{dir}` in an
argument is that folder — or {"door": "api_warranty" | "api_complaint" | "api_followup", "data": ...,
"policy": text | null}: the public API with both evaluators.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))


def _cli(case: dict[str, Any], folder: Path) -> dict[str, Any]:
    from click.testing import CliRunner

    from adjudicator.commands.main import cli

    for name, text in case.get("files", {}).items():
        (folder / name).write_bytes(text.encode("utf-8", "surrogatepass"))
    args = [a.replace("{dir}", str(folder)) for a in case["args"]]
    result = CliRunner().invoke(cli, args, catch_exceptions=True)
    escaped = None
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        escaped = "".join(traceback.format_exception(result.exception))
    outputs = {}
    for name in case.get("outputs", []):
        path = folder / name
        outputs[name] = path.read_text("utf-8", "replace") if path.exists() else None
    return {"code": result.exit_code, "stdout": result.stdout, "stderr": result.stderr, "escaped": escaped,
            "outputs": outputs}


def _both_evaluators(decide: Any, data: Any, **kwargs: Any) -> dict[str, Any]:
    """Both evaluators on the same input: the same decision, or the same refusal (a ValueError)."""
    answers = []
    for evaluator in ("python", "durable_rules"):
        try:
            d = decide(data, evaluator=evaluator, **kwargs)
            answers.append(("decision", json.dumps(d.model_dump(mode="json", exclude={"evaluator"}),
                                                   sort_keys=True, ensure_ascii=False)))
        except ValueError as exc:
            answers.append(("refused", type(exc).__name__ + ": " + str(exc)[:300]))
        except Exception:   # noqa: BLE001 - anything else is what the fuzzing is looking for
            return {"escaped": traceback.format_exc()}
    agree = answers[0] == answers[1]
    return {"escaped": None, "agree": agree, "kind": answers[0][0],
            "detail": None if agree else [a[1][:600] for a in answers]}


def _api(case: dict[str, Any], folder: Path) -> dict[str, Any]:
    import adjudicator as api

    kwargs: dict[str, Any] = {}
    if case.get("policy") is not None:
        path = folder / "policy.yaml"
        path.write_text(case["policy"], encoding="utf-8")
        kwargs["policy"] = str(path)
    decide = {"api_warranty": api.adjudicate_warranty, "api_complaint": api.check_complaint,
              "api_followup": api.check_followup}[case["door"]]
    if case["door"] == "api_warranty":
        kwargs.pop("policy", None)
    return _both_evaluators(decide, case["data"], **kwargs)


def _harness_check(case: dict[str, Any]) -> dict[str, Any]:
    """The harness's own test: a case that dies by a signal, or never answers, as a crash in C code would."""
    import signal
    import time

    if case["door"] == "harness_signal":
        os.kill(os.getpid(), signal.SIGSEGV)
    time.sleep(3600)
    return {}


def main() -> None:
    os.environ.setdefault("LANG", "C.UTF-8")
    import adjudicator  # noqa: F401 - warm the imports before the first case is timed

    for line in sys.stdin:
        case = json.loads(line)
        with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
            try:
                if case["door"].startswith("harness_"):
                    answer = _harness_check(case)
                else:
                    answer = _cli(case, Path(tmp)) if case["door"] == "cli" else _api(case, Path(tmp))
            except Exception:   # noqa: BLE001 - the harness itself must answer
                answer = {"escaped": "harness: " + traceback.format_exc()}
        sys.stdout.write(json.dumps(answer, ensure_ascii=True) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
