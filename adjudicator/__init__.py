"""adjudicator: rules-driven warranty (三包), complaint and follow-up adjudication for car after-sales in China.

Public API (everything the command line uses, and what other systems call):
    adjudicate_warranty(history, *, regulation=None, as_of=None, evaluator="durable_rules") -> Decision
    load_history(path) -> VehicleHistory
    check_complaint(complaint, policy=None, as_of=None, evaluator="durable_rules") -> ComplaintDecision
    load_complaint(path) -> Complaint
    check_followup(log, policy=None, as_of=None) -> FollowupDecision; call_list(log, day) -> CallList
    read_crm_logs(path) -> [CrmLog]; render_followup(decision, fmt, lang) / render_calls(calls, fmt, lang)
    followup_report(path, period, by) / complaint_report(path, period, by) -> Report; render_report(report, fmt, lang)
    complaint_summary(path, period, at) / time_limit_report(path, period, by) / time_limit_reminders(path, as_of)
        -> SheetReport (FAW-CRM weekly summary, CS-CMS time-limit report and reminders); render_report as above
    render_warranty(decision, lang, fmt, verbose) / render_complaint(decision, fmt, lang) -> str
    every text renderer takes layout=Layout(width, colour); layout_for(stream) is the one a stream wants
    (COLUMNS, the terminal's width, else 100; colour on a terminal or with FORCE_COLOR, never with NO_COLOR)
    run_batch(records, out, kind=...) over records_of(source, kind): worker processes, one JSON line a record
    decide_many(records, kind=..., **options) -> Iterator[Result]: in this process, lazily, in input order; a bad
        record is a Result with its error, not an exception

Guarantee: anything passed to these functions is validated before the rule engine sees it. Bad input raises
`InputError` or pydantic's `ValidationError` (a `ValueError`); it never reaches durable_rules' C code, so it cannot
crash the caller's process.

Names are imported on first use, so that `import adjudicator` (and the command line) starts fast.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    # warranty
    "adjudicate_warranty": ".warranty.decide", "Decision": ".warranty.decision",
    "VehicleHistory": ".warranty.models", "load_history": ".warranty.load",
    "project_warranty": ".warranty.project", "projection_text": ".warranty.project", "Projection": ".warranty.project",
    "render_warranty": ".warranty.render", "to_json": ".warranty.render", "CSV_COLUMNS": ".warranty.records",
    "REMEDY": ".warranty.vocabulary",
    "CSV_CHINESE_HEADERS": ".warranty.records",
    # complaints
    "check_complaint": ".complaints.decide", "urgency_key": ".complaints.decide", "make_calendar": ".complaints.decide",
    "Complaint": ".complaints.models", "ComplaintDecision": ".complaints.decision",
    "load_complaint": ".complaints.load", "complaint_from": ".complaints.load",
    "render_complaint": ".complaints.render", "render_watch": ".complaints.render",
    "PolicyError": ".complaints.rulebook", "Profile": ".complaints.rulebook", "resolve_policy": ".complaints.rulebook",
    "PROFILES": ".complaints.rulebook",
    # follow-up
    "check_followup": ".followup.decide", "call_list": ".followup.decide", "CrmLog": ".followup.models",
    "FollowupDecision": ".followup.decision", "CallList": ".followup.decision", "read_crm_logs": ".followup.load",
    "load_crm_log": ".followup.load", "render_followup": ".followup.render", "render_calls": ".followup.render",
    "FollowupPolicyError": ".followup.rulebook", "resolve_followup_policy": ".followup.rulebook",
    "FOLLOWUP_PROFILES": ".followup.rulebook", "generate_crm_logs": ".followup.synthetic",
    # periodic reports
    "followup_report": ".reports.sources", "complaint_report": ".reports.sources",
    "complaint_summary": ".reports.sources", "time_limit_report": ".reports.sources",
    "time_limit_reminders": ".reports.sources", "SheetReport": ".reports.sheets", "Report": ".reports.model",
    "render_report": ".reports.render", "REPORT_FORMATS": ".reports.render", "BINARY_FORMATS": ".reports.render",
    "DETAIL_LEVELS": ".core.output_format",
    # input
    "InputError": ".io.files", "parse_data": ".io.files", "read_file": ".io.files",
    "explain_validation": ".io.files", "iso_moment": ".core.inputs", "CHINA_TZ": ".core.inputs",
    "strict_date": ".core.inputs", "check_problem": ".core.problems", "field_separator": ".core.text", "terminal_text": ".core.text", "open_owner_only": ".io.output",
    # text layout
    "Layout": ".core.layout", "layout_for": ".core.layout", "TextTable": ".core.layout", "layout_table": ".core.layout",
    "wrap_paragraph": ".core.layout", "display_width": ".core.layout",
    # calendar
    "WorkingDayCalendar": ".core.calendar", "CalendarNotCovered": ".core.calendar",
    "load_supplement": ".core.calendar",
    # batch
    "decide_many": ".many", "Result": ".many", "run_batch": ".batch", "records_of": ".batch", "count_records": ".batch", "default_workers": ".batch",
    "BatchResult": ".batch", "StopFlag": ".core.interrupts", "process_stop_flag": ".core.interrupts",
    "OutputFile": ".io.output", "completed_lines": ".io.output", "refuse_output_over_input": ".io.output",
    "skip_completed": ".io.output", "os_error_text": ".core.reading", "ReadError": ".core.reading",
    "read_bounded": ".core.reading",
    # the decision record
    "DecisionRecord": ".record.store", "RecordError": ".record.store", "default_record_path": ".record.store",
    "recording_by_default": ".record.store", "decision_entry": ".record.entry", "batch_entry": ".record.entry",
    "input_text": ".record.entry", "decision_history": ".record.history", "replay": ".record.replay",
    "ReplayError": ".record.replay", "export_entries": ".record.export", "render_history": ".record.render",
    "render_replay": ".record.render", "render_verification": ".record.render",
    "read_file_as_given": ".io.files", "history_from": ".warranty.load",
    # the rule book
    "RulebookError": ".core.rulebook", "rule_rows": ".catalog", "rule_detail": ".catalog",
    "scenarios_for": ".catalog", "schemas": ".catalog", "schema_document": ".catalog", "UnknownRule": ".catalog",
    "write_rulebook_report": ".rulebook_report", "run_features": ".rulebook_report", "CannotRunFeatures": ".rulebook_report",
    "REPORT_RESULTS_FILE": ".rulebook_report",
}
_ALIASES = {"CSV_CHINESE_HEADERS": "CHINESE_HEADERS", "render_warranty": "decision_text", "render_complaint": "render", "read_crm_logs": "read_logs",
            "load_crm_log": "load_log", "render_followup": "render_decision", "FOLLOWUP_PROFILES": "PROFILES",
            "generate_crm_logs": "generate_logs", "REPORT_RESULTS_FILE": "DEFAULT_RESULTS",
            "default_record_path": "default_path", "decision_history": "history", "TextTable": "Table",
            "layout_table": "table", "wrap_paragraph": "paragraph", "field_separator": "separator"}
__all__ = ["DETAIL_LEVELS", "REMEDY", "Result", "decide_many", "schema_document", "Projection", "project_warranty", "projection_text", "BatchResult", "CHINA_TZ", "CSV_COLUMNS",
           "CSV_CHINESE_HEADERS", "OutputFile", "ReadError", "StopFlag", "completed_lines",
           "os_error_text", "process_stop_flag", "read_bounded", "refuse_output_over_input", "skip_completed",
           "BINARY_FORMATS", "CalendarNotCovered", "CallList", "Complaint", "ComplaintDecision", "CrmLog", "Decision",
           "FOLLOWUP_PROFILES", "FollowupDecision", "FollowupPolicyError", "InputError", "PROFILES", "PolicyError",
           "Profile", "REPORT_FORMATS", "Report", "RulebookError", "UnknownRule", "call_list", "check_followup",
           "complaint_report", "followup_report", "complaint_summary", "time_limit_report", "time_limit_reminders",
           "SheetReport", "generate_crm_logs", "load_crm_log", "read_crm_logs",
           "render_calls", "render_followup", "render_report", "resolve_followup_policy",
           "VehicleHistory", "WorkingDayCalendar", "adjudicate_warranty", "check_complaint", "complaint_from",
           "count_records", "default_workers", "explain_validation", "iso_moment", "load_complaint",
           "load_history", "load_supplement", "make_calendar", "parse_data", "read_file", "records_of",
           "render_complaint", "render_warranty", "render_watch", "resolve_policy", "rule_detail", "rule_rows",
           "run_batch", "write_rulebook_report", "run_features", "CannotRunFeatures", "REPORT_RESULTS_FILE",
           "scenarios_for", "schemas", "to_json", "urgency_key",
           "DecisionRecord", "RecordError", "default_record_path", "recording_by_default", "decision_entry",
           "batch_entry", "input_text", "decision_history", "replay", "ReplayError", "export_entries",
           "render_history", "render_replay", "render_verification", "read_file_as_given", "history_from",
           "strict_date", "terminal_text", "open_owner_only", "Layout", "layout_for", "TextTable", "layout_table",
           "wrap_paragraph", "display_width", "check_problem", "field_separator"]
__version__ = "0.1.0"

if TYPE_CHECKING:
    from .batch import BatchResult, count_records, default_workers, records_of, run_batch
    from .catalog import UnknownRule, rule_detail, rule_rows, scenarios_for, schema_document, schemas
    from .complaints.decide import check_complaint, make_calendar, urgency_key
    from .complaints.decision import ComplaintDecision
    from .complaints.load import complaint_from, load_complaint
    from .complaints.models import Complaint
    from .complaints.render import render as render_complaint
    from .complaints.render import render_watch
    from .complaints.rulebook import PROFILES, PolicyError, Profile, resolve_policy
    from .core.calendar import CalendarNotCovered, WorkingDayCalendar, load_supplement
    from .core.inputs import CHINA_TZ, iso_moment, strict_date
    from .core.interrupts import StopFlag, process_stop_flag
    from .core.layout import Layout, display_width, layout_for
    from .core.layout import Table as TextTable
    from .core.layout import paragraph as wrap_paragraph
    from .core.layout import table as layout_table
    from .core.output_format import DETAIL_LEVELS
    from .core.problems import check_problem
    from .core.reading import ReadError, os_error_text, read_bounded
    from .core.rulebook import RulebookError
    from .core.text import separator as field_separator
    from .core.text import terminal_text
    from .followup.decide import call_list, check_followup
    from .followup.decision import CallList, FollowupDecision
    from .followup.load import load_log as load_crm_log
    from .followup.load import read_logs as read_crm_logs
    from .followup.models import CrmLog
    from .followup.render import render_calls
    from .followup.render import render_decision as render_followup
    from .followup.rulebook import PROFILES as FOLLOWUP_PROFILES
    from .followup.rulebook import FollowupPolicyError, resolve_followup_policy
    from .followup.synthetic import generate_logs as generate_crm_logs
    from .io.files import InputError, explain_validation, parse_data, read_file, read_file_as_given
    from .io.output import (
        OutputFile,
        completed_lines,
        open_owner_only,
        refuse_output_over_input,
        skip_completed,
    )
    from .many import Result, decide_many
    from .record.entry import batch_entry, decision_entry, input_text
    from .record.export import export_entries
    from .record.history import history as decision_history
    from .record.render import render_history, render_replay, render_verification
    from .record.replay import ReplayError, replay
    from .record.store import DecisionRecord, RecordError, recording_by_default
    from .record.store import default_path as default_record_path
    from .reports.model import Report
    from .reports.render import BINARY_FORMATS, REPORT_FORMATS, render_report
    from .reports.sheets import SheetReport
    from .reports.sources import (
        complaint_report,
        complaint_summary,
        followup_report,
        time_limit_reminders,
        time_limit_report,
    )
    from .rulebook_report import DEFAULT_RESULTS as REPORT_RESULTS_FILE
    from .rulebook_report import CannotRunFeatures, run_features, write_rulebook_report
    from .warranty.decide import adjudicate_warranty
    from .warranty.decision import Decision
    from .warranty.load import history_from, load_history
    from .warranty.models import VehicleHistory
    from .warranty.project import Projection, project_warranty, projection_text
    from .warranty.records import CHINESE_HEADERS as CSV_CHINESE_HEADERS
    from .warranty.records import CSV_COLUMNS
    from .warranty.render import decision_text as render_warranty
    from .warranty.render import to_json
    from .warranty.vocabulary import REMEDY


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(import_module(_EXPORTS[name], __name__), _ALIASES.get(name, name))
        globals()[name] = value
        return value
    raise AttributeError(f"module 'adjudicator' has no attribute {name!r}")
