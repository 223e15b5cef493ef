"""Fact builders: pure functions from validated input to the measures rules test."""
