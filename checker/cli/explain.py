"""`llm-policy explain`."""

from __future__ import annotations

from pathlib import Path

import click

from checker.cli.build import build_output_settings, build_run_settings
from checker.cli.command import configured
from checker.cli.errors import exits
from checker.cli.options import decision_options, engine_options, output_options, policy_options
from checker.formats import EXPLAIN_FORMATS

# The configuration keys an evaluating command takes besides check's report format.
DECISION_KEYS = ("policies", "data", "fail-on", "waivers", "catalog")


@configured(keys=DECISION_KEYS)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--rule", metavar="ID", help="Explain this rule only (e.g. LLM-DATA-002).")
@output_options(EXPLAIN_FORMATS)
@decision_options
@policy_options
@engine_options
@exits
def explain(*, rule: str | None, **_: object) -> int:
    """Explain why a manifest got its decision.

    For each rule that fired: its finding(s), the manifest values at the finding's path and in
    the sections the rule reads, the catalog entries involved (the model, provider, licence and
    region, with the date their facts were checked and their sources) and the settings it
    read. With --rule, that rule only, also when it did not fire. Policies, overlays, waivers
    and --fail-on come from the configuration as for check, so the decision is check's.

    \b
    Exit codes: 0 explained; 1 a manifest does not load or validate; 2 usage error (an
    unknown --rule too); 3 the policies could not be evaluated.

    \b
    Examples:
      llm-policy explain examples/eu-residency-breach
      llm-policy explain llm-project.yaml --rule LLM-RES-004
      llm-policy explain llm-project.yaml --format json -o explain.json
    """
    from checker.commands.explain import execute

    ctx = click.get_current_context()
    return execute(build_run_settings(ctx), build_output_settings(ctx), rule=rule)
