"""Batch adjudication: many records in, exactly one JSON line out per record, in input order.

A bad record becomes an error line naming the record (file and line, or CSV rows) and the field; the run goes
on. Work is spread over worker processes (never threads: the engine holds the GIL, notes §4.1), each compiling
the rule sets once. Output lines are written as soon as the records before them are done, so an interrupted run
leaves a valid JSONL file holding every record completed so far.
"""
from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import signal
import sys
import threading
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from .io import MAX_FILE_BYTES, InputError, parse_data

Kind = Literal["warranty", "complaint"]
CHUNK = 32


@dataclass(frozen=True)
class Record:
    """One input record: its number (1-based), where it came from, and its text or data (or why it has none)."""

    number: int
    source: str
    text: str | None = None
    data: Any = None
    error: str | None = None
    json_only: bool = False          # a JSONL line: JSON or nothing (never re-read as YAML)


# ---------------------------------------------------------------- reading


def _lines(stream: Iterable[str], name: str, start: int) -> Iterator[Record]:
    n = start
    for lineno, line in enumerate(stream, 1):
        if not line.strip():
            continue
        n += 1
        yield Record(n, f"{name}:{lineno}", text=line, json_only=True)


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(name, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _file_records(path: Path, start: int) -> Iterator[Record]:
    name = str(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        yield from csv_records(path, start)
        return
    if suffix == ".jsonl":
        with path.open("rb") as fh:
            n = start
            for lineno, raw in enumerate(fh, 1):
                if not raw.strip():
                    continue
                n += 1
                try:
                    yield Record(n, f"{name}:{lineno}", text=raw.decode("utf-8-sig"), json_only=True)
                except UnicodeDecodeError as exc:
                    yield Record(n, f"{name}:{lineno}", error=f"not UTF-8 text ({exc.reason})")
        return
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            yield Record(start + 1, name, error=f"file larger than {MAX_FILE_BYTES // 2**20} MiB")
            return
        text = _decode(path.read_bytes(), name)
    except (OSError, InputError) as exc:
        yield Record(start + 1, name, error=str(exc.strerror if isinstance(exc, OSError) else exc))
        return
    if text.lstrip().startswith("["):
        try:
            items = parse_data(text, name)
        except InputError as exc:
            yield Record(start + 1, name, error=str(exc))
            return
        for i, item in enumerate(items):
            yield Record(start + 1 + i, f"{name}[{i}]", data=item)
        return
    yield Record(start + 1, name, text=text)


def read_records(source: str, stdin: io.TextIOBase | None = None) -> Iterator[Record]:
    """Records from a JSONL file, a JSON array, a folder of files, a CSV export, or '-' (stdin: JSONL or array).
    A missing source raises InputError here, at once: an exception from inside a worker pool's input iterator
    would stall the pool."""
    if source != "-" and not Path(source).exists():
        raise InputError(source, "no such file or folder")
    return _records(source, stdin)


def _records(source: str, stdin: io.TextIOBase | None) -> Iterator[Record]:
    if source == "-":
        stream = stdin or sys.stdin
        first = stream.read(1)
        while first and first.isspace():
            first = stream.read(1)
        if first == "[":
            text = first + stream.read()
            try:
                items = parse_data(text, "<stdin>")
            except InputError as exc:
                yield Record(1, "<stdin>", error=str(exc))
                return
            for i, item in enumerate(items):
                yield Record(i + 1, f"<stdin>[{i}]", data=item)
            return
        yield from _lines(_prepend(first, stream), "<stdin>", 0)
        return
    path = Path(source)
    if path.is_dir():
        n = 0
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in
                       (".json", ".jsonl", ".yaml", ".yml", ".csv"))
        for p in files:
            for rec in _file_records(p, n):
                n = rec.number
                yield rec
        return
    yield from _file_records(path, 0)


def count_records(source: str) -> int | None:
    """How many records `read_records` will yield, cheaply (for the progress bar's ETA); None when unknown."""
    if source == "-":
        return None
    path = Path(source)
    try:
        if path.is_dir():
            files = [p for p in path.iterdir() if p.is_file() and p.suffix.lower() in
                     (".json", ".jsonl", ".yaml", ".yml", ".csv")]
            counts = [count_records(str(p)) for p in files]
            return None if None in counts else sum(c for c in counts if c is not None)
        suffix = path.suffix.lower()
        if suffix == ".jsonl":
            with path.open("rb") as fh:
                return sum(1 for line in fh if line.strip())
        if suffix == ".csv":
            return None                       # records are VINs: known only after grouping
        with path.open("rb") as fh:
            head = fh.read(64).lstrip()
        return None if head.startswith(b"[") else 1
    except OSError:
        return None


def _prepend(first: str, stream: Iterable[str]) -> Iterator[str]:
    it = iter(stream)
    head = next(it, "")
    yield first + head
    yield from it


# ---------------------------------------------------------------- CSV: one row per repair item

CSV_COLUMNS = {
    # vehicle and purchase: repeated on every row of the VIN
    "vin": "车架号 (17 characters)", "usage": "household | operational | company",
    "powertrain": "ice | hev | phev | bev", "body": "passenger_car | pickup | other",
    "invoice_date": "YYYY-MM-DD", "delivery_date": "YYYY-MM-DD or empty", "price_yuan": "invoice price",
    "delivery_odometer_km": "km at delivery", "has_invoice": "true/false", "has_certificate": "true/false",
    "repair_years": "certificate 包修期 years (empty: statutory)", "repair_km": "certificate 包修期 km",
    "return_years": "certificate 三包有效期 years", "return_km": "certificate 三包有效期 km",
    "use_coefficient_pct": "n in percent (empty: unknown)",
    "claim_date": "decision date YYYY-MM-DD", "claim_odometer_km": "km at the decision date",
    "claim_request": "repair | replace | return | assembly_replacement or empty",
    # one repair item per row (several rows with the same visit_id make one visit)
    "visit_id": "repair order number (empty: a vehicle with no visits)", "opened_at": "date or date-time",
    "closed_at": "date or date-time", "odometer_km": "km at the visit", "excluded_hours": "hours (empty: 0)",
    "problem": "smallest failing part", "description": "fault description", "system": "engine | transmission | ...",
    "action": "inspect_no_fault | repair | replace_part | replace_assembly", "main_part": "true/false",
    "quality_problem": "true/false", "serious_safety_fault": "true/false", "failure_mode": "empty or a mode",
    "cause": "quality | misuse | ... (empty: quality)", "fixed": "true/false",
}
_BOOL = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False, "是": True, "否": False}
_INT = {"delivery_odometer_km", "repair_km", "return_km", "claim_odometer_km", "odometer_km"}
_FLOAT = {"price_yuan", "repair_years", "return_years", "use_coefficient_pct", "excluded_hours"}
_BOOLS = {"has_invoice", "has_certificate", "main_part", "quality_problem", "serious_safety_fault", "fixed"}


