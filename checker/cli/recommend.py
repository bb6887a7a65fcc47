"""`llm-policy recommend`."""

from __future__ import annotations

from pathlib import Path

import click

from checker.cli.build import build_output_settings, build_run_settings
from checker.cli.command import configured
from checker.cli.errors import exits
from checker.cli.explain import DECISION_KEYS
from checker.cli.options import decision_options, engine_options, output_options, policy_options
from checker.formats import RECOMMEND_FORMATS


@configured(keys=DECISION_KEYS)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="Show the best N candidates per manifest; 0 shows every passing candidate.",
)
@output_options(RECOMMEND_FORMATS)
@decision_options
@click.option("--today", "today", hidden=True, metavar="YYYY-MM-DD", help="Old name of --as-of.")
@policy_options
@engine_options
@exits
def recommend(*, top: int, today: str | None, **_: object) -> int:
    """Recommend self-hosting or a vendor API, and rank deployments that pass every policy.

    For each manifest (its models may be absent): the recommendation with the reasons behind
    it (data sensitivity, control, performance needs, cost, speed to market), then candidate
    deployments from the catalog, each checked by the policies as the manifest's only model and
    ranked by capabilities, context, estimated monthly cost and budget, licence obligations,
    warnings and fit with the recommendation. A candidate is offered only when check would pass
    it: with the same policies, overlays, waivers and --fail-on (from the configuration as for
    check; 'never' counts as 'low' here). Scoring and cost model: docs/recommend.md.

    \b
    Exit codes: 0 recommendations made; 1 a manifest does not load or validate;
    2 usage error; 3 the policies could not be evaluated.

    \b
    Examples:
      llm-policy recommend examples/internal-assistant
      llm-policy recommend services/ --top 3 -v
      llm-policy recommend llm-project.yaml --format json --top 0 -o candidates.json
      llm-policy recommend . --data org-settings.yaml --as-of 2026-01-31
    """
    from checker.cli.build import parse_day
    from checker.commands.recommend import execute

    ctx = click.get_current_context()
    run = build_run_settings(ctx, as_of=parse_day(today, "--today") if today else None)
    return execute(run, build_output_settings(ctx), top=top)
