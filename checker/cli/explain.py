"""`llm-policy explain`."""

from __future__ import annotations

from pathlib import Path

import click

from checker.cli.errors import exits
from checker.cli.options import check_engine_flags, engine_options, policy_options
from checker.settings import CheckSettings


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--rule", metavar="ID", help="Explain this rule only (e.g. LLM-DATA-002).")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True
)
@policy_options
@engine_options
@exits
def explain(
    *,
    paths: tuple[Path, ...],
    rule: str | None,
    fmt: str,
    policies: tuple[Path, ...],
    data: tuple[Path, ...],
    engine: str,
    opa_url: str | None,
    no_push: bool,
) -> int:
    """Explain why a manifest got its decision.

    For each rule that fired: its finding(s), the manifest values at the finding's path and in
    the sections the rule reads, the catalog entries involved (the model, provider, licence and
    region, with the date their facts were checked and their sources) and the settings it
    read. With --rule, that rule only, also when it did not fire.

    \b
    Exit codes: 0 explained; 1 a manifest does not load or validate; 2 usage error (an
    unknown --rule too); 3 the policies could not be evaluated.

    \b
    Examples:
      llm-policy explain examples/eu-residency-breach
      llm-policy explain llm-project.yaml --rule LLM-RES-004
      llm-policy explain llm-project.yaml --format json
    """
    from checker.commands.explain import ExplainSettings, execute

    check_engine_flags(engine, opa_url, no_push)
    run = CheckSettings(
        paths=paths,
        engine=engine,
        opa_url=opa_url,
        push=not no_push,
        policies=policies,
        data=data,
        format=fmt,
    )
    return execute(ExplainSettings(run=run, rule=rule))