def _cell(column: str, value: str, where: str) -> Any:
    value = value.strip()
    if value == "":
        return None
    try:
        if column in _INT:
            return int(value)
        if column in _FLOAT:
            return float(value)
    except ValueError:
        raise ValueError(f"{where}: column {column}: {value!r} is not a number") from None
    if column in _BOOLS:
        if value.lower() not in _BOOL:
            raise ValueError(f"{where}: column {column}: {value!r} is not true/false")
        return _BOOL[value.lower()]
    return value


def csv_records(path: Path, start: int = 0) -> Iterator[Record]:
    """Group a dealer-system export (one row per repair item) by VIN into histories, in first-seen order."""
    name = str(path)
    try:
        text = _decode(path.read_bytes(), name)
    except (OSError, InputError) as exc:
        yield Record(start + 1, name, error=str(exc))
        return
    reader = csv.DictReader(io.StringIO(text))
    unknown = [c for c in reader.fieldnames or [] if c not in CSV_COLUMNS]
    if unknown or not reader.fieldnames or "vin" not in reader.fieldnames:
        msg = f"unknown column(s) {', '.join(unknown)}" if unknown else "no 'vin' column"
        yield Record(start + 1, name, error=f"{msg}; the columns are: {', '.join(CSV_COLUMNS)}")
        return
    groups: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for lineno, row in enumerate(reader, 2):
        groups.setdefault((row.get("vin") or "").strip(), []).append((lineno, row))
    for i, (vin, rows) in enumerate(groups.items()):
        lines = [n for n, _ in rows]
        span = f"rows {lines[0]}-{lines[-1]}" if len(lines) > 1 else f"row {lines[0]}"
        where = f"{name}:{span} (vin {vin or '—'})"
        try:
            yield Record(start + 1 + i, where, data=_history_from_rows(rows, name))
        except ValueError as exc:
            yield Record(start + 1 + i, where, error=str(exc))


