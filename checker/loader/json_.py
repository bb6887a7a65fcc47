"""Parse one JSON manifest with the standard library, plus a small scanner for positions.

`json` decides what the document means and reports syntax errors; the scanner walks the same
text once to record where each key and list item starts, which `json` cannot tell us. The scanner
also catches what `json` silently accepts: duplicate keys (it keeps the last), `NaN` and
`Infinity`, and numbers too large to be finite. It checks depth before `json` recurses.
"""

from __future__ import annotations

import bisect
import json
import math
import re
import typing as t
from dataclasses import dataclass

from checker.loader.model import EMPTY_MESSAGE, MAX_DEPTH, TOO_DEEP_MESSAGE, ParseFailed, fail
from checker.loader.source_map import PathPart, Position, format_path
from checker.problems import Problem

_TOKEN = re.compile(r'[ \t\n\r]*(?:("(?:[^"\\]|\\.)*")|([{}\[\]:,])|([^ \t\n\r{}\[\]:,"]+))', re.S)
_NON_FINITE = {"NaN", "Infinity", "-Infinity"}
_HINTS = {
    "Expecting property name enclosed in double quotes": "a trailing comma, or a name in '...'?",
    "Expecting value": "a trailing comma, a missing value, or text in '...' instead of \"...\"?",
    "Extra data": "there is text after the manifest's closing '}'",
}


def parse_json(text: str) -> tuple[t.Any, dict[str, Position]]:
    """Parse a JSON document into data and path positions, or raise `ParseFailed`."""
    if not text.strip():
        fail(EMPTY_MESSAGE, 1, 1)
    scanner = _Scanner(text)
    scanner.run()  # raises on excessive depth, before `json` could hit the recursion limit
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        hint = _HINTS.get(exc.msg)
        message = f"invalid JSON: {exc.msg[0].lower()}{exc.msg[1:]}" + (
            f" ({hint})" if hint else ""
        )
        fail(message, exc.lineno, exc.colno)
    except ValueError as exc:  # e.g. an integer longer than Python's digit limit
        fail(f"invalid JSON: {exc}")
    if scanner.problems:
        raise ParseFailed(*scanner.problems)
    return data, scanner.positions


@dataclass
class _Open:
    """An object or array the scanner is inside of."""

    path: tuple[PathPart, ...]
    keys: dict[str, int] | None  # key -> line of its first occurrence; None for an array
    items: int = 0
    key: str | None = None  # the object member whose value comes next


class _Scanner:
    """One pass over the tokens, keeping a stack of open objects and arrays."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.positions: dict[str, Position] = {}
        self.problems: list[Problem] = []

    def where(self, index: int) -> Position:
        line = bisect.bisect_right(self.line_starts, index)
        return line, index - self.line_starts[line - 1] + 1

    def run(self) -> None:
        stack: list[_Open] = []
        expect_key = False
        pos = 0
        while (match := _TOKEN.match(self.text, pos)) is not None and match.end() > pos:
            pos = match.end()
            string, punct, literal = match.groups()
            start = match.start(match.lastindex or 0)
            if punct in ("}", "]", ",", ":"):
                if punct in ("}", "]") and stack:
                    stack.pop()
                expect_key = punct == "," and bool(stack) and stack[-1].keys is not None
                continue
            if expect_key and string is not None:
                self._key(stack[-1], string, start)
                expect_key = False
                continue
            path = self._value_path(stack, start)
            if literal is not None:
                self._literal(literal, path, start)
            elif punct is not None:  # '{' or '['
                if len(stack) >= MAX_DEPTH:
                    fail(TOO_DEEP_MESSAGE, *self.where(start), format_path(path))
                stack.append(_Open(path, {} if punct == "{" else None))
                expect_key = punct == "{"

    def _value_path(self, stack: list[_Open], start: int) -> tuple[PathPart, ...]:
        if not stack:
            self.positions[""] = self.where(start)
            return ()
        top = stack[-1]
        if top.keys is not None:  # an object member's value: its key was recorded already
            return top.path if top.key is None else (*top.path, top.key)
        top.items += 1
        item = (*top.path, top.items - 1)
        self.positions[format_path(item)] = self.where(start)
        return item

    def _key(self, top: _Open, token: str, start: int) -> None:
        # Most keys have no escapes; decoding only the others keeps a 1 MiB file fast.
        key = token[1:-1] if "\\" not in token else _decode(token)
        line, column = self.where(start)
        path = format_path((*top.path, key))
        keys = top.keys if top.keys is not None else {}
        top.key = key
        if key in keys:
            message = f"duplicate key '{key}' (first at line {keys[key]})"
            self.problems.append(Problem(path, message, line, column))
            return
        keys[key] = line
        self.positions[path] = (line, column)

    def _literal(self, literal: str, path: tuple[PathPart, ...], start: int) -> None:
        if literal in _NON_FINITE:
            message = f"{literal} is not valid JSON; write an ordinary number"
        elif literal[0] in "-0123456789" and _is_infinite(literal):
            message = f"number {literal[:40]} is too large to be finite"
        else:
            return
        self.problems.append(Problem(format_path(path), message, *self.where(start)))


def _decode(token: str) -> str:
    try:
        return t.cast(str, json.loads(token))
    except ValueError:  # invalid JSON: json.loads reports it; the scanner only needs a name
        return token


def _is_infinite(literal: str) -> bool:
    try:
        return not math.isfinite(float(literal))
    except ValueError:
        return False
