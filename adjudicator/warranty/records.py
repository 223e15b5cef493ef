"""Dealer-system exports of vehicle histories (CSV or XLSX): one row per repair item, grouped by VIN into histories.

The columns are derived from the input models, so a field added to a model is a column at once: vehicle,
purchase and certificate columns and the claim columns (prefixed `claim_`) repeat on every row of a VIN; visit
columns (the visit's `id` is `visit_id`) repeat on every row of a visit; item columns are the repair item's own.
The certificate's consumable periods (`consumable_…`), the disclosed defects (`defect_…`) and the incidents
(`incident_…`: a fire or total loss) are lists: each different one given on any row of a VIN is one entry. Every column also has its Chinese headers (`CHINESE_HEADERS`,
declared here beside the columns) and takes a vocabulary's Chinese names as values (系统 制动 is `brake`).
"""
from __future__ import annotations

import re
import types
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from ..core.problems import problem
from ..core.text import Localized, loc
from ..core.vocabulary import Vocabulary
from ..io.tables import (
    EXPECTED_BOOL,
    EXPECTED_BOOL_OR_UNKNOWN,
    EXPECTED_DATE,
    EXPECTED_MOMENT,
    EXPECTED_NUMBER,
    EXPECTED_WHOLE,
    CellProblem,
    Problem,
    TableProblems,
    as_bool,
    as_date,
    as_moment,
    as_number,
    as_word,
    header_key,
)
from . import vocabulary
from .models import (
    Certificate,
    Claim,
    ConsumablePeriod,
    DisclosedDefect,
    Incident,
    Item,
    Purchase,
    Vehicle,
    VehicleHistory,
    Visit,
    YearsKm,
)

_NESTED_CERTIFICATE = {"repair_warranty": "repair", "return_period": "return"}   # certificate.<period>.<years|km>
_LISTS = {"consumable": (ConsumablePeriod, ("certificate", "consumables")),
          "defect": (DisclosedDefect, ("disclosed_defects",)),
          "incident": (Incident, ("incidents",))}

# The Chinese headers of every column, the first one the name `--csv-columns` shows; more names of the same column
# are what dealer systems write. A column not listed here (a field just added to a model) is still read by its name.
CHINESE_HEADERS: dict[str, tuple[str, ...]] = {
    "vin": ("车架号", "VIN码", "车辆识别代号", "车辆识别号"),
    "usage": ("使用性质", "用途"),
    "powertrain": ("动力类型", "能源类型"),
    "body": ("车身类型", "车辆类别"),
    "condition": ("新车或二手车", "车辆新旧"),
    "model": ("车型", "车型名称"),
    "invoice_date": ("开票日期", "发票日期", "购车发票日期"),
    "delivery_date": ("交付日期", "交车日期"),
    "price_yuan": ("车价", "车价（元）", "购车价格", "发票价格"),
    "delivery_odometer_km": ("交付里程", "交车里程"),
    "has_invoice": ("有购车发票", "有发票"),
    "has_certificate": ("有三包凭证",),
    "repair_years": ("包修期年限", "包修期（年）"),
    "repair_km": ("包修期里程", "包修期（公里）"),
    "return_years": ("三包有效期年限", "三包有效期（年）"),
    "return_km": ("三包有效期里程", "三包有效期（公里）"),
    "use_coefficient_pct": ("使用补偿系数", "使用补偿系数（%）"),
    "consumable_problem": ("易损耗零部件", "易损件"),
    "consumable_months": ("易损件包修月数", "易损耗零部件包修月数"),
    "consumable_km": ("易损件包修里程", "易损耗零部件包修里程"),
    "defect_problem": ("告知瑕疵", "已告知瑕疵"),
    "defect_description": ("瑕疵说明",),
    "defect_breaches_mandatory_standard": ("瑕疵违反强制性标准",),
    "incident_id": ("事件编号", "事故编号"),
    "incident_date": ("事件日期", "事故日期"),
    "incident_kind": ("事件类型", "事故类型"),
    "incident_cause": ("事件原因", "事故原因"),
    "incident_system": ("起火系统", "事件所涉系统"),
    "incident_description": ("事件说明", "事故说明"),
    "claim_date": ("决定日期", "裁决日期"),
    "claim_odometer_km": ("请求时里程", "当前里程"),
    "claim_request": ("请求", "消费者请求"),
    "claim_requested_on": ("请求日期", "申请日期"),
    "claim_seller_replied_on": ("书面答复日期", "销售者答复日期"),
    "claim_completed_on": ("更换退货完成日期", "完成日期"),
    "claim_replacement_vehicle_available": ("可提供同型号车辆", "有同型号换车"),
    "visit_id": ("维修单号", "工单号", "委托书号"),
    "opened_at": ("进厂时间", "进站时间", "开单时间"),
    "closed_at": ("出厂时间", "完工时间", "竣工时间"),
    "closed_at_latest": ("最晚完工时间",),
    "handed_over_at": ("取车时间", "实际交车时间"),
    "odometer_km": ("里程", "进厂里程", "行驶里程"),
    "courtesy_provided": ("已提供备用车", "已提供备用车或交通补偿"),
    "excluded_hours": ("不计时间（小时）", "扣除小时"),
    "problem": ("故障零件", "故障件"),
    "description": ("故障描述", "故障现象"),
    "system": ("系统", "故障系统"),
    "action": ("处理方式", "维修方式"),
    "main_part": ("主要零件", "主要零部件"),
    "quality_problem": ("质量问题",),
    "serious_safety_fault": ("严重安全故障", "严重安全性能故障"),
    "failure_mode": ("失效模式",),
    "cause": ("原因", "故障原因"),
    "fixed": ("已修复", "是否修复"),
}

