"""A cache entry: what a check computed from one manifest's bytes, and its stored form.

An entry is stored as compact JSON, compressed (zlib, its fastest level: a decision's JSON is
about 4 KB, ~1.35 KB compressed, which keeps 100,000 manifests' entries inside the cache's
bound) and base64-encoded (~1.8 KB), so a value holds no TAB or LF of its own. Reading one back is
strict: anything but an entry of exactly this shape, or a value that inflates past `MAX_VALUE`,
is a `ValueError` (the caller's miss), never a partly trusted entry.
"""

from __future__ import annotations

import base64
import binascii
import json
import typing as t
import zlib
from dataclasses import dataclass

from checker.errors import EngineError
from checker.loader import SourceMap
from checker.problems import Problem

SOURCE = "the result cache"
# The most a stored value may inflate to; a larger one is not stored, and one read is refused.
MAX_VALUE = 64 * 2**20


def encode_value(value: t.Any) -> bytes | None:
    """`value` as it is stored: compact JSON, compressed, base64; None when it is not JSON."""
    try:
        text = json.dumps(value, separators=(",", ":"), allow_nan=False).encode()
    except (TypeError, ValueError):
        return None
    if len(text) > MAX_VALUE:
        return None
    return base64.b64encode(zlib.compress(text, 1))


def decode_value(stored: bytes) -> t.Any:
    """What `encode_value` stored; `ValueError` for anything else, or past `MAX_VALUE`."""
    try:
        inflate = zlib.decompressobj()
        text = inflate.decompress(base64.b64decode(stored, validate=True), MAX_VALUE)
    except (binascii.Error, zlib.error) as exc:
        raise ValueError(f"not a stored value: {exc}") from None
    if not inflate.eof or inflate.unconsumed_tail or inflate.unused_data:
        raise ValueError("a stored value is truncated, too large or followed by more")
    return json.loads(text)


@dataclass(frozen=True)
class Entry:
    """What a check computed from one manifest's bytes (see `checker.result_cache`)."""

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


def parse_entry(value: t.Any) -> Entry:
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


def pack(entry: Entry) -> bytes | None:
    """`entry`'s stored value (see `encode_value`)."""
    return encode_value(entry.as_json())


def unpack(stored: bytes) -> Entry:
    """The entry `pack` stored; `ValueError` (or `RecursionError`) for anything else."""
    return parse_entry(decode_value(stored))
