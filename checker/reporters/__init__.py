"""Output formats: one reporter per module, registered here for `--format` and `--report`."""

from __future__ import annotations

from checker.reporters.base import Reporter
from checker.reporters.github import GithubReporter
from checker.reporters.json_ import JsonReporter
from checker.reporters.junit import JunitReporter
from checker.reporters.markdown import MarkdownReporter
from checker.reporters.sarif import SarifReporter
from checker.reporters.text import TextReporter

REPORTERS: dict[str, type[Reporter]] = {
    reporter.name: reporter
    for reporter in (
        TextReporter,
        JsonReporter,
        SarifReporter,
        JunitReporter,
        GithubReporter,
        MarkdownReporter,
    )
}

__all__ = ["REPORTERS", "Reporter", "build_reporter"]


def build_reporter(name: str, *, color: bool = False, verbosity: int = 1) -> Reporter:
    """The reporter registered as `name`."""
    return REPORTERS[name](color=color, verbosity=verbosity)
