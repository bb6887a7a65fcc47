"""The two expected failures that end a run early; everything else is a value in the result."""

from __future__ import annotations


class UsageError(Exception):
    """Bad flag, missing path or bad configuration: exit code 2."""

    exit_code = 2


class EngineError(Exception):
    """The tool could not evaluate (compile error, engine failure, unreachable server): exit 3."""

    exit_code = 3
