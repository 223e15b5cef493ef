"""SIGINT and SIGTERM for the whole process: one flag that says which signal asked it to stop.

The command line installs it first thing, before anything heavy is imported. Most commands then end at once
(exit 128 + the signal: 130, 143) without a traceback; a batch run instead polls the flag, finishes the lines in
hand and prints its summary. While the batch parent waits for input, the handler interrupts the wait.
"""
from __future__ import annotations

import signal
from typing import Any

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class StopReading(BaseException):
    """Raised by the handler while the batch parent waits for input (a BaseException: no reader's
    `except Exception` swallows it), so that a silent stdin cannot hold up a stop."""


class StopFlag:
    def __init__(self) -> None:
        self.signal: int | None = None
        self.exit_at_once = False      # raise SystemExit(128 + signal) from the handler
        self.reading = False           # raise StopReading from the handler

    def __call__(self, signum: int, frame: Any) -> None:
        self.signal = signum
        if self.exit_at_once:
            raise SystemExit(128 + signum)
        if self.reading:
            raise StopReading

    @property
    def set(self) -> bool:
        return self.signal is not None

    @property
    def exit_code(self) -> int:
        return 128 + (self.signal or 0)

    def install(self) -> dict[int, Any]:
        """Handle SIGINT and SIGTERM with this flag (main thread only); the handlers it replaced."""
        return {s: signal.signal(s, self) for s in STOP_SIGNALS}


PROCESS_STOP = StopFlag()


def process_stop_flag() -> StopFlag:
    """The process's one flag (the command line installs it at start-up)."""
    return PROCESS_STOP


__all__ = ["STOP_SIGNALS", "StopFlag", "StopReading", "process_stop_flag"]
