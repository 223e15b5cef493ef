"""Involvement facts: arbitration, lawsuits, media crises, and which departments and reports already took part."""
from __future__ import annotations

from datetime import datetime

from ...core.facts import Fact
from .deadlines import NOT_YET
from .timeline import Timeline, evidence_of, fmt

INVOLVEMENT_EVENTS = {"arbitration": "arbitration_filed", "lawsuit": "lawsuit_filed", "media_crisis": "media_crisis",
                      "legal": "legal_involved", "marketing": "marketing_involved"}
# an action of the rule book -> the event that shows it was taken
ACTION_DONE_BY = {"involve_legal": "legal_involved", "involve_marketing": "marketing_involved",
                  "report_to_carmaker": "reported_to_carmaker", "start_vrt": "vrt_started"}


def involvement_fact(tl: Timeline) -> Fact:
    got = {k: tl.first(t) for k, t in INVOLVEMENT_EVENTS.items()}

    def at(key: str, absent: object = "—") -> object:
        found = got[key]
        return fmt(found[1].at) if found else absent

    return Fact("involvement", {**{k: got[k] is not None for k in ("arbitration", "lawsuit", "media_crisis")},
                                "case_type": tl.complaint.case_type},
                display={"arbitration_at": at("arbitration"), "lawsuit_at": at("lawsuit"),
                         "media_at": at("media_crisis"), "legal_at": at("legal", NOT_YET),
                         "marketing_at": at("marketing", NOT_YET)},
                evidence=tuple(evidence_of(*x) for x in got.values() if x))


def actions_done(tl: Timeline) -> dict[str, datetime]:
    """The actions already taken, with when."""
    done = {code: tl.first(event) for code, event in ACTION_DONE_BY.items()}
    return {code: found[1].at for code, found in done.items() if found}
