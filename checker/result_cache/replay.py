"""A manifest through the cache: looked up (a hit replayed), or evaluated and its line made."""

from __future__ import annotations

import hashlib
import typing as t
from dataclasses import dataclass
from pathlib import Path

from checker.errors import EngineError
from checker.result import ManifestResult
from checker.result_cache.entry import SOURCE, Entry, ReplayMap, Unrecorded
from checker.result_cache.key import cache_enabled, results_dir, run_key
from checker.result_cache.store import ResultCache, entry_line

if t.TYPE_CHECKING:
    from checker.engine import Engine
    from checker.policy_set import PolicySet
    from checker.runner import Runner
    from checker.scan.reference import ScanReference


def open_cache(
    policy_set: PolicySet,
    engine: Engine | None,
    *,
    enabled: bool,
    as_of: str | None,
    max_bytes: int,
    opa_url: str | None = None,
) -> ResultCache | None:
    """The run's cache, or None: turned off, or nothing is evaluated."""
    if not enabled or engine is None or not cache_enabled():
        return None
    key = run_key(policy_set, engine, as_of=as_of, max_bytes=max_bytes, opa_url=opa_url)
    return ResultCache(results_dir(), key)


@dataclass(frozen=True)
class Miss:
    """A manifest the cache does not hold, with what storing its result needs."""

    path: Path
    key: str
    sha256: str
    # check --scan: the scan's references (read before the key), so they are not read again.
    evidence: tuple[ScanReference, ...] | None = None


def _where(result: ManifestResult) -> dict[str, tuple[int, int] | None]:
    """Where each finding's path was located (the answer the source map gave)."""
    return {
        f.path: None if f.source_file is not None or f.line is None else (f.line, f.column or 1)
        for f in result.findings
    }


def probe(runner: Runner, path: Path) -> ManifestResult | Miss | None:
    """`path`'s result from `runner.cache` (a hit); else a `Miss`; None: nothing to cache.

    The key is made from the bytes read here. A stored entry is replayed: its decision read
    as an engine's is (`Runner.decided` with its verdicts checked), its positions from the
    entry; one that does not fit is a miss.
    """
    from checker.loader.model import ParseFailed
    from checker.loader.reading import read_bounded
    from checker.runner import display_path, scan_evidence

    cache = runner.cache
    assert cache is not None
    try:
        content = read_bounded(path, runner.max_bytes)
    except ParseFailed:  # unreadable, too large: the check says so, nothing to cache
        return None
    evidence = scan_evidence(path, runner.catalog, runner.aliases) if runner.scan else None
    scan = None if evidence is None else [r.as_dict() for r in evidence]
    sha256 = hashlib.sha256(content).hexdigest()
    key = cache.key(sha256, json_name=path.name.lower().endswith(".json"), scan=scan)
    entry = cache.get(key, sha256)
    if entry is not None:
        base = (
            ManifestResult(
                manifest=display_path(path),
                project=entry.project,
                sha256=sha256,
                errors=entry.problems,
            )
            if entry.loaded
            else ManifestResult(manifest=display_path(path), errors=entry.problems)
        )
        if entry.raw is None:
            cache.hit(key)
            return base
        try:
            result = runner.decided(
                entry.raw,
                base,
                path,
                ReplayMap(entry.where or {}),
                written=entry.written,
                evidence=evidence,
                verify=SOURCE,
            )
        except (Unrecorded, EngineError):  # an entry that does not fit: never trusted
            pass
        else:
            cache.hit(key)
            return result
    cache.refuse(key)
    return Miss(path, key, sha256, evidence)


def evaluate(runner: Runner, miss: Miss) -> tuple[ManifestResult, bytes | None]:
    """`miss` checked, and its cache line (None: not cacheable, or the file changed meanwhile)."""
    seen: dict[str, t.Any] = {}

    def record(document: dict[str, t.Any], raw: dict[str, t.Any]) -> None:
        seen["document"], seen["raw"] = document, raw

    runner.raw_seen = record
    try:
        result = runner.check_file(miss.path, scanned=miss.evidence)
    finally:
        runner.raw_seen = None
    if (
        not result.sha256
        and result.errors
        and all(p.line is not None for p in result.errors)
        and _unchanged(miss, runner.max_bytes)
    ):
        # Not loaded: cached when the problems are the parser's (each at a line: a file that
        # could not be read is tried again next time) and the bytes did not change meanwhile.
        failed = Entry(None, miss.sha256, result.errors, loaded=False)
        return result, entry_line(miss.key, failed)
    if result.sha256 != miss.sha256:
        return result, None  # not loaded, or changed since it was read
    if result.errors:
        return result, entry_line(miss.key, Entry(result.project, result.sha256, result.errors))
    if "raw" not in seen or result.decision is None:
        return result, None
    spec = seen["document"].get("spec")
    models = spec.get("models") if isinstance(spec, dict) else None
    stored = Entry(
        result.project,
        result.sha256,
        raw=seen["raw"],
        models=tuple(models) if isinstance(models, list) else (),
        written=tuple(m.written for m in result.decision.models),
        where=_where(result),
    )
    return result, entry_line(miss.key, stored)


def _unchanged(miss: Miss, max_bytes: int) -> bool:
    """Whether `miss.path` still holds the bytes its key was made from."""
    from checker.loader.model import ParseFailed
    from checker.loader.reading import read_bounded

    try:
        content = read_bounded(miss.path, max_bytes)
    except ParseFailed:
        return False
    return hashlib.sha256(content).hexdigest() == miss.sha256


def check_cached(runner: Runner, path: Path) -> ManifestResult:
    """`runner.check(path)` through `runner.cache`: a hit, else checked and its line kept."""
    assert runner.cache is not None
    found = probe(runner, path)
    if found is None:
        return runner.check_file(path)
    if isinstance(found, ManifestResult):
        return found
    result, line = evaluate(runner, found)
    if line is not None:
        runner.cache.add(found.key, line)
    return result