_VOCABULARIES = [v for v in vars(vocabulary).values() if isinstance(v, Vocabulary)]
_UNKNOWN_WORDS = {"unknown": "unknown", "未知": "unknown", "不明": "unknown"}


@dataclass(frozen=True)
class Column:
    name: str
    level: str                     # vehicle | visit | item | consumable | defect
    path: tuple[str, ...]          # where the value goes in the history (inside the visit, item or list entry)
    kind: str                      # int | float | bool | maybe_bool | date | moment | word | text
    meaning: str
    words: dict[str, str] = field(default_factory=dict)        # word kinds: accepted words -> code
    chinese: tuple[str, ...] = ()

    @property
    def header(self) -> str:
        """How a message names the column when the file does not: its name and first Chinese header."""
        return f"{self.name}（{self.chinese[0]}）" if self.chinese else self.name

    @property
    def expected(self) -> Localized:
        form = {"int": EXPECTED_WHOLE, "float": EXPECTED_NUMBER, "bool": EXPECTED_BOOL, "date": EXPECTED_DATE,
                "moment": EXPECTED_MOMENT}.get(self.kind)
        if form is not None:
            return form
        if self.kind == "maybe_bool":
            return EXPECTED_BOOL_OR_UNKNOWN
        if self.kind == "word":
            codes = list(dict.fromkeys(self.words.values()))
            zh = {c: w for w, c in reversed(list(self.words.items())) if not w.isascii()}
            return loc("以下之一：" + "、".join(f"{zh[c]}（{c}）" if c in zh else c for c in codes),
                       "one of " + " | ".join(f"{c} ({zh[c]})" if c in zh else c for c in codes))
        return loc(self.meaning, self.meaning)

    def read(self, text: str) -> Any:
        """The cell as its model field's value; CellProblem with the expected form."""
        if self.kind == "int":
            return as_number(text, whole=True)
        if self.kind == "float":
            return as_number(text, whole=False)
        if self.kind in ("bool", "maybe_bool"):
            return as_bool(text, unknown_allowed=self.kind == "maybe_bool")
        if self.kind == "date":
            return as_date(text)
        if self.kind == "moment":
            return as_moment(text)
        if self.kind == "word":
            return as_word(text, self.words, self.expected)
        return text


def _options(model: type[BaseModel], name: str) -> tuple[Any, ...]:
    annotation = model.model_fields[name].annotation
    if get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    options = get_args(annotation) if get_origin(annotation) in (Union, types.UnionType) else (annotation,)
    out: list[Any] = []
    for option in options:
        out += list(get_args(option)) if get_origin(option) is Annotated else [option]
    return tuple(out)


def _literal_codes(model: type[BaseModel], name: str) -> set[str]:
    codes: set[str] = set()
    for option in (model.model_fields[name].annotation, *_options(model, name)):
        args = get_args(option)
        if args and all(isinstance(a, str) for a in args):
            codes |= set(args)
    return codes


def _words(codes: set[str]) -> dict[str, str]:
    """The words of the vocabulary the field's codes come from (with 'unknown' where the field allows it)."""
    for vocab in _VOCABULARIES:
        if set(vocab.codes) <= codes and codes - set(vocab.codes) <= {"unknown"}:
            words = {**vocab.from_words(), **{k.casefold(): v for k, v in vocab.from_words().items()}}
            words.update({header_key(t.en): t.code for t in vocab})
            return {**words, **(_UNKNOWN_WORDS if "unknown" in codes else {})}
    return {c: c for c in codes}


