"""Batch adjudication: many records in, exactly one JSON line out per record, in input order.

A bad record becomes an error line naming the record (file and line, or CSV rows) and the field; the run goes
on. Work is spread over worker processes (never threads: the engine holds the GIL, docs/engine.md), each compiling
the rule sets once. Output lines are written as soon as the records before them are done, so an interrupted run
leaves a valid JSONL file holding every record completed so far.
"""
from __future__ import annotations

import codecs
import contextlib
import io
import json
import multiprocessing
import os
import signal
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from multiprocessing.connection import Connection, wait
from typing import Any, Literal

from .core.calendar import CalendarNotCovered
from .core.interrupts import StopFlag, StopReading
from .core.rulebook import RULES_ENV
from .core.text import loc, separator
from .io.files import InputError
from .io.output import OutputFile
from .io.records import CsvColumns, Record, TableOptions, count_records, read_records, record_data
from .io.tables import mapped_columns, read_mapping

Kind = Literal["warranty", "complaint", "followup"]


def csv_columns(kind: Kind) -> CsvColumns | None:
    """The CSV layout of a kind of record (only warranty histories come as CSV exports)."""
    if kind != "warranty":
        return None
    from .warranty.records import COLUMNS, HEADER_ALIASES, history_from_rows

    return CsvColumns(tuple(COLUMNS), "vin", history_from_rows, HEADER_ALIASES)


def records_of(source: str, kind: Kind, stdin: io.TextIOBase | None = None, *, encoding: str | None = None,
               sheet: str | None = None, columns: str | None = None) -> Iterator[Record]:
    """The records of `source` for a kind (InputError at once when the source, or the `columns` mapping file,
    does not exist or cannot be read). Dealer tables (CSV, XLSX): `encoding` overrides the detected one, `sheet`
    names the workbook's sheet (default the first), `columns` is a YAML or JSON file mapping a DMS's headers to
    the columns."""
    layout = csv_columns(kind)
    mapping = read_mapping(columns) if columns is not None else None
    if mapping is not None and layout is not None:
        mapped_columns(mapping, layout.names, layout.aliases, columns or "--columns")     # checked at once
    table = TableOptions(encoding, sheet, mapping, columns)
    return read_records(source, stdin, layout, table)
CHUNK = 32                     # records sent to a worker at a time
CHUNKS_AHEAD_PER_WORKER = 4    # how far reading runs ahead of writing: bounded memory on huge inputs
RECORD_CHUNK = 32              # lines in order stored in the decision record in one transaction, then written
POLL_SECONDS = 0.1             # how often the parent looks at its stop flag while it waits for results
STARTUP_FAILURES_ALLOWED = 3   # workers that die before they are ready, in a row, before the run gives up

# Test-only hooks (never set in production): a worker kills itself with SIGKILL, as the OOM killer or a crash in
# the C engine would, on the records whose numbers are listed; with the second variable naming a folder, only the
# first time (a marker file per record), so the retry in a fresh worker succeeds.
CRASH_ON_RECORDS_VARIABLE = "ADJUDICATOR_TEST_CRASH_ON_RECORDS"
CRASH_ONCE_FOLDER_VARIABLE = "ADJUDICATOR_TEST_CRASH_ONCE_FOLDER"

ENGINE_CRASHED = loc("处理该记录时引擎崩溃（在两个工作进程中各崩溃一次），未能裁决",
                     "engine crashed on this record (it killed two worker processes); not decided")


# ---------------------------------------------------------------- deciding one record (runs in a worker)

_settings: dict[str, Any] = {}

# What a run that keeps a decision record gives its workers: a function (importable by name, so that it reaches a
# worker process) making the record entry of a decision, entry_of(kind, source, text, data, decision, options,
# decision_json), and the parent's function that stores a chunk of entries before their lines are written.
EntryOf = Callable[..., Any]
StoreEntries = Callable[[list[Any]], None]


