"""The reporter interface: a renderer of a finished check run (`RunReport`)."""

from __future__ import annotations

from checker.rendering import Renderer
from checker.result import RunReport


class Reporter(Renderer[RunReport]):
    """Renders a `RunReport`; never decides pass or fail, never writes files itself."""
