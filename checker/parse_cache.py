"""A cache of parsed policy inputs on disk, keyed by the text they were parsed from.

Every run parses the same catalog YAML and the same METADATA blocks of the Rego sources: about a
tenth of a one-manifest check. The parsed value is kept as JSON (which reads back an order of
magnitude faster than YAML parses) under the sha256 of the text, so a changed file is simply a
new key and nothing is ever stale. Only values that JSON gives back unchanged are cached (YAML
dates or integer keys are not, and are parsed every time). Any failure to read or write the
cache only means parsing again.

Where: `$LLM_POLICY_CACHE/parsed` (default `~/.cache/llm-policy/parsed`); `LLM_POLICY_CACHE=off`
turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import typing as t
from pathlib import Path

T = t.TypeVar("T")

# Part of every key: bump it when a parser changes what it returns for the same text.
FORMAT = "1"


def cache_dir() -> Path | None:
    """The folder parsed values are kept in, or None when caching is off."""
    root = os.environ.get("LLM_POLICY_CACHE", "")
    if root.lower() in ("off", "0", "none"):
        return None
    base = Path(root) if root else Path.home() / ".cache" / "llm-policy"
    return base / "parsed"


def _store(path: Path, text: str) -> None:
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(tmp, path)  # atomic: a concurrent reader sees the old file or the new
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def parsed(kind: str, text: str, parse: t.Callable[[str], T]) -> T:
    """`parse(text)`, from the cache when this exact text of this `kind` was parsed before."""
    folder = cache_dir()
    if folder is None:
        return parse(text)
    key = hashlib.sha256(f"{kind}\0{FORMAT}\0{text}".encode()).hexdigest()
    path = folder / key[:2] / f"{key}.json"
    try:
        return t.cast(T, json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        pass
    value = parse(text)
    try:
        dumped = json.dumps(value, allow_nan=False)
        if json.loads(dumped) == value:
            _store(path, dumped)
    except (TypeError, ValueError):  # not JSON: parse it every time
        pass
    return value