def _init_worker(kind: Kind, as_of: date | None, options: dict[str, Any], lang: str = "en",
                 rules: str | None = None, entry_of: EntryOf | None = None) -> None:
    # the rule book this run decides under, set before anything reads it (a fresh process: nothing is cached yet)
    if rules:
        os.environ[RULES_ENV] = rules
    else:
        os.environ.pop(RULES_ENV, None)
    _settings.update(kind=kind, as_of=as_of, options=options, lang=lang, entry_of=entry_of)
    if kind == "warranty":
        from .warranty.rulebook import compiled_warranty

        for version in ("2013", "2021"):
            compiled_warranty(version)            # compile once per worker, not per record


def decide_record(rec: Record) -> tuple[bytes, list[str], Any]:
    """The output line of one record (output_bytes: UTF-8, newline included), its summary keys and (when the run
    keeps a record, for a decision) its record entry. Never raises for bad input."""
    kind: Kind = _settings["kind"]
    lang: str = _settings.get("lang", "en")
    out: dict[str, Any] = {"record": rec.number, "source": rec.source}
    as_of, options = _settings["as_of"], _settings["options"]
    if rec.options:
        options = {**options, **rec.options}
        as_of = options.pop("as_of", as_of)
    brief = options.get("detail") == "brief"       # the record keeps the full decision; the line is brief
    options = {k: v for k, v in options.items() if k != "detail"} if "detail" in options else options
    try:
        asked, options = options, _read_once(kind, options, rec.source)
        data = record_data(rec)
        if kind == "warranty":
            from .io.files import validate
            from .warranty.decide import adjudicate_warranty
            from .warranty.models import VehicleHistory

            history = validate(VehicleHistory, data, rec.source)
            decision = adjudicate_warranty(history, as_of=as_of, **options)
            keys = [f"remedy:{r}" for r in sorted({r.code for r in decision.remedies})] or ["remedy:none"]
            if not decision.in_scope:
                keys = ["out_of_scope"]
        elif kind == "followup":
            from .followup.decide import check_followup
            from .followup.models import CrmLog
            from .io.files import validate

            log = validate(CrmLog, data, rec.source)
            decision = check_followup(log, as_of=as_of, **options)
            keys = followup_summary_keys(decision)
        else:
            from .complaints.decide import check_complaint
            from .complaints.models import Complaint
            from .io.files import validate

            complaint = validate(Complaint, data, rec.source)
            decision = check_complaint(complaint, as_of=as_of, **options)
            keys = complaint_summary_keys(decision)
        out["ok"] = True
        # the decision is serialised by pydantic's own (compiled) serialiser, a third of the time of json.dumps,
        # straight to the UTF-8 bytes both the record entry and the output line are made of: encoded once
        head = json.dumps(out, ensure_ascii=False)[:-1]
        decision_json = json_bytes(decision)
        entry = None
        entry_of = _settings.get("entry_of")
        if entry_of is not None and kind != "followup":
            entry = entry_of(kind, rec.source, rec.text, rec.data, decision, {"as_of": as_of, **asked},
                             decision_json)
        if brief and kind != "followup":
            decision_json = json_bytes(decision.brief())
        line = b"".join((head.encode("utf-8"), b', "decision": ', decision_json, b"}"))
        return one_line_bytes(line) + b"\n", keys, entry
    except CalendarNotCovered as exc:
        out["ok"] = False
        out["error"] = {"field": "calendar", "message": str(exc)}
        keys = ["error"]
    except InputError as exc:
        msg, sep = exc.bare(lang), separator(lang)
        msg = msg.removeprefix(f"{rec.source}{sep}")
        out["ok"] = False
        out["error"] = {"field": exc.field, "message": msg.removeprefix(f"{exc.field}{sep}") if exc.field else msg}
        keys = ["error"]
    except Exception as exc:  # noqa: BLE001 - one bad record must never stop the run
        out["ok"] = False
        out["error"] = {"field": None, "message": f"internal error: {type(exc).__name__}: {exc}"}
        keys = ["internal_error"]
    return output_bytes(one_line(json.dumps(out, ensure_ascii=False))), keys, None


