"""The result cache: a manifest checked before with the same policies is not evaluated again.

Like ruff's and mypy's caches, it keeps what a check computed from a file's bytes, under a key
that names everything that computation read:

- the manifest's bytes, and whether its name makes it JSON or YAML;
- the run key: the policy set's digest (every Rego source and the merged data document, so the
  catalog, organisation data files and settings overlays), the engine's name, version and the
  policy and catalog digests it decides with (an OPA server's are its own, with its URL), the
  run's as-of day (date-bound rules read `input.asOf`), the largest manifest read, and the
  checker itself (its version, the size and modification time of the modules a cached value
  comes from, `STAMPED`, and the manifest schema);
- `check --scan`: the scan's references (`input.scan`), so changed code is evaluated again.

The value is what the engine and the validator said, before anything that depends on where the
file is or on the day's waivers: the parse or schema problems, or the raw decision with the
manifest's requested models, the model ids as written and the line and column of each finding's
path. Waivers, the path shown, the scan's file locations and the gate are applied after the
cache, on every run, so they never make a stale answer.

One file per key under `$XDG_CACHE_HOME/llm-policy/results` (default
`~/.cache/llm-policy/results`; `$LLM_POLICY_CACHE/results` when that names a folder), written
atomically (a temporary file, then a rename: a concurrent run or worker reads the old file or
the new, never half of one). The folder is kept under `DEFAULT_LIMIT` bytes: after a run the
oldest entries go first. `--no-cache`, `cache: false` or `LLM_POLICY_CACHE=off` turn it off
(`LLM_POLICY_RESULT_CACHE=off` turns off this cache alone, keeping the parse cache).

An entry is never trusted: one that does not parse, has another format or shape, another key
(another manifest's entry copied in), or whose value's digest does not match is ignored and
rewritten; and its decision goes through `check_decision` again, as an engine's answer does, so
an edited entry cannot state a pass its own findings contradict.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import typing as t
from dataclasses import dataclass
from pathlib import Path

from checker.errors import EngineError
from checker.loader import SourceMap
from checker.problems import Problem
from checker.result import ManifestResult

if t.TYPE_CHECKING:
    from checker.engine import Engine
    from checker.policy_set import PolicySet
    from checker.runner import Runner

# Part of every key and entry: bump it when an entry's meaning changes.
FORMAT = 1
DEFAULT_LIMIT = 256 * 2**20
OFF = ("off", "0", "none", "false", "no")
SOURCE = "the result cache"


def cache_enabled(environ: t.Mapping[str, str] | None = None) -> bool:
    """False when `LLM_POLICY_CACHE` turns all caches off, or `LLM_POLICY_RESULT_CACHE` this one."""
    environ = os.environ if environ is None else environ
    return all(
        environ.get(name, "").lower() not in OFF
        for name in ("LLM_POLICY_CACHE", "LLM_POLICY_RESULT_CACHE")
    )


def results_dir(environ: t.Mapping[str, str] | None = None) -> Path:
    """Where entries are kept: `$LLM_POLICY_CACHE/results`, else under the XDG cache home."""
    environ = os.environ if environ is None else environ
    root = environ.get("LLM_POLICY_CACHE", "")
    if root and os.path.isabs(root):
        return Path(root) / "results"
    xdg = environ.get("XDG_CACHE_HOME", "")  # as checker.catalog.store.cache_home reads it
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "llm-policy" / "results"


def _digest(value: t.Any) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(text.encode()).hexdigest()


# The modules a cached value comes from (reading, parsing with positions, aliases, validation and
# its messages, the engines and the decision's shape, this module), and the manifest schema. The
# rest of the checker runs after the cache on every run (findings, waivers, reports), so an edit
# there needs no new key.
STAMPED = (
    "loader",
    "engine",
    "aliases.py",
    "data_files.py",
    "policy_set.py",
    "problems.py",
    "result_cache.py",
    "runner.py",
    "schema_messages.py",
    "validator.py",
    "yaml_safe.py",
)


def checker_stamp() -> str:
    """The checker's version, its deciding modules' sizes and times, and the manifest schema."""
    import checker
    from checker.resources import resource_dir

    package = Path(checker.__file__).parent
    h = hashlib.sha256(checker.__version__.encode())
    found: list[str] = []
    for name in STAMPED:
        top = package / name
        if top.is_dir():
            found.extend(str(p) for p in top.rglob("*.py"))
        else:
            found.append(str(top))
    for full in sorted(found):
        with contextlib.suppress(OSError):
            status = os.stat(full)
            h.update(f"{full}\0{status.st_size}\0{status.st_mtime_ns}\0".encode())
    with contextlib.suppress(OSError):
        h.update((resource_dir("schemas") / "manifest.schema.json").read_bytes())
    return h.hexdigest()


def run_key(
    policy_set: PolicySet,
    engine: Engine,
    *,
    as_of: str | None,
    max_bytes: int,
    opa_url: str | None = None,
) -> str:
    """Everything besides the manifest (and the scan) that a decision depends on, as a digest."""
    provenance = engine.provenance
    return _digest(
        {
            "format": FORMAT,
            "checker": checker_stamp(),
            "policies": policy_set.digest,
            "engine": [engine.name, engine.version, opa_url],
            "decides_with": [
                provenance.policy_digest,
                provenance.catalog_digest,
                provenance.catalog_version,
            ],
            "asOf": as_of,
            "maxBytes": max_bytes,
        }
    )


@dataclass(frozen=True)
class Entry:
    """What a check computed from one manifest's bytes (see the module docstring)."""

    project: str | None
    sha256: str
    problems: tuple[Problem, ...] = ()
    # Decided manifests only: the raw decision and what reading it again needs.
    raw: dict[str, t.Any] | None = None
    models: tuple[t.Any, ...] = ()
    written: tuple[str, ...] = ()
    where: t.Mapping[str, tuple[int, int] | None] | None = None

    def as_json(self) -> dict[str, t.Any]:
        """The entry as plain JSON values."""
        return {
            "project": self.project,
            "sha256": self.sha256,
            "problems": [[p.path, p.message, p.line, p.column] for p in self.problems],
            "raw": self.raw,
            "models": list(self.models),
            "written": list(self.written),
            "where": None
            if self.where is None
            else {k: None if v is None else list(v) for k, v in self.where.items()},
        }


