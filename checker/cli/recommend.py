"""`llm-policy recommend`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from checker.cli.errors import exits
from checker.cli.options import check_engine_flags, engine_options, policy_options
from checker.errors import UsageError
from checker.settings import CheckSettings


def parse_day(value: str | None) -> dt.date:
    """`--today`: an ISO date, or the current day when not given."""
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"--today {value!r} is not a date: write it as YYYY-MM-DD") from exc


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-f", "--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here."
)
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="Show the best N candidates per manifest; 0 shows every passing candidate.",
)
@click.option(
    "--today",
    metavar="YYYY-MM-DD",
    help="The day catalog prices are aged against (default: today).",
)
@click.option("-v", "--verbose", count=True, help="Every candidate's score reasons.")
@policy_options
@engine_options
@exits
def recommend(
    *,
    paths: tuple[Path, ...],
    fmt: str,
    output: Path | None,
    top: int,
    today: str | None,
    verbose: int,
    policies: tuple[Path, ...],
    data: tuple[Path, ...],
    engine: str,
    opa_url: str | None,
    no_push: bool,
) -> int:
    """Recommend self-hosting or a vendor API, and rank deployments that pass every policy.

    For each manifest (its models may be absent): the recommendation with the reasons behind
    it (data sensitivity, control, performance needs, cost, speed to market), then candidate
    deployments from the catalog, each checked by the policies as the manifest's only model and
    ranked by capabilities, context, estimated monthly cost and budget, licence obligations,
    warnings and fit with the recommendation. Scoring and cost model: docs/recommend.md.

    \b
    Exit codes: 0 recommendations made; 1 a manifest does not load or validate;
    2 usage error; 3 the policies could not be evaluated.

    \b
    Examples:
      llm-policy recommend examples/internal-assistant
      llm-policy recommend services/ --top 3 -v
      llm-policy recommend llm-project.yaml --format json --top 0
      llm-policy recommend . --data org-settings.yaml --today 2026-01-31
    """
    from checker.commands.recommend import RecommendSettings, execute

    check_engine_flags(engine, opa_url, no_push)
    run = CheckSettings(
        paths=paths,
        engine=engine,
        opa_url=opa_url,
        push=not no_push,
        policies=policies,
        data=data,
        format=fmt,
        output=output,
        verbosity=1 + verbose,
    )
    return execute(RecommendSettings(run=run, top=top, today=parse_day(today)))
