"""Bounded reading: every file, pipe, device and stdin is read with a size limit, and with a time limit wherever a
read can block (a FIFO with no writer, a silent pipe or terminal). Regular files, devices, FIFOs and stdin go
through the same code, in chunks, so `/dev/zero` is refused as soon as the limit is passed instead of filling
memory, and a FIFO nobody writes to is an error after the time limit instead of a hang.

Lines are split on b"\\n" only (a "\\r\\n" ending loses its "\\r" too); never on U+2028, U+0085 or a lone "\\r",
which `str.splitlines` would split on and so cut a record in two.
"""
from __future__ import annotations

import os
import select
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .text import Localized, loc

MAX_INPUT_BYTES = 64 * 1024 * 1024            # a whole input file, and one line of a record stream
CHUNK_BYTES = 1024 * 1024
DEFAULT_READ_TIMEOUT_SECONDS = 60.0
READ_TIMEOUT_VARIABLE = "ADJUDICATOR_READ_TIMEOUT"    # seconds a blocking source may stay silent


def read_timeout_seconds() -> float:
    """How long a read may wait for a pipe, FIFO or terminal to say something ($ADJUDICATOR_READ_TIMEOUT)."""
    value = os.environ.get(READ_TIMEOUT_VARIABLE)
    try:
        seconds = float(value) if value else DEFAULT_READ_TIMEOUT_SECONDS
    except ValueError:
        seconds = DEFAULT_READ_TIMEOUT_SECONDS
    return seconds if seconds > 0 else DEFAULT_READ_TIMEOUT_SECONDS


