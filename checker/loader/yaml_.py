"""Parse one YAML manifest into plain data plus a source map, building it from parser events.

Composing from events ourselves (instead of `yaml.load`) is what makes the hostile cases cheap
to refuse (see `yaml_tree`): no constructor for arbitrary tags is ever reached, and limits are
enforced before the data is built. Aliases stay allowed because teams use them for repeated model
entries; an expansion budget bounds what they can cost. Here: one document per file, not empty,
and no character that readers would not see (`yaml_characters`).
"""

from __future__ import annotations

import typing as t

import yaml

from checker.loader.model import EMPTY_MESSAGE, ParseFailed, fail
from checker.loader.source_map import Position
from checker.loader.yaml_characters import refuse_hidden_characters
from checker.loader.yaml_errors import syntax_problem
from checker.loader.yaml_scalars import AnyLoader, ManifestYamlLoader
from checker.loader.yaml_tree import TreeBuilder, event_position


def parse_yaml(
    text: str, *, loader_class: type[AnyLoader] = ManifestYamlLoader
) -> tuple[t.Any, dict[str, Position]]:
    """Parse exactly one YAML document into JSON-compatible data and path positions.

    Raises `ParseFailed` with every problem found (syntax errors stop at the first).
    `loader_class` lets tests run the pure-Python parser that hosts without libyaml get.
    """
    refuse_hidden_characters(text)  # before the parser reads a line break nobody sees
    loader = loader_class(text)
    try:
        return _Stream(loader).read()
    except yaml.YAMLError as exc:
        raise ParseFailed(syntax_problem(exc, text)) from None
    finally:
        loader.dispose()


class _Stream:
    def __init__(self, loader: AnyLoader) -> None:
        self.loader = loader

    def read(self) -> tuple[t.Any, dict[str, Position]]:
        self._next()  # StreamStartEvent
        if isinstance(self._next(), yaml.StreamEndEvent):
            fail(EMPTY_MESSAGE, 1, 1)
        if _is_empty_scalar(first := self._peek()):  # only '---' and comments
            fail(EMPTY_MESSAGE, event_position(first)[0], 1)
        tree = TreeBuilder(self.loader, self._next)
        root = tree.build()
        self._next()  # DocumentEndEvent
        while not isinstance(start := self._next(), yaml.StreamEndEvent):
            try:
                content = self._next()
            except yaml.YAMLError:  # a broken second document is still a second document
                content = start
            if not _is_empty_scalar(content):  # a trailing bare '---' is harmless
                line = event_position(start)[0]
                message = f"several YAML documents in one file (another starts at line {line})"
                fail(message + "; keep one manifest per file", line, 1)
            self._next()  # DocumentEndEvent
        if tree.problems:
            raise ParseFailed(*tree.problems)
        return root, tree.positions

    def _next(self) -> yaml.Event:
        event = self.loader.get_event()
        if not isinstance(event, yaml.Event):  # the parser always ends with StreamEndEvent
            fail("invalid YAML: unexpected end of the stream")
        return event

    def _peek(self) -> yaml.Event:
        event = self.loader.peek_event()
        return event if isinstance(event, yaml.Event) else self._next()


def _is_empty_scalar(event: yaml.Event) -> bool:
    return (
        isinstance(event, yaml.ScalarEvent)
        and event.value == ""
        and event.tag is None
        and bool(event.implicit[0])
    )
