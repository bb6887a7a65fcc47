"""The pipeline for each manifest: load, validate, evaluate, build the result."""

from __future__ import annotations

import os
import typing as t
from dataclasses import replace
from pathlib import Path

from checker.aliases import build_alias_index, resolve_models
from checker.engine import Engine
from checker.errors import EngineError
from checker.evaluation import WaiverSource, build_decision, build_findings
from checker.loader import LoadFailure, SourceMap, load_manifest
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
        as_of: str | None = None,
    ) -> None:
        self.engine = engine
        self.rules = rules
        self.regions = regions
        self.max_bytes = max_bytes
        self.waivers = waivers
        self.catalog = catalog or {}
        # The ids people write (vendor, provider and Hugging Face ids) -> catalog ids.
        self.aliases = build_alias_index(self.catalog)
        # The parsed manifest is the largest part of a result; only audit, explain and recommend
        # read it, so a plain check drops it and 10,000 results stay small.
        self.keep_facts = keep_facts
        # The run's as-of day, sent with every manifest as input.asOf (date-bound rules read it).
        self.as_of = as_of

    def check(self, path: Path) -> ManifestResult:
        """The result for one manifest file; engine failures propagate as `EngineError`.

        Without an engine the manifest is only loaded and validated.
        """
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
        if problems or self.engine is None:
            return base
        data, written = resolve_models(loaded.data, self.aliases)
        return self.decide(data, base, path, loaded.source_map, written=written)

    def decide(
        self,
        data: dict[str, t.Any],
        base: ManifestResult,
        path: Path,
        source_map: SourceMap | None = None,
        *,
        written: t.Sequence[str] = (),
    ) -> ManifestResult:
        """`base` with the decision on `data` (the manifest at `path`, as validated).

        Waivers are looked up for `path` and `base.project`, so a changed copy of a manifest
        (a `recommend` candidate) is decided with the waivers of the manifest it came from.
        """
        if self.engine is None:
            raise EngineError("decide needs an engine: this run only validates")
        raw = self.engine.evaluate({**data, "asOf": self.as_of} if self.as_of else data)
        waiver_for = self.waivers(path, base.project) if self.waivers is not None else None
        located = source_map if source_map is not None else SourceMap({})
        findings = build_findings(raw, self.rules, located, waiver_for, self.catalog)
        decision = build_decision(raw, findings, written)
        return replace(base, decision=decision, findings=findings)

    def run(self, paths: t.Iterable[Path]) -> t.Iterator[ManifestResult]:
        """Results in the order of `paths`, produced lazily so large runs stream."""
        for path in paths:
            yield self.check(path)
