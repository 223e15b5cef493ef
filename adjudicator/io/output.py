"""Where batch lines go. Nothing is lost and no input is destroyed:

- the output is never one of the inputs (paths compared after resolving symlinks, and by device and inode, so a
  hard link or stdin redirected from the output is caught too): that is an error before anything is touched;
- lines go to a temporary file in the output's folder, which replaces the output when the run ends — completed,
  interrupted, or stopped by a full disk — holding exactly the complete lines (a line cut by a write error is
  cut off);
- `--resume` continues from the last complete line of an existing output: its complete lines are kept and the
  records they answer are not decided again.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..core.reading import BoundedSource, ReadError, os_error_text
from ..core.text import loc
from .files import InputError
from .records import READ_SUFFIXES, Record

PARTIAL_SUFFIX = ".partial"
OWNER_ONLY = 0o600            # output holds VINs, names and free text: nobody else reads it unless the owner says so


def open_owner_only(path: str, binary: bool = False) -> IO[Any]:
    """A file opened for writing (truncated), created readable and writable by its owner only; an existing file
    keeps the permissions its owner gave it. OSError as the system gives it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), OWNER_ONLY)
    return open(fd, "wb") if binary else open(fd, "w", encoding="utf-8")


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def refuse_output_over_input(output: str, source: str) -> None:
    """InputError when writing `output` would overwrite, or later read back, the input `source`."""
    out = Path(output)
    try:
        out_stat = out.stat()
    except OSError:
        out_stat = None
    same = loc(f"输出文件就是输入 {source}：会覆盖输入，未做任何改动；请换一个输出文件",
               f"this output is the input {source}: it would overwrite it; nothing was touched — "
               f"choose another output file")
    if source == "-":
        with contextlib.suppress(OSError, ValueError):
            if out_stat is not None and stat.S_ISREG(out_stat.st_mode) and \
                    _same_file(os.fstat(sys.stdin.fileno()), out_stat):
                raise InputError(output, same)
        return
    src = Path(source)
    resolved_out = out.resolve()
    if resolved_out == src.resolve() or (out_stat is not None and src.exists() and _same_file(out_stat, src.stat())):
        raise InputError(output, same)
    if src.is_dir() and resolved_out.parent == src.resolve() and resolved_out.suffix.lower() in READ_SUFFIXES:
        raise InputError(output, loc(
            f"输出文件 {output} 位于输入文件夹 {source} 内，且会被当作输入读取；未做任何改动；请写到文件夹之外",
            f"the output {output} is inside the input folder {source} and would be read as input; nothing was "
            f"touched — write it outside the folder"))


@dataclass(frozen=True)
class Completed:
    """What an existing output already holds: its complete lines, and the last one's record and source."""

    lines: int
    bytes: int
    last_source: str | None


def completed_lines(path: str) -> Completed:
    """The complete lines of an earlier run's output (a last line without its newline is incomplete)."""
    count = good = 0
    last = tail = b""                     # the last complete line; the bytes after the last newline
    try:
        with BoundedSource.open(path) as src:
            while part := src.chunk():
                data = tail + part
                end = data.rfind(b"\n")
                if end < 0:
                    tail = data
                    continue
                count += data.count(b"\n", 0, end + 1)
                good += end + 1
                last = data[data.rfind(b"\n", 0, end) + 1:end]
                tail = data[end + 1:]
    except (OSError, ReadError) as exc:
        raise InputError(path, exc.text if isinstance(exc, ReadError) else os_error_text(exc)) from None
    if count == 0:
        return Completed(0, 0, None)
    try:
        row = json.loads(last.decode("utf-8"))
        record, source = row["record"], row["source"]
    except (ValueError, KeyError, TypeError):
        raise InputError(path, loc(f"第 {count} 行不是本程序写出的记录行，无法续跑",
                                   f"line {count} is not a line this program wrote; cannot resume")) from None
    if record != count:
        raise InputError(path, loc(f"第 {count} 行是记录 {record}，不是 {count}：该文件不是一次完整运行的开头，无法续跑",
                                   f"line {count} is record {record}, not {count}: not the start of one run; "
                                   f"cannot resume")) from None
    return Completed(count, good, source)


def skip_completed(records: Iterable[Record], done: Completed, output: str) -> Iterator[Record]:
    """The records after the `done.lines` already answered in the output; InputError at once if the output does
    not answer this input (its last line names another record)."""
    it = iter(records)
    last: Record | None = None
    for _ in range(done.lines):
        last = next(it, None)
        if last is None:
            break
    if done.lines and (last is None or last.source != done.last_source):
        found = "nothing" if last is None else last.source
        raise InputError(output, loc(
            f"已有 {done.lines} 行，最后一行回答的是 {done.last_source}，而本输入的第 {done.lines} 条记录是 "
            f"{'（没有）' if last is None else last.source}：输出与输入不对应，无法续跑",
            f"holds {done.lines} lines, the last answering {done.last_source}, but record {done.lines} of this "
            f"input is {found}: the output does not belong to this input; cannot resume"))
    return it


class OutputFile:
    """A text sink for batch lines: a temporary file next to `path`, renamed over it by `close()`, holding only
    complete lines. `write` buffers; `flush` writes through and raises OSError (disk full, permissions)."""

    def __init__(self, path: str, keep: Completed | None = None):
        self.path = path
        self._fd = -1
        self.partial: str | None = None
        self.complete_bytes = 0
        self._pending: list[bytes] = []
        with contextlib.suppress(OSError):
            if not stat.S_ISREG(os.stat(path).st_mode):     # /dev/null, a FIFO, a terminal: written as it is
                self._fd = os.open(path, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
                return
        folder = os.path.dirname(os.path.abspath(path))
        fd, self.partial = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.",
                                            suffix=PARTIAL_SUFFIX)
        self._fd = fd
        self._pending: list[bytes] = []
        self.complete_bytes = 0
        try:
            if keep is not None and keep.bytes:
                with open(path, "rb") as old, open(fd, "wb", closefd=False) as new:
                    shutil.copyfileobj(old, new, 1024 * 1024)
                os.ftruncate(fd, keep.bytes)
                os.lseek(fd, keep.bytes, os.SEEK_SET)
                self.complete_bytes = keep.bytes
        except BaseException:
            self._discard()
            raise

    def write(self, text: str) -> int:
        self._pending.append(text.encode("utf-8"))
        return len(text)

    def write_bytes(self, data: bytes) -> None:
        """Lines already encoded as UTF-8 (what batch workers send): buffered like `write`."""
        self._pending.append(data)

    def flush(self) -> None:
        data = memoryview(b"".join(self._pending))
        self._pending.clear()
        written = 0
        try:
            while written < len(data):
                written += os.write(self._fd, data[written:])
        except OSError:
            os.lseek(self._fd, self.complete_bytes, os.SEEK_SET)
            raise
        self.complete_bytes += written

    def close(self) -> None:
        """Cut anything after the last complete line, and put the file in place of the output."""
        if self._fd < 0:
            return
        if self.partial is None:
            os.close(self._fd)
            self._fd = -1
            return
        try:
            os.ftruncate(self._fd, self.complete_bytes)
            with contextlib.suppress(OSError):
                os.fsync(self._fd)
        finally:
            os.close(self._fd)
            self._fd = -1
        os.replace(self.partial, self.path)

    def _discard(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self._fd)
        if self.partial is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.partial)
        self._fd = -1

    def __enter__(self) -> OutputFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["OWNER_ONLY", "Completed", "OutputFile", "open_owner_only", "completed_lines", "refuse_output_over_input", "skip_completed"]
