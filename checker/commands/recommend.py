"""`llm-policy recommend`: the recommendation per manifest and the candidates that pass."""

from __future__ import annotations

import click

from checker.emit import emit
from checker.formats import RECOMMEND_FORMATS
from checker.recommendation.recommender import Recommender
from checker.recommendation.report import RecommendReport
from checker.result import ManifestResult, RunReport
from checker.run import find_manifests, open_run
from checker.settings import OutputSettings, RunSettings


def execute(run: RunSettings, output: OutputSettings, *, top: int = 10) -> int:
    """Recommend for every manifest; 1 when one does not load or validate, else 0."""
    paths = find_manifests(run.paths)
    with open_run(run, keep_facts=True) as opened:
        recommender = Recommender(
            opened.runner, opened.policy_set.data, run.as_of, threshold=run.threshold
        )
        report = opened.report(opened.check(path) for path in paths)
        recs = tuple(
            recommender.recommend(result, path, unique_name=not _shared(result, report))
            for result, path in zip(report.results, paths, strict=True)
        )
        document = RecommendReport(opened.header, run.threshold, recommender.costs, recs, top)
    for notice in report.notices:
        click.echo(f"warning: {notice}", err=True)
    emit(document, RECOMMEND_FORMATS, output)
    return 0 if all(r.result.valid for r in recs) else 1


def _shared(result: ManifestResult, report: RunReport) -> bool:
    """Whether another manifest of the run has the same project name."""
    return (
        result.project is not None and sum(r.project == result.project for r in report.results) > 1
    )
