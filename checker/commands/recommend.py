"""`llm-policy recommend`: the recommendation per manifest and the candidates that pass."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import click

from checker import __version__
from checker.commands.context import build_context
from checker.discovery import discover
from checker.errors import UsageError
from checker.output import write_atomic
from checker.recommendation.recommender import Recommender
from checker.recommendation.report import REPORT_VERSION, render_text, result_dict
from checker.settings import CheckSettings


@dataclass(frozen=True)
class RecommendSettings:
    """What `recommend` needs after option parsing."""

    run: CheckSettings
    top: int = 10
    today: dt.date = field(default_factory=dt.date.today)


def execute(settings: RecommendSettings) -> int:
    """Recommend for every manifest; 1 when one does not load or validate, else 0."""
    run = settings.run
    paths = discover(run.paths)
    if not paths:
        shown = ", ".join(str(p) for p in run.paths)
        raise UsageError(f"no manifests found in {shown}")
    with build_context(run) as ctx:
        assert ctx.engine is not None  # built with evaluate=True
        recommender = Recommender(ctx.engine, ctx.policy_set.data, settings.today)
        recs = [recommender.recommend(ctx.runner.check(path)) for path in paths]
        engine = {"name": ctx.engine.name, "version": ctx.engine.version}
        digest = ctx.policy_set.digest
        costs = recommender.costs
    if run.format == "json":
        document = {
            "reportVersion": REPORT_VERSION,
            "tool": {"name": "llm-policy", "version": __version__},
            "engine": engine,
            "policy": {"digest": digest},
            "today": settings.today.isoformat(),
            "assumptions": {
                "budgetInputTokenShare": costs.input_share,
                "gpuHourlyUsdPerGb": costs.gpu_hourly_usd_per_gb,
                "gpuMemoryHeadroom": costs.gpu_headroom,
                "hoursPerMonth": 730,
                "assumedMonthlyTokens": costs.assumed_monthly_tokens,
                "priceMaxAgeDays": costs.price_max_age_days,
            },
            "results": [result_dict(r, settings.top) for r in recs],
        }
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    else:
        text = render_text(recs, settings.top, verbosity=run.verbosity)
    if run.output is not None:
        write_atomic(Path(run.output), text)
    else:
        click.echo(text, nl=False)
    return 0 if all(r.result.valid for r in recs) else 1
