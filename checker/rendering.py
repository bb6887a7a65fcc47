"""Renderers: pure functions from a command's document to text, in name-keyed registries.

Every command that prints a document (check's `RunReport`, explain's, recommend's and impact's)
registers its formats as a `Registry` of `Renderer` classes, and writes through
`checker.emit.emit`. A registry names each format without importing it: a module is imported the
first time its renderer is looked up, so a text run never loads the SARIF or JUnit code.
"""

from __future__ import annotations

import abc
import importlib
import typing as t

D = t.TypeVar("D")


class Renderer(abc.ABC, t.Generic[D]):
    """Renders one kind of document; never decides pass or fail, never writes files itself."""

    #: the `--format` name
    name: str = ""

    def __init__(self, *, color: bool = False, verbosity: int = 1) -> None:
        self.color = color
        self.verbosity = verbosity

    @abc.abstractmethod
    def render(self, document: D) -> str:
        """The whole document as text."""

    def chunks(self, document: D) -> t.Iterator[str]:
        """The document as pieces of text that join to `render(document)`.

        A renderer that can stream (text, JSON) yields one piece per manifest, so `emit` writes a
        run of 100,000 manifests without ever holding the whole text; the others yield it whole.
        """
        yield self.render(document)

    def summary_markdown(self, document: D) -> str | None:
        """Markdown for a CI job summary (`$GITHUB_STEP_SUMMARY`), for formats that offer one.

        `emit` appends it to the summary file; `render` never writes anything.
        """
        return None


class Registry(t.Mapping[str, "type[Renderer[D]]"]):
    """A read-only mapping of format name to renderer class that imports on first lookup.

    `locations` maps each name to `"module:Class"`; its order is the order help lists them in.
    """

    def __init__(self, locations: t.Mapping[str, str]) -> None:
        self._locations = dict(locations)

    def __getitem__(self, name: str) -> type[Renderer[D]]:
        module, _, attr = self._locations[name].partition(":")
        return t.cast("type[Renderer[D]]", getattr(importlib.import_module(module), attr))

    def __iter__(self) -> t.Iterator[str]:
        return iter(self._locations)

    def __len__(self) -> int:
        return len(self._locations)

    def __contains__(self, name: object) -> bool:
        return name in self._locations

    def build(self, name: str, *, color: bool = False, verbosity: int = 1) -> Renderer[D]:
        """The renderer registered as `name`."""
        return self[name](color=color, verbosity=verbosity)