class Unrecorded(Exception):
    """A cached decision asked for a position the entry does not hold: check the file again."""


class RecordingMap(SourceMap):
    """A source map that remembers every path located through it (and the answer)."""

    def __init__(self, inner: SourceMap) -> None:
        super().__init__(inner.positions)
        object.__setattr__(self, "seen", {})

    def locate(self, path: str) -> tuple[int, int] | None:
        """See `SourceMap.locate`; the answer is recorded."""
        found = super().locate(path)
        t.cast(dict[str, t.Any], self.__dict__["seen"])[path] = found
        return found


class ReplayMap(SourceMap):
    """The positions an entry recorded; any other path raises `Unrecorded`."""

    def __init__(self, where: t.Mapping[str, tuple[int, int] | None]) -> None:
        super().__init__({})
        object.__setattr__(self, "where", where)

    def locate(self, path: str) -> tuple[int, int] | None:
        """The recorded answer for `path`."""
        where = t.cast(t.Mapping[str, t.Any], self.__dict__["where"])
        if path not in where:
            raise Unrecorded(path)
        found: tuple[int, int] | None = where[path]
        return found


def _position(value: t.Any) -> tuple[int, int] | None:
    if value is None:
        return None
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in value)
    ):
        return (value[0], value[1])
    raise ValueError("a position is [line, column]")


def _optional_int(value: t.Any) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise ValueError("not an integer")


def _text(value: t.Any) -> str:
    if not isinstance(value, str):
        raise ValueError("not text")
    return value


def _entry(value: t.Any) -> Entry:
    """An `Entry` from its JSON, strictly; anything else is `ValueError`."""
    if not isinstance(value, dict) or set(value) != {
        "project",
        "sha256",
        "problems",
        "raw",
        "models",
        "written",
        "where",
    }:
        raise ValueError("not an entry")
    project = value["project"]
    if project is not None:
        _text(project)
    problems = []
    for item in value["problems"] if isinstance(value["problems"], list) else [None]:
        if not isinstance(item, list) or len(item) != 4:
            raise ValueError("a problem is [path, message, line, column]")
        problems.append(
            Problem(_text(item[0]), _text(item[1]), _optional_int(item[2]), _optional_int(item[3]))
        )
    raw, models, written, where = value["raw"], value["models"], value["written"], value["where"]
    if not isinstance(models, list) or not isinstance(written, list):
        raise ValueError("models and written are lists")
    if raw is None:
        if not problems or models or written or where is not None:
            raise ValueError("an entry holds problems or a decision")
        return Entry(project, _text(value["sha256"]), tuple(problems))
    if problems or not isinstance(raw, dict) or not isinstance(where, dict):
        raise ValueError("a decided entry holds a decision and its positions")
    # The decision is read as an engine's answer is: its shape, and every verdict recomputed.
    from checker.engine.decision_shape import check_decision

    try:
        decision = check_decision(raw, {"spec": {"models": models}}, source=SOURCE)
    except EngineError as exc:
        raise ValueError(str(exc)) from None
    return Entry(
        project,
        _text(value["sha256"]),
        raw=decision,
        models=tuple(models),
        written=tuple(_text(w) for w in written),
        where={_text(k): _position(v) for k, v in where.items()},
    )


