"""One run key's file of entries: indexed a chunk at a time, read a line at a time, written once.

The file is `<run key>.cache`: a header line (what it is, its format, its run key), then one line
per manifest, most recently used last: <key, 64 hex> TAB <digest, 64 hex> TAB <value> LF, the
digest over the key and the value's exact bytes, the value an entry as `checker.result_cache.entry`
stores it. A run never holds the file: it keeps each key's offsets, reads a line with `pread`
when it is looked up, and at the save copies lines from file to file the same way. So a run's
memory does not grow with the cache (100,000 manifests' entries are ~185 MB on disk).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
import typing as t
from pathlib import Path

from checker.result_cache.entry import Entry, pack, unpack
from checker.result_cache.folder import locked, prune
from checker.result_cache.key import FORMAT

HEADER = "llm-policy result cache"
SUFFIX = ".cache"
DEFAULT_LIMIT = 256 * 2**20
_KEY = 64
_VALUE = 2 * _KEY + 2
# A longer line is no entry's (entry_line does not write one): it is skipped, never held whole.
MAX_LINE = 4 * 2**20
_CHUNK = 2**20

Span = tuple[int, int]  # a line's first byte and its LF's offset in its file


def line_digest(key: bytes, value: bytes) -> bytes:
    """The digest a line holds for `key` and `value`."""
    h = hashlib.sha256(key)
    h.update(b"\t")
    h.update(value)
    return h.hexdigest().encode("ascii")


def entry_line(key: str, entry: Entry) -> bytes | None:
    """`entry`'s line for `key`; None when it cannot be stored (evaluated every time)."""
    value = pack(entry)
    if value is None:
        return None
    raw_key = key.encode("ascii")
    line = b"%s\t%s\t%s\n" % (raw_key, line_digest(raw_key, value), value)
    return line if len(line) <= MAX_LINE else None


def header(run_key: str) -> bytes:
    """A run key's file's first line."""
    return f"{HEADER}\t{FORMAT}\t{run_key}\n".encode("ascii")


def scan(fd: int, run_key: str) -> dict[str, Span]:
    """Each key's line in the file open as `fd`; {} for a file of another kind.

    Only the layout is looked at here: a line is verified when it is read. A last line without
    its LF (a truncated file) is left out; of two lines with one key the later counts.
    """
    head = header(run_key)
    if os.pread(fd, len(head), 0) != head:
        return {}
    index: dict[str, Span] = {}
    pos, pending, skipping = len(head), b"", False  # `pending` starts at offset `pos`
    while chunk := os.pread(fd, _CHUNK, pos + len(pending)):
        pending += chunk
        start = 0
        while (end := pending.find(b"\n", start)) >= 0:
            if skipping:
                skipping = False
            elif (
                end - start > _VALUE
                and pending[start + _KEY] == 9
                and pending[start + _VALUE - 1] == 9
            ):
                index[pending[start : start + _KEY].decode("ascii", "replace")] = (
                    pos + start,
                    pos + end,
                )
            start = end + 1
        pos, pending = pos + start, pending[start:]
        if len(pending) > MAX_LINE:
            pos, pending, skipping = pos + len(pending), b"", True
    return index


def _identity(status: os.stat_result) -> tuple[int, int, int, int]:
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


def _open(path: Path) -> tuple[int, os.stat_result] | None:
    """`path` open for reading, and its status; None when it is not a readable file."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        status = os.fstat(fd)
    except OSError:
        status = None
    if status is None or not stat.S_ISREG(status.st_mode):
        os.close(fd)
        return None
    return fd, status


class ResultCache:
    """The entries of one run key: `folder/<key>.cache`, indexed once, written once when saved."""

    def __init__(self, folder: Path, key: str, *, limit: int = DEFAULT_LIMIT) -> None:
        self.folder = folder
        self.run_key = key
        self.limit = limit
        self.hits = 0
        self.misses = 0
        self._fd: int | None = None
        self._identity: tuple[int, int, int, int] | None = None
        self._index: dict[str, Span] | None = None  # read on first use
        self._used: set[str] = set()
        self._refused: set[str] = set()
        # Lines computed by this run, kept in a temporary file until the save.
        self._fresh: dict[str, Span] = {}
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

    def _lines(self) -> dict[str, Span]:
        if self._index is None:
            self._index = {}
            opened = _open(self.path)
            if opened is not None:
                self._fd, status = opened
                self._identity = _identity(status)
                with contextlib.suppress(OSError):
                    self._index = scan(self._fd, self.run_key)
        return self._index

    def get(self, key: str, sha256: str) -> Entry | None:
        """The entry stored under `key` for bytes of this `sha256`, or None: absent or refused.

        Neither a hit nor a miss is counted here: the caller says which (`hit`, `refuse`).
        """
        span = self._lines().get(key)
        if span is None or self._fd is None:
            return None
        start, end = span
        try:
            line = os.pread(self._fd, end - start, start)
            value = line[_VALUE:]
            if len(line) != end - start or line[_KEY + 1 : _VALUE - 1] != line_digest(
                key.encode(), value
            ):
                raise ValueError("damaged entry")
            entry = unpack(value)
            if entry.sha256 != sha256:
                raise ValueError("another manifest's entry")
        except (OSError, ValueError, TypeError, RecursionError, UnicodeDecodeError):
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
        self._fresh[key] = (start, start + len(line) - 1)

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
        try:
            if not self._changed():
                if self._used:  # the file's age is its last use: prune keeps the recently used
                    with contextlib.suppress(OSError):
                        os.utime(self.path)
                return
            with contextlib.suppress(OSError):
                self.folder.mkdir(parents=True, exist_ok=True)
                with locked(self.folder):
                    self._write()
                prune(self.folder, self.limit, keep=self.path)
        finally:
            self.close()

    def _now(self) -> tuple[int | None, dict[str, Span], bool]:
        """The file as it is now (another run may have saved): its fd, index, and if opened here."""
        opened = _open(self.path)
        if opened is None:
            return None, {}, False
        fd, status = opened
        if self._fd is not None and _identity(status) == self._identity:
            os.close(fd)
            return self._fd, self._lines(), False
        try:
            return fd, scan(fd, self.run_key), True
        except OSError:
            os.close(fd)
            return None, {}, False

    def _write(self) -> None:
        now_fd, now, opened = self._now()
        try:
            self._write_from(now_fd, now)
        finally:
            if opened and now_fd is not None:
                os.close(now_fd)

    def _write_from(self, now_fd: int | None, now: dict[str, Span]) -> None:
        skip = self._used | self._refused | self._fresh.keys()
        parts: list[tuple[int, int, int]] = []
        if now_fd is not None:
            parts.extend((now_fd, *span) for key, span in now.items() if key not in skip)
        used = self._used - self._fresh.keys()
        if used and self._fd is not None:
            parts.extend((self._fd, *span) for key, span in self._lines().items() if key in used)
        if self._fresh_file is not None:
            self._fresh_file.flush()  # pread reads the file, not the write buffer
            fresh = self._fresh_file.fileno()
            parts.extend((fresh, *span) for span in self._fresh.values())
        head = header(self.run_key)
        total = len(head) + sum(end + 1 - start for _, start, end in parts)
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
                handle.write(head)
                for source, start, end in parts[drop:]:
                    line = os.pread(source, end + 1 - start, start)
                    if len(line) == end + 1 - start and line.endswith(b"\n"):
                        handle.write(line)
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
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None
        self._fresh = {}
        self._used, self._refused = set(), set()
        self._index, self._identity = None, None
