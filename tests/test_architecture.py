"""The layout's promises: the import contract holds, nothing imports in a cycle, the python evaluator runs without
durable_rules, the checkout's cli.py works, and the three ordinary changes cost what docs/architecture.md says:
(a) a dated parameter value inside a version, (b) a profile extending another, (c) a new visit field."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def run(code: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=cwd,
                          env={**os.environ, **(env or {})})


def test_import_contracts_hold() -> None:
    lint = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    out = subprocess.run([lint], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "0 broken" in out.stdout


def test_every_package_ships_in_a_plain_install() -> None:
    """setuptools lists packages by hand: a new sub-package left out works in an editable install only."""
    import tomllib
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "adjudicator").rglob("__init__.py")}
    assert found - listed == set()


def test_no_import_cycles() -> None:
    graph = grimp.build_graph("adjudicator", exclude_type_checking_imports=True)
    edges = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:                     # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for m in sorted(edges):
        if m not in index:
            visit(m)
    assert not cycles, cycles


def test_python_evaluator_runs_without_durable_rules() -> None:
    code = f"""
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('durable_rules_engine', 'durable'):
            raise ImportError('durable_rules is blocked in this test')
sys.meta_path.insert(0, Block())
import adjudicator as api
h = api.load_history({str(EXAMPLES / 'warranty' / '01_2013_same_problem_six_repairs.json')!r})
d = api.adjudicate_warranty(h, evaluator='python')
c = api.check_complaint(api.load_complaint({str(EXAMPLES / 'complaints' / 'c1_withdrew.json')!r}), evaluator='python')
assert d.remedies and c.closure_conditions
assert 'durable_rules_engine' not in sys.modules
print('ok')
"""
    out = run(code)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


def test_cli_py_at_the_root_runs_from_a_checkout() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "cli.py"), "warranty", "check",
                          str(EXAMPLES / "warranty" / "03_2021_brake_failure_day_20.json"), "--format", "json"],
                         capture_output=True, text=True, timeout=120, cwd=ROOT / "tests")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["regulation"]["version"] == "2021"


# ---------------------------------------------------------------- (a) a value dated inside a version

AMENDED = """  cumulative_repair_days_limit:
    description: {zh: "累计修理时间上限（超过即触发）", en: "cumulative repair days (trigger when exceeded)"}
    unit: day
    near_margin: 5
    values:
      - {from: 2013-10-01, value: 35, reference: {article: 第二十一条, paragraph: 第一款}}
      - {from: 2022-01-01, value: 30, reference: {article: 第二十四条, paragraph: 第一款, item: （四）}}
      - {from: 2027-01-01, value: 25, reference: {document: AMEND-2026, article: 第一条}}
"""


def _rule_book_with_amendment(tmp: Path) -> Path:
    rules = tmp / "rules"
    shutil.copytree(ROOT / "rules", rules)
    params = rules / "warranty" / "parameters.yaml"
    text = params.read_text(encoding="utf-8")
    start = text.index("  cumulative_repair_days_limit:")
    end = text.index("  same_problem_repairs_limit:")
    params.write_text(text[:start] + AMENDED + text[end:], encoding="utf-8")
    docs = rules / "warranty" / "documents.yaml"
    docs.write_text(docs.read_text(encoding="utf-8") + "  AMEND-2026:\n    zh: 《关于修改三包规定的决定》（示例）\n"
                    "    en: Decision amending the regulation (example)\n", encoding="utf-8")
    return rules


def _history(invoice: str, claim: str) -> dict:
    """Four 7-day repairs of one problem: 28 cumulative days, between the 25 and 30 day limits."""
    visits = []
    for i in range(4):
        month = int(invoice[5:7]) + 1 + i
        year = int(invoice[:4]) + (month - 1) // 12
        month = (month - 1) % 12 + 1
        day = f"{year}-{month:02d}-10"
        visits.append({"id": f"RO{i}", "opened_at": f"{day}T09:00:00", "closed_at": f"{day[:8]}17T09:00:00",
                       "odometer_km": 1000 * (i + 1),
                       "items": [{"problem": f"p{i}", "system": "electrical", "action": "repair"}]})
    return {"vehicle": {"vin": "LSVAU2180N2183294", "usage": "household"},
            "purchase": {"invoice_date": invoice, "price_yuan": 150000},
            "visits": visits, "claim": {"date": claim, "odometer_km": 6000}}


def test_a_value_dated_inside_a_version_applies_from_its_date_and_names_its_source(tmp_path: Path) -> None:
    rules = _rule_book_with_amendment(tmp_path)
    before, after = _history("2026-12-20", "2027-06-01"), _history("2027-01-05", "2027-06-01")
    code = f"""
import json, adjudicator as api
out = []
for h in {json.dumps([before, after])}:
    d = api.adjudicate_warranty(h)
    p = next(x for x in d.parameters if x.name == 'cumulative_repair_days_limit')
    out.append({{'fired': [f.rule_id for f in d.fired], 'value': p.value, 'since': str(p.since),
                'source': p.citation.instrument.en, 'on': str(d.regulation.parameters_on)}})