def json_bytes(model: Any) -> bytes:
    """A pydantic model's JSON as UTF-8 bytes: what model_dump_json() gives, before it is decoded to text."""
    return model.__pydantic_serializer__.to_json(model)


# Line and paragraph separators and NEL are legal inside JSON strings, but str.splitlines, older JavaScript and many
# log tools break a line at them: an output line holds them escaped, so that it is one line for every reader.
_LINE_BREAKERS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\u0085": "\\u0085"})


def one_line(json_text: str) -> str:
    """A JSON text written with ensure_ascii=False, as one line for every reader (the same JSON value)."""
    return json_text.translate(_LINE_BREAKERS)


# The same three characters in UTF-8 (a valid UTF-8 text holds these byte sequences only as these characters)
_LINE_BREAKER_BYTES = tuple((char.encode("utf-8"), escaped.encode("ascii")) for char, escaped in
                            ((chr(code), text) for code, text in _LINE_BREAKERS.items()))


def one_line_bytes(json_bytes: bytes) -> bytes:
    """one_line for a JSON text already encoded to UTF-8."""
    for raw, escaped in _LINE_BREAKER_BYTES:
        if raw in json_bytes:
            json_bytes = json_bytes.replace(raw, escaped)
    return json_bytes


def output_bytes(line: str) -> bytes:
    """An output line as the output file holds it: UTF-8, ended by a newline."""
    return (line + "\n").encode("utf-8")


def byte_writer(out: io.TextIOBase) -> Callable[[bytes], None]:
    """How the parent writes lines that are already UTF-8 bytes to `out`: straight into the file or the binary
    buffer under a UTF-8 text stream (stdout), decoded only for a sink that takes nothing but text."""
    if isinstance(out, OutputFile):
        return out.write_bytes
    buffer = getattr(out, "buffer", None)
    if buffer is not None and codecs.lookup(getattr(out, "encoding", None) or "ascii").name == "utf-8":
        def write(data: bytes) -> None:
            out.flush()                               # nothing of the text layer may come after these bytes
            buffer.write(data)
        return write
    return lambda data: out.write(data.decode("utf-8"))  # type: ignore[func-returns-value]


def _read_once(kind: Kind, options: dict[str, Any], source: str) -> dict[str, Any]:
    """The options with the calendar file and the policy profile read once per worker, not once per record: a
    `calendar` path (and `strict_calendar`) becomes the calendar, a `policy` id or path the profile. InputError
    naming the option when one cannot be read (a replayed record's file that has gone)."""
    if not ({"calendar", "strict_calendar", "policy"} & set(options)):
        return options
    key = (kind, json.dumps(options, sort_keys=True, default=str))
    cache: dict[tuple[str, str], dict[str, Any]] = _settings.setdefault("read_options", {})
    if key in cache:
        return cache[key]
    out = dict(options)
    strict = bool(out.pop("strict_calendar", False))
    try:
        if out.get("calendar") is not None or strict:
            from .core.calendar import make_calendar

            out["calendar"] = make_calendar(out.get("calendar"), strict)
    except (OSError, ValueError) as exc:
        raise InputError(source, f"{options.get('calendar')}: {exc}", "calendar") from None
    policy = out.get("policy")
    if isinstance(policy, str) and kind in ("complaint", "followup"):
        if kind == "complaint":
            from .complaints.rulebook import resolve_policy as resolve
        else:
            from .followup.rulebook import resolve_followup_policy as resolve
        try:
            out["policy"] = resolve(policy)
        except ValueError as exc:
            text = getattr(exc, "text", None)
            raise InputError(source, text if text is not None else str(exc), "policy") from None
    cache[key] = out
    return out


def crashed_line(rec: Record, lang: str) -> tuple[bytes, list[str], None]:
    """The error line (output bytes) of a record that killed a worker twice."""
    out = {"record": rec.number, "source": rec.source, "ok": False,
           "error": {"field": None, "message": ENGINE_CRASHED.get(lang)}}
    return output_bytes(one_line(json.dumps(out, ensure_ascii=False))), ["engine_crashed"], None


