"""Build plain data and positions from the events of one YAML node, under hard limits.

Depth is checked before a level is opened; aliases are expanded as copies under a budget (so an
alias bomb stops after a few thousand values, not a billion); duplicate and non-string keys,
merge keys, disallowed tags, numbers spelled as readers disagree on, and one-word values padded
with line breaks by a block scalar become problems with their positions.
"""

from __future__ import annotations

import copy
import typing as t
from dataclasses import dataclass, field

import yaml

from checker.loader.model import MAX_DEPTH, TOO_DEEP_MESSAGE, describe_kind, fail
from checker.loader.source_map import PathPart, Position, format_path
from checker.loader.yaml_scalars import (
    COLLECTION_TAGS,
    MERGE_TAG,
    AnyLoader,
    ScalarError,
    disallowed_tag,
    hidden_padding,
    resolve_tag,
    scalar_value,
)
from checker.problems import Problem

MAX_ALIAS_VALUES = 10_000
_NO_KEY: t.Final = object()  # a mapping waiting for its next key
_BAD_KEY: t.Final = object()  # a key already reported; its value is read and dropped
Path_: t.TypeAlias = "tuple[PathPart, ...]"


@dataclass
class _Frame:
    value: dict[str, t.Any] | list[t.Any]
    path: Path_
    at: Position
    anchor: str | None
    values_before: int
    height: int = 0
    key: t.Any = _NO_KEY
    first_lines: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Anchor:
    value: t.Any
    size: int
    height: int


def event_position(event: yaml.Event) -> Position:
    """1-based line and column where an event starts."""
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


