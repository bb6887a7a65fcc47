"""The one output path: a command's document to stdout or `--output`, every `--report FORMAT=PATH`.

Each format is rendered once from the same document, so every file describes one evaluation.
Files are written atomically. When a format offers a job summary and `GITHUB_STEP_SUMMARY` names
a file, the summary is appended to it (once per run), as GitHub Actions expects.
"""

from __future__ import annotations

import os
import typing as t

import click

from checker.output import write_atomic
from checker.rendering import Registry, Renderer
from checker.settings import OutputSettings

D = t.TypeVar("D")

STEP_SUMMARY = "GITHUB_STEP_SUMMARY"
# GitHub refuses a step summary over 1 MiB (and then shows none): stay under it.
SUMMARY_MAX_BYTES = 1000 * 1000
TRUNCATED = "\n\n… truncated: the job summary has a size limit; see the full report.\n"


def fit_summary(markdown: str, limit: int = SUMMARY_MAX_BYTES) -> str:
    """The summary, cut at a line boundary with a note when it exceeds `limit` bytes."""
    if len(markdown.encode("utf-8")) <= limit:
        return markdown
    budget = limit - len(TRUNCATED.encode("utf-8"))
    head = markdown.encode("utf-8")[:budget].decode("utf-8", errors="ignore")
    return head[: head.rfind("\n") + 1] + TRUNCATED


def _append_summary(markdown: str, environ: t.Mapping[str, str]) -> None:
    target = environ.get(STEP_SUMMARY)
    if not target:
        return
    try:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(fit_summary(markdown))
    except OSError as exc:  # the job summary is a convenience: never fail the check over it
        click.echo(f"warning: cannot write the job summary to {target}: {exc}", err=True)


def emit(
    document: D,
    renderers: Registry[D],
    settings: OutputSettings,
    environ: t.Mapping[str, str] | None = None,
) -> None:
    """Render the main format and every extra report of `document`, and append the job summary.

    Every command that prints a document writes it here, with the formats of its `renderers`.
    """
    environ = os.environ if environ is None else environ
    main = renderers.build(settings.format, color=settings.color, verbosity=settings.verbosity)
    # Files never get colour: their renderers are built plain.
    plain: dict[str, Renderer[D]] = {}
    # Each target is rendered in pieces as it is written (a format that cannot stream gives one
    # piece): a run of 100,000 manifests never holds a whole report in memory. A format named
    # twice (--format json --report json=...) is rendered twice, from the same document.
    for fmt, path in settings.reports:
        renderer = plain.setdefault(fmt, renderers.build(fmt, verbosity=settings.verbosity))
        write_atomic(path, renderer.chunks(document))
    if settings.output is not None:  # --output is never coloured (see checker.cli.build)
        write_atomic(settings.output, main.chunks(document))
    else:
        for piece in main.chunks(document):
            click.echo(piece, nl=False, color=settings.color)
    for renderer in [main, *plain.values()]:
        summary = renderer.summary_markdown(document)
        if summary is not None:
            _append_summary(summary, environ)
            break
