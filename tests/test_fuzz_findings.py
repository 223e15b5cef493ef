"""Defects the fuzzing suite (tests/fuzz) found, each kept as the test that would have caught it."""
from __future__ import annotations

from click.testing import CliRunner

from adjudicator.commands.main import cli


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stderr


def test_rules_show_with_a_policy_of_another_domain_is_an_input_error():
    # was: exit 1, "rule files are broken: unknown policy profile 'revisit'"
    for rule, policy in (("c.close_c1", "revisit"), ("c.close_c1", "nope"), ("f.after_sales_revisit", "cs-cms")):
        code, err = run("rules", "show", rule, "--policy", policy)
        assert code == 2, err
        assert "unknown" in err and "broken" not in err


CASE = {"id": "C1", "channel": "carmaker_wechat", "case_type": "grievance", "category": "service",
        "received_at": "2025-03-12T10:05:00+08:00"}


def test_as_of_before_receipt_is_an_input_error_in_batch_check_and_watch(tmp_path):
    # was: batch --kind complaint --as-of 2024-05-01: "internal error: ValidationError" (exit 1); complaint check
    # and watch: pydantic's three-line message
    import json
    src = tmp_path / "cases.jsonl"
    src.write_text(json.dumps(CASE) + "\n" + json.dumps({**CASE, "received_at": "2024-04-01T10:00:00+08:00"}) + "\n",
                   encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, err = run("batch", str(src), "--kind", "complaint", "--as-of", "2024-05-01", "-o", str(out), "--workers",
                    "1")
    first, second = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert code == 2, err
    assert first["error"] == {"field": "as_of", "message": "2024-05-01T23:59:59+08:00 is before received_at "
                                                           "2025-03-12T10:05:00+08:00"}
    assert second["ok"]
    one = tmp_path / "case.json"
    one.write_text(json.dumps(CASE), encoding="utf-8")
    for command, path in (("check", one), ("watch", src)):
        code, err = run("complaint", command, str(path), "--as-of", "2024-05-01")
        assert code == 2 and "as_of: 2024-05-01T23:59:59+08:00 is before received_at" in err
        assert "validation error" not in err and "pydantic" not in err


def test_batch_lines_hold_line_separators_escaped(tmp_path):
    # was: a visit id with U+2028 went into the output raw; JSON allows it, but str.splitlines (and the fuzzing
    # suite's own first check) cut that line in two
    import json

    from tests.test_cli import HISTORY
    data = json.loads(json.dumps(HISTORY))
    data["visits"][0]["id"] = "RO-1\u2028\u2029\u0085x"
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(data) + "\n" + json.dumps({"vehicle": "\u2028"}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, err = run("batch", str(src), "-o", str(out), "--workers", "1")
    text = out.read_text(encoding="utf-8")
    assert code == 2, err
    lines = text.splitlines()
    assert len(lines) == 2 and not any(c in text for c in "\u2028\u2029\u0085")
    first = json.loads(lines[0])
    assert first["ok"] and "RO-1\u2028\u2029\u0085x" in json.dumps(first, ensure_ascii=False)