def followup_summary_keys(decision: Any) -> list[str]:
    """A CRM log: whether any duty is overdue, and whether any was done late."""
    counts = decision.status_counts
    return ["duties_overdue" if counts.get("overdue") else "no_duty_overdue"] + (
        ["duties_done_late"] if counts.get("missed") else [])


def complaint_summary_keys(decision: Any) -> list[str]:
    keys = ["may_close" if getattr(decision, "may_close", False) else "open"]
    if getattr(decision, "escalations", None):
        keys.append("escalation_required")
    return keys


def _crash_if_told(rec: Record) -> None:
    """The test-only crash hook (CRASH_ON_RECORDS_VARIABLE)."""
    listed = os.environ.get(CRASH_ON_RECORDS_VARIABLE)
    if not listed or str(rec.number) not in listed.split(","):
        return
    once = os.environ.get(CRASH_ONCE_FOLDER_VARIABLE)
    if once:
        marker = os.path.join(once, str(rec.number))
        if os.path.exists(marker):
            return
        open(marker, "w").close()
    os.kill(os.getpid(), signal.SIGKILL)


def _worker_main(conn: Connection, kind: Kind, as_of: date | None, options: dict[str, Any], lang: str,
                 rules: str | None = None, entry_of: EntryOf | None = None) -> None:
    """A worker process: ready, then (position, record) chunks in, one (position, line, keys, entry) message out
    per record as soon as it is decided, so that the parent knows exactly which record a dead worker was on. The
    line goes as the UTF-8 bytes the output holds, newline included: the parent only joins and writes them (text
    would be decoded from the pipe and encoded again in the parent, the one process the workers cannot share)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)       # Ctrl-C reaches the whole group: the parent decides
    try:
        _init_worker(kind, as_of, options, lang, rules, entry_of)
        conn.send(("ready",))
        while (chunk := conn.recv()) is not None:
            for position, rec in chunk:
                _crash_if_told(rec)
                conn.send((position, *decide_record(rec)))
    except (EOFError, OSError, KeyboardInterrupt):
        pass                                            # the parent has gone or is stopping: nothing to report
    finally:
        conn.close()


# ---------------------------------------------------------------- the parent: workers, order, stopping


@dataclass
class BatchResult:
    records: int
    summary: Counter[str]
    interrupted: bool = False
    signal: int | None = None                 # the signal that stopped the run (SIGINT, SIGTERM)
    write_error: OSError | None = None        # the output could not be written: the lines before it are whole
    record_error: Exception | None = None     # the decision record could not be written: no line after it either
    recorded: int = 0                         # decisions kept in the decision record


@dataclass
class _Worker:
    process: Any
    conn: Connection
    ready: bool = False
    in_flight: deque[tuple[int, Record]] = field(default_factory=deque)
    first: tuple[int, Record] | None = None      # a record to retry, alone, before anything else


class _Pool:
    """Worker processes under the parent's own eye: a dead worker is seen at once (its pipe closes), the record it
    was deciding is retried once alone in a fresh worker, and a record that kills two workers becomes an error
    line. multiprocessing.Pool would wait forever for the dead worker's result."""

    def __init__(self, size: int, init_args: tuple[Any, ...]):
        methods = multiprocessing.get_all_start_methods()
        self.ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if "forkserver" in methods:
            self.ctx.set_forkserver_preload(["adjudicator.batch"])
        self.init_args = init_args
        self.workers: list[_Worker] = []
        self.startup_failures = 0
        for _ in range(size):
            self.spawn()

    def spawn(self, first: tuple[int, Record] | None = None) -> _Worker:
        parent_end, child_end = self.ctx.Pipe(duplex=True)
        process = self.ctx.Process(target=_worker_main, args=(child_end, *self.init_args), daemon=True)
        process.start()
        child_end.close()
        worker = _Worker(process, parent_end, first=first)
        self.workers.append(worker)
        return worker

    def retire(self, worker: _Worker) -> None:
        self.workers.remove(worker)
        with contextlib.suppress(OSError):
            worker.conn.close()
        worker.process.join(timeout=1)

    def stop(self, gracefully: bool) -> None:
        for w in self.workers:
            with contextlib.suppress(OSError, ValueError):
                if gracefully and not w.in_flight:
                    w.conn.send(None)
                else:
                    w.process.terminate()
        for w in self.workers:
            w.process.join(timeout=2 if gracefully else 0.5)
            if w.process.is_alive():
                w.process.kill()
                w.process.join(timeout=2)
            with contextlib.suppress(OSError):
                w.conn.close()
        self.workers.clear()


