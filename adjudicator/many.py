"""`decide_many`: many records decided in this process, one result each, lazily and in input order.

The in-process counterpart of `run_batch` (which spreads records over worker processes and writes JSON lines):
for a caller that wants decision objects, a few records at a time, or a stream it stops reading early. A record
that is bad input is an error result, never an exception; the arguments are checked at the call, before any
record is read, and a wrong one raises `InputError` naming it.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .core.calendar import CalendarFileError, CalendarNotCovered, WorkingDayCalendar, make_calendar
from .core.reading import os_error_text
from .core.rulebook import RulebookError
from .core.text import Localized
from .io import arguments
from .io.files import InputError
from .io.records import Record, record_data

if TYPE_CHECKING:
    from .complaints.decision import ComplaintDecision
    from .followup.decision import FollowupDecision
    from .warranty.decision import Decision

Kind = Literal["warranty", "complaint", "followup"]
KINDS: tuple[Kind, ...] = ("warranty", "complaint", "followup")


@dataclass(frozen=True)
class Result:
    """One record's outcome: its place in the input (1-based) and where it came from, and either its decision or
    the InputError that says what is wrong with it (`error.text(lang)`, `error.field`)."""

    record: int
    source: str
    decision: Decision | ComplaintDecision | FollowupDecision | None = None
    error: InputError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def decide_many(records: Iterable[Any], *, kind: Kind = "warranty", as_of: date | datetime | str | None = None,
                regulation: str | None = None, policy: str | Path | dict[str, Any] | None = None,
                calendar: WorkingDayCalendar | str | Path | None = None, strict_calendar: bool = False,
                evaluator: str = "durable_rules") -> Iterator[Result]:
    """Decide every record of `records`, yielding one `Result` per record, in input order, each when it is asked
    for (nothing is decided ahead).

    `records`: dicts or models of the kind (VehicleHistory, Complaint, CrmLog), or the records of
    `records_of(path, kind)` (a JSONL file, a JSON array, a folder, a dealer export). The options are those of
    the single-record functions: `as_of` (warranty: a date; complaint, followup: a date-time, or a date meaning
    the end of that day in China), `regulation` (warranty only), `policy` (complaint and followup: a built-in id,
    a file or a dict; read once), `calendar` and `strict_calendar`, `evaluator`.

    Raises `InputError` at the call for a wrong argument; a record that is not valid, or whose deadline falls in
    a year the calendar does not cover under `strict_calendar`, is a `Result` with its `error`."""
    kind = arguments.choice("kind", kind, KINDS)
    if isinstance(records, str | bytes | Path | dict) or not isinstance(records, Iterable):
        got = type(records).__name__
        raise InputError(arguments.API, Localized(
            zh=f"应为记录的可迭代对象（如列表，或 records_of(路径, kind) 的结果），得到 {got}",
            en=f"expected an iterable of records (a list, or what records_of(path, kind) gives), got {got}"),
            "records")
    options = _options(kind, as_of, regulation, policy, calendar, strict_calendar, evaluator)
    return _results(records, kind, options)


def _options(kind: Kind, as_of: Any, regulation: Any, policy: Any, calendar: Any, strict_calendar: Any,
             evaluator: Any) -> dict[str, Any]:
    """The single-record function's options, checked and read once: InputError naming a wrong one."""
    if kind != "warranty" and regulation is not None:
        raise InputError(arguments.API, Localized(zh="只用于保修裁决（kind=\"warranty\"）",
                                                  en='for warranty decisions (kind="warranty") only'), "regulation")
    if kind == "warranty" and policy is not None:
        raise InputError(arguments.API, Localized(zh="只用于投诉与回访（kind=\"complaint\" 或 \"followup\"）；保修按法规裁决",
                                                  en='for kind="complaint" or "followup" only; warranty decides by '
                                                     'the regulation'), "policy")
    if not isinstance(strict_calendar, bool):
        raise InputError(arguments.API, Localized(zh=f"应为 True 或 False，得到 {strict_calendar!r}",
                                                  en=f"expected True or False, got {strict_calendar!r}"),
                         "strict_calendar")
    options: dict[str, Any] = {"evaluator": arguments.evaluator(evaluator)}
    if calendar is not None or strict_calendar:
        try:
            options["calendar"] = make_calendar(calendar, strict_calendar)
        except OSError as exc:
            reason = os_error_text(exc)
            raise InputError(arguments.API, Localized(zh=f"{calendar}：{reason.zh}", en=f"{calendar}: {reason.en}"),
                             "calendar") from None
        except CalendarFileError as exc:
            raise InputError(arguments.API, exc.text, "calendar") from None
    if kind == "warranty":
        from .warranty.rulebook import load_warranty_rulebook

        options["as_of"] = arguments.day("as_of", as_of)
        options["regulation"] = arguments.choice("regulation", regulation,
                                                 (v.id for v in load_warranty_rulebook().versions))
        return options
    options["as_of"] = arguments.moment("as_of", as_of)
    if kind == "complaint":
        from .complaints.rulebook import resolve_policy as resolve
    else:
        from .followup.rulebook import resolve_followup_policy as resolve
    try:
        options["policy"] = resolve(policy)
    except RulebookError as exc:
        raise InputError(arguments.API, exc.text or str(exc), "policy") from None
    return options


def _results(records: Iterable[Any], kind: Kind, options: dict[str, Any]) -> Iterator[Result]:
    decide = _decider(kind)
    for number, item in enumerate(records, 1):
        source = item.source if isinstance(item, Record) else f"records[{number - 1}]"
        try:
            yield Result(number, source, decision=decide(item, source, options))
        except InputError as exc:
            yield Result(number, source, error=exc if exc.source == source else InputError(
                source, exc.localized or exc.message, exc.field))
        except CalendarNotCovered as exc:
            yield Result(number, source, error=InputError(source, str(exc), "calendar"))


def _decider(kind: Kind) -> Any:
    """The function deciding one record of `kind`: (item, source, options) -> decision; InputError naming the
    record's source when it is not valid."""
    from .io.files import validate

    if kind == "warranty":
        from .warranty.decide import adjudicate_warranty
        from .warranty.models import VehicleHistory

        return lambda item, source, options: adjudicate_warranty(
            _model(VehicleHistory, item, source, validate), **options)
    if kind == "complaint":
        from .complaints.decide import check_complaint
        from .complaints.models import Complaint

        return lambda item, source, options: check_complaint(_model(Complaint, item, source, validate), **options)
    from .followup.decide import check_followup
    from .followup.models import CrmLog

    return lambda item, source, options: check_followup(_model(CrmLog, item, source, validate), **options)


def _model(model: type, item: Any, source: str, validate: Any) -> Any:
    if isinstance(item, model):
        return item
    return validate(model, record_data(item) if isinstance(item, Record) else item, source)


__all__ = ["KINDS", "Kind", "Result", "decide_many"]
