"""The clerk's language: help, click's own words, every error and the batch summary in Chinese under --lang zh or a
Chinese locale, complete English under --lang en; the message catalogue holds both for every command and option;
messages never carry pydantic's wording."""
from __future__ import annotations

import json
import re
import string
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from adjudicator.commands import catalogue
from adjudicator.commands.language import ROOT_NAME, command_key, option_help, run_language
from adjudicator.commands.main import cli

CJK = re.compile(r"[\u4e00-\u9fff]")
CHINESE_WRITING = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")   # characters or full-width marks
NO_LOCALE = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": None, "ADJUDICATOR_LANG": None}
PYDANTIC_WORDING = ("Input should be", "[type=", "input_value=", "errors.pydantic.dev", "validation error for",
                    "Field required", "Extra inputs are not permitted")
CLICK_ENGLISH = ("Usage:", "Options:", "Show this message and exit.", "Error:", "No such option", "Missing argument",
                 "Try '", "Invalid value for")


def invoke(args: list[str], **env: str | None) -> click.testing.Result:
    return CliRunner(env={**NO_LOCALE, **env}).invoke(cli, args)


def every_command() -> list[tuple[list[str], click.Command]]:
    """Every command and group of the tree, with the names of its path from the root."""
    found: list[tuple[list[str], click.Command]] = []

    def walk(names: list[str], command: click.Command) -> None:
        found.append((names, command))
        if isinstance(command, click.Group):
            ctx = click.Context(command)
            for name in command.list_commands(ctx):
                walk([*names, name], command.get_command(ctx, name))

    walk([ROOT_NAME], cli)
    return found


# ---------------------------------------------------------------- the catalogue


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


NAMED_IN_CHINESE_ONLY = {"outcome_remedy": {"name"}}      # the remedy's Chinese name; English keeps the code


def test_every_catalogue_entry_has_both_languages_and_the_same_fields():
    entries = {**catalogue.COMMANDS, **catalogue.OPTIONS, **catalogue.COMMAND_OPTIONS, **catalogue.MESSAGES}
    for key, text in entries.items():
        assert text.zh.strip() and text.en.strip(), key
        assert CHINESE_WRITING.search(text.zh), f"{key}: the Chinese text has no Chinese"
    for key, text in catalogue.MESSAGES.items():
        only = NAMED_IN_CHINESE_ONLY.get(key, set())
        assert _fields(text.zh) - only <= _fields(text.en), f"{key}: the two languages fill in different fields"
        assert _fields(text.en) - ({"code"} if only else set()) <= _fields(text.zh), key
    for english, chinese in catalogue.CLICK_ZH.items():
        assert CJK.search(chinese), english
        assert _fields(chinese) == _fields(english), english


def test_every_command_and_option_has_help_in_both_languages_and_every_entry_is_used():
    used_commands, used_options = set(), set()
    for names, command in every_command():
        key = command_key(names)
        assert key in catalogue.COMMANDS, f"`{key}` has no help in the catalogue"
        used_commands.add(key)
        ctx = click.Context(command, info_name=names[-1])
        for param in command.get_params(ctx):
            if isinstance(param, click.Option) and not param.hidden:
                assert option_help(key, param) is not None, f"`{key} {param.opts}` has no help in the catalogue"
                used_options.add(f"{key} {next(o for o in param.opts if o.startswith('--'))}".strip())
    assert set(catalogue.COMMANDS) == used_commands
    assert set(catalogue.COMMAND_OPTIONS) <= used_options, set(catalogue.COMMAND_OPTIONS) - used_options


# ---------------------------------------------------------------- help


