"""`llm-policy catalog diff A B [MANIFEST...]`: the facts that changed, and whose decisions.

A and B are catalogs as `--catalog` names them (folders, bundle files, installed versions,
`shipped`). The facts are compared as the catalogs hold them (`checker.catalog.diff`); the
manifests are decided under each catalog with the run's policies, overlays, waivers and
`--fail-on`, and compared as `impact` compares two policy revisions
(`checker.impact.comparison.compare`).
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, replace

from checker.catalog.diff import diff_catalogs
from checker.catalog.model import Catalog
from checker.catalog.report import CatalogDiffReport, CatalogSide
from checker.catalog.select import resolve
from checker.emit import emit
from checker.formats import CATALOG_DIFF_FORMATS
from checker.header import ReportHeader, build_header, catalog_digest
from checker.impact.comparison import compare
from checker.policy_set import build_policy_set
from checker.result import ManifestResult
from checker.run import find_manifests, open_run
from checker.settings import OutputSettings, RunSettings

if t.TYPE_CHECKING:
    from pathlib import Path


@dataclass(frozen=True)
class DiffSettings:
    """The two catalogs, as given: A (the base) and B (the head)."""

    base: str
    head: str


def _side(label: str, catalog: Catalog) -> CatalogSide:
    return CatalogSide(label, catalog.version, catalog.date, catalog_digest(catalog.data))


def _decide(run: RunSettings, paths: t.Sequence[Path]) -> tuple[list[ManifestResult], ReportHeader]:
    with open_run(run) as opened:
        return [opened.check(p) for p in paths], opened.header


def execute(run: RunSettings, output: OutputSettings, settings: DiffSettings) -> int:
    """Compare the two catalogs (and, with manifests, their decisions); 0 when compared."""
    base, head = resolve(settings.base), resolve(settings.head)
    facts = tuple(diff_catalogs(base.data, head.data))
    impacts = None
    if run.paths:
        paths = find_manifests(run.paths)
        # One side after the other: a single --opa-url server holds one policy set at a time.
        before, _ = _decide(replace(run, catalog=settings.base), paths)
        after, header = _decide(replace(run, catalog=settings.head), paths)
        impacts = tuple(compare(b, a, run.threshold) for b, a in zip(before, after, strict=True))
    else:
        policy_set = build_policy_set(run.policies, run.data, catalog=head)
        header = build_header(policy_set, None, run.as_of)
    document = CatalogDiffReport(
        header,
        _side(settings.base, base),
        _side(settings.head, head),
        facts,
        run.threshold,
        impacts,
    )
    emit(document, CATALOG_DIFF_FORMATS, output)
    return 0
