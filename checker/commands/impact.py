"""`llm-policy impact`: which manifests a policy or catalog change affects."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from checker.emit import emit
from checker.formats import IMPACT_FORMATS
from checker.impact.comparison import compare
from checker.impact.report import ImpactReport, Side
from checker.impact.revision import PolicyRevision, open_revision, working_tree
from checker.result import ManifestResult
from checker.run import find_manifests, open_run
from checker.settings import OutputSettings, RunSettings


@dataclass(frozen=True)
class ImpactSettings:
    """What `impact` adds to a run: the base, the repository, and whether a change fails."""

    base: str
    repo: Path = Path(".")
    fail_on_change: bool = False


def evaluate_all(
    revision: PolicyRevision, paths: list[Path], run: RunSettings
) -> tuple[list[ManifestResult], Side]:
    """Every manifest's result under one revision's policies (plus the run's org policies)."""
    with open_run(run, shipped=revision.root) as opened:
        return [opened.check(p) for p in paths], Side(revision, opened.header)


def execute(run: RunSettings, output: OutputSettings, settings: ImpactSettings) -> int:
    """Compare; 1 only with `fail_on_change` when a manifest changes, else 0."""
    paths = find_manifests(run.paths)
    head = working_tree(settings.repo)
    # One side after the other: a single --opa-url server holds one policy set at a time.
    with open_revision(settings.base, settings.repo) as base:
        before, base_side = evaluate_all(base, paths, run)
    after, head_side = evaluate_all(head, paths, run)
    impacts = tuple(compare(b, a, run.threshold) for b, a in zip(before, after, strict=True))
    emit(ImpactReport(base_side, head_side, run.threshold, impacts), IMPACT_FORMATS, output)
    changed = any(i.changed for i in impacts)
    return 1 if settings.fail_on_change and changed else 0
