"""What loading a manifest produces: a `LoadedManifest`, or a `LoadFailure` listing problems."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass
from pathlib import Path

from checker.loader.source_map import SourceMap
from checker.problems import Problem

MAX_DEPTH = 64
TOO_DEEP_MESSAGE = f"nesting deeper than {MAX_DEPTH} levels; a manifest is never this deep"
EMPTY_MESSAGE = "file is empty; a manifest starts with 'apiVersion: llm-policy/v1'"


@dataclass(frozen=True)
class LoadedManifest:
    """A parsed manifest: JSON-compatible data, where each path sits, and the raw bytes' sha256."""

    path: Path
    data: dict[str, t.Any]
    source_map: SourceMap
    sha256: str


@dataclass(frozen=True)
class LoadFailure:
    """A manifest that could not be read or parsed, with at least one problem saying why."""

    path: Path
    problems: tuple[Problem, ...]


class ParseFailed(Exception):
    """Raised inside the loader only; `load_manifest` turns it into a `LoadFailure` value."""

    def __init__(self, *problems: Problem) -> None:
        super().__init__(problems[0].message if problems else "parse failed")
        self.problems = problems


def fail(
    message: str, line: int | None = None, column: int | None = None, path: str = ""
) -> t.NoReturn:
    """Stop parsing with one problem (positions 1-based)."""
    raise ParseFailed(Problem(path, message, line, column))


def position_of(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of the character at `index` in `text`."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def describe_kind(value: t.Any) -> str:
    """Name a parsed value's JSON kind for messages: 'a mapping', 'a list', 'a number'..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "a mapping"