def _kind(model: type[BaseModel], name: str) -> tuple[str, dict[str, str]]:
    shown = str(model.model_fields[name].annotation)
    codes = _literal_codes(model, name)
    if codes:
        return "word", _words(codes)
    if "IsoMoment" in shown or "date | datetime" in shown:
        return "moment", {}
    options = _options(model, name)
    if any(o is bool for o in options):
        return ("maybe_bool" if type(None) in options else "bool"), {}
    for kind, label in ((int, "int"), (float, "float")):
        if kind in options:
            return label, {}
    if any(getattr(o, "__name__", "") == "date" for o in options):
        return "date", {}
    return "text", {}


def _meaning(model: type[BaseModel], name: str, kind: str) -> str:
    text = model.model_fields[name].description or ""
    form = {"moment": "date or date-time", "date": "YYYY-MM-DD", "bool": "是/否", "maybe_bool": "是/否/未知",
            "int": "a whole number", "float": "a number"}.get(kind, "")
    return f"{text} ({form})" if text and form else text or form or "text"


def _column(name: str, level: str, path: tuple[str, ...], model: type[BaseModel], fieldname: str,
            prefix: str = "") -> Column:
    kind, words = _kind(model, fieldname)
    meaning = _meaning(model, fieldname, kind)
    if kind == "word" and " | " not in meaning:
        meaning = (meaning + ": " if model.model_fields[fieldname].description else "") + " | ".join(
            dict.fromkeys(words.values()))
    return Column(name, level, path, kind, prefix + meaning, words, CHINESE_HEADERS.get(name, ()))


def _columns() -> list[Column]:
    cols: list[Column] = []
    for model, section in ((Vehicle, "vehicle"), (Purchase, "purchase")):
        cols += [_column(f, "vehicle", (section, f), model, f) for f in model.model_fields]
    for nested, prefix in _NESTED_CERTIFICATE.items():
        cols += [_column(f"{prefix}_{f}", "vehicle", ("certificate", nested, f), YearsKm, f,
                         f"certificate {nested}: ") for f in YearsKm.model_fields]
    cols += [_column(f, "vehicle", ("certificate", f), Certificate, f) for f in Certificate.model_fields
             if f not in _NESTED_CERTIFICATE and f != "consumables"]
    for level, (model, _) in _LISTS.items():
        cols += [_column(f"{level}_{f}", level, (f,), model, f) for f in model.model_fields]
    cols += [_column(f"claim_{f}", "vehicle", ("claim", f), Claim, f) for f in Claim.model_fields]
    cols += [_column("visit_id" if f == "id" else f, "visit", (f,), Visit, f)
             for f in Visit.model_fields if f != "items"]
    cols += [_column(f, "item", (f,), Item, f) for f in Item.model_fields]
    return cols


COLUMNS = {c.name: c for c in _columns()}
CSV_COLUMNS = {name: c.meaning for name, c in COLUMNS.items()}
HEADER_ALIASES = {header: c.name for c in COLUMNS.values() for header in c.chinese}


# ---------------------------------------------------------------- rows into a history

