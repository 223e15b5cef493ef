"""The user's cache folder, shared by everything the program keeps between runs (the working-day calendar's days,
the checked rule books): where it is, whether a file in it can be trusted, and how a file is replaced.

A cache is only ever a copy of something the program can compute again: any file that is not ours, not
whole or not readable is ignored and rebuilt, and a cache that cannot be written (a read-only home) costs only
the time of computing it next run too.
"""
from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

CACHE_DIR_ENV = "ADJUDICATOR_CACHE_DIR"     # a folder instead of $XDG_CACHE_HOME/adjudicator
NO_CACHE_ENV = "ADJUDICATOR_NO_CACHE"       # set: nothing is read from or written to the cache


def cache_folder() -> Path:
    return Path(os.environ.get(CACHE_DIR_ENV) or
                Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "adjudicator")


def caching() -> bool:
    """Whether this process may use the cache at all (NO_CACHE_ENV unset)."""
    return not os.environ.get(NO_CACHE_ENV)


def trusted(info: os.stat_result) -> bool:
    """A cache file (its stat) that only this user can have written: owned by the user, writable by nobody else."""
    if info.st_mode & 0o022:
        return False
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


def replace_atomically(path: Path, data: bytes) -> bool:
    """Write `data` owner-only beside `path`, then put it in `path`'s place at once: a reader (another process
    of a parallel run) sees the old file or the new one, never a part. Every writer has its own temporary name,
    so concurrent writers never mix their bytes. False, leaving nothing behind, when it cannot be written."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
        with open(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return False
    return True


__all__ = ["CACHE_DIR_ENV", "NO_CACHE_ENV", "cache_folder", "caching", "trusted", "replace_atomically"]
