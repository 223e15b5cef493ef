"""The fuzzing harness sees what it is there to see: a child killed by a signal is a crash blamed on its case, a
case with no answer is a hang, and the next case gets a fresh child."""
from __future__ import annotations

import pytest

from tests.fuzz import runner

pytestmark = pytest.mark.fuzz


def test_a_signal_is_a_crash_and_a_silence_is_a_hang(monkeypatch):
    monkeypatch.setattr(runner, "CASE_TIMEOUT_SECONDS", 3.0)
    with pytest.raises(AssertionError, match="crashes: child died: -11"):
        runner.check_cli("harness", {"door": "harness_signal"}, {0})
    with pytest.raises(AssertionError, match="hangs: no answer in 3.0 s"):
        runner.check_cli("harness", {"door": "harness_hang"}, {0})
    answer = runner.check_cli("harness", {"door": "cli", "args": ["rules", "show", "nope"]}, {2})
    assert answer["code"] == 2 and "no rule 'nope'" in answer["stderr"]
    assert runner.STATS["harness"]["crashes"] == 1 and runner.STATS["harness"]["hangs"] == 1
    runner.STATS.pop("harness")
    runner.FINDINGS[:] = [f for f in runner.FINDINGS if f["door"] != "harness"]
