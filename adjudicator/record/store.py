"""The decision record: an append-only SQLite file, one row per decision, chained by hashes.

Each entry's hash covers the previous entry's hash and every stored field of its own, so changing or deleting an
entry breaks the chain from there on; every transaction also appends a seal (the last entry and its hash), so
cutting entries off the end is seen while the seals remain. Triggers refuse UPDATE and DELETE on every table.
The file is in WAL mode; writers take the write lock at the start of their transaction (BEGIN IMMEDIATE) and
wait for each other (busy timeout), so several processes may record at once; a transaction is whole or absent
after a crash. The file (and its folder, when created) is owner-only: it holds personal data (docs/record.md).
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..core.text import Localized, loc
from .packing import OLD_CODEC, WRITE_CODEC, Unpackable, as_bytes, pack, unpack, unpack_bytes

RECORD_ENV = "ADJUDICATOR_RECORD"      # 1: every decision command records, as if given --record
DB_ENV = "ADJUDICATOR_DB"              # the record file to use when --db is not given
BUSY_TIMEOUT_SECONDS = 60.0            # how long a writer waits for another writer's transaction
GENESIS = "0" * 64                     # the "previous hash" of the first entry

# The stored fields of an entry. The input and the decision are kept compressed by the entry's codec (packing.py);
# the entry's digest covers the small fields and the sha256 of the input and decision texts (checked against the
# stored texts by verify), so the chain link the writing process computes is one short hash, whatever the size of
# the decision. The codec is outside the digest, which is the same for every codec: a changed codec no longer
# unpacks to the hashed text, and verify says so.
DIGESTED_FIELDS = ("kind", "subject", "vin", "source", "input_sha256", "options", "as_of", "rulebook",
                   "rulebook_version", "parameters", "evaluator", "program_version", "decided_at", "decision_sha256")
CONTENT_FIELDS = (*DIGESTED_FIELDS, "input", "decision", "digest", "codec")

_REFUSE = """CREATE TRIGGER {table}_no_{verb} BEFORE {verb} ON {table}
BEGIN SELECT RAISE(ABORT, 'the decision record is append-only: {verb} refused'); END"""


def _append_only(table: str) -> list[str]:
    return [_REFUSE.format(table=table, verb=verb) for verb in ("UPDATE", "DELETE")]


# Each migration takes the schema from the version before it to its own; never edit one that has shipped.
MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (1, "entries, seals, append-only triggers", (
        """CREATE TABLE entries (
             seq INTEGER PRIMARY KEY, prev_hash TEXT NOT NULL, entry_hash TEXT NOT NULL UNIQUE,
             kind TEXT NOT NULL, subject TEXT NOT NULL, vin TEXT, source TEXT NOT NULL,
             input_sha256 TEXT NOT NULL, options TEXT NOT NULL, as_of TEXT NOT NULL,
             rulebook TEXT NOT NULL, rulebook_version TEXT, parameters TEXT NOT NULL, evaluator TEXT NOT NULL,
             program_version TEXT NOT NULL, decided_at TEXT NOT NULL, decision_sha256 TEXT NOT NULL,
             input BLOB NOT NULL, decision BLOB NOT NULL, digest TEXT NOT NULL)""",
        """CREATE TABLE seals (id INTEGER PRIMARY KEY, last_seq INTEGER NOT NULL, last_hash TEXT NOT NULL,
             entries INTEGER NOT NULL, sealed_at TEXT NOT NULL)""",
        *_append_only("entries"), *_append_only("seals"))),
    (2, "look-ups by car or case and by date (history, replay --since)", (
        "CREATE INDEX entries_by_subject ON entries (subject, seq)",
        "CREATE INDEX entries_by_vin ON entries (vin, seq)",
        "CREATE INDEX entries_by_as_of ON entries (as_of)")),
    (3, "entries name the codec of their input and decision (lz4 from now on; the entries before are zlib)", (
        f"ALTER TABLE entries ADD COLUMN codec TEXT NOT NULL DEFAULT '{OLD_CODEC}'",)),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


class RecordError(Exception):
    """The record cannot be opened or written; the message is in both languages."""

    def __init__(self, text: Localized):
        super().__init__(text.en)
        self.text = text


def default_path() -> Path:
    """ADJUDICATOR_DB, else decisions.sqlite3 in the user's data folder (XDG_DATA_HOME or ~/.local/share)."""
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV])
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "adjudicator" / "decisions.sqlite3"


