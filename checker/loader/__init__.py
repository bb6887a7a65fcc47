"""Load a manifest file safely, keeping where each value sits: `load_manifest`.

Bad input never raises: it comes back as a `LoadFailure` whose problems say what is wrong and
where, so one broken manifest never hides the others.
"""

from __future__ import annotations

import hashlib
import typing as t
from pathlib import Path

from checker.loader.json_ import parse_json
from checker.loader.model import LoadedManifest, LoadFailure, ParseFailed, describe_kind
from checker.loader.reading import decode_text, read_bounded
from checker.loader.source_map import SourceMap, format_path, parse_path
from checker.loader.surrogates import lone_surrogate
from checker.loader.yaml_ import parse_yaml
from checker.problems import Problem

__all__ = [
    "LoadFailure",
    "LoadedManifest",
    "SourceMap",
    "format_path",
    "load_manifest",
    "parse_path",
]

DEFAULT_MAX_BYTES = 1_048_576


def load_manifest(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> LoadedManifest | LoadFailure:
    """Read and parse one manifest: JSON when the name ends in `.json`, YAML otherwise.

    The result is JSON-compatible data (string keys; strings, finite numbers, booleans, null,
    lists and mappings) whose root is a mapping, or a `LoadFailure` listing the problems.
    """
    try:
        raw = read_bounded(path, max_bytes)
        text = decode_text(raw)
        parse = parse_json if path.name.lower().endswith(".json") else parse_yaml
        data, positions = parse(text)
    except ParseFailed as exc:
        return LoadFailure(path, exc.problems)
    if not isinstance(data, dict):
        line, column = positions.get("", (1, 1))
        message = (
            "the document must be a mapping of fields (apiVersion, kind, metadata, spec), "
            f"not {describe_kind(data)}"
        )
        return LoadFailure(path, (Problem("", message, line, column),))
    source_map = SourceMap(positions)
    surrogate = lone_surrogate(data, source_map)
    if surrogate is not None:
        return LoadFailure(path, (surrogate,))
    digest = hashlib.sha256(raw).hexdigest()
    return LoadedManifest(path, t.cast(dict[str, t.Any], data), source_map, digest)
