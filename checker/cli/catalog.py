"""`llm-policy schema` and `llm-policy models`: what the tool knows."""

from __future__ import annotations

import json
import typing as t
from pathlib import Path

import click

from checker.cli.command import configured
from checker.cli.errors import exits


@click.command()
@exits
def schema() -> int:
    """Print the manifest JSON Schema (draft 2020-12).

    \b
    Examples:
      llm-policy schema > manifest.schema.json
      # yaml-language-server: $schema=./manifest.schema.json   (first line of a manifest)
    """
    from checker.validator import load_schema

    click.echo(json.dumps(load_schema(), indent=2))
    return 0


@configured(keys=("data",))
@click.option(
    "--weights", type=click.Choice(("open", "closed")), help="Only open or closed weights."
)
@click.option("--provider", metavar="ID", help="Only models this provider serves.")
@click.option("--region", metavar="CODE", help="Only models available in this region.")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True
)
@click.option(
    "--data",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML/JSON overlay merged over the catalog (default: the configuration's); repeatable.",
)
@click.option(
    "--stale",
    is_flag=True,
    help="List the catalog entries (models, licences, providers, aliases, lifecycle records)"
    " whose facts were checked more than settings.factMaxAgeDays before --as-of.",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="The day --stale ages facts against (default: today).",
)
@exits
def models(
    *,
    weights: str | None,
    provider: str | None,
    region: str | None,
    fmt: str,
    data: tuple[Path, ...],
    stale: bool,
    as_of: t.Any,
) -> int:
    """List the catalog's models with their licence and the providers that serve them.

    --data defaults to the configuration's overlays, as for check.

    \b
    Examples:
      llm-policy models
      llm-policy models --weights open
      llm-policy models --provider aws-bedrock --region eu
      llm-policy models --format json
      llm-policy models --stale
    """
    from checker.commands.models import ModelsSettings, execute

    day = as_of.date() if as_of is not None else None
    return execute(ModelsSettings(weights, provider, region, fmt, data, stale=stale, as_of=day))
