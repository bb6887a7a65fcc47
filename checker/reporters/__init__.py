"""Output formats: one reporter per module, registered here for `--format` and `--report`.

The registry names every format without importing it: a module is imported the first time its
reporter is looked up, so a text check never loads the SARIF, JUnit or Markdown code.
"""

from __future__ import annotations

import importlib
import typing as t

from checker.reporters.base import Reporter

# format name -> "module:class"; the order is the order help texts list them in.
_LOCATIONS = {
    "text": "checker.reporters.text:TextReporter",
    "json": "checker.reporters.json_:JsonReporter",
    "sarif": "checker.reporters.sarif:SarifReporter",
    "junit": "checker.reporters.junit:JunitReporter",
    "github": "checker.reporters.github:GithubReporter",
    "markdown": "checker.reporters.markdown:MarkdownReporter",
}


class _Registry(t.Mapping[str, type[Reporter]]):
    """A read-only mapping of format name to reporter class that imports on first lookup."""

    def __init__(self, locations: t.Mapping[str, str]) -> None:
        self._locations = dict(locations)

    def __getitem__(self, name: str) -> type[Reporter]:
        module, _, attr = self._locations[name].partition(":")
        return t.cast(type[Reporter], getattr(importlib.import_module(module), attr))

    def __iter__(self) -> t.Iterator[str]:
        return iter(self._locations)

    def __len__(self) -> int:
        return len(self._locations)

    def __contains__(self, name: object) -> bool:
        return name in self._locations


REPORTERS: t.Mapping[str, type[Reporter]] = _Registry(_LOCATIONS)

__all__ = ["REPORTERS", "Reporter", "build_reporter"]


def build_reporter(name: str, *, color: bool = False, verbosity: int = 1) -> Reporter:
    """The reporter registered as `name`."""
    return REPORTERS[name](color=color, verbosity=verbosity)