print(json.dumps(out))
"""
    out = run(code, {"ADJUDICATOR_RULES": str(rules)})
    assert out.returncode == 0, out.stderr
    old, new = json.loads(out.stdout)
    assert old["value"] == 30 and old["since"] == "2022-01-01" and old["on"] == "2026-12-20"
    assert "w2021.cumulative_repair_days" not in old["fired"]
    assert new["value"] == 25 and new["since"] == "2027-01-01" and "example" in new["source"]
    assert "w2021.cumulative_repair_days" in new["fired"]


# ---------------------------------------------------------------- (b) a profile extending another file

BASE_PROFILE = """profile: oem-base
name: {zh: 某厂基础政策, en: OEM base policy}
extends: default
disabled_rules: [c.close_c4]
"""
CHILD_PROFILE = """profile: oem-child
name: {zh: 某厂政策, en: OEM policy}
extends: base.yaml
parameters:
  first_contact_hours:
    value: 48
    source: {document: CARMAKER, section: "第2条"}
  min_noted_records:
    description: {zh: 关闭所需写明处理情况的记录条数, en: described handling records needed to close}
    unit: count
    value: 2
    source: {document: CARMAKER, section: "第5条"}
rules:
  - id: c.oem_close_c5
    title: {zh: "方案完成且至少{$min_noted_records}条处理记录", en: "Plan done and at least {$min_noted_records} records"}
    kind: closure
    citation: {document: CARMAKER, section: "第5条"}
    when: closure.plan_completed == true and closure.noted_records >= $min_noted_records
    conclusion: {closure: C5}
    explanation: {zh: "已有 {closure.noted_records} 条记录。", en: "{closure.noted_records} records."}
enabled_rules: [c.close_c4]
"""


def test_a_profile_file_extends_another_adds_and_reenables(tmp_path: Path) -> None:
    from adjudicator.complaints.decide import check_complaint
    from adjudicator.complaints.rulebook import PolicyError, load_profile

    (tmp_path / "base.yaml").write_text(BASE_PROFILE, encoding="utf-8")
    child = tmp_path / "child.yaml"
    child.write_text(CHILD_PROFILE, encoding="utf-8")
    base = load_profile(tmp_path / "base.yaml")
    profile = load_profile(child)
    assert "c.close_c4" in base.disabled and "c.close_c4" not in profile.disabled
    assert profile.chain == ("oem-base", "default")
    assert profile.parameters["min_noted_records"].values[0].value == 2
    case = json.loads((EXAMPLES / "complaints" / "c2_repair_done.json").read_text(encoding="utf-8"))
    d = check_complaint(case, policy=profile)
    assert "c.oem_close_c5" in d.fired_ids() and any(c.code == "C5" for c in d.closure_conditions)
    title = next(f.title.zh for f in d.fired if f.rule_id == "c.oem_close_c5")
    assert "2条" in title
    contact = next(x for x in d.deadlines if x.code == "first_contact")
    assert "48 小时" in contact.explanation.zh
    (tmp_path / "loop.yaml").write_text("profile: loop\nname: {zh: a, en: b}\nextends: loop.yaml\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="loop"):
        load_profile(tmp_path / "loop.yaml")


# ---------------------------------------------------------------- (c) a new visit field a rule reads


def test_a_new_visit_field_reaches_a_rule_through_four_files(tmp_path: Path) -> None:
    """waiting_for_parts_hours: the model, the fact schema, the facts module and the rule file; the CSV columns
    and the engine's fact fields follow by themselves."""
    pkg = tmp_path / "adjudicator"
    shutil.copytree(ROOT / "adjudicator", pkg, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "rules", pkg / "rules")
    edits = {
        pkg / "warranty" / "models.py": ("    items: list[Item] = Field(min_length=1, max_length=100)",
                                         "    waiting_for_parts_hours: float = Field(0, ge=0, le=8784, allow_inf_nan=False)\n"
                                         "    items: list[Item] = Field(min_length=1, max_length=100)"),
        pkg / "warranty" / "schema.py": ('        "quality_repair": FieldSpec(bool, ',
                                         '        "waiting_hours": FieldSpec(int, "hours waiting for parts"),\n'
                                         '        "quality_repair": FieldSpec(bool, '),
        pkg / "warranty" / "facts" / "repairs.py": ('"courtesy_provided": v.courtesy_provided}',
                                        '"courtesy_provided": v.courtesy_provided, "waiting_hours": int(v.waiting_for_parts_hours)}'),
        pkg / "rules" / "warranty" / "reg2021.yaml": ("  - id: w2021.courtesy_vehicle\n",
                                                       "  - id: w2021.parts_wait_notice\n"
                                                       "    title: {zh: 等待配件, en: Waiting for parts}\n"
                                                       "    kind: notice\n    citation: {article: 第二十一条}\n"
                                                       "    when: visit.waiting_hours > 48\n"
                                                       "    explanation: {zh: '等待 {visit.waiting_hours} 小时', en: 'waited {visit.waiting_hours} h'}\n"
                                                       "  - id: w2021.courtesy_vehicle\n"),
    }
    for path, (old, new) in edits.items():
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, (path, old)
        path.write_text(text.replace(old, new), encoding="utf-8")
    data = json.loads((EXAMPLES / "warranty" / "03_2021_brake_failure_day_20.json").read_text(encoding="utf-8"))
    data["visits"][0]["waiting_for_parts_hours"] = 72
    code = f"""
import json, adjudicator as api
assert api.__file__.startswith({str(tmp_path)!r}), api.__file__
d = api.adjudicate_warranty(json.loads({json.dumps(json.dumps(data))}), evaluator='durable_rules')
p = api.adjudicate_warranty(json.loads({json.dumps(json.dumps(data))}), evaluator='python')
print(json.dumps({{'fired': [f.rule_id for f in d.fired], 'same': d.fired == p.fired,
                  'csv': 'waiting_for_parts_hours' in api.CSV_COLUMNS}}))
"""
    out = run(code, {"PYTHONPATH": str(tmp_path)}, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert "w2021.parts_wait_notice" in result["fired"] and result["same"] and result["csv"]
