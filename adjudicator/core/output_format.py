"""The version of the shape of every decision a command or the API gives out (warranty, complaint, follow-up).

It changes, by one, when a field of a decision is renamed or removed or changes its meaning, so that another
system can tell which shape it reads; a field added with a default does not change it."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, TypeVar, get_args

if TYPE_CHECKING:
    from pydantic import BaseModel

# pydantic is imported where a field is made, not here: the command line reads DETAIL_LEVELS for its options
# before anything needs pydantic (`adjudicator --help` stays fast).

FORMAT_VERSION = "1"

# How much of a decision a caller asks for. full (the default): everything, the same bytes as before the choice
# existed. brief: every conclusion with its citation and reasons, without the trace a caller may not need (each
# domain names the sections it leaves empty: BRIEF_OMITS in its decision module).
Detail = Literal["full", "brief"]
DETAIL_LEVELS: tuple[str, ...] = get_args(Detail)
DecisionT = TypeVar("DecisionT", bound="BaseModel")


def format_version_field() -> Any:
    """The `format_version` field every decision model starts with."""
    from pydantic import Field

    return Field(FORMAT_VERSION, description="the version of this decision's shape (docs: README, Stable "
                                             "outputs); changes when a field is renamed, removed or changes meaning")


def detail_field() -> Any:
    """The `detail` field of a decision: written only for a brief one, so that a full decision keeps its bytes."""
    from pydantic import Field

    return Field("full", exclude_if=lambda level: level == "full",
                 description="brief: the sections the domain leaves out of a brief decision are empty (warranty: "
                             "not_fired, near_limits, parameters; complaint: fired); absent: the full decision")


def briefed(decision: DecisionT, omits: tuple[str, ...]) -> DecisionT:
    """The brief form of a full decision: the `omits` sections emptied, and `detail` saying so."""
    return decision.model_copy(update={**{name: [] for name in omits}, "detail": "brief"})


__all__ = ["FORMAT_VERSION", "format_version_field", "Detail", "DETAIL_LEVELS", "detail_field", "briefed"]
