"""The reporter interface: a pure function from a finished run to text."""

from __future__ import annotations

import abc

from checker.result import RunReport


class Reporter(abc.ABC):
    """Renders a `RunReport`; never decides pass or fail, never writes files itself."""

    #: the `--format` name
    name: str = ""

    def __init__(self, *, color: bool = False, verbosity: int = 1) -> None:
        self.color = color
        self.verbosity = verbosity

    @abc.abstractmethod
    def render(self, report: RunReport) -> str:
        """The whole report as text."""

    def summary_markdown(self, report: RunReport) -> str | None:
        """Markdown for a CI job summary (`$GITHUB_STEP_SUMMARY`), for formats that offer one.

        The command layer appends it to the summary file; `render` never writes anything.
        """
        return None
