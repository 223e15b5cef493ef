"""Dealer files as Chinese DMS and Excel save them (issue 9, Build item 1): encodings detected or named, .xlsx
workbooks, Chinese headers and values, Excel-style values, a mapping file for a DMS's own headers, every problem
of a record listed with its row, column, value and expected form, tables on stdin, a column for every input
field a clerk can know."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import adjudicator as api
from adjudicator.commands.main import cli
from adjudicator.io import tables
from adjudicator.warranty.records import CHINESE_HEADERS, COLUMNS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "batch"
GB_CSV = EXAMPLES / "dealer_export_gb18030.csv"
XLSX = EXAMPLES / "dealer_export.xlsx"


def run(*args: str, stdin: str | bytes | None = None):
    return CliRunner().invoke(cli, ["batch", *args], input=stdin)


def lines(text: str) -> list[dict]:
    return [json.loads(x) for x in text.splitlines() if x.strip()]


def decisions(text: str) -> list[dict]:
    return [line["decision"] for line in lines(text)]


@pytest.fixture(scope="module")
def expected() -> list[dict]:
    r = run(str(GB_CSV))
    assert r.exit_code == 0, r.output
    return decisions(r.stdout)


def test_the_examples_decide_in_one_command_each(expected):
    assert [d["vin"] for d in expected] == ["LFV2A21K8P3000011", "LGBH52E02NY000022", "LSVNV2182N2000001"]
    assert any(r["rule_id"] == "w2021.same_problem_repeat" for r in expected[0]["remedies"])
    brake = expected[2]
    assert {r["code"] for r in brake["remedies"]} >= {"return"}
    r = run(str(XLSX))
    assert r.exit_code == 0, r.output
    assert decisions(r.stdout) == expected


def test_the_examples_are_what_the_script_writes(tmp_path):
    script = EXAMPLES / "make_dealer_exports.py"
    copy = tmp_path / script.name
    copy.write_text(script.read_text(encoding="utf-8"), encoding="utf-8")
    subprocess.run([sys.executable, str(copy)], check=True, cwd=tmp_path)
    assert (tmp_path / GB_CSV.name).read_bytes() == GB_CSV.read_bytes()
    assert (tmp_path / XLSX.name).read_bytes() == XLSX.read_bytes()
    GB_CSV.read_bytes().decode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        GB_CSV.read_bytes().decode("utf-8")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_encodings_are_detected(tmp_path, expected, encoding):
    path = tmp_path / "export.csv"
    path.write_bytes(GB_CSV.read_bytes().decode("gb18030").encode(encoding))
    r = run(str(path))
    assert r.exit_code == 0, r.output
    assert decisions(r.stdout) == expected


def test_encoding_named_by_hand(tmp_path, expected):
    path = tmp_path / "export.csv"
    path.write_bytes(GB_CSV.read_bytes().decode("gb18030").encode("gbk"))
    assert decisions(run(str(path), "--encoding", "gbk").stdout) == expected
    wrong = run(str(path), "--encoding", "utf-8", "--lang", "zh")
    assert wrong.exit_code == 2 and "不是 utf-8 编码的文本" in lines(wrong.stdout)[0]["error"]["message"]
    unknown = run(str(path), "--encoding", "klingon")
    assert "unknown encoding 'klingon'" in lines(unknown.stdout)[0]["error"]["message"]


def test_undecodable_text_names_the_encodings_tried():
    with pytest.raises(api.InputError) as caught:
        tables.decode_table(b"\x81\x20\xff\xfe\x00\x81", "x.csv")
    assert "GB18030" in caught.value.bare("en") and "--encoding" in caught.value.bare("zh")


def test_every_column_has_a_chinese_header_and_the_clerks_names_are_among_them():
    assert [c for c in COLUMNS if not CHINESE_HEADERS.get(c)] == []
    assert set(CHINESE_HEADERS) <= set(COLUMNS)
    headers = {h: c for c, hs in CHINESE_HEADERS.items() for h in hs}
    assert len(headers) == sum(len(hs) for hs in CHINESE_HEADERS.values()), "a Chinese header names two columns"
    for name, column in {"车架号": "vin", "开票日期": "invoice_date", "交付日期": "delivery_date", "车价": "price_yuan",
                         "维修单号": "visit_id", "进厂时间": "opened_at", "出厂时间": "closed_at", "里程": "odometer_km",
                         "故障零件": "problem", "故障描述": "description", "系统": "system", "处理方式": "action",
                         "主要零件": "main_part", "严重安全故障": "serious_safety_fault", "失效模式": "failure_mode",
                         "原因": "cause", "已修复": "fixed", "决定日期": "claim_date", "请求": "claim_request",
                         "请求日期": "claim_requested_on"}.items():
        assert headers[name] == column
    r = CliRunner().invoke(cli, ["batch", "--csv-columns"])
    assert "车架号" in r.stdout and "进厂时间" in r.stdout


def test_the_new_model_fields_are_columns():
    for name in ("condition", "courtesy_provided", "closed_at_latest", "handed_over_at", "claim_request",
                 "claim_requested_on", "claim_seller_replied_on", "claim_completed_on",
                 "claim_replacement_vehicle_available", "consumable_problem", "consumable_months", "consumable_km",
                 "defect_problem", "defect_description", "defect_breaches_mandatory_standard",
                 "incident_id", "incident_date", "incident_kind", "incident_cause", "incident_system"):
        assert name in api.CSV_COLUMNS, name


def _one_history(tmp_path, header: list[str], rows: list[list[str]]) -> dict:
    import csv

    path = tmp_path / "one.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    recs = list(api.records_of(str(path), "warranty"))
    assert len(recs) == 1 and recs[0].error is None, recs[0].error
    return recs[0].data


BASE = ["vin", "usage", "invoice_date", "price_yuan", "claim_date", "claim_odometer_km"]
CAR = ["LSVNV2182N2000001", "household", "2023-03-01", "150000", "2023-04-01", "2100"]


def test_lists_and_new_fields_reach_the_history(tmp_path):
    header = BASE + ["condition", "claim_request", "claim_requested_on", "claim_replacement_vehicle_available",
                     "consumable_problem", "consumable_months", "consumable_km", "defect_problem",
                     "visit_id", "opened_at", "closed_at", "closed_at_latest", "handed_over_at", "courtesy_provided",
                     "odometer_km", "problem", "system", "action", "事件编号", "事件日期", "事件类型", "事件原因"]
    rows = [CAR + ["二手车", "退货", "2023/4/1", "否", "蓄电池", "12", "30,000", "左后门漆面", "RO-1",
                   "2023-03-20 09:00", "2023-03-22 17:00", "2023-03-23 12:00", "2023-03-24 10:00", "是", "1850",
                   "制动总泵", "制动", "更换零件", "", "", "", ""],
            CAR + ["二手车", "退货", "2023/4/1", "否", "轮胎", "6", "10000", "左后门漆面", "RO-1",
                   "2023-03-20 09:00", "2023-03-22 17:00", "2023-03-23 12:00", "2023-03-24 10:00", "是", "1850",
                   "雨刮片", "车身", "维修", "FIRE-1", "2023/3/30", "自燃", "原因未查明"]]
    h = _one_history(tmp_path, header, rows)
    assert h["vehicle"]["condition"] == "used"
    assert h["claim"] == {"date": "2023-04-01", "odometer_km": 2100, "request": "return",
                          "requested_on": "2023-04-01", "replacement_vehicle_available": False}
    assert h["certificate"]["consumables"] == [{"problem": "蓄电池", "months": 12, "km": 30000},
                                               {"problem": "轮胎", "months": 6, "km": 10000}]
    assert h["disclosed_defects"] == [{"problem": "左后门漆面"}]
    assert h["incidents"] == [{"id": "FIRE-1", "date": "2023-03-30", "kind": "fire", "cause": "not_established"}]
    (visit,) = h["visits"]
    assert visit["closed_at_latest"] == "2023-03-23T12:00:00" and visit["handed_over_at"] == "2023-03-24T10:00:00"
    assert visit["courtesy_provided"] is True
    assert [i["system"] for i in visit["items"]] == ["brake", "body"]
    assert [i["action"] for i in visit["items"]] == ["replace_part", "repair"]
    api.VehicleHistory.model_validate(h)


@pytest.mark.parametrize(("text", "iso"), [("2023/3/1", "2023-03-01"), ("2023年3月1日", "2023-03-01"),
                                           ("2023-03-01", "2023-03-01"), ("2023.3.1", "2023-03-01"),
                                           ("2023/3/1 0:00:00", "2023-03-01")])
def test_excel_dates(text, iso):
    assert tables.as_date(text) == iso


@pytest.mark.parametrize(("text", "iso"), [("2023-03-15 09:30", "2023-03-15T09:30:00"),
                                           ("2023/3/15 9:30:15", "2023-03-15T09:30:15"),
                                           ("2023-03-15T09:30:00+08:00", "2023-03-15T09:30:00+08:00"),
                                           ("2023年3月15日 9时30分", "2023-03-15T09:30:00"),
                                           ("2023/3/15", "2023-03-15")])
def test_excel_moments(text, iso):
    assert tables.as_moment(text) == iso


@pytest.mark.parametrize("text", ["2023/2/30", "20230301", "2023-03-15 25:00", "三月一日", "2023/3/15 9:30"])
def test_not_dates(text):
    with pytest.raises(tables.CellProblem):
        tables.as_date(text)


def test_excel_numbers_and_words():
    assert tables.as_number("168,800", whole=False) == 168800
    assert tables.as_number("1236.0", whole=True) == 1236
    assert tables.as_number("0.5", whole=False) == 0.5
    for bad in ("1,68,800", "12.5", "一千"):
        with pytest.raises(tables.CellProblem):
            tables.as_number(bad, whole=True)
    assert tables.as_bool("是", False) is True and tables.as_bool("否", False) is False
    assert tables.as_bool("TRUE", False) is True and tables.as_bool("未知", True) == "unknown"
    with pytest.raises(tables.CellProblem):
        tables.as_bool("未知", False)
    assert COLUMNS["system"].read("制动") == "brake" and COLUMNS["system"].read("制动系统") == "brake"
    assert COLUMNS["failure_mode"].read("未知") == "unknown"


def test_openpyxl_cells_are_read_as_a_clerk_sees_them(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["车架号", "开票日期", "进厂时间", "里程", "车价", "交付日期"])
    sheet.append(["LSVNV2182N2000001", datetime(2023, 3, 1), datetime(2023, 3, 20, 9, 30), 1236.0, 168800.5,
                  datetime(2023, 3, 3)])
    sheet["B2"].number_format = "yyyy/m/d"                 # a date cell: no time shown
    sheet["C2"].number_format = "yyyy-mm-dd hh:mm"         # F2 keeps openpyxl's date-time format
    saved = io.BytesIO()
    book.save(saved)
    table = tables.read_table(saved.getvalue(), "t.xlsx")
    assert table.rows == [(2, ["LSVNV2182N2000001", "2023-03-01", "2023-03-20 09:30:00", "1236", "168800.5",
                               "2023-03-03 00:00:00"])]
    assert tables.as_date("2023-03-03 00:00:00") == "2023-03-03"


def test_sheet_by_name(tmp_path):
    book = openpyxl.load_workbook(XLSX)
    book.create_sheet("说明", 0).append(["这一页不是数据"])
    path = tmp_path / "two.xlsx"
    book.save(path)
    assert lines(run(str(path)).stdout)[0]["ok"] is False              # the first sheet is the notes
    r = run(str(path), "--sheet", "维修记录")
    assert r.exit_code == 0 and len(lines(r.stdout)) == 3
    missing = run(str(path), "--sheet", "Sheet9")
    message = lines(missing.stdout)[0]["error"]["message"]
    assert "Sheet9" in message and "说明" in message and "维修记录" in message


def test_workbook_unpacking_past_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(tables, "MAX_INPUT_BYTES", 1000)
    with pytest.raises(api.InputError) as caught:
        tables.read_table(XLSX.read_bytes(), "big.xlsx")
    assert "unpacked workbook too large" in caught.value.bare("en")


def test_broken_workbook_is_one_error(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    r = run(str(path))
    assert r.exit_code == 2 and "not a readable .xlsx workbook" in lines(r.stdout)[0]["error"]["message"]


def test_every_problem_of_a_record_is_listed(tmp_path):
    path = tmp_path / "bad.csv"
    text = GB_CSV.read_bytes().decode("gb18030").splitlines()
    header, first, *rest = text
    bad = first.replace("2023/2/10", "2023/2/30").replace("变速器", "变速箱总成").replace("2,100", "两千")
    path.write_text("\n".join([header, bad, *rest]) + "\n", encoding="utf-8")
    r = run(str(path), "--lang", "en")
    assert r.exit_code == 2
    message = lines(r.stdout)[0]["error"]["message"]
    assert "more problem" not in message and message.startswith("8 problems")
    assert "row 2, column 开票日期: '2023/2/30', expected a date" in message
    assert "row 2, column 系统: '变速箱总成', expected one of engine (发动机)" in message
    assert "row 2, column 里程: '两千', expected a whole number" in message
    # the other rows of the same VIN repeat the invoice date: each is said
    assert "row 3, column 开票日期: '2023/2/10', expected the same as row 2 ('2023/2/30')" in message
    zh = lines(run(str(path), "--lang", "zh").stdout)[0]["error"]["message"]
    assert "第 2 行，列 开票日期：'2023/2/30'，应为日期" in zh


def test_model_problems_are_placed_at_their_row_and_column(tmp_path):
    header = BASE + ["visit_id", "opened_at", "closed_at", "odometer_km", "problem", "system", "action"]
    rows = [["LSVNV2182N20000O1"] + CAR[1:] + ["RO-1", "2023-03-22", "2023-03-20", "1850", "制动总泵", "制动", "维修"]]
    import csv

    path = tmp_path / "one.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    (rec,) = lines(run(str(path)).stdout)
    message = rec["error"]["message"]
    assert "row 2, column vin: 'LSVNV2182N20000O1', expected 17-character VIN" in message
    assert "row 2, column closed_at: '2023-03-20': 2023-03-20 is before opened_at 2023-03-22" in message


def test_a_single_problem_names_its_field():
    r = run(str(ROOT / "examples" / "batch" / "dealer_export.csv"))
    third = lines(r.stdout)[2]
    assert third["error"]["field"] == "vehicle.usage"


def test_a_mapping_file_names_a_dms_own_headers(tmp_path, expected):
    text = GB_CSV.read_bytes().decode("gb18030")
    path = tmp_path / "dms.csv"
    path.write_text(text.replace("维修单号", "工单编号").replace("车架号", "底盘号"), encoding="utf-8")
    unmapped = run(str(path))
    assert "底盘号" in lines(unmapped.stdout)[0]["error"]["message"]
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("底盘号: vin\n工单编号: 维修单号\n", encoding="utf-8")
    r = run(str(path), "--columns", str(mapping))
    assert r.exit_code == 0, r.output
    assert decisions(r.stdout) == expected
    mapping.write_text("底盘号: chassis\n", encoding="utf-8")
    bad = run(str(path), "--columns", str(mapping))
    assert bad.exit_code == 2 and "'chassis', which is no column" in bad.stderr


def test_two_headers_of_one_column_are_refused(tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text("vin,车架号\nLSVNV2182N2000001,LSVNV2182N2000001\n", encoding="utf-8")
    assert "vin / 车架号 given more than once" in lines(run(str(path)).stdout)[0]["error"]["message"]


def test_tables_on_stdin(expected):
    text = GB_CSV.read_bytes()
    r = CliRunner().invoke(cli, ["batch", "-"], input=io.BytesIO(text))
    assert r.exit_code == 0, r.output
    assert decisions(r.stdout) == expected
    r = CliRunner().invoke(cli, ["batch", "-"], input=io.BytesIO(XLSX.read_bytes()))
    assert r.exit_code == 0, r.output
    assert decisions(r.stdout) == expected
    assert lines(r.stdout)[0]["source"].startswith("<stdin>:rows 2-7")


def test_csv_and_xlsx_through_a_real_pipe(expected):
    for path in (GB_CSV, XLSX):
        proc = subprocess.run([sys.executable, "-m", "adjudicator", "batch", "-", "--workers", "1"],
                              input=path.read_bytes(), capture_output=True, cwd=ROOT, timeout=120)
        assert proc.returncode == 0, proc.stderr
        assert decisions(proc.stdout.decode("utf-8")) == expected


def test_jsonl_on_stdin_is_still_jsonl():
    history = json.loads((ROOT / "examples" / "warranty" / "repeat_repairs_2021.json").read_text(encoding="utf-8")) \
        if (ROOT / "examples" / "warranty" / "repeat_repairs_2021.json").exists() else None
    if history is None:
        from adjudicator.warranty.synthetic import generate_histories

        history = next(iter(generate_histories(1, seed=3)))
    r = run("-", stdin=json.dumps(history, ensure_ascii=False) + "\n" + json.dumps(history, ensure_ascii=False) + "\n")
    assert [x["ok"] for x in lines(r.stdout)] == [True, True]