def _history_from_rows(rows: list[tuple[int, dict[str, str]]], name: str) -> dict[str, Any]:
    vehicle_cols = [c for c in CSV_COLUMNS if c not in ("visit_id", "opened_at", "closed_at", "odometer_km",
                                                         "excluded_hours", "problem", "description", "system",
                                                         "action", "main_part", "quality_problem",
                                                         "serious_safety_fault", "failure_mode", "cause", "fixed")]
    first_line, first = rows[0]
    base = {c: _cell(c, first.get(c) or "", f"{name}:{first_line}") for c in vehicle_cols}
    for lineno, row in rows[1:]:
        for c in vehicle_cols:
            if _cell(c, row.get(c) or "", f"{name}:{lineno}") != base[c]:
                raise ValueError(f"{name}:{lineno}: column {c} differs from row {first_line} of the same VIN")
    visits: dict[str, dict[str, Any]] = {}
    for lineno, row in rows:
        where = f"{name}:{lineno}"
        vid = (row.get("visit_id") or "").strip()
        if not vid:
            continue
        cells = {c: _cell(c, row.get(c) or "", where) for c in CSV_COLUMNS if c not in vehicle_cols}
        visit = visits.setdefault(vid, {"id": vid, "opened_at": cells["opened_at"], "closed_at": cells["closed_at"],
                                        "odometer_km": cells["odometer_km"],
                                        "excluded_hours": cells["excluded_hours"] or 0, "items": []})
        if (cells["opened_at"], cells["closed_at"], cells["odometer_km"]) != (
                visit["opened_at"], visit["closed_at"], visit["odometer_km"]):
            raise ValueError(f"{where}: visit {vid} has different times or km on another row")
        item = {k: cells[k] for k in ("problem", "description", "system", "action", "main_part", "quality_problem",
                                      "serious_safety_fault", "failure_mode", "cause", "fixed") if cells[k] is not None}
        visit["items"].append(item)
    b = base
    history: dict[str, Any] = {
        "vehicle": _drop_none({"vin": b["vin"], "usage": b["usage"], "powertrain": b["powertrain"], "body": b["body"]}),
        "purchase": _drop_none({"invoice_date": b["invoice_date"], "delivery_date": b["delivery_date"],
                                "price_yuan": b["price_yuan"], "delivery_odometer_km": b["delivery_odometer_km"],
                                "has_invoice": b["has_invoice"], "has_certificate": b["has_certificate"]}),
        "visits": list(visits.values()),
        "claim": _drop_none({"date": b["claim_date"], "odometer_km": b["claim_odometer_km"],
                             "request": b["claim_request"]}),
    }
    cert: dict[str, Any] = {}
    if b["repair_years"] is not None or b["repair_km"] is not None:
        cert["repair_warranty"] = _drop_none({"years": b["repair_years"], "km": b["repair_km"]})
    if b["return_years"] is not None or b["return_km"] is not None:
        cert["return_period"] = _drop_none({"years": b["return_years"], "km": b["return_km"]})
    if b["use_coefficient_pct"] is not None:
        cert["use_coefficient_pct"] = b["use_coefficient_pct"]
    if cert:
        history["certificate"] = cert
    return history


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


# ---------------------------------------------------------------- deciding one record (runs in a worker)

_settings: dict[str, Any] = {}


def _init_worker(kind: Kind, as_of: date | None, options: dict[str, Any], in_pool: bool = False) -> None:
    if in_pool:
        signal.signal(signal.SIGINT, signal.SIG_IGN)     # Ctrl-C reaches the whole group: the parent decides
    _settings.update(kind=kind, as_of=as_of, options=options)
    if kind == "warranty":
        from .rulebook import compiled_warranty

        for version in ("2013", "2021"):
            compiled_warranty(version)            # compile once per worker, not per record


