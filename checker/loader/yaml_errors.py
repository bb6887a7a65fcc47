"""Turn PyYAML's syntax errors into problems a manifest author can act on."""

from __future__ import annotations

import yaml

from checker.loader.model import TOO_DEEP_MESSAGE, position_of
from checker.problems import Problem

# Substrings of libyaml / PyYAML problems, and what usually causes them.
_HINTS = (
    ("cannot start any token", "indent with spaces; YAML does not allow tabs there"),
    ("mapping values are not allowed", "quote a value that contains ': ', or fix the indentation"),
    ("did not find expected key", "check the indentation of this line and the one above"),
    ("did not find expected ',' or ']'", "close the list with ']' or separate items with ','"),
    ("did not find expected ',' or '}'", "close the mapping with '}' or separate entries with ','"),
    ("found unexpected end of stream", "a quote or bracket is never closed"),
    ("could not find expected ':'", "a key needs ': ' after it, or a quote is never closed"),
)


def syntax_problem(exc: yaml.YAMLError, text: str) -> Problem:
    """Describe a YAML error with the position of the problem (not of its context)."""
    if isinstance(exc, yaml.reader.ReaderError):
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        message = f"invalid character U+{char:04X} ({exc.reason}); remove it"
        return Problem("", message, *position_of(text, exc.position))
    if not isinstance(exc, yaml.MarkedYAMLError):
        return Problem("", f"invalid YAML: {exc}")
    problem = exc.problem or exc.context or "syntax error"
    mark = exc.problem_mark or exc.context_mark
    line: int | None = mark.line + 1 if mark is not None else None
    column: int | None = mark.column + 1 if mark is not None else None
    if "maximum nesting depth" in problem:  # libyaml's own limit, far above ours
        return Problem("", TOO_DEEP_MESSAGE, line, column)
    message = f"invalid YAML: {problem}"
    context = exc.context_mark
    if exc.context and context is not None and line is not None and context.line + 1 != line:
        message += f" ({exc.context} at line {context.line + 1})"
    hint = next((hint for key, hint in _HINTS if key in problem), None)
    return Problem("", f"{message}; {hint}" if hint else message, line, column)
