"""The complaint record's signature (FAW-CRM ch.2 item 9) and its handling department: the input model refuses a
signing time that cannot be, and `complaint check` shows a closed unsigned record as a finding."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import adjudicator as api
from adjudicator.commands.main import cli
from adjudicator.complaints.vocabulary import DEPARTMENT

ROOT = Path(__file__).resolve().parents[1]
CASE = json.loads((ROOT / "examples" / "complaints" / "c1_withdrew.json").read_text(encoding="utf-8"))


def _closed(**extra):
    """The example, a closed case, without its signature (and with `extra`)."""
    assert any(e["type"] == "closed" for e in CASE["events"])
    unsigned = {k: v for k, v in CASE.items() if k not in ("signed_by", "signed_at")}
    return {**unsigned, **extra}


@pytest.mark.parametrize(("extra", "field"), [
    ({"signed_at": "2025-03-13T09:00:00"}, "signed_at"),                                   # who signed?
    ({"signed_by": "王敏", "signed_at": "2025-03-01T09:00:00"}, "signed_at"),              # before receipt
    ({"signed_by": "王敏", "signed_at": "2025-03-15T09:00:00"}, "signed_at"),              # after as_of
    ({"department": "finance"}, "department"),
])
def test_impossible_signature_or_unknown_department_names_its_field(tmp_path, extra, field):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(_closed(**extra)), encoding="utf-8")
    with pytest.raises(api.InputError) as err:
        api.load_complaint(path)
    assert field in str(err.value)


def test_complaint_check_reports_the_missing_signature_of_a_closed_case(tmp_path):
    unsigned, signed = tmp_path / "unsigned.json", tmp_path / "signed.json"
    unsigned.write_text(json.dumps(_closed()), encoding="utf-8")
    signed.write_text(json.dumps(_closed(signed_by="客户经理王敏", signed_at=CASE["as_of"], department="after_sales")),
                      encoding="utf-8")
    r = CliRunner().invoke(cli, ["complaint", "check", str(unsigned), "--lang", "zh"])
    assert r.exit_code == 0 and "负责人签字" in r.stdout and "一汽轿车经销商手册" in r.stdout          # the source by its Chinese name under zh
    r = CliRunner().invoke(cli, ["complaint", "check", str(signed), "--format", "json"])
    decision = json.loads(r.stdout)
    assert "record_signed" not in [w["code"] for w in decision["warnings"]]


def test_department_words_are_declared_once_with_aliases():
    words = DEPARTMENT.from_words()
    assert words["售后"] == words["售后服务部"] == "after_sales" and words["客户关系部"] == "customer_service"
    assert DEPARTMENT.zh("unspecified") == "未注明部门"
