"""Refuse lone surrogates: text that JSON and YAML escapes can spell but Unicode cannot hold.

`"\\ud800"` is valid JSON syntax, yet no character; Python keeps it as a lone surrogate, which
cannot be encoded as UTF-8 and which the embedded engine cannot take (it crashed the process).
The file itself is valid UTF-8, so only escapes produce them, and the loader stops them here,
naming where they are.
"""

from __future__ import annotations

import re
import typing as t

from checker.loader.source_map import PathPart, SourceMap, format_path
from checker.problems import Problem

_SURROGATE = re.compile("[\ud800-\udfff]")


def lone_surrogate(data: t.Any, source_map: SourceMap) -> Problem | None:
    """The first string (key or value) holding a lone surrogate, as a located problem."""
    stack: list[tuple[tuple[PathPart, ...], t.Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if _SURROGATE.search(key):
                    return _problem((*path, key), key, source_map)
                stack.append(((*path, key), item))
        elif isinstance(value, list):
            stack.extend(((*path, i), item) for i, item in enumerate(value))
        elif isinstance(value, str) and _SURROGATE.search(value):
            return _problem(path, value, source_map)
    return None


def _problem(path: tuple[PathPart, ...], text: str, source_map: SourceMap) -> Problem:
    found = _SURROGATE.search(text)
    code = f"\\u{ord(found.group()):04x}" if found else "a surrogate"
    message = (
        f"the escape {code} is half of a UTF-16 surrogate pair, not a character; "
        "write the character itself or a complete pair"
    )
    shown = format_path(path)
    return Problem(shown, message, *(source_map.locate(shown) or (None, None)))