def _put(target: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value


def _dotted(path: Iterable[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


@dataclass
class _Reading:
    """One record's rows being read: the problems found so far and where each model field came from."""

    shown: dict[str, str]
    problems: list[Problem] = field(default_factory=list)
    origins: dict[str, tuple[int, str, str]] = field(default_factory=dict)   # field path -> row, column, text

    def header(self, column: Column) -> str:
        return self.shown.get(column.name) or column.header

    def cells(self, columns: list[Column], row: dict[str, str], lineno: int,
              at: tuple[Any, ...] = ()) -> dict[str, Any]:
        """The non-empty cells of `columns` in `row`, read; a cell that cannot be read is a problem."""
        out: dict[str, Any] = {}
        for c in columns:
            text = row.get(c.name, "")
            path = (*at, *c.path)
            self.origins.setdefault(_dotted(path), (lineno, self.header(c), text))
            if not text:
                continue
            try:
                out[c.name] = c.read(text)
            except CellProblem as exc:
                self.problems.append(Problem(lineno, self.header(c), text, exc.expected))
        return out


_BY_LEVEL = {level: [c for c in COLUMNS.values() if c.level == level]
             for level in ("vehicle", "visit", "item", *_LISTS)}


def history_from_rows(rows: list[tuple[int, dict[str, str]]], name: str, shown: dict[str, str] | None = None) -> \
        dict[str, Any]:
    """One vehicle's rows (row number, {column: cell text}) as a history, validated by the model. TableProblems
    lists every problem of the record, each with its row, column, value and the expected form."""
    reading = _Reading(shown or {})
    first_line, first = rows[0]
    base = reading.cells(_BY_LEVEL["vehicle"], first, first_line)
    for lineno, row in rows[1:]:
        for c in _BY_LEVEL["vehicle"]:
            text = row.get(c.name, "")
            if text != first.get(c.name, "") and _read_quietly(c, text) != base.get(c.name):
                shown_first = first.get(c.name, "")
                reading.problems.append(Problem(lineno, reading.header(c), text, loc(
                    f"与第 {first_line} 行相同（{shown_first!r}）：车辆、购车、凭证和请求各列在同一车架号的每一行都相同",
                    f"the same as row {first_line} ({shown_first!r}): vehicle, purchase, certificate and claim "
                    f"columns repeat on every row of a VIN")))
    history: dict[str, Any] = {"vehicle": {}, "purchase": {}, "visits": [], "claim": {}}
    for c in _BY_LEVEL["vehicle"]:
        if c.name in base:
            _put(history, c.path, base[c.name])
    for level, (_, path) in _LISTS.items():
        entries: list[dict[str, Any]] = []
        for lineno, row in rows:
            if not any(row.get(c.name) for c in _BY_LEVEL[level]):
                continue
            index = len(entries)
            read = reading.cells(_BY_LEVEL[level], row, lineno, (*path, index))
            entry = {COLUMNS[k].path[0]: v for k, v in read.items()}
            if entry not in entries:
                entries.append(entry)
        if entries:
            _put(history, path, entries)
    visits: dict[str, tuple[int, int, dict[str, Any]]] = {}
    visit_rows: dict[str, dict[str, str]] = {}
    for lineno, row in rows:
        vid = row.get("visit_id", "")
        if not vid:
            continue
        known = visits.get(vid)
        index = known[1] if known else len(visits)
        visit_cells = reading.cells(_BY_LEVEL["visit"], row, lineno, ("visits", index)) if known is None else {}
        if known is None:
            visit = {COLUMNS[k].path[0]: v for k, v in visit_cells.items()}
            visit["items"] = []
            visits[vid] = (lineno, index, visit)
            visit_rows[vid] = row
        else:
            first_row_of_visit, _, visit = known
            for c in _BY_LEVEL["visit"]:
                text, before = row.get(c.name, ""), visit_rows[vid].get(c.name, "")
                if text != before and _read_quietly(c, text) != _read_quietly(c, before):
                    reading.problems.append(Problem(lineno, reading.header(c), text, loc(
                        f"与第 {first_row_of_visit} 行相同（{before!r}）：同一维修单的每一行时间和里程都相同",
                        f"the same as row {first_row_of_visit} ({before!r}): the columns of a visit repeat on "
                        f"every row of the visit")))
        item_index = len(visit["items"])
        item = reading.cells(_BY_LEVEL["item"], row, lineno, ("visits", index, "items", item_index))
        visit["items"].append({COLUMNS[k].path[0]: v for k, v in item.items()})
    history["visits"] = [visit for _, _, visit in visits.values()]
    if not reading.problems:
        try:
            VehicleHistory.model_validate(history)
        except ValidationError as exc:
            reading.problems += _model_problems(exc, reading, rows[0][0])
    if reading.problems:
        only = reading.problems[0] if len(reading.problems) == 1 else None
        field_path = None
        if only is not None:
            field_path = next((p for p, (r, h, _) in reading.origins.items() if r == only.row and h == only.column),
                              None)
        raise TableProblems(reading.problems, field_path)
    return history


def _read_quietly(column: Column, text: str) -> Any:
    if not text:
        return None
    try:
        return column.read(text)
    except CellProblem:
        return text


def _model_problems(exc: ValidationError, reading: _Reading, first_row: int) -> list[Problem]:
    """The model's findings, each placed at the row and column it came from, with the expected form."""
    problems: list[Problem] = []
    for error in exc.errors():
        path, said, own_check = problem(error)
        origin = reading.origins.get(path)
        column = _column_of(path)
        if origin is None:
            head = column.header if column is not None else path
            problems.append(Problem(first_row, head, None, loc(f"{path}：{said.zh}", f"{path}: {said.en}")))
            continue
        row, header, text = origin
        if own_check:
            problems.append(Problem(row, header, None, loc(f"{text!r}：{said.zh}", f"{text!r}: {said.en}")))
            continue
        form = column.expected if column is not None else loc(path, path)
        problems.append(Problem(row, header, text, form))
    return problems


def _column_of(path: str) -> Column | None:
    bare = re.sub(r"\[\d+\]", "", path).split(".")
    for c in COLUMNS.values():
        full = {"vehicle": list(c.path), "visit": ["visits", *c.path], "item": ["visits", "items", *c.path]}.get(
            c.level, [*_LISTS[c.level][1], *c.path] if c.level in _LISTS else list(c.path))
        if full == bare:
            return c
    return None