def run_batch(records: Iterable[Record], out: io.TextIOBase, *, kind: Kind = "warranty", workers: int = 1,
              as_of: date | None = None, options: dict[str, Any] | None = None, progress: Any = None,
              lang: str = "en", stop: StopFlag | None = None, rules: str | None = None,
              record: tuple[EntryOf, StoreEntries] | None = None) -> BatchResult:
    """Decide every record in worker processes and write one JSON line per record, in input order.

    SIGINT and SIGTERM (when called from the main thread; or a `stop` flag the caller's handlers set) end the
    run after the lines in hand: the output then holds every record completed so far, each line whole. A write
    error (disk full) ends it the same way, reported in `write_error`.

    `rules`: the rule book folder the workers decide under (default: this process's ADJUDICATOR_RULES, or the
    shipped one). `record` (entry_of, store): keep every decision in a decision record; each chunk of lines is
    stored (one transaction) before it is written, so every line written out is in the record."""
    options = options or {}
    if rules is None:
        rules = os.environ.get(RULES_ENV)
    entry_of, store = record if record is not None else (None, None)
    stop = stop or StopFlag()
    summary: Counter[str] = Counter()
    result = BatchResult(0, summary)
    in_main = threading.current_thread() is threading.main_thread()
    previous = stop.install() if in_main else {}
    exit_at_once, stop.exit_at_once = stop.exit_at_once, False
    pool: _Pool | None = None
    try:
        if not stop.set:
            pool = _Pool(max(1, workers), (kind, as_of, options, lang, rules, entry_of))
            _drive(pool, records, out, stop, result, progress, lang, store)
    finally:
        stop.reading = False
        if pool is not None:
            pool.stop(gracefully=not stop.set and result.write_error is None and result.record_error is None)
        stop.exit_at_once = exit_at_once
        for s, handler in previous.items():
            signal.signal(s, handler)
    result.signal = stop.signal
    result.interrupted = stop.set
    return result


