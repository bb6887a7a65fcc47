"""The error value shared by the loader and the validator: one problem in one manifest.

Parse and schema failures are values, not exceptions, so one broken manifest never hides the
others and every reporter renders them the same way.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One parse or schema error in one manifest.

    `path` is a dotted manifest path such as `spec.models[1].region` ("" for the document or the
    file as a whole); `line` and `column` are 1-based and absent when no position applies (an
    unreadable file, say). `message` is a sentence saying what was expected and how to fix it.
    """

    path: str
    message: str
    line: int | None = None
    column: int | None = None
