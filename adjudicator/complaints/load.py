"""Reading a complaint file (JSON or YAML) into the validated model."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..io.files import read_file, validate
from .models import Complaint


def load_complaint(path: str | Path) -> Complaint:
    return validate(Complaint, read_file(path), str(path))


def complaint_from(data: Any, source: str) -> Complaint:
    return validate(Complaint, data, source)
