"""Reading a vehicle history file (JSON or YAML) into the validated model."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..io.files import read_file, validate
from .models import VehicleHistory


def load_history(path: str | Path) -> VehicleHistory:
    return validate(VehicleHistory, read_file(path), str(path))


def history_from(data: Any, source: str) -> VehicleHistory:
    return validate(VehicleHistory, data, source)