def decide_record(rec: Record) -> tuple[str, list[str]]:
    """The output line of one record and its summary keys. Never raises for bad input."""
    kind: Kind = _settings["kind"]
    out: dict[str, Any] = {"record": rec.number, "source": rec.source}
    try:
        if rec.error is not None:
            raise InputError(rec.source, rec.error)
        data = rec.data if rec.text is None else parse_data(rec.text, rec.source, json_only=rec.json_only)
        if kind == "warranty":
            from .io import validate
            from .models.warranty import VehicleHistory
            from .warranty import adjudicate_warranty

            history = validate(VehicleHistory, data, rec.source)
            decision = adjudicate_warranty(history, as_of=_settings["as_of"], **_settings["options"])
            keys = [f"remedy:{r}" for r in sorted({r.code for r in decision.remedies})] or ["remedy:none"]
            if not decision.in_scope:
                keys = ["out_of_scope"]
        else:
            from .complaints import check_complaint
            from .io import validate
            from .models.complaint import Complaint

            complaint = validate(Complaint, data, rec.source)
            decision = check_complaint(complaint, as_of=_settings["as_of"], **_settings["options"])
            keys = complaint_summary_keys(decision)
        out["ok"] = True
        # the decision is serialised by pydantic's own (compiled) serialiser: a third of the time of json.dumps
        head = json.dumps(out, ensure_ascii=False)[:-1]
        return f'{head}, "decision": {decision.model_dump_json()}}}', keys
    except InputError as exc:
        msg = str(exc)
        prefix = f"{rec.source}: "
        msg = msg[len(prefix):] if msg.startswith(prefix) else msg
        out["ok"] = False
        out["error"] = {"field": exc.field, "message": msg.removeprefix(f"{exc.field}: ") if exc.field else msg}
        keys = ["error"]
    except Exception as exc:  # noqa: BLE001 - one bad record must never stop the run
        out["ok"] = False
        out["error"] = {"field": None, "message": f"internal error: {type(exc).__name__}: {exc}"}
        keys = ["internal_error"]
    return json.dumps(out, ensure_ascii=False), keys


def complaint_summary_keys(decision: Any) -> list[str]:
    keys = ["may_close" if getattr(decision, "may_close", False) else "open"]
    if getattr(decision, "escalations", None):
        keys.append("escalation_required")
    return keys


def _decide_chunk(recs: list[Record]) -> list[tuple[str, list[str]]]:
    return [decide_record(r) for r in recs]


def _guarded(records: Iterable[Record]) -> Iterator[Record]:
    """Reading fails mid-way (a file vanishes, a disk error): the failure becomes the last record, because an
    exception inside a worker pool's input iterator stalls the pool."""
    last = 0
    try:
        for r in records:
            last = r.number
            yield r
    except (OSError, ValueError) as exc:
        yield Record(last + 1, "<input>", error=f"reading stopped: {exc}")


def _chunks(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    chunk: list[Record] = []
    for r in _guarded(records):
        chunk.append(r)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@dataclass
class BatchResult:
    records: int
    summary: Counter[str]
    interrupted: bool = False


def run_batch(records: Iterable[Record], out: io.TextIOBase, *, kind: Kind = "warranty", workers: int = 1,
              as_of: date | None = None, options: dict[str, Any] | None = None, progress: Any = None) -> BatchResult:
    """Decide every record and write one JSON line per record, in input order."""
    options = options or {}
    summary: Counter[str] = Counter()
    done = 0

    def emit(results: list[tuple[str, list[str]]]) -> None:
        nonlocal done
        out.write("".join(line + "\n" for line, _ in results))   # whole lines only
        out.flush()
        for _, keys in results:
            summary.update(keys)
        done += len(results)
        if progress is not None:
            progress.update(len(results))

    stop = False

    def on_interrupt(signum: int, frame: Any) -> None:
        nonlocal stop
        stop = True              # finish writing the lines in hand, then stop: no half-written line

    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, on_interrupt) if in_main else None
    try:
        if workers <= 1:
            _init_worker(kind, as_of, options)
            for chunk in _chunks(records, CHUNK):
                emit(_decide_chunk(chunk))
                if stop:
                    break
        else:
            ctx = multiprocessing.get_context("forkserver" if "forkserver" in multiprocessing.get_all_start_methods()
                                              else "spawn")
            with ctx.Pool(workers, initializer=_init_worker, initargs=(kind, as_of, options, True)) as pool:
                # a sliding window of chunks in flight, not Pool.imap: imap queues the whole input at once (memory
                # grows with the file) and its feeder thread can block the pool's shutdown after an interrupt
                chunks = _chunks(records, CHUNK)
                window: deque[Any] = deque()

                def submit() -> None:
                    chunk = next(chunks, None)
                    if chunk is not None:
                        window.append(pool.apply_async(_decide_chunk, (chunk,)))

                for _ in range(workers * 4):
                    submit()
                while window and not stop:
                    emit(window.popleft().get())
                    submit()
                pool.terminate()                 # whatever is still in flight when interrupted is dropped
    finally:
        if in_main:
            signal.signal(signal.SIGINT, previous)
    return BatchResult(done, summary, interrupted=stop)


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