def recording_by_default() -> bool:
    return os.environ.get(RECORD_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def sha256_text(text: str | bytes) -> str:
    """The sha256 of a text's UTF-8 bytes (bytes are taken as they are)."""
    return hashlib.sha256(as_bytes(text)).hexdigest()


@dataclass(frozen=True)
class Entry:
    """One decision as the record keeps it (everything but its place in the chain). Made by `make_entry`."""

    kind: str
    subject: str                      # the VIN of a car, the id of a complaint case
    vin: str | None
    source: str                       # the file or record it came from
    input_sha256: str                 # of the input as given
    options: str                      # JSON: the options the decision was asked with (as_of, regulation, policy...)
    as_of: str                        # the moment the decision speaks for (ISO)
    rulebook: str                     # digest of the rule files
    rulebook_version: str | None      # regulation version (warranty) or profile id (complaints)
    parameters: str                   # JSON: every parameter value used and the date it holds from
    evaluator: str
    program_version: str
    decided_at: str                   # when the decision was made (UTC)
    decision_sha256: str              # of the decision JSON, exactly as written out
    input: bytes                      # the input as given, compressed
    decision: bytes                   # the decision JSON, compressed
    digest: str                       # sha256 over the digested fields
    codec: str                        # how input and decision are compressed (packing.CODECS)


# json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str), without building an encoder each time
COMPACT_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str)


# Fields whose text most entries of a run share (a few kilobytes of parameters): their JSON bytes are made once.
_SHARED_FIELDS = frozenset({"options", "parameters"})


@functools.lru_cache(maxsize=64)
def _shared_json(text: str) -> bytes:
    return _json_bytes(text)


def _json_bytes(value: Any) -> bytes:
    return COMPACT_JSON.encode(value).encode("utf-8", "surrogatepass")


def content_digest(values: Sequence[Any]) -> str:
    """sha256 over the digested fields, in DIGESTED_FIELDS order: of their compact JSON list, made item by item
    (the same bytes as json.dumps(list(values), ensure_ascii=False, separators=(",", ":")))."""
    items = [_shared_json(value) if name in _SHARED_FIELDS and isinstance(value, str) else _json_bytes(value)
             for name, value in zip(DIGESTED_FIELDS, values, strict=True)]
    return hashlib.sha256(b"[" + b",".join(items) + b"]").hexdigest()


def make_entry(*, input_text: str | bytes, decision_json: str | bytes, **fields: Any) -> Entry:
    """An entry from its fields and the input and decision texts (hashed and compressed here: in a batch, in
    the worker process). Each text is encoded once, or taken as given when it is already UTF-8 bytes."""
    given, decision = as_bytes(input_text), as_bytes(decision_json)
    fields.update(input_sha256=sha256_text(given), decision_sha256=sha256_text(decision))
    digest = content_digest([fields[name] for name in DIGESTED_FIELDS])
    return Entry(**fields, input=pack(given), decision=pack(decision), digest=digest, codec=WRITE_CODEC)


def entry_hash(prev_hash: str, seq: int, digest: str) -> str:
    """The chain link: sha256 over the previous entry's hash, this entry's number and its content digest."""
    return hashlib.sha256(f"{prev_hash}:{seq}:{digest}".encode("ascii")).hexdigest()


@dataclass
class Verification:
    entries: int
    head: str
    seals: int
    problems: list[Localized] = field(default_factory=list)
    schema_version: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _problem(zh: str, en: str) -> Localized:
    return loc(zh, en)


