"""Input and output models (pydantic v2, strict)."""
