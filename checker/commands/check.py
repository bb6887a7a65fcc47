"""`llm-policy check` and `llm-policy validate`: run the pipeline and report."""

from __future__ import annotations

import sys
import typing as t

import click

from checker.emit import emit
from checker.reporters import REPORTERS
from checker.run import find_manifests, open_run
from checker.settings import OutputSettings, RunSettings

if t.TYPE_CHECKING:
    from checker.result import ManifestResult

# Below this many manifests a progress bar is noise.
PROGRESS_MIN = 25
# Formats that read each manifest's declared facts again (the AI-BOM: classification, hosting,
# quantization); a run without them drops the facts, so 10,000 results stay small.
FACT_FORMATS = frozenset({"cyclonedx"})


def _progress(
    results: t.Iterator[ManifestResult], total: int, verbosity: int
) -> t.Iterator[ManifestResult]:
    if total < PROGRESS_MIN or verbosity <= 0 or not sys.stderr.isatty():
        yield from results
        return
    with click.progressbar(length=total, label="checking", file=sys.stderr) as bar:
        for result in results:
            bar.update(1)
            yield result


def execute(run: RunSettings, output: OutputSettings, *, evaluate: bool = True) -> int:
    """Check (or only validate) every manifest under `run.paths`; return the exit code."""
    paths = find_manifests(run.paths)  # before an engine starts: a typo is found fast
    formats = {output.format, *(fmt for fmt, _ in output.reports)}
    with open_run(run, evaluate=evaluate, keep_facts=bool(formats & FACT_FORMATS)) as opened:
        for notice in opened.notices:
            click.echo(f"warning: {notice}", err=True)
        report = opened.report(_progress(opened.check_all(paths), len(paths), output.verbosity))
    for notice in report.notices:
        click.echo(f"warning: {notice}", err=True)
    emit(report, REPORTERS, output)
    return report.exit_code
