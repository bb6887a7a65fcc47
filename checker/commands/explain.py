"""`llm-policy explain`: why each manifest got its decision."""

from __future__ import annotations

import json
from dataclasses import dataclass

import click

from checker import __version__
from checker.commands.context import build_context
from checker.discovery import discover
from checker.errors import UsageError
from checker.explanation.explainer import Explainer
from checker.explanation.report import REPORT_VERSION, render_text, result_dict
from checker.settings import CheckSettings


@dataclass(frozen=True)
class ExplainSettings:
    """What `explain` needs after option parsing; `rule` limits it to one rule id."""

    run: CheckSettings
    rule: str | None = None


def execute(settings: ExplainSettings) -> int:
    """Explain every manifest; 1 when one does not load or validate, else 0."""
    run = settings.run
    paths = discover(run.paths)
    if not paths:
        raise UsageError(f"no manifests found in {', '.join(str(p) for p in run.paths)}")
    with build_context(run) as ctx:
        explainer = Explainer(ctx.policy_set.sources, ctx.rules, ctx.policy_set.data)
        if settings.rule is not None:
            explainer.check_rule(settings.rule)
        explanations = [explainer.explain(ctx.runner.check(p), settings.rule) for p in paths]
        engine = {
            "name": ctx.engine.name if ctx.engine else "none",
            "version": ctx.engine.version if ctx.engine else "",
        }
        digest = ctx.policy_set.digest
    if run.format == "json":
        document = {
            "reportVersion": REPORT_VERSION,
            "tool": {"name": "llm-policy", "version": __version__},
            "engine": engine,
            "policy": {"digest": digest},
            "rule": settings.rule,
            "results": [result_dict(x) for x in explanations],
        }
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(explanations), nl=False)
    return 0 if all(x.result.valid for x in explanations) else 1
