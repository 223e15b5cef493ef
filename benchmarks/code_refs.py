"""Another version of the code to compare against, run by run in the same benchmark: a git ref's package and rule
book extracted into a folder that goes first on PYTHONPATH (the installed dependencies stay the same)."""
from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def checkout(ref: str, into: Path) -> Path:
    """The package and rule book of `ref`, laid out as the installed package is (rules inside it)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "adjudicator", "rules"], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    (into / "adjudicator" / "rules").symlink_to(into / "rules")
    return into
