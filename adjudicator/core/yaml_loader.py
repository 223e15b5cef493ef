"""Safe YAML loading, with libyaml where PyYAML has it (the pure-Python parser took ~250 ms for the rule files,
most of a cold start)."""
from __future__ import annotations

from typing import Any

import yaml

SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str | bytes) -> Any:
    """Rule files, policy profiles and calendar supplements."""
    return yaml.load(text, Loader=SafeLoader)