class ResultCache:
    """Entries for one run key in one folder (`folder/<2 hex>/<key>.json`)."""

    def __init__(self, folder: Path, key: str, *, limit: int = DEFAULT_LIMIT) -> None:
        self.folder = folder
        self.run_key = key
        self.limit = limit
        self.hits = 0
        self.misses = 0

    def key(self, content: bytes, *, json_name: bool, scan: t.Any = None) -> str:
        """The key of one manifest's bytes (and its scan input, if any) in this run."""
        h = hashlib.sha256(f"{self.run_key}\0{int(json_name)}\0".encode())
        if scan is not None:
            h.update(b"scan\0" + json.dumps(scan, sort_keys=True, allow_nan=False).encode())
        h.update(b"\0" + content)
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> Entry | None:
        """The entry stored under `key`, or None (absent, unreadable, foreign or tampered)."""
        try:
            stored = json.loads(self._path(key).read_bytes())
            if (
                not isinstance(stored, dict)
                or stored.get("format") != FORMAT
                or stored.get("key") != key
                or stored.get("digest") != _digest(stored.get("value"))
            ):
                raise ValueError("foreign entry")
            entry = _entry(stored["value"])
        except (OSError, ValueError, TypeError, RecursionError):
            self.misses += 1
            return None
        self.hits += 1
        return entry

    def put(self, key: str, entry: Entry) -> None:
        """Store `entry` under `key` (atomically); a cache that cannot be written is no cache."""
        try:
            value = entry.as_json()
            text = json.dumps(
                {"format": FORMAT, "key": key, "digest": _digest(value), "value": value},
                allow_nan=False,
            )
        except (TypeError, ValueError):  # not JSON: evaluate it every time
            return
        path = self._path(key)
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(text)
                os.replace(tmp, path)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    def prune(self) -> int:
        """Delete the oldest entries until the folder holds at most `limit` bytes; how many."""
        return prune(self.folder, self.limit)


def prune(folder: Path, limit: int) -> int:
    """Delete the oldest files under `folder` (one level of subfolders) beyond `limit` bytes."""
    files: list[tuple[float, int, str]] = []
    try:
        subfolders = list(os.scandir(folder))
    except OSError:
        return 0
    for sub in subfolders:
        if not sub.is_dir(follow_symlinks=False):
            continue
        with contextlib.suppress(OSError):
            for item in os.scandir(sub.path):
                with contextlib.suppress(OSError):
                    status = item.stat(follow_symlinks=False)
                    files.append((status.st_mtime, status.st_size, item.path))
    total = sum(size for _, size, _ in files)
    removed = 0
    for _, size, path in sorted(files):
        if total <= limit:
            break
        with contextlib.suppress(OSError):
            os.unlink(path)
            removed += 1
        total -= size
    return removed


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


def _where(result: ManifestResult) -> dict[str, tuple[int, int] | None]:
    """Where each finding's path was located (the answer the source map gave)."""
    return {
        f.path: None if f.source_file is not None or f.line is None else (f.line, f.column or 1)
        for f in result.findings
    }


def check_cached(runner: Runner, path: Path) -> ManifestResult:
    """`runner.check(path)` through `runner.cache`: replayed from an entry, else checked and stored.

    The key is made from the bytes read here; an entry is stored only when the check read the
    same bytes (a file that changed in between is checked, not cached).
    """
    from checker.loader.model import ParseFailed
    from checker.loader.reading import read_bounded
    from checker.runner import display_path, scan_evidence

    cache = runner.cache
    assert cache is not None
    try:
        content = read_bounded(path, runner.max_bytes)
    except ParseFailed:  # unreadable, too large: the check says so, nothing to cache
        return runner.check_file(path)
    evidence = scan_evidence(path, runner.catalog, runner.aliases) if runner.scan else None
    scan = None if evidence is None else [r.as_dict() for r in evidence]
    key = cache.key(content, json_name=path.name.lower().endswith(".json"), scan=scan)
    entry = cache.get(key)
    if entry is not None and entry.sha256 == hashlib.sha256(content).hexdigest():
        base = ManifestResult(
            manifest=display_path(path),
            project=entry.project,
            sha256=entry.sha256,
            errors=entry.problems,
        )
        if entry.raw is None:
            return base
        try:
            return runner.decided(
                entry.raw,
                base,
                path,
                ReplayMap(entry.where or {}),
                written=entry.written,
                evidence=evidence,
            )
        except (Unrecorded, EngineError):  # an entry that does not fit: never trusted
            pass
    if entry is not None:  # read, but not for these bytes, or it did not fit: a miss
        cache.hits -= 1
        cache.misses += 1
    seen: dict[str, t.Any] = {}

    def record(document: dict[str, t.Any], raw: dict[str, t.Any]) -> None:
        seen["document"], seen["raw"] = document, raw

    runner.raw_seen = record
    try:
        result = runner.check_file(path, scanned=evidence)
    finally:
        runner.raw_seen = None
    if result.sha256 != hashlib.sha256(content).hexdigest():
        return result  # not loaded (a parse failure) or changed since it was read
    if result.errors:
        cache.put(key, Entry(result.project, result.sha256, result.errors))
    elif "raw" in seen and result.decision is not None:
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
        cache.put(key, stored)
    return result
