"""Output formats: one reporter per module, registered here for `--format`."""

from __future__ import annotations

from checker.reporters.base import Reporter
from checker.reporters.json_ import JsonReporter
from checker.reporters.text import TextReporter

REPORTERS: dict[str, type[Reporter]] = {
    TextReporter.name: TextReporter,
    JsonReporter.name: JsonReporter,
}

__all__ = ["REPORTERS", "Reporter", "build_reporter"]


def build_reporter(name: str, *, color: bool = False, verbosity: int = 1) -> Reporter:
    """The reporter registered as `name`."""
    return REPORTERS[name](color=color, verbosity=verbosity)
