"""The pipeline for each manifest: load, validate, evaluate, build the result."""

from __future__ import annotations

import os
import typing as t
from pathlib import Path

from checker.engine import Engine
from checker.evaluation import WaiverSource, build_decision, build_findings
from checker.loader import LoadFailure, load_manifest
from checker.metadata import RuleMeta
from checker.result import ManifestResult
from checker.validator import validate


def display_path(path: Path) -> str:
    """The path as a user would write it: relative to the working directory when inside it."""
    absolute = Path(os.path.abspath(path))
    try:
        shown = absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        shown = path.as_posix()
    # Bytes that are not UTF-8 in a file name come back as lone surrogates, which no report can
    # encode; show them as U+FFFD instead.
    return os.fsencode(shown).decode("utf-8", errors="replace")


class Runner:
    """Checks manifests one at a time with a loaded engine; one bad file never stops the rest."""

    def __init__(
        self,
        engine: Engine | None,
        rules: t.Mapping[str, RuleMeta],
        *,
        regions: t.Collection[str] = (),
        max_bytes: int = 1024 * 1024,
        waivers: WaiverSource | None = None,
        catalog: t.Mapping[str, t.Any] | None = None,
        keep_facts: bool = False,
    ) -> None:
        self.engine = engine
        self.rules = rules
        self.regions = regions
        self.max_bytes = max_bytes
        self.waivers = waivers
        self.catalog = catalog or {}
        # The parsed manifest is the largest part of a result; only audit, explain and recommend
        # read it, so a plain check drops it and 10,000 results stay small.
        self.keep_facts = keep_facts

    def check(self, path: Path, *, evaluate: bool = True) -> ManifestResult:
        """The result for one manifest file; engine failures propagate as `EngineError`."""
        shown = display_path(path)
        loaded = load_manifest(path, max_bytes=self.max_bytes)
        if isinstance(loaded, LoadFailure):
            return ManifestResult(manifest=shown, errors=loaded.problems)
        metadata = loaded.data.get("metadata")
        project = metadata.get("name") if isinstance(metadata, dict) else None
        problems = validate(loaded, regions=self.regions)
        base = ManifestResult(
            manifest=shown,
            project=project if isinstance(project, str) else None,
            sha256=loaded.sha256,
            errors=tuple(problems),
            facts=loaded.data if self.keep_facts else {},
        )
        if problems or not evaluate or self.engine is None:
            return base
        raw = self.engine.evaluate(loaded.data)
        waiver_for = self.waivers(path, base.project) if self.waivers is not None else None
        findings = build_findings(raw, self.rules, loaded.source_map, waiver_for, self.catalog)
        return ManifestResult(
            manifest=shown,
            project=base.project,
            sha256=loaded.sha256,
            decision=build_decision(raw, findings),
            findings=findings,
            facts=loaded.data if self.keep_facts else {},
        )

    def run(self, paths: t.Iterable[Path], *, evaluate: bool = True) -> t.Iterator[ManifestResult]:
        """Results in the order of `paths`, produced lazily so large runs stream."""
        for path in paths:
            yield self.check(path, evaluate=evaluate)