class TreeBuilder:
    """Consumes the events of one node (the document root) and returns its value.

    Problems that leave the structure intact are collected in `problems`; limits and broken
    aliases stop at once with `ParseFailed`.
    """

    def __init__(self, loader: AnyLoader, next_event: t.Callable[[], yaml.Event]) -> None:
        self.loader = loader
        self.next_event = next_event
        self.positions: dict[str, Position] = {}
        self.anchors: dict[str, _Anchor | None] = {}  # None while the anchored node is open
        self.problems: list[Problem] = []
        self.stack: list[_Frame] = []
        self.values = 0
        self.alias_values = 0

    def build(self) -> t.Any:
        """Read one node's events and return its JSON-compatible value."""
        while True:
            event = self.next_event()
            if isinstance(event, yaml.CollectionEndEvent):
                frame = self.stack.pop()
                value, height, at = frame.value, frame.height + 1, frame.at
                self._remember(frame.anchor, value, self.values - frame.values_before, height)
            else:
                path, is_key, at = *self._start(event), event_position(event)
                if isinstance(event, yaml.CollectionStartEvent):
                    self._open(event, path)
                    continue
                if isinstance(event, yaml.AliasEvent):
                    value, height = self._alias(event)
                elif isinstance(event, yaml.ScalarEvent):
                    value, height = self._scalar(event, path, is_key), 0
                else:  # a well-formed stream has nothing else inside a document
                    fail(f"invalid YAML: unexpected {type(event).__name__}", *at)
            if not self.stack:
                return value
            self._add(self.stack[-1], value, height, at)

    def _start(self, event: yaml.Event) -> tuple[Path_, bool]:
        """The path of the node this event starts (and whether it is a key); records items."""
        if not self.stack:
            self.positions[""] = event_position(event)
            return (), False
        top = self.stack[-1]
        if isinstance(top.value, list):
            path = (*top.path, len(top.value))
            self.positions[format_path(path)] = event_position(event)
            return path, False
        if top.key is _NO_KEY or top.key is _BAD_KEY:
            return top.path, top.key is _NO_KEY
        return (*top.path, top.key), False

    def _open(self, event: yaml.CollectionStartEvent, path: Path_) -> None:
        at = event_position(event)
        if len(self.stack) >= MAX_DEPTH:
            fail(TOO_DEEP_MESSAGE, *at, format_path(path))
        kind = "mapping" if isinstance(event, yaml.MappingStartEvent) else "sequence"
        if event.tag not in (None, "!", COLLECTION_TAGS[kind]):
            self._problem(disallowed_tag(event.tag), path, at)
        if event.anchor is not None:
            self.anchors[event.anchor] = None
        container: dict[str, t.Any] | list[t.Any] = {} if kind == "mapping" else []
        self.stack.append(_Frame(container, path, at, event.anchor, self.values))
        self.values += 1

    def _scalar(self, event: yaml.ScalarEvent, path: Path_, is_key: bool) -> t.Any:
        self.values += 1
        tag = resolve_tag(self.loader, event)
        try:
            value = scalar_value(self.loader, event, tag, key=is_key)
        except ScalarError as exc:
            self._problem(str(exc), path, event_position(event))
            value = _BAD_KEY if is_key else None
        if isinstance(value, str):
            padding = hidden_padding(event, value)
            if padding is not None:
                self._problem(padding, path, event_position(event))
                value = _BAD_KEY if is_key else None
        if is_key and tag == MERGE_TAG:
            self._problem(
                "merge keys ('<<') are not supported; write the fields out",
                path,
                event_position(event),
            )
            value = _BAD_KEY
        elif is_key and value is not _BAD_KEY and not isinstance(value, str):
            text = event.value
            message = f"key '{text}' is read as {describe_kind(value)}, not a string; quote it"
            self._problem(f'{message}: "{text}"', path, event_position(event))
            value = _BAD_KEY
        self._remember(event.anchor, value, 1, 0)
        return value

    def _alias(self, event: yaml.AliasEvent) -> tuple[t.Any, int]:
        name, at = event.anchor, event_position(event)
        if name not in self.anchors:
            fail(f"alias '*{name}' refers to no anchor; define '&{name}' before it", *at)
        anchor = self.anchors[name]
        if anchor is None:
            fail(f"alias '*{name}' is used inside the value it names (a recursive alias)", *at)
        self.values += anchor.size
        self.alias_values += anchor.size
        if self.alias_values > MAX_ALIAS_VALUES:
            message = f"aliases expand to more than {MAX_ALIAS_VALUES} values (at '*{name}')"
            fail(message + ", which looks like an alias bomb; write the values out", *at)
        if len(self.stack) + anchor.height > MAX_DEPTH:
            fail(TOO_DEEP_MESSAGE, *at)
        # A copy keeps the data a tree: nothing downstream can change two places at once.
        return copy.deepcopy(anchor.value), anchor.height

    def _add(self, frame: _Frame, value: t.Any, height: int, at: Position) -> None:
        frame.height = max(frame.height, height)
        if isinstance(frame.value, list):
            frame.value.append(value)
        elif frame.key is _NO_KEY:
            frame.key = self._key(frame, value, at)
        else:
            if frame.key is not _BAD_KEY:
                frame.value[frame.key] = value
            frame.key = _NO_KEY

    def _key(self, frame: _Frame, key: t.Any, at: Position) -> t.Any:
        if key is _BAD_KEY:
            return _BAD_KEY
        if not isinstance(key, str):
            self._problem(
                f"a mapping key must be a string, not {describe_kind(key)}", frame.path, at
            )
            return _BAD_KEY
        if key in frame.first_lines:
            message = f"duplicate key '{key}' (first at line {frame.first_lines[key]})"
            self._problem(message, (*frame.path, key), at)
            return _BAD_KEY
        frame.first_lines[key] = at[0]
        self.positions[format_path((*frame.path, key))] = at
        return key

    def _remember(self, anchor: str | None, value: t.Any, size: int, height: int) -> None:
        if anchor is not None:
            self.anchors[anchor] = _Anchor(value, size, height)

    def _problem(self, message: str, path: Path_, at: Position) -> None:
        self.problems.append(Problem(format_path(path), message, *at))
