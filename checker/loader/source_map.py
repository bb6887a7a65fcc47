"""Dotted manifest paths (`spec.models[1].region`) and where each one sits in the source file.

The same path syntax is used by the validator, by Rego findings and by reports, so it is defined
once here: identifier-like keys are joined with dots, list indices are `[n]`, and any other key
(one holding a dot, a slash, a space...) is a JSON string in brackets: `labels["app.io/name"]`.
"""

from __future__ import annotations

import json
import re
import typing as t
from dataclasses import dataclass, field

PathPart: t.TypeAlias = "str | int"
Position: t.TypeAlias = "tuple[int, int]"

_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_TOKEN = re.compile(
    r"""\.?(?P<key>[A-Za-z_][A-Za-z0-9_-]*)"""
    r"""|\[(?P<index>\d+)\]"""
    r"""|\[(?P<quoted>"(?:[^"\\]|\\.)*")\]"""
)


def format_path(parts: t.Iterable[PathPart]) -> str:
    """Render path parts as a dotted path: `("spec", "models", 1)` -> `spec.models[1]`."""
    out: list[str] = []
    for part in parts:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif _PLAIN_KEY.fullmatch(part):
            out.append(f".{part}" if out else part)
        else:
            out.append(f"[{json.dumps(part)}]")
    return "".join(out)


def parse_path(path: str) -> tuple[PathPart, ...]:
    """Split a dotted path into parts; parsing stops at the first piece it cannot read.

    Stopping early (rather than raising) lets `SourceMap.locate` still answer with the longest
    readable prefix when a policy hands back a path in a slightly different dialect.
    """
    parts: list[PathPart] = []
    pos = 0
    while pos < len(path):
        match = _TOKEN.match(path, pos)
        if match is None or (match.group("key") and pos > 0 and path[pos] != "."):
            break
        if match.group("key") is not None:
            parts.append(match.group("key"))
        elif match.group("index") is not None:
            parts.append(int(match.group("index")))
        else:
            parts.append(t.cast(str, json.loads(match.group("quoted"))))
        pos = match.end()
    return tuple(parts)


@dataclass(frozen=True)
class SourceMap:
    """Where each path of a parsed manifest starts in its file (1-based line and column).

    Mapping entries are located at their key and list elements at the item itself; the root ("")
    is located where the document's first node starts.
    """

    positions: t.Mapping[str, Position] = field(default_factory=dict)

    def locate(self, path: str) -> Position | None:
        """Line and column of `path`, or of its longest prefix present in the file.

        The fallback places a missing required field at the mapping that lacks it, and a path
        inside an aliased YAML value at the alias. None only when nothing at all is known.
        """
        parts = parse_path(path)
        for end in range(len(parts), -1, -1):
            found = self.positions.get(format_path(parts[:end]))
            if found is not None:
                return found
        return None
