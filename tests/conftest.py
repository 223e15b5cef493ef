"""What every test shares: output laid out as when piped (no COLUMNS from the developer's shell, no colour
forced or refused), so that a table's width depends only on what a test asks for."""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def piped_output_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("COLUMNS", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
