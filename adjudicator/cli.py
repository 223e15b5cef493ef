"""The installed `adjudicator` command's entry point (kept here so that `adjudicator.cli:main` stays stable)."""
from .commands.main import cli, main

__all__ = ["cli", "main"]
