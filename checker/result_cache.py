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

One file per run key, `$XDG_CACHE_HOME/llm-policy/results/<run key>.cache` (default
`~/.cache/llm-policy/results`; `$LLM_POLICY_CACHE/results` when that names a folder), like ruff's
per-package cache: a run reads it once, looks every manifest up before any work is dispatched
(a hit never reaches a worker), and when it closes writes it once, merged with what the file
holds by then and what the run computed, to a temporary file that is then renamed (a concurrent
run reads the old file or the new, never half of one; saves take a lock on the folder, so two
runs that close together both keep their entries). The file holds one line per manifest, most
recently used last; past `DEFAULT_LIMIT` bytes the least recently used lines go, and past it in
the folder the least recently used run keys' files. `--no-cache`, `cache: false` or
`LLM_POLICY_CACHE=off` turn it off (`LLM_POLICY_RESULT_CACHE=off` turns off this cache alone,
keeping the parse cache).

An entry is never trusted: a line whose digest (over its key and its value's exact bytes) does
not match, whose value does not parse or has another shape, or that was stored for other bytes
(another manifest's entry copied in) is a miss, evaluated again and rewritten; a file with
another header (another format, another run key, not a cache file) is all misses. A decision
is read as an engine's answer is: its shape checked, and every verdict it states recomputed
from its findings (`checker.engine.decision_shape`), so an edited entry cannot state a pass
its own findings contradict.
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
    from checker.scan.reference import ScanReference

# Part of every key and entry: bump it when an entry's meaning changes.
FORMAT = 2
# A file's first line: what it is, its format and its run key.
HEADER = "llm-policy result cache"
SUFFIX = ".cache"
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
    # False: the bytes did not load (not UTF-8, not YAML, not a mapping): a result without a
    # project or sha256, as the loader gives it.
    loaded: bool = True

    def as_json(self) -> dict[str, t.Any]:
        """The entry as plain JSON values."""
        return {
            "loaded": self.loaded,
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
        "loaded",
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
        loaded = value["loaded"]
        if not isinstance(loaded, bool) or (not loaded and project is not None):
            raise ValueError("a file that did not load has no project")
        return Entry(project, _text(value["sha256"]), tuple(problems), loaded=loaded)
    if value["loaded"] is not True:
        raise ValueError("a decided entry was loaded")
    if problems or not isinstance(raw, dict) or not isinstance(where, dict):
        raise ValueError("a decided entry holds a decision and its positions")
    # The decision's shape is checked as an engine's answer is; its verdicts when it is read
    # (`replay`), against the findings built from it then.
    from checker.engine.decision_shape import check_shape

    try:
        decision = check_shape(raw, {"spec": {"models": models}}, source=SOURCE)
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


# A line: <key, 64 hex> TAB <digest, 64 hex> TAB <value, compact JSON> LF. JSON escapes every
# control character, so a value never holds a TAB or LF of its own.
_KEY = 64
_VALUE = 2 * _KEY + 2


def _line_digest(key: bytes, value: bytes | memoryview) -> bytes:
    h = hashlib.sha256(key)
    h.update(b"\t")
    h.update(value)
    return h.hexdigest().encode("ascii")


def entry_line(key: str, entry: Entry) -> bytes | None:
    """`entry` as its line in a cache file; None when it is not JSON (evaluated every time)."""
    try:
        value = json.dumps(entry.as_json(), separators=(",", ":"), allow_nan=False).encode()
    except (TypeError, ValueError):
        return None
    raw_key = key.encode("ascii")
    return b"%s\t%s\t%s\n" % (raw_key, _line_digest(raw_key, value), value)


def _header(run_key: str) -> bytes:
    return f"{HEADER}\t{FORMAT}\t{run_key}\n".encode("ascii")


def _index(data: bytes, run_key: str) -> dict[str, tuple[int, int]]:
    """Each key's line in `data` (start, end before its LF); {} for a file of another kind.

    Only the layout is looked at here: a line is verified when it is looked up. A last line
    without its LF (a truncated file) is left out; of two lines with one key the later counts.
    """
    header = _header(run_key)
    if not data.startswith(header):
        return {}
    index: dict[str, tuple[int, int]] = {}
    pos, size = len(header), len(data)
    while pos < size:
        end = data.find(b"\n", pos)
        if end < 0:
            break
        if end - pos > _VALUE and data[pos + _KEY] == 9 and data[pos + _VALUE - 1] == 9:
            index[data[pos : pos + _KEY].decode("ascii", "replace")] = (pos, end)
        pos = end + 1
    return index


@contextlib.contextmanager
def _locked(folder: Path) -> t.Iterator[None]:
    """Hold an exclusive lock on `folder` (where there is `flock`; else no lock)."""
    try:
        import fcntl

        fd = os.open(folder, os.O_RDONLY)
    except (ImportError, OSError):
        yield
        return
    try:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


class ResultCache:
    """The entries of one run key: `folder/<key>.cache`, read once, written once when saved."""

    def __init__(self, folder: Path, key: str, *, limit: int = DEFAULT_LIMIT) -> None:
        self.folder = folder
        self.run_key = key
        self.limit = limit
        self.hits = 0
        self.misses = 0
        self._data = b""
        self._index: dict[str, tuple[int, int]] | None = None  # read on first use
        self._used: set[str] = set()
        self._refused: set[str] = set()
        # Lines computed by this run, kept in a temporary file until the save.
        self._fresh: dict[str, tuple[int, int]] = {}
        self._fresh_file: t.BinaryIO | None = None

    @property
    def path(self) -> Path:
        """The file of this run key."""
        return self.folder / f"{self.run_key}{SUFFIX}"

    def key(self, sha256: str, *, json_name: bool, scan: t.Any = None) -> str:
        """The key of one manifest (the sha256 of its bytes, and its scan input) in this run."""
        h = hashlib.sha256(f"{self.run_key}\0{int(json_name)}\0".encode())
        if scan is not None:
            h.update(b"scan\0" + json.dumps(scan, sort_keys=True, allow_nan=False).encode())
        h.update(b"\0" + sha256.encode("ascii"))
        return h.hexdigest()

    def _lines(self) -> dict[str, tuple[int, int]]:
        if self._index is None:
            try:
                self._data = self.path.read_bytes()
            except OSError:
                self._data = b""
            self._index = _index(self._data, self.run_key)
        return self._index

    def get(self, key: str, sha256: str) -> Entry | None:
        """The entry stored under `key` for bytes of this `sha256`, or None: absent or refused.

        Neither a hit nor a miss is counted here: the caller says which (`hit`, `refuse`).
        """
        span = self._lines().get(key)
        if span is None:
            return None
        start, end = span
        view = memoryview(self._data)
        value = view[start + _VALUE : end]
        try:
            if view[start + _KEY + 1 : start + _VALUE - 1] != _line_digest(key.encode(), value):
                raise ValueError("damaged entry")
            entry = _entry(json.loads(bytes(value)))
            if entry.sha256 != sha256:
                raise ValueError("another manifest's entry")
        except (ValueError, TypeError, RecursionError, UnicodeDecodeError):
            self._refused.add(key)
            return None
        return entry

    def hit(self, key: str) -> None:
        """Count a hit on `key`: its line is kept, as the most recently used."""
        self.hits += 1
        self._used.add(key)

    def refuse(self, key: str) -> None:
        """Count a miss; a stored line for `key` is not kept."""
        self.misses += 1
        if key in self._lines():
            self._refused.add(key)

    def add(self, key: str, line: bytes) -> None:
        """Keep `line` (from `entry_line`) for `key`, to be written when the run is saved."""
        if self._fresh_file is None:
            self._fresh_file = tempfile.TemporaryFile(prefix="llm-policy-cache-")  # noqa: SIM115
        start = self._fresh_file.seek(0, os.SEEK_END)
        self._fresh_file.write(line)
        self._fresh[key] = (start, start + len(line))

    def _changed(self) -> bool:
        if self._fresh or self._refused:
            return True
        # The lines used this run are last (most recently used) already: nothing to reorder.
        lines = self._lines()
        tail = list(lines)[len(lines) - len(self._used) :]
        return bool(self._used) and set(tail) != self._used

    def save(self) -> None:
        """Write this run key's file (merged, bounded, atomically); a cache unwritten is no cache.

        Lines this run neither used nor replaced come first, as the file holds them now
        (another run may have saved meanwhile), then the ones it used, then the new; the
        oldest go until the file fits `limit`. Then the folder is kept to `limit` (`prune`).
        """
        if not self._changed():
            if self._used:  # the file's age is its last use: prune keeps the recently used
                with contextlib.suppress(OSError):
                    os.utime(self.path)
            return
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            with _locked(self.folder):
                self._write()
            prune(self.folder, self.limit, keep=self.path)
        self.close()

    def _write(self) -> None:
        try:
            now = self.path.read_bytes()
        except OSError:
            now = b""
        skip = self._used | self._refused | set(self._fresh)
        parts: list[tuple[bytes | None, int, int]] = [
            (now, *span) for key, span in _index(now, self.run_key).items() if key not in skip
        ]
        lines = self._lines()
        used = self._used - set(self._fresh)
        parts.extend((self._data, *span) for key, span in lines.items() if key in used)
        # The new lines stay in their temporary file, read one at a time as they are written:
        # a cold run of 100,000 manifests holds ~400 MB of them, which read whole was the run's
        # peak memory. `None` marks a span of that file.
        parts.extend((None, start, end - 1) for start, end in self._fresh.values())
        header = _header(self.run_key)
        total = len(header) + sum(end + 1 - start for _, start, end in parts)
        drop = 0
        while drop < len(parts) and total > self.limit:
            total -= parts[drop][2] + 1 - parts[drop][1]
            drop += 1
        if drop == len(parts):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path)
            return
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(header)
                fresh = None
                if self._fresh_file is not None:
                    self._fresh_file.flush()  # pread reads the file, not the write buffer
                    fresh = self._fresh_file.fileno()
                for data, start, end in parts[drop:]:
                    if data is None:
                        assert fresh is not None
                        handle.write(os.pread(fresh, end + 1 - start, start))
                    else:
                        handle.write(memoryview(data)[start : end + 1])
            os.replace(tmp, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def close(self) -> None:
        """Drop what this run read and computed (after `save`, or instead of it)."""
        if self._fresh_file is not None:
            self._fresh_file.close()
            self._fresh_file = None
        self._fresh = {}
        self._used, self._refused = set(), set()
        self._data, self._index = b"", None


def prune(folder: Path, limit: int, *, keep: Path | None = None) -> int:
    """Delete the least recently used files in `folder` beyond `limit` bytes; how many.

    `keep` (this run's file) stays. Files in subfolders (the per-entry layout of format 1)
    count and go too, oldest first.
    """
    files: list[tuple[float, int, str]] = []
    try:
        top = list(os.scandir(folder))
    except OSError:
        return 0
    for item in top:
        with contextlib.suppress(OSError):
            if item.is_dir(follow_symlinks=False):
                for inner in os.scandir(item.path):
                    status = inner.stat(follow_symlinks=False)
                    files.append((status.st_mtime, status.st_size, inner.path))
            else:
                status = item.stat(follow_symlinks=False)
                files.append((status.st_mtime, status.st_size, item.path))
    total = sum(size for _, size, _ in files)
    removed = 0
    for _, size, path in sorted(files):
        if total <= limit:
            break
        if keep is not None and path == str(keep):
            continue
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
