"""Output formats of `check`: one reporter per module, registered here for `--format`/`--report`.

The registry names every format without importing it (see `checker.rendering.Registry`).
"""

from __future__ import annotations

from checker.rendering import Registry, Renderer
from checker.reporters.base import Reporter
from checker.result import RunReport

REPORTERS: Registry[RunReport] = Registry(
    {
        "text": "checker.reporters.text:TextReporter",
        "json": "checker.reporters.json_:JsonReporter",
        "sarif": "checker.reporters.sarif:SarifReporter",
        "junit": "checker.reporters.junit:JunitReporter",
        "github": "checker.reporters.github:GithubReporter",
        "markdown": "checker.reporters.markdown:MarkdownReporter",
        "gitlab": "checker.reporters.gitlab:GitlabReporter",
        "cyclonedx": "checker.reporters.cyclonedx:CyclonedxReporter",
    }
)

__all__ = ["REPORTERS", "Reporter", "build_reporter"]


def build_reporter(name: str, *, color: bool = False, verbosity: int = 1) -> Renderer[RunReport]:
    """The reporter registered as `name`."""
    return REPORTERS.build(name, color=color, verbosity=verbosity)