def _drive(pool: _Pool, records: Iterable[Record], out: io.TextIOBase, stop: StopFlag, result: BatchResult,
           progress: Any, lang: str, store: StoreEntries | None = None) -> None:
    source = iter(records)
    queue: deque[tuple[int, Record]] = deque()       # read, not yet sent to a worker
    done: dict[int, tuple[bytes, list[str], Any]] = {}  # decided (output bytes), waiting for the records before them
    crashes: Counter[int] = Counter()
    read = 0                                          # positions handed out so far
    taken = 0                                         # positions in order so far (in `ready` or written)
    written = 0                                       # positions written so far
    ready: list[tuple[bytes, list[str], Any]] = []    # in order, not yet stored and written
    exhausted = False
    ahead = CHUNK * CHUNKS_AHEAD_PER_WORKER * len(pool.workers)
    write = byte_writer(out)

    def read_more() -> None:
        nonlocal read, exhausted
        while not exhausted and read - written < ahead and not stop.set:
            stop.reading = True
            try:
                rec = next(source, None)
            except StopReading:
                return
            except (OSError, ValueError) as exc:       # reading failed mid-way: the failure is the last record
                rec, exhausted = Record(read + 1, "<input>", error=f"reading stopped: {exc}"), True
            finally:
                stop.reading = False
            if rec is None:
                exhausted = True
                return
            read += 1
            queue.append((read, rec))

    def failed() -> bool:
        return result.write_error is not None or result.record_error is not None

    def write_ready(every: bool = False) -> None:
        """Write the lines that are in order. With a decision record they are stored first, one transaction for
        each chunk (a transaction costs as much as a couple of entries of its own, docs/record.md): once
        RECORD_CHUNK lines are in order, or every record read is done (the end of the input, a pause in it),
        or `every` (the run is stopping, a worker died)."""
        nonlocal taken, written
        if failed():
            return                                    # nothing after a line that could not be recorded or written
        while taken + 1 in done:
            taken += 1
            ready.append(done.pop(taken))
        if not ready or (store is not None and len(ready) < RECORD_CHUNK and taken < read and not every):
            return
        lines = ready[:]
        ready.clear()
        if store is not None:
            entries = [entry for _, _, entry in lines if entry is not None]
            try:
                store(entries)                        # recorded first: a line written out is always in the record
            except Exception as exc:  # noqa: BLE001 - the record failed: stop before writing these lines
                result.record_error = exc
                return
            result.recorded += len(entries)
        try:
            write(b"".join(line for line, _, _ in lines))      # whole lines only
            out.flush()
        except OSError as exc:                        # disk full, no permission, a closed pipe: stop here
            result.write_error = exc
            return
        written += len(lines)
        for _, keys, _ in lines:
            result.summary.update(keys)
        result.records += len(lines)
        if progress is not None:
            progress.update(len(lines))

    def assign(worker: _Worker) -> None:
        if worker.first is not None:
            chunk, worker.first = [worker.first], None
        else:
            chunk = [queue.popleft() for _ in range(min(CHUNK, len(queue)))]
        if chunk:
            worker.in_flight.extend(chunk)
            try:
                worker.conn.send(chunk)
            except OSError:
                bury(worker)                          # it died since it last spoke

    def bury(worker: _Worker) -> None:
        """A worker died: the record it was on is retried once, alone, in a fresh worker; the rest go back."""
        pool.retire(worker)
        if not worker.ready:
            pool.startup_failures += 1
            if pool.startup_failures > STARTUP_FAILURES_ALLOWED:
                raise RuntimeError(f"worker processes die while starting (exit code {worker.process.exitcode})")
        retry = worker.first                          # died before it could even try the record it was given
        if worker.in_flight:
            position, rec = worker.in_flight.popleft()
            crashes[position] += 1
            if crashes[position] >= 2:
                done[position] = crashed_line(rec, lang)
            else:
                retry = (position, rec)
            queue.extendleft(reversed(worker.in_flight))
        if not stop.set:
            pool.spawn(first=retry)
        write_ready(every=True)                       # a fresh worker takes a while to start: not these lines

    try:
        while not stop.set and not failed():
            read_more()
            for w in list(pool.workers):
                if w.ready and not w.in_flight and (w.first is not None or queue):
                    assign(w)
            if exhausted and written == read:
                return
            waiting = {w.conn: w for w in pool.workers} | {w.process.sentinel: w for w in pool.workers}
            for handle in wait(list(waiting), timeout=POLL_SECONDS):
                worker = waiting[handle]
                if worker not in pool.workers:
                    continue                          # already buried through its other handle
                if not _receive(worker, done) or not worker.process.is_alive():
                    bury(worker)
            write_ready()
    finally:
        write_ready(every=True)                       # stopping: the lines in hand are stored and written


def _receive(worker: _Worker, done: dict[int, tuple[bytes, list[str], Any]]) -> bool:
    """Take every message the worker has sent; False when its pipe has closed (it died or exited)."""
    try:
        while worker.conn.poll():
            message = worker.conn.recv()
            if message == ("ready",):
                worker.ready = True
                continue
            position, line, keys, entry = message
            done[position] = (line, keys, entry)
            if worker.in_flight and worker.in_flight[0][0] == position:
                worker.in_flight.popleft()
    except (EOFError, OSError):
        return False
    return True


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


__all__ = ["run_batch", "records_of", "count_records", "default_workers", "decide_record", "BatchResult", "Record",
           "StopFlag", "CRASH_ON_RECORDS_VARIABLE", "CRASH_ONCE_FOLDER_VARIABLE"]
