"""The version of the shape of every decision a command or the API gives out (warranty, complaint, follow-up).

It changes, by one, when a field of a decision is renamed or removed or changes its meaning, so that another
system can tell which shape it reads; a field added with a default does not change it."""
from __future__ import annotations

from typing import Any

from pydantic import Field

FORMAT_VERSION = "1"


def format_version_field() -> Any:
    """The `format_version` field every decision model starts with."""
    return Field(FORMAT_VERSION, description="the version of this decision's shape (docs: README, Stable "
                                             "outputs); changes when a field is renamed, removed or changes meaning")


__all__ = ["FORMAT_VERSION", "format_version_field"]
