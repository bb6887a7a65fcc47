"""`llm-policy test`: the policies' own Rego tests."""

from __future__ import annotations

from pathlib import Path

import click

from checker.cli.errors import exits
from checker.cli.options import output_options, policy_options, verbosity


@click.command("test")
@click.option("--run", metavar="TEXT", help="Only tests whose name contains TEXT.")
@click.option(
    "--threshold",
    type=click.FloatRange(0, 100),
    default=0.0,
    help="Fail when line coverage of the policies is below this percentage.",
)
@click.option(
    "-f", "--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True
)
@policy_options
@output_options
@exits
def test_command(
    *,
    run: str | None,
    threshold: float,
    fmt: str,
    policies: tuple[Path, ...],
    data: tuple[Path, ...],
    color: str,
    verbose: int,
    quiet: int,
) -> int:
    """Run the policies' Rego tests (test_* rules) on the embedded engine, with coverage.

    \b
    Examples:
      llm-policy test
      llm-policy test -v --run residency
      llm-policy test --policies org-policies/ --threshold 90
    """
    from checker.commands.rego_tests import TestSettings, execute

    return execute(TestSettings(policies, data, run, verbosity(verbose, quiet), threshold, fmt))
