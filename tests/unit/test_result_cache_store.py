"""The result cache's file, below the checks: indexed a chunk at a time, values bounded.

A run holds a cache file's offsets, never the file (at 100,000 manifests the file was the run's
peak memory), so the index is read in chunks: these tests make the chunks tiny, so that every
line spans several, and make lines too long to hold, and values that inflate too far.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

import pytest

from checker.problems import Problem
from checker.result_cache import entry as entry_module
from checker.result_cache import store
from checker.result_cache.entry import Entry, decode_value, encode_value
from checker.result_cache.store import ResultCache, entry_line, header, scan

RUN = "r" * 64


def _key(n: int) -> str:
    return f"{n:064x}"


def _entry(n: int) -> Entry:
    """A valid entry (a manifest with one schema problem) for bytes of sha256 `_key(n)`."""
    return Entry(f"p{n}", _key(n), (Problem("spec", "is required", 1, 1),))


def _lines(count: int) -> list[bytes]:
    made = [entry_line(_key(n), _entry(n)) for n in range(count)]
    return [line for line in made if line is not None]


def _file(tmp_path: Path, body: bytes) -> int:
    path = tmp_path / "f.cache"
    path.write_bytes(header(RUN) + body)
    return os.open(path, os.O_RDONLY)


@pytest.mark.parametrize("chunk", [1, 7, 64, 131, 4096])
def test_the_index_is_the_same_however_the_file_is_chunked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    lines = _lines(20)
    fd = _file(tmp_path, b"".join(lines) + lines[0][:50])  # and a truncated last line
    monkeypatch.setattr(store, "_CHUNK", chunk)
    try:
        index = scan(fd, RUN)
        assert list(index) == [_key(n) for n in range(20)]
        for n, (start, end) in enumerate(index.values()):
            assert os.pread(fd, end + 1 - start, start) == lines[n]
    finally:
        os.close(fd)


def test_a_line_too_long_to_be_an_entry_is_skipped_not_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = _lines(3)
    monster = _key(99).encode() + b"\t" + b"0" * 64 + b"\t" + b"A" * 5000 + b"\n"
    fd = _file(tmp_path, lines[0] + monster + lines[1] + b"no LF here " * 600)
    monkeypatch.setattr(store, "_CHUNK", 256)
    monkeypatch.setattr(store, "MAX_LINE", 1024)
    try:
        assert list(scan(fd, RUN)) == [_key(0), _key(1)]
    finally:
        os.close(fd)
    assert entry_line(_key(5), _entry(5)) is not None
    monkeypatch.setattr(store, "MAX_LINE", 100)  # ...and such a line is never written
    assert entry_line(_key(5), _entry(5)) is None


def test_a_value_that_inflates_too_far_or_is_cut_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stored = encode_value({"a": "x" * 10_000})
    assert stored is not None and len(stored) < 1_000
    assert decode_value(stored) == {"a": "x" * 10_000}
    monkeypatch.setattr(entry_module, "MAX_VALUE", 5_000)
    with pytest.raises(ValueError, match="too large"):
        decode_value(stored)
    assert encode_value({"a": "x" * 10_000}) is None  # too large to store, so not stored
    monkeypatch.undo()
    import base64

    whole = base64.b64decode(stored)
    for damaged in (
        base64.b64encode(whole[: len(whole) // 2]),  # cut
        base64.b64encode(whole + b"more"),  # followed by more
        stored[:-1] + b"!",  # not base64
        base64.b64encode(zlib.compress(b"[1, 2")),  # not JSON
    ):
        with pytest.raises(ValueError):
            decode_value(damaged)


def test_hits_are_read_from_the_file_not_from_a_copy_of_it(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path, RUN)
    entries = {n: _entry(n) for n in range(50)}
    for n, item in entries.items():
        line = entry_line(_key(n), item)
        assert line is not None
        cache.add(_key(n), line)
    cache.save()
    again = ResultCache(tmp_path, RUN)
    assert again.get(_key(7), _key(7)) == entries[7]
    assert not any(isinstance(v, bytes) and len(v) > 4096 for v in vars(again).values())
    # Another run replaces the file meanwhile (a rename: this run's lines stay readable), and
    # both runs' lines are kept at the save.
    other = ResultCache(tmp_path, RUN)
    line = entry_line(_key(100), _entry(100))
    assert line is not None
    other.add(_key(100), line)
    other.save()
    again.hit(_key(7))
    assert again.get(_key(8), _key(8)) == entries[8]
    again.hit(_key(8))
    again.save()
    final = ResultCache(tmp_path, RUN)
    assert final.get(_key(100), _key(100)) == _entry(100)
    assert all(final.get(_key(n), _key(n)) == item for n, item in entries.items())
    final.close()
