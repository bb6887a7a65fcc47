"""The pipeline for each manifest: load, validate, evaluate, build the result."""

from __future__ import annotations

import os
import typing as t
from dataclasses import replace
from pathlib import Path, PurePosixPath

from checker.aliases import Alias, build_alias_index, resolve_models
from checker.discovery import discover, is_manifest_name
from checker.engine import Engine
from checker.errors import EngineError
from checker.evaluation import (
    WaiverSource,
    build_decision,
    collect_findings,
    waived_findings,
)
from checker.loader import LoadFailure, SourceMap, load_manifest
from checker.metadata import RuleMeta
from checker.result import ManifestResult
from checker.scan.reference import ScanReference
from checker.validator import validate

if t.TYPE_CHECKING:
    from checker.result_cache import ResultCache


def display_path(path: Path) -> str:
    """The path as a user would write it: relative to the working directory when inside it."""
    absolute = os.path.abspath(path)
    if os.sep == "/":  # as `PurePath.relative_to` gives it, in string operations (10,000 a run)
        cwd = os.getcwd()
        inside = cwd if cwd.endswith("/") else f"{cwd}/"
        if absolute == cwd:
            shown = "."
        elif absolute.startswith(inside):
            shown = absolute[len(inside) :]
        else:
            shown = path.as_posix()
    else:
        try:
            shown = Path(absolute).relative_to(Path.cwd()).as_posix()
        except ValueError:
            shown = path.as_posix()
    # Bytes that are not UTF-8 in a file name come back as lone surrogates, which no report can
    # encode; show them as U+FFFD instead.
    return os.fsencode(shown).decode("utf-8", errors="replace")


def owned_subfolders(folder: Path) -> list[Path]:
    """The subfolders of `folder` that hold a manifest of their own: their code belongs to it.

    Only the outermost such folders (a folder inside one is excluded with it).
    """
    found = sorted({m.parent for m in discover([folder]) if m.parent != folder})
    outermost: list[Path] = []
    for sub in found:
        if not any(sub.is_relative_to(kept) for kept in outermost):
            outermost.append(sub)
    return outermost


def scan_evidence(
    manifest: Path, catalog: t.Mapping[str, t.Any], aliases: t.Mapping[str, Alias]
) -> tuple[ScanReference, ...]:
    """What the code in `manifest`'s folder uses (`check --scan`), files relative to that folder.

    Subfolders with a manifest of their own are left out: they belong to that manifest. A model
    the scanner gives by an alias is taken by its catalog id, as the manifest's are.
    """
    from checker.scan.scanner import scan_paths

    folder = manifest.parent
    found = scan_paths([folder], catalog, exclude=owned_subfolders(folder), base=folder)
    # A manifest names the models it declares: that is the claim, not evidence of use.
    return tuple(
        _catalog_model(r, aliases)
        for r in found.references
        if not is_manifest_name(PurePosixPath(r.file).name)
    )


def _catalog_model(ref: ScanReference, aliases: t.Mapping[str, Alias]) -> ScanReference:
    known = aliases.get(ref.model.lower()) if ref.model else None
    if known is None or known.model == ref.model:
        return ref
    return replace(ref, model=known.model, provider=ref.provider or known.provider)


def rebased(ref: ScanReference, folder: Path) -> ScanReference:
    """`ref` with its file as reports show it: relative to the working directory."""
    return replace(ref, file=display_path(folder / ref.file))


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
        scan: bool = False,
        cache: ResultCache | None = None,
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
        # check --scan: each manifest is held to the code in its folder (input.scan).
        self.scan = scan
        # The result cache (checker.result_cache): None evaluates every manifest.
        self.cache = cache
        # Told each input document and raw decision (the cache stores them on a miss).
        self.raw_seen: t.Callable[[dict[str, t.Any], dict[str, t.Any]], None] | None = None

    def check(self, path: Path) -> ManifestResult:
        """The result for one manifest file; engine failures propagate as `EngineError`.

        Without an engine the manifest is only loaded and validated. With a cache, a manifest
        whose bytes (and scan) were checked before under the same run key is not evaluated again.
        """
        if self.cache is not None and not self.keep_facts:
            from checker.result_cache import check_cached

            return check_cached(self, path)
        return self.check_file(path)

    def check_file(
        self, path: Path, *, scanned: tuple[ScanReference, ...] | None = None
    ) -> ManifestResult:
        """`check` without the cache; `scanned`: the scan's references, when already scanned."""
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
        evidence = scanned
        if self.scan and evidence is None:
            evidence = scan_evidence(path, self.catalog, self.aliases)
        return self.decide(data, base, path, loaded.source_map, written=written, evidence=evidence)

    def decide(
        self,
        data: dict[str, t.Any],
        base: ManifestResult,
        path: Path,
        source_map: SourceMap | None = None,
        *,
        written: t.Sequence[str] = (),
        evidence: t.Sequence[ScanReference] | None = None,
    ) -> ManifestResult:
        """`base` with the decision on `data` (the manifest at `path`, as validated).

        Waivers are looked up for `path` and `base.project`, so a changed copy of a manifest
        (a `recommend` candidate) is decided with the waivers of the manifest it came from.
        `evidence` (None: no scan) are the scan's references, files relative to `path`'s folder:
        the input's `scan.references`, and where the LLM-EVD findings are located.
        """
        if self.engine is None:
            raise EngineError("decide needs an engine: this run only validates")
        document = {**data, "asOf": self.as_of} if self.as_of else dict(data)
        if evidence is not None:
            document["scan"] = {"references": [r.as_dict() for r in evidence]}
        raw = self.engine.evaluate(document)
        if self.raw_seen is not None:
            self.raw_seen(document, raw)
        return self.decided(raw, base, path, source_map, written=written, evidence=evidence)

    def decided(
        self,
        raw: dict[str, t.Any],
        base: ManifestResult,
        path: Path,
        source_map: SourceMap | None = None,
        *,
        written: t.Sequence[str] = (),
        evidence: t.Sequence[ScanReference] | None = None,
        verify: str | None = None,
    ) -> ManifestResult:
        """`base` with the engine's raw decision `raw` read: findings, waivers, the decision.

        `verify` (the source's name, as errors give it): `raw` is not an engine's answer
        checked already (a result cache's entry), so every verdict it states is checked
        against its findings first (`EngineError`), with the findings built here.
        """
        waiver_for = self.waivers(path, base.project) if self.waivers is not None else None
        located = source_map if source_map is not None else SourceMap({})
        shown = tuple(rebased(r, path.parent) for r in evidence or ())
        found = collect_findings(raw, self.rules, located, self.catalog, evidence=shown)
        findings = waived_findings(found, waiver_for)
        decision = build_decision(raw, findings, written)
        if verify is not None:
            from checker.engine.decision_shape import check_verdicts

            unwaived = findings
            if any(f.waiver is not None or f.expired_waiver is not None for f in findings):
                unwaived = waived_findings(found)
                check_verdicts(raw, build_decision(raw, unwaived), unwaived, source=verify)
            else:  # no waiver touched them: the decision is the one before waivers
                check_verdicts(raw, decision, unwaived, source=verify)
        return replace(base, decision=decision, findings=findings, evidence=shown)

    def run(self, paths: t.Iterable[Path]) -> t.Iterator[ManifestResult]:
        """Results in the order of `paths`, produced lazily so large runs stream."""
        for path in paths:
            yield self.check(path)
