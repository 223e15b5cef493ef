"""Batch survives its workers, its signals and its readers: a worker killed mid-record (the test-only crash hook,
or a real kill -9) is replaced and the record retried; a record that kills two workers is an error line; SIGINT
and SIGTERM at any moment end with whole lines, a summary and 130 / 143; a closed stdout ends quietly."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from adjudicator.warranty.synthetic import generate_histories

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 60                                  # a hang fails the test instead of blocking CI


@pytest.fixture(scope="module")
def histories(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("survival") / "cars.jsonl"
    src.write_text("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in generate_histories(300, seed=21)),
                   encoding="utf-8")
    return src


def batch(*args: str, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "adjudicator", "batch", *args], capture_output=True, text=True,
                          timeout=TIMEOUT, cwd=ROOT, env={**os.environ, "LANG": "C.UTF-8", **(env or {})}, **kw)


def rows(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").split("\n")[:-1]]


def test_a_record_that_kills_two_workers_is_an_error_line_and_the_run_completes(histories, tmp_path):
    out = tmp_path / "out.jsonl"
    r = batch(str(histories), "-o", str(out), "--workers", "2", env={"ADJUDICATOR_TEST_CRASH_ON_RECORDS": "7,200"})
    assert r.returncode == 3, r.stderr
    got = rows(out)
    assert [x["record"] for x in got] == list(range(1, 301))
    crashed = [x for x in got if not x["ok"] and "engine crashed on this record" in x["error"]["message"]]
    assert [x["record"] for x in crashed] == [7, 200]
    assert "engine_crashed" in r.stderr and "Traceback" not in r.stderr


def test_a_record_retried_after_one_crash_is_decided_and_the_output_is_byte_identical(histories, tmp_path):
    marks = tmp_path / "marks"
    marks.mkdir()
    crashed_once = tmp_path / "once.jsonl"
    r = batch(str(histories), "-o", str(crashed_once), "--workers", "2",
              env={"ADJUDICATOR_TEST_CRASH_ON_RECORDS": "3,150", "ADJUDICATOR_TEST_CRASH_ONCE_FOLDER": str(marks)})
    assert r.returncode in (0, 2), r.stderr
    assert sorted(p.name for p in marks.iterdir()) == ["150", "3"]          # both workers really died
    plain = tmp_path / "plain.jsonl"
    assert batch(str(histories), "-o", str(plain), "--workers", "1").returncode in (0, 2)
    assert crashed_once.read_bytes() == plain.read_bytes()


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(x) for x in path.read_text().split()]
    except OSError:
        return []


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds the workers through /proc")
def test_kill_9_of_a_worker_mid_batch_completes_the_run(histories, tmp_path):
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "adjudicator", "batch", str(histories), "-o", str(out),
                             "--workers", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    try:
        deadline = time.time() + TIMEOUT
        victim = None
        while victim is None and time.time() < deadline:
            time.sleep(0.05)
            # the workers are the forkserver's children, the batch process's grandchildren
            pids = [g for c in _children(proc.pid) for g in _children(c)]
            if pids and any(p.stat().st_size for p in tmp_path.glob(".out.jsonl.*.partial")):
                victim = pids[-1]
        assert victim is not None, "no worker seen"
        os.kill(victim, signal.SIGKILL)
        _, err = proc.communicate(timeout=TIMEOUT)
    finally:
        proc.kill()
    assert proc.returncode in (0, 2, 3), err.decode()
    got = rows(out)
    assert [x["record"] for x in got] == list(range(1, 301))
    assert sum(1 for x in got if not x["ok"] and "crashed" in x["error"]["message"]) <= 1


def _wait_for_stop_handlers(pid: int) -> None:
    """Until the process catches SIGTERM (the kernel's SigCgt mask), which it does once the program's own
    stop handlers are installed, first thing in the command line."""
    deadline = time.monotonic() + TIMEOUT
    bit = 1 << (signal.SIGTERM - 1)
    while time.monotonic() < deadline:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return
        caught = next((int(line.split()[1], 16) for line in status.splitlines() if line.startswith("SigCgt:")), 0)
        if caught & bit:
            return
        time.sleep(0.002)
    raise AssertionError("the program never installed its stop handlers")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupts_at_any_moment_never_hang_and_leave_whole_lines(histories, tmp_path, sig):
    # from the moment the program's own handlers are in place (before that, the interpreter's own start-up is
    # Python's, and takes longer on a loaded machine) to mid-run
    for delay in (0.0, 0.02, 0.05, 0.1, 0.2, 0.4, 0.7):
        out = tmp_path / "out.jsonl"
        out.unlink(missing_ok=True)
        proc = subprocess.Popen([sys.executable, "-m", "adjudicator", "batch", str(histories), "-o", str(out),
                                 "--workers", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
        _wait_for_stop_handlers(proc.pid)
        time.sleep(delay)
        proc.send_signal(sig)
        try:
            _, err = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise AssertionError(f"hung after {sig.name} at {delay} s") from None
        text = err.decode()
        assert proc.returncode == 128 + sig, (delay, proc.returncode, text)
        for bad in ("Traceback", "Aborted!", "internal error"):
            assert bad not in text, (delay, text)
        assert "records" in text and "interrupted" in text
        done = rows(out) if out.exists() else []
        assert [x["record"] for x in done] == list(range(1, len(done) + 1))
        assert not list(tmp_path.glob(".out.jsonl.*.partial"))


def _closed_pipe_run(*args: str) -> subprocess.CompletedProcess:
    reader, writer = os.pipe()
    os.close(reader)                           # nobody will ever read: the first write fails with EPIPE
    try:
        return subprocess.run([sys.executable, "-m", "adjudicator", *args], stdout=writer, stderr=subprocess.PIPE,
                              text=True, timeout=TIMEOUT, cwd=ROOT)
    finally:
        os.close(writer)


@pytest.mark.parametrize("args", [("rules", "list"), ("schema", "warranty-decision"),
                                  ("warranty", "check", "examples/warranty/01_2013_same_problem_six_repairs.json")])
def test_a_closed_stdout_ends_quietly(args):
    r = _closed_pipe_run(*args)
    assert r.returncode == 141 and r.stderr == "", r.stderr


def test_a_closed_stdout_ends_a_batch_quietly(histories):
    r = _closed_pipe_run("batch", str(histories), "--workers", "2")
    assert r.returncode == 141, r.stderr
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr and "records" not in r.stderr