@pytest.mark.parametrize("names", [names for names, _ in every_command()], ids=" ".join)
def test_help_is_chinese_under_zh_and_english_under_en(names):
    path = names[1:]
    for args in (["--lang", "zh", *path, "--help"], [*path, "--help", "--lang", "zh"]):
        r = invoke(args)
        assert r.exit_code == 0, r.output
        assert "用法：" in r.output and "选项" in r.output and "显示本帮助并退出" in r.output, r.output
        assert not any(word in r.output for word in CLICK_ENGLISH), r.output
    r = invoke([*path, "--help"], LANG="zh_CN.UTF-8")
    assert "用法：" in r.output
    r = invoke([*path, "--help"], LANG="zh_CN.UTF-8", ADJUDICATOR_LANG="en")
    assert "Usage:" in r.output and "Show this message and exit." in r.output and "用法" not in r.output


def test_language_precedence_is_option_then_environment_then_locale(monkeypatch):
    for var in NO_LOCALE:
        monkeypatch.delenv(var, raising=False)
    assert run_language([]) == "en"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert run_language([]) == "zh"
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    assert run_language([]) == "en"                                # LC_ALL before LANG
    monkeypatch.setenv("ADJUDICATOR_LANG", "zh")
    assert run_language([]) == "zh"                                # the variable before the locale
    assert run_language(["warranty", "check", "--lang", "en"]) == "en"
    assert run_language(["--lang=en", "batch"]) == "en"
    monkeypatch.setenv("ADJUDICATOR_LANG", "fr")                   # not a language of ours: ignored
    assert run_language([]) == "en"


def test_chinese_help_lists_commands_by_a_whole_first_sentence():
    r = invoke(["--lang", "zh", "--help"])
    listed = r.output.split("命令", 1)[1]
    assert "  history " in listed and "..." not in listed


# ---------------------------------------------------------------- click's own errors


@pytest.mark.parametrize("args", [
    ["warranty", "check"],                                    # missing argument
    ["warranty", "check", "x.json", "--bogus"],               # no such option
    ["batch", "x.jsonl", "--kind", "nope"],                   # bad choice
    ["batch", "x.jsonl", "--workers", "0"],                   # out of range
    ["warranty", "check", "x.json", "--as-of", "2023-13-01"],  # a bad date
    ["nope"],                                                  # no such command
    ["warranty", "check", "x.json", "--format"],              # an option without its value
])
def test_click_errors_are_chinese_under_zh(args):
    r = invoke(["--lang", "zh", *args])
    assert r.exit_code == 2
    assert "错误：" in r.output, r.output
    assert not any(word in r.output for word in CLICK_ENGLISH), r.output
    r = invoke(["--lang", "en", *args])
    assert "Error:" in r.output and not CJK.search(r.output.replace("中文", "")), r.output


# ---------------------------------------------------------------- every path of bad input


HISTORY_BAD = {"vin": 5, "purchase": {"invoice_date": "2023-02-30", "price_yuan": "abc"}, "visits": [{"x": 1}]}


