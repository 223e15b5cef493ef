"""The checked rule book kept between runs (core.rulebook.cached_rule_book): used while nothing it came from
changed, rebuilt when stale, corrupt, not ours or unreadable, never in the way when it cannot be written."""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from adjudicator.core import rulebook as core_rulebook
from adjudicator.warranty import rulebook as warranty_rulebook

ROOT = Path(__file__).resolve().parents[1]


def _read_fresh() -> warranty_rulebook.WarrantyRulebook:
    """The rule book as a new process gets it (this process's own @cache cleared)."""
    warranty_rulebook.load_warranty_rulebook.cache_clear()
    return warranty_rulebook.load_warranty_rulebook()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A cache folder of the test's own, in use; the process's rule book read fresh afterwards."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("ADJUDICATOR_CACHE_DIR", str(folder))
    monkeypatch.delenv("ADJUDICATOR_NO_CACHE", raising=False)
    yield folder
    warranty_rulebook.load_warranty_rulebook.cache_clear()


def _kept_file(folder: Path) -> Path:
    (path,) = folder.glob("rulebook-warranty-*.pickle")
    return path


def test_the_rule_book_is_kept_owner_only_and_used_by_the_next_run(cache, monkeypatch):
    built = _read_fresh()
    path = _kept_file(cache)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    calls = []
    monkeypatch.setattr(warranty_rulebook, "_read_warranty_rulebook",
                        lambda: calls.append(1) or built)           # a run that would read the YAML again
    kept = _read_fresh()
    assert calls == []                                              # it did not: the kept copy served
    assert kept.digest == built.digest and kept.rules == built.rules and kept.parameters == built.parameters


def test_the_kept_rule_book_decides_exactly_as_a_freshly_read_one(cache, monkeypatch):
    import adjudicator as api

    history = api.load_history(ROOT / "examples/warranty/01_2013_same_problem_six_repairs.json")
    _read_fresh()                                                   # writes the cache
    from_cache = api.adjudicate_warranty(history).model_dump_json()
    monkeypatch.setenv("ADJUDICATOR_NO_CACHE", "1")
    _read_fresh()
    assert api.adjudicate_warranty(history).model_dump_json() == from_cache


def test_a_changed_rule_file_makes_the_kept_copy_stale(cache, tmp_path, monkeypatch):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    monkeypatch.setenv("ADJUDICATOR_RULES", str(rules))
    before = _read_fresh()
    parameters = rules / "warranty" / "parameters.yaml"
    parameters.write_text(parameters.read_text(encoding="utf-8") + "\n# an amendment\n", encoding="utf-8")
    after = _read_fresh()
    assert after.digest != before.digest                            # read again from the changed files
    assert len(list(cache.glob("rulebook-warranty-*.pickle"))) == 2


def test_the_key_covers_the_program_too(cache, tmp_path, monkeypatch):
    program = tmp_path / "program"
    (program / "core").mkdir(parents=True)
    source = program / "core" / "rulebook.py"
    source.write_text("RULEBOOK_CACHE_FORMAT = 1\n", encoding="utf-8")
    monkeypatch.setattr(core_rulebook, "_PACKAGE", program)
    key = core_rulebook.rule_book_key("warranty")
    assert core_rulebook.rule_book_key("warranty") == key           # the same program, the same key
    stamp = source.stat()
    os.utime(source, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1_000_000_000))       # the code was edited
    edited = core_rulebook.rule_book_key("warranty")
    assert edited != key
    monkeypatch.setattr(core_rulebook, "RULEBOOK_CACHE_FORMAT", core_rulebook.RULEBOOK_CACHE_FORMAT + 1)
    assert core_rulebook.rule_book_key("warranty") not in (key, edited)


@pytest.mark.parametrize("damage", ["truncated", "flipped byte", "not a pickle", "another kind", "empty"])
def test_a_corrupt_kept_copy_is_rebuilt(cache, damage):
    good = _read_fresh()
    path = _kept_file(cache)
    raw = path.read_bytes()
    head, key, checksum, payload = raw.split(b"\n", 3)
    if damage == "truncated":
        raw = raw[: len(raw) // 2]
    elif damage == "flipped byte":
        raw = raw[:-10] + bytes([raw[-10] ^ 0xFF]) + raw[-9:]
    elif damage == "not a pickle":
        raw = b"\n".join([head, key, hashlib.sha256(b"junk").hexdigest().encode(), b"junk"])
    elif damage == "another kind":                                  # whole and checksummed, but not a rule book
        other = pickle.dumps({"rules": []})
        raw = b"\n".join([head, key, hashlib.sha256(other).hexdigest().encode(), other])
    else:
        raw = b""
    path.write_bytes(raw)
    rebuilt = _read_fresh()
    assert rebuilt.digest == good.digest and rebuilt.rules == good.rules
    assert path.read_bytes() != raw                                 # and written again, whole


def test_a_kept_copy_others_could_have_written_is_not_used(cache, monkeypatch):
    _read_fresh()
    path = _kept_file(cache)
    path.chmod(0o666)                                               # writable by anyone: it may not be ours
    calls = []
    real = warranty_rulebook._read_warranty_rulebook
    monkeypatch.setattr(warranty_rulebook, "_read_warranty_rulebook", lambda: calls.append(1) or real())
    _read_fresh()
    assert calls == [1]
    assert stat.S_IMODE(_kept_file(cache).stat().st_mode) == 0o600  # replaced by an owner-only one


def test_an_unwritable_cache_folder_costs_only_time(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("ADJUDICATOR_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.delenv("ADJUDICATOR_NO_CACHE", raising=False)
    try:
        book = _read_fresh()
        assert book.rules and book.digest
        assert not list(tmp_path.rglob("*.tmp"))                    # nothing left behind
    finally:
        warranty_rulebook.load_warranty_rulebook.cache_clear()


def test_a_broken_rule_book_is_never_kept(cache, tmp_path, monkeypatch):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    (rules / "warranty" / "versions.yaml").write_text("versions: []\n", encoding="utf-8")
    monkeypatch.setenv("ADJUDICATOR_RULES", str(rules))
    for _ in range(2):                                              # the error every time, not a kept copy
        with pytest.raises(core_rulebook.RulebookError):
            _read_fresh()
    assert not list(cache.glob("rulebook-warranty-*.pickle"))


def test_processes_starting_together_all_get_the_rule_book(cache):
    """Concurrent writers: each writes its own temporary file and puts it in place at once; every process
    reads a whole rule book, and the folder ends with one whole kept copy."""
    code = ("from adjudicator.warranty.rulebook import load_warranty_rulebook as load; "
            "print(load().digest, len(load().rules['2021']))")
    env = {**os.environ, "ADJUDICATOR_CACHE_DIR": str(cache)}
    env.pop("ADJUDICATOR_NO_CACHE", None)
    children = [subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True, cwd=ROOT)
                for _ in range(4)]
    outputs = {child.communicate(timeout=120)[0] for child in children}
    assert all(child.returncode == 0 for child in children)
    assert len(outputs) == 1
    assert not list(cache.glob(".*.tmp"))
    assert _read_fresh().digest == outputs.pop().split()[0]
