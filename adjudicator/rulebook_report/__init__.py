"""The rule book as a document legal can read and sign off: each article's words beside the rules implementing
it, the dated parameters with their citations, every scenario with its last result, and the places of the text
that no rule covers, with the reason (`adjudicator rules report`)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from .pages import Report, build_report, uncited_places
from .render import FORMATS, write_report
from .scenarios import CannotRunFeatures, Results, read_results, run_features

DEFAULT_RESULTS = "scenario-results.json"        # the cucumber JSON, inside the report's folder unless named


def write_rulebook_report(out: str | Path, fmt: str = "html", domain: str = "all", version: str | None = None,
                    results: str | Path | None = None, on: date | None = None) -> tuple[Report, list[Path]]:
    """Build the report into `out`; scenario results from `results` (cucumber JSON; default: the report folder's
    scenario-results.json). Returns the report and the files written."""
    out = Path(out)
    found = read_results(Path(results) if results else out / DEFAULT_RESULTS)
    report = build_report(found, domain, version, on)
    return report, write_report(report, out, fmt)


__all__ = ["write_rulebook_report", "run_features", "read_results", "CannotRunFeatures", "Results", "FORMATS",
           "DEFAULT_RESULTS", "uncited_places", "Report"]
