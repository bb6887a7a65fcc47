"""'Did you mean ...?' for mistyped ids and enum values."""

from __future__ import annotations

import difflib
import typing as t


def did_you_mean(word: str, choices: t.Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest choice, or '' when nothing is close."""
    close = difflib.get_close_matches(word, [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
