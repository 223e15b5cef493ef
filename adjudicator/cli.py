"""The installed `adjudicator` command's entry point (kept here so that `adjudicator.cli:main` stays stable).

SIGINT and SIGTERM are taken over before anything heavy is imported, so that an interrupt at start-up ends the
command with exit 130 / 143 and no traceback (see adjudicator/core/interrupts.py)."""
from __future__ import annotations

import sys
from typing import Any

from .core.interrupts import process_stop_flag


def main() -> None:
    flag = process_stop_flag()
    flag.exit_at_once = sys.argv[1:2] != ["batch"]    # a batch run stops by itself, with its summary
    flag.install()
    from .commands.main import main as run

    run()


def __getattr__(name: str) -> Any:
    if name == "cli":
        from .commands.main import cli

        return cli
    raise AttributeError(f"module 'adjudicator.cli' has no attribute {name!r}")


__all__ = ["cli", "main"]  # noqa: F822 -- `cli` is served lazily by __getattr__
