"""'Did you mean ...?' for mistyped ids and enum values, and family-aware hints for model ids."""

from __future__ import annotations

import difflib
import re
import typing as t

# Tokens of a model id that are sizes, not versions: 70b, 8x7b, a22b (active), 0324 (a date).
_SIZE = re.compile(r"(?:a?\d+(?:\.\d+)?[bm]|\d+x\d+b|\d{4,})")
_VERSIONED = re.compile(r"(?P<name>[a-z]*)(?P<version>\d+(?:\.\d+)?)[a-z]*")
UPDATE_HINT = (
    "the catalog may be out of date: install a newer one with `llm-policy catalog update`, or"
    " add the model through an organisation data overlay after review"
)


def did_you_mean(word: str, choices: t.Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest choice, or '' when nothing is close."""
    close = difflib.get_close_matches(word, [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def family_version(model_id: str) -> tuple[str, float] | None:
    """The family and version a model id names, when it names a version.

    The family is the id's words without the version and sizes, wherever the version stands:
    claude-3.5-sonnet and claude-sonnet-4.5 are both claude-sonnet; gpt-4o-mini is gpt-mini;
    qwen3-235b-a22b is qwen 3; deepseek-r1 is deepseek-r 1.
    """
    words: list[str] = []
    version: float | None = None
    for token in model_id.lower().split("-"):
        if _SIZE.fullmatch(token):
            continue
        match = _VERSIONED.fullmatch(token)
        if match is not None and version is None:
            version = float(match.group("version"))
            if match.group("name"):
                words.append(match.group("name"))
        elif match is None:
            words.append(token)
    if version is None or not words:
        return None
    return "-".join(words), version


def suggest_model(word: str, ids: t.Iterable[str]) -> str:
    """A hint for an unknown model id that never crosses a version.

    Same family and version: the closest such id (gpt-5-nano -> gpt-5-mini). A newer version
    than any the catalog has of that family: the catalog may be out of date (gpt-7). An older or
    in-between version: the family's ids. Otherwise the closest id of the same version.
    """
    known = [str(i) for i in ids]
    parsed = family_version(word)
    if parsed is None:
        return did_you_mean(word, known)
    family, version = parsed
    versions = {i: family_version(i) for i in known}
    same_family = [i for i, fv in versions.items() if fv is not None and fv[0] == family]
    same_version = [i for i in same_family if versions[i] == (family, version)]
    if same_version:
        close = difflib.get_close_matches(word.lower(), same_version, n=1, cutoff=0.0)
        return f" (did you mean {close[0]!r}?)"
    if same_family:
        newest = max(same_family, key=lambda i: (versions[i] or ("", 0.0))[1])
        if version > (versions[newest] or ("", 0.0))[1]:
            return f" (no {family} model newer than {newest} is in the catalog; {UPDATE_HINT})"
        return f" (the catalog's {family} models: {', '.join(sorted(same_family))})"
    same = [i for i, fv in versions.items() if fv is not None and fv[1] == version]
    return did_you_mean(word, same)
