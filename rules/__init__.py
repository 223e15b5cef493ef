"""Declarative rule sets (YAML data), shipped inside the package as adjudicator.rules."""
