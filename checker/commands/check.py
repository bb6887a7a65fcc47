"""`llm-policy check` and `llm-policy validate`: run the pipeline and report."""

from __future__ import annotations

import sys
import typing as t

import click

from checker import __version__
from checker.commands.context import build_context
from checker.commands.reports import emit
from checker.discovery import discover
from checker.errors import UsageError
from checker.parallel import run_jobs
from checker.result import ManifestResult, RunReport
from checker.settings import CheckSettings

# Below this many manifests a progress bar is noise.
PROGRESS_MIN = 25


def _progress(
    results: t.Iterator[ManifestResult], total: int, settings: CheckSettings
) -> t.Iterator[ManifestResult]:
    if total < PROGRESS_MIN or settings.verbosity <= 0 or not sys.stderr.isatty():
        yield from results
        return
    with click.progressbar(length=total, label="checking", file=sys.stderr) as bar:
        for result in results:
            bar.update(1)
            yield result


def execute(settings: CheckSettings, *, evaluate: bool = True) -> int:
    """Check (or only validate) every manifest under `settings.paths`; return the exit code."""
    paths = discover(settings.paths)
    if not paths:
        shown = ", ".join(str(p) for p in settings.paths)
        raise UsageError(
            f"no manifests found in {shown}: name them llm-project.yaml (or .yml/.json, or"
            " <name>.llm-project.yaml), or pass the files explicitly"
        )
    with build_context(settings, evaluate=evaluate, keep_facts=False) as ctx:
        if ctx.waivers is not None:
            for entry in ctx.waivers.unknown_rules(ctx.rules):
                click.echo(
                    f"warning: {entry.source}: no rule has id {entry.rule}; this waiver waives"
                    " nothing",
                    err=True,
                )
        checked = run_jobs(ctx.runner, ctx.policy_set, paths, jobs=settings.jobs, evaluate=evaluate)
        results = tuple(_progress(checked, len(paths), settings))
        report = RunReport(
            results=results,
            threshold=settings.threshold,
            tool_version=__version__,
            engine_name=ctx.engine.name if ctx.engine else "none",
            engine_version=ctx.engine.version if ctx.engine else "",
            policy_digest=ctx.policy_set.digest,
            rules=ctx.rules if evaluate else {},
        )
    emit(report, settings)
    return report.exit_code