@pytest.fixture
def bad_inputs(tmp_path: Path) -> dict[str, Path]:
    files = {
        "history.json": json.dumps(HISTORY_BAD),
        "case.json": json.dumps({"id": "C1", "channel": "fax", "received_at": "yesterday"}),
        "log.json": json.dumps({"dealer": 7, "period": {"from": "2025-03-01"}}),
        "broken.json": '{"vin": ',
        "yaml.yaml": "a: [1, 2\n",
        "latin1.json": "{\"vin\": \"caf\xe9\"}",
        "cases.jsonl": '{"id": "C1"}\n[1, 2]\n{bad\n',
        "rows.csv": "车架号,开票日期,车价\nLSVNV2182N2000001,2023/2/30,abc\n",
        "calendar.yaml": "holidays: [nope]\n",
        "profile.yaml": "extends: default\nunknown_key: 1\n",
        "empty.json": "",
    }
    out = {}
    for name, text in files.items():
        path = tmp_path / name
        if name == "latin1.json":
            path.write_bytes(text.encode("latin-1"))
        else:
            path.write_text(text, encoding="utf-8")
        out[name] = path
    (tmp_path / "x.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    out["x.xlsx"] = tmp_path / "x.xlsx"
    out["missing"] = tmp_path / "missing.json"
    out["db"] = tmp_path / "no.sqlite3"
    return out


def _bad_runs(f: dict[str, Path]) -> list[list[str]]:
    s = {k: str(v) for k, v in f.items()}
    return [
        ["warranty", "check", s["history.json"]],
        ["warranty", "check", s["broken.json"], s["yaml.yaml"], s["latin1.json"], s["empty.json"], s["missing"]],
        ["warranty", "check", s["history.json"], "--format", "json", s["broken.json"]],
        ["warranty", "check", s["history.json"], "--calendar", s["calendar.yaml"]],
        ["warranty", "project", s["history.json"]],
        ["complaint", "check", s["case.json"]],
        ["complaint", "check", s["case.json"], "--as-of", "soon"],
        ["complaint", "check", s["case.json"], "--policy", "faw"],
        ["complaint", "check", s["case.json"], "--policy", s["profile.yaml"]],
        ["complaint", "watch", s["cases.jsonl"]],
        ["complaint", "watch", s["latin1.json"]],
        ["followup", "check", s["log.json"]],
        ["followup", "due", s["log.json"], "--date", "tomorrow"],
        ["batch", s["history.json"]],
        ["batch", s["rows.csv"]],
        ["batch", s["x.xlsx"]],
        ["batch", s["cases.jsonl"], "--kind", "complaint"],
        ["batch", s["cases.jsonl"], "--kind", "complaint", "--policy", "faw"],
        ["batch", s["cases.jsonl"], "--regulation", "2021", "--kind", "complaint"],
        ["batch", s["cases.jsonl"], "--as-of", "x"],
        ["batch", s["missing"]],
        ["batch", s["history.json"], "--resume"],
        ["record", "verify", "--db", s["db"]],
        ["history", "LSVNV2182N2000001", "--db", s["db"]],
        ["replay", "--db", s["db"]],
        ["report", "followup", s["log.json"]],
        ["report", "followup", s["log.json"], "--format", "xlsx"],
        ["report", "complaints", s["cases.jsonl"]],
        ["rules", "show", "w2021.nope"],
        ["rules", "show", "c.first_contact_2h", "--policy", "nope"],
        ["schema", "nope"],
    ]


def _messages(r: click.testing.Result) -> str:
    """What the run said about the problems: stderr, and the error entries of any JSON lines on stdout."""
    said = [r.stderr]
    for line in r.stdout.splitlines():
        if line.startswith("{") and '"ok": false' in line:
            said.append(json.loads(line)["error"]["message"])
    return "\n".join(said)


def test_every_bad_input_is_told_in_chinese_under_zh_without_pydantic_wording(bad_inputs):
    for args in _bad_runs(bad_inputs):
        r = invoke(["--lang", "zh", *args])
        assert r.exit_code != 0, args
        said = _messages(r)
        assert CJK.search(said), (args, said)
        assert not any(w in said for w in PYDANTIC_WORDING), (args, said)
        assert not any(w in said for w in CLICK_ENGLISH), (args, said)


def test_every_bad_input_is_told_in_english_under_en(bad_inputs):
    chinese_only = ("缺少", "应为", "取值", "不是", "错误", "跳过", "没有", "无法")
    for args in _bad_runs(bad_inputs):
        r = invoke(["--lang", "en", *args])
        assert r.exit_code != 0, args
        said = _messages(r)
        assert said.strip(), args
        assert not any(w in said for w in PYDANTIC_WORDING), (args, said)
        assert not any(w in said for w in chinese_only), (args, said)


def test_a_problem_names_the_field_the_value_and_the_expected_form(bad_inputs):
    r = invoke(["--lang", "zh", "warranty", "check", str(bad_inputs["history.json"])])
    assert "purchase.price_yuan" in r.stderr and "'abc'" in r.stderr and "应为数字" in r.stderr
    assert "缺少（必填）" in r.stderr and "不是可用的字段" in r.stderr
    r = invoke(["--lang", "en", "warranty", "check", str(bad_inputs["history.json"])])
    assert "purchase.price_yuan: 'abc': expected a number, e.g. 12.5" in r.stderr
    assert "vehicle: missing (required)" in r.stderr and "vin: not a known field" in r.stderr


def test_a_message_places_its_file_and_field_with_the_language_s_separator(bad_inputs):
    """Under zh the file and the field are followed by the full-width colon (：), under en by ": "."""
    history = str(bad_inputs["history.json"])
    zh = invoke(["--lang", "zh", "warranty", "check", history]).stderr
    assert f"adjudicator: {history}：purchase.invoice_date：" in zh or f"adjudicator: {history}：vehicle：" in zh, zh
    assert f"{history}: " not in zh and "purchase.price_yuan：'abc'：应为数字" in zh
    en = invoke(["--lang", "en", "warranty", "check", history]).stderr
    assert f"adjudicator: {history}: " in en and "：" not in en
    for args in (["complaint", "check", str(bad_inputs["case.json"]), "--as-of", "soon"],
                 ["batch", str(bad_inputs["cases.jsonl"]), "--kind", "complaint", "--as-of", "x"]):
        assert "--as-of：" in invoke(["--lang", "zh", *args]).stderr
        assert "--as-of: " in invoke(["--lang", "en", *args]).stderr
    line = json.loads(invoke(["--lang", "zh", "batch", history, "-o", "-"]).stdout.splitlines()[0])
    assert not line["error"]["message"].startswith((history, f"{line['error']['field']}："))


# ---------------------------------------------------------------- the batch summary


def test_batch_summary_is_chinese_under_zh(bad_inputs):
    example = Path(__file__).resolve().parent.parent / "examples" / "batch" / "dealer_export.csv"
    r = invoke(["batch", str(example), "--workers", "1"], LANG="zh_CN.UTF-8")
    assert "结果" in r.stderr and "数量" in r.stderr and "救济：退货" in r.stderr and "输入有误" in r.stderr
    assert "outcome" not in r.stderr and "remedy:" not in r.stderr
    r = invoke(["batch", str(example), "--workers", "1", "--lang", "en"], LANG="zh_CN.UTF-8")
    assert "outcome" in r.stderr and "remedy:return" in r.stderr and not CJK.search(r.stderr)


def test_csv_columns_are_introduced_in_the_language():
    r = invoke(["--lang", "zh", "batch", "--csv-columns"])
    assert "每行一个维修项目" in r.output and "中文表头" in r.output
    r = invoke(["batch", "--csv-columns", "--lang", "en"])
    assert "One row per repair item" in r.output and "Chinese headers" in r.output


# ---------------------------------------------------------------- complaint and follow-up sources


def test_complaint_sources_are_named_in_chinese_under_zh():
    case = str(Path(__file__).resolve().parent.parent / "examples" / "complaints" / "c1_withdrew.json")
    # wide enough that no source is wrapped: the table layout breaks a long cell by the width of the terminal
    zh = invoke(["complaint", "check", case, "--policy", "faw-crm", "--lang", "zh"], COLUMNS="400").output
    assert "一汽轿车经销商手册·客户部分 第2章第13项" in zh and "经销商客户回访制度 §3" in zh
    assert "长安铃木客户投诉管理系统 “投诉关闭条件” C1" in zh
    assert "FAW-CRM ch.2" not in zh and "REVISIT" not in zh
    en = invoke(["complaint", "check", case, "--policy", "faw-crm", "--lang", "en"], COLUMNS="400").output
    assert "FAW-CRM ch.2 item 13" in en and "第2章" not in en


def test_followup_sources_are_named_in_chinese_under_zh():
    log = str(Path(__file__).resolve().parent.parent / "examples" / "followup" / "dealer_D01_2025-03.json")
    zh = invoke(["followup", "check", log, "--lang", "zh"], COLUMNS="400").output
    en = invoke(["followup", "check", log, "--lang", "en"]).output
    assert "REVISIT §" in en and "REVISIT §" not in zh and "经销商客户回访制度 §" in zh
