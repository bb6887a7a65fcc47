"""`llm-policy test`: the policies' own Rego tests."""

from __future__ import annotations

from pathlib import Path

import click

from checker.cli.build import run_with_catalog, verbosity
from checker.cli.command import configured
from checker.cli.errors import exits
from checker.cli.options import policy_options


# Its settings carry no catalog: its --catalog is put in force for the call.
@run_with_catalog
@configured("test", keys=("policies", "data", "catalog"))
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
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text report (auto: only on a terminal; NO_COLOR is honoured).",
)
@click.option("-v", "--verbose", count=True, help="More detail (repeatable).")
@click.option("-q", "--quiet", count=True, help="Less output: only failures and the summary.")
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

    --policies and --data default to the configuration, as for check.

    \b
    Examples:
      llm-policy test
      llm-policy test -v --run residency
      llm-policy test --policies org-policies/ --threshold 90
    """
    from checker.commands.rego_tests import TestSettings, execute

    return execute(TestSettings(policies, data, run, verbosity(verbose, quiet), threshold, fmt))