class DecisionRecord:
    """An open record file. Use as a context manager, or call close()."""

    def __init__(self, path: str | Path, *, create: bool = True,
                 migrations: Sequence[tuple[int, str, tuple[str, ...]]] = MIGRATIONS):
        self.path = Path(path)
        if not create and not self.path.exists():
            raise RecordError(loc(f"决策记录 {self.path} 不存在", f"the decision record {self.path} does not exist"))
        try:
            _create_owner_only(self.path)
            self.db = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None,
                                      check_same_thread=False)
            self.db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            mode = self.db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise RecordError(loc(f"{self.path}：无法启用 WAL 模式（{mode}）",
                                      f"{self.path}: WAL mode could not be set (it is {mode})"))
            self.db.execute("PRAGMA synchronous = NORMAL")   # WAL + NORMAL: a committed transaction survives a
            self._migrate(migrations)                          # killed process (only power loss can undo it)
        except sqlite3.DatabaseError as exc:
            raise RecordError(loc(f"无法打开决策记录 {self.path}：{exc}",
                                  f"cannot open the decision record {self.path}: {exc}")) from None
        except OSError as exc:
            raise RecordError(loc(f"无法创建决策记录 {self.path}：{exc.strerror or exc}",
                                  f"cannot create the decision record {self.path}: {exc.strerror or exc}")) from None

    # ------------------------------------------------------------ schema

    def _migrate(self, migrations: Sequence[tuple[int, str, tuple[str, ...]]]) -> None:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                            "description TEXT NOT NULL, applied_at TEXT NOT NULL)")
            current = self.schema_version()
            known = max((m[0] for m in migrations), default=0)
            if current > SCHEMA_VERSION:
                raise RecordError(loc(
                    f"{self.path} 的结构版本为 {current}，本程序只认识到 {SCHEMA_VERSION}：请使用更新的版本",
                    f"{self.path} has schema version {current}; this program knows up to {SCHEMA_VERSION}: "
                    f"use a newer adjudicator"))
            for version, description, statements in migrations:
                if current < version <= known:
                    for statement in statements:
                        self.db.execute(statement)
                    self.db.execute("INSERT INTO schema_version VALUES (?, ?, ?)", (version, description, now_utc()))
            if current == 0:
                for verb in ("UPDATE", "DELETE"):
                    self.db.execute(_REFUSE.format(table="schema_version", verb=verb))
            self.db.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")
            raise

    def schema_version(self) -> int:
        return self.db.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]

    # ------------------------------------------------------------ writing

    def append(self, entries: Iterable[Entry]) -> int:
        """Append the entries in one transaction (whole or not at all) and seal it; the number appended."""
        rows = list(entries)
        if not rows:
            return 0
        try:
            self.db.execute("BEGIN IMMEDIATE")        # the write lock first: the chain's head cannot move under us
        except sqlite3.OperationalError as exc:
            raise RecordError(loc(f"决策记录 {self.path} 被占用：{exc}",
                                  f"the decision record {self.path} is busy: {exc}")) from None
        try:
            last = self.db.execute("SELECT seq, entry_hash FROM entries ORDER BY seq DESC LIMIT 1").fetchone()
            seq, prev = last if last else (0, GENESIS)
            batch = []
            for entry in rows:
                seq += 1
                link = entry_hash(prev, seq, entry.digest)
                batch.append((seq, prev, link, *(getattr(entry, name) for name in CONTENT_FIELDS)))
                prev = link
            self.db.executemany(f"INSERT INTO entries (seq, prev_hash, entry_hash, {', '.join(CONTENT_FIELDS)}) "
                                f"VALUES ({', '.join('?' * (3 + len(CONTENT_FIELDS)))})", batch)
            self.db.execute("INSERT INTO seals (last_seq, last_hash, entries, sealed_at) VALUES (?, ?, ?, ?)",
                            (seq, prev, len(batch), now_utc()))
            self.db.execute("COMMIT")
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise RecordError(loc(f"无法写入决策记录 {self.path}：{exc}",
                                      f"cannot write the decision record {self.path}: {exc}")) from None
            raise
        return len(batch)

    # ------------------------------------------------------------ reading

    def rows(self, where: str = "", params: Sequence[Any] = (), order: str = "seq") -> Iterator[dict[str, Any]]:
        """Entries as dicts, the input and the decision as text."""
        cursor = self.db.execute(f"SELECT * FROM entries {where} ORDER BY {order}", params)
        names = [d[0] for d in cursor.description]
        for row in cursor:
            entry = dict(zip(names, row, strict=True))
            codec = entry.pop("codec")
            entry["input"], entry["decision"] = unpack(entry["input"], codec), unpack(entry["decision"], codec)
            yield entry

    def for_subject(self, subject: str) -> list[dict[str, Any]]:
        """Every entry for a car (VIN) or a complaint case (id), newest first."""
        return list(self.rows("WHERE subject = ? OR vin = ?", (subject, subject), order="seq DESC"))

    def since(self, day: str | None, kind: str | None = None) -> list[dict[str, Any]]:
        """The entries whose decision speaks for `day` or later (all without a day), oldest first."""
        clauses, params = [], []
        if day:
            clauses.append("as_of >= ?")
            params.append(day)
        if kind:
            clauses.append("kind = ?")
            params.append(kind)
        return list(self.rows(("WHERE " + " AND ".join(clauses)) if clauses else "", params))

    def verify(self) -> Verification:
        """Walk the chain from the first entry: every link recomputed, every seal matched."""
        result = Verification(0, GENESIS, 0, schema_version=self.schema_version())
        expected_seq, prev = 1, GENESIS
        hashes: dict[int, str] = {}
        # the texts read as bytes whatever was stored over them (a value that is not UTF-8 must not stop the walk)
        columns = ", ".join(f"CAST({name} AS BLOB)" if name in ("input", "decision") else name
                            for name in CONTENT_FIELDS)
        cursor = self.db.execute(f"SELECT seq, prev_hash, entry_hash, {columns} FROM entries ORDER BY seq")
        for seq, stored_prev, stored_hash, *values in cursor:
            fields = dict(zip(CONTENT_FIELDS, values, strict=True))
            if seq != expected_seq:
                result.problems.append(_problem(f"第 {expected_seq}–{seq - 1} 条记录缺失（被删除）",
                                                f"entries {expected_seq}–{seq - 1} are missing (deleted)"))
            if stored_prev != prev:
                result.problems.append(_problem(f"第 {seq} 条记录的前一哈希与链不符（之前的记录被改动或删除）",
                                                f"entry {seq}: its previous hash does not match the chain "
                                                f"(an earlier entry was changed or deleted)"))
            if not _content_holds(fields) or entry_hash(stored_prev, seq, fields["digest"]) != stored_hash:
                result.problems.append(_problem(f"第 {seq} 条记录的内容与其哈希不符（被改动）",
                                                f"entry {seq}: its content does not match its hash (changed)"))
            hashes[seq] = stored_hash
            prev, expected_seq = stored_hash, seq + 1
            result.entries += 1
        result.head = prev
        last_sealed = 0
        for last_seq, last_hash in self.db.execute("SELECT last_seq, last_hash FROM seals ORDER BY id"):
            result.seals += 1
            last_sealed = max(last_sealed, last_seq)
            if hashes.get(last_seq) != last_hash:
                result.problems.append(_problem(
                    f"封记指向的第 {last_seq} 条记录{'不存在（被删除）' if last_seq not in hashes else '已被改动'}",
                    f"a seal names entry {last_seq}, which "
                    f"{'is gone (deleted)' if last_seq not in hashes else 'has been changed'}"))
        if result.entries and last_sealed < expected_seq - 1:
            result.problems.append(_problem(f"第 {last_sealed + 1} 条之后的记录未被封记（写入方式不对）",
                                            f"entries after {last_sealed} are not sealed (not written by adjudicator)"))
        return result

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.close()

    def __enter__(self) -> DecisionRecord:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _content_holds(fields: dict[str, Any]) -> bool:
    """The stored input and decision are the texts their hashes name, and the digest covers the fields."""
    try:
        texts_hold = all(sha256_text(unpack_bytes(fields[name], fields["codec"])) == fields[f"{name}_sha256"]
                         for name in ("input", "decision"))
    except Unpackable:
        return False
    return texts_hold and content_digest([fields[name] for name in DIGESTED_FIELDS]) == fields["digest"]


def _create_owner_only(path: Path) -> None:
    """The folder (0700 when made here) and the file (0600) before SQLite opens it; its -wal and -shm files
    take the file's permissions."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def append_entries(path: str | Path, entries: Iterable[Entry]) -> int:
    with DecisionRecord(path) as record:
        return record.append(entries)


__all__ = ["DecisionRecord", "Entry", "RecordError", "Verification", "append_entries", "default_path",
           "recording_by_default", "make_entry", "unpack", "MIGRATIONS", "SCHEMA_VERSION", "RECORD_ENV", "DB_ENV", "sha256_text", "now_utc",
           "COMPACT_JSON"]
