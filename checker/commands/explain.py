"""`llm-policy explain`: why each manifest got its decision."""

from __future__ import annotations

import click

from checker.emit import emit
from checker.explanation.explainer import Explainer
from checker.explanation.report import ExplainReport
from checker.formats import EXPLAIN_FORMATS
from checker.run import find_manifests, open_run
from checker.settings import OutputSettings, RunSettings


def execute(run: RunSettings, output: OutputSettings, *, rule: str | None = None) -> int:
    """Explain every manifest (only `rule`, when given); 1 when one does not validate, else 0."""
    paths = find_manifests(run.paths)
    with open_run(run, keep_facts=True) as opened:
        explainer = Explainer(opened.policy_set.sources, opened.rules, opened.policy_set.data)
        if rule is not None:
            explainer.check_rule(rule)
        report = opened.report(opened.check(p) for p in paths)
        explanations = tuple(explainer.explain(r, rule) for r in report.results)
        document = ExplainReport(opened.header, run.threshold, explanations, rule)
    for notice in report.notices:
        click.echo(f"warning: {notice}", err=True)
    emit(document, EXPLAIN_FORMATS, output)
    return 0 if all(x.result.valid for x in explanations) else 1