def size_text(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit // 1024} KiB"


class ReadError(ValueError):
    """A source that cannot be read within its limits, or at all; `text` says why in both languages."""

    def __init__(self, text: Localized):
        self.text = text
        super().__init__(text.en)


class TooLarge(ReadError):
    def __init__(self, limit: int, what: Localized | None = None):
        self.limit = limit
        thing = what or loc("输入", "input")
        super().__init__(loc(f"{thing.zh}过大：超过 {size_text(limit)} 的上限",
                             f"{thing.en} too large: more than the limit of {size_text(limit)}"))


class TimedOut(ReadError):
    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(loc(
            f"{seconds:g} 秒内没有读到任何数据（管道或 FIFO 没有写入方？可用环境变量 {READ_TIMEOUT_VARIABLE} 调整）",
            f"nothing to read for {seconds:g} s (a pipe or FIFO with no writer?); "
            f"{READ_TIMEOUT_VARIABLE} sets the time limit"))


def os_error_text(exc: OSError) -> Localized:
    """An operating-system error in both languages (the common ones translated, the rest as the system says)."""
    import errno

    zh = {errno.ENOENT: "文件或文件夹不存在", errno.EACCES: "没有权限", errno.EPERM: "没有权限",
          errno.ENOSPC: "磁盘空间不足", errno.EISDIR: "是文件夹，不是文件", errno.EROFS: "文件系统只读",
          errno.EDQUOT: "超出磁盘配额"}.get(exc.errno or 0)
    en = exc.strerror or str(exc)
    return loc(zh or en, en)


@dataclass
class BoundedSource:
    """An open file descriptor read in chunks; `blocking` sources (pipes, FIFOs, terminals, sockets) are polled
    with the time limit before every read."""

    fd: int
    name: str
    blocking: bool
    regular: bool
    owned: bool
    timeout: float

    @classmethod
    def open(cls, path: str | Path, timeout: float | None = None) -> BoundedSource:
        """Open a path without blocking (a FIFO opens at once even with no writer; reads then wait at most the
        time limit). OSError as the system gives it."""
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        try:
            mode = os.fstat(fd).st_mode
            if stat.S_ISDIR(mode):
                raise IsADirectoryError(21, "Is a directory", str(path))
        except BaseException:
            os.close(fd)
            raise
        return cls._of(fd, str(path), mode, owned=True, timeout=timeout)

    @classmethod
    def stdin(cls, timeout: float | None = None) -> BoundedSource:
        return cls.of_fd(sys.stdin.fileno(), "<stdin>", timeout)

    @classmethod
    def of_fd(cls, fd: int, name: str, timeout: float | None = None) -> BoundedSource:
        """A descriptor someone else opened (stdin): never made non-blocking, never closed here."""
        return cls._of(fd, name, os.fstat(fd).st_mode, owned=False, timeout=timeout)

    @classmethod
    def _of(cls, fd: int, name: str, mode: int, owned: bool, timeout: float | None) -> BoundedSource:
        regular = stat.S_ISREG(mode)
        blocking = stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or (stat.S_ISCHR(mode) and os.isatty(fd))
        return cls(fd, name, blocking, regular, owned, read_timeout_seconds() if timeout is None else timeout)

    def close(self) -> None:
        if self.owned and self.fd >= 0:
            os.close(self.fd)
        self.fd = -1

    def __enter__(self) -> BoundedSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def chunk(self, size: int = CHUNK_BYTES) -> bytes:
        """The next bytes (b"" at the end). Waits at most the time limit on a source that can block."""
        while True:
            if self.blocking:
                self._wait_readable()
            try:
                return os.read(self.fd, size)
            except BlockingIOError:
                if not self.blocking:
                    raise
            except InterruptedError:
                continue

    def _wait_readable(self) -> None:
        if hasattr(select, "poll"):
            poller = select.poll()
            poller.register(self.fd, select.POLLIN | select.POLLHUP | select.POLLERR)
            ready = poller.poll(self.timeout * 1000)
        else:                                                   # pragma: no cover - platforms without poll
            ready, _, _ = select.select([self.fd], [], [], self.timeout)
        if not ready:
            raise TimedOut(self.timeout)

    def read_all(self, limit: int = MAX_INPUT_BYTES, what: Localized | None = None) -> bytes:
        """Everything up to the end, or TooLarge as soon as more than `limit` bytes have come."""
        parts: list[bytes] = []
        total = 0
        while True:
            part = self.chunk(min(CHUNK_BYTES, limit + 1 - total))
            if not part:
                return b"".join(parts)
            total += len(part)
            if total > limit:
                raise TooLarge(limit, what)
            parts.append(part)

    def lines(self, limit: int = MAX_INPUT_BYTES, head: bytes = b"") -> Iterator[bytes | TooLarge]:
        """Lines without their ending, split on b"\\n" only (b"\\r\\n" loses its b"\\r"), starting with the bytes
        `head` already read. A line longer than `limit` comes as TooLarge: after it a regular file goes on at the
        next line; a stream stops (where its next line begins is unknowable without unbounded reading)."""
        partial: list[bytes] = []            # the pieces of a line not ended yet
        partial_bytes = 0
        skipping = False                      # inside a line already reported as too long
        data = head
        while True:
            pieces = data.split(b"\n")
            for complete in pieces[:-1]:
                if skipping:
                    skipping = False
                elif partial_bytes + len(complete) > limit:
                    yield TooLarge(limit, loc("一行", "a line"))
                    if not self.regular:
                        return
                else:
                    line = b"".join(partial) + complete if partial else complete
                    yield line[:-1] if line.endswith(b"\r") else line
                partial, partial_bytes = [], 0
            rest = pieces[-1]
            if not skipping and rest:
                partial.append(rest)
                partial_bytes += len(rest)
                if partial_bytes > limit:
                    yield TooLarge(limit, loc("一行", "a line"))
                    if not self.regular:
                        return
                    skipping, partial, partial_bytes = True, [], 0
            data = self.chunk()
            if not data:
                if partial and not skipping:
                    line = b"".join(partial)
                    yield line[:-1] if line.endswith(b"\r") else line
                return


class TextStreamSource(BoundedSource):
    """A text stream with no file descriptor (a caller's `io.StringIO`, a test runner's stdin), read in chunks
    like any other source: as the bytes beneath it where it has them (a test runner's stdin holding a GB18030
    or XLSX file), else as its text in UTF-8."""

    def __init__(self, stream: Any, name: str):
        super().__init__(-1, name, blocking=False, regular=False, owned=False, timeout=0.0)
        self._stream = stream
        buffer = getattr(stream, "buffer", None)
        self._bytes = buffer if callable(getattr(buffer, "read", None)) else None

    def chunk(self, size: int = CHUNK_BYTES) -> bytes:
        if self._bytes is not None:
            return bytes(self._bytes.read(max(1, size)))
        return str(self._stream.read(max(1, size // 4))).encode("utf-8")


def read_bounded(path: str | Path, limit: int = MAX_INPUT_BYTES, what: Localized | None = None) -> bytes:
    """The whole content of a file, device or FIFO ('-' is stdin), within the size and time limits."""
    if str(path) == "-":
        try:
            stdin = BoundedSource.stdin()
        except (AttributeError, OSError, ValueError):    # a text stream without a descriptor (a test runner's)
            return TextStreamSource(sys.stdin, "<stdin>").read_all(limit, what)
        return stdin.read_all(limit, what)
    with BoundedSource.open(path) as source:
        return source.read_all(limit, what)


__all__ = ["MAX_INPUT_BYTES", "READ_TIMEOUT_VARIABLE", "BoundedSource", "ReadError", "TextStreamSource", "TimedOut", "TooLarge",
           "os_error_text", "read_bounded", "read_timeout_seconds", "size_text"]
