"""Defects the fuzzing suite (tests/fuzz) found, each kept as the test that would have caught it."""
from __future__ import annotations

from click.testing import CliRunner

from adjudicator.commands.main import cli


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stderr


def test_rules_show_with_a_policy_of_another_domain_is_an_input_error():
    # was: exit 1, "rule files are broken: unknown policy profile 'revisit'"
    for rule, policy in (("c.close_c1", "revisit"), ("c.close_c1", "nope"), ("f.after_sales_revisit", "cs-cms")):
        code, err = run("rules", "show", rule, "--policy", policy)
        assert code == 2, err
        assert "unknown" in err and "broken" not in err

