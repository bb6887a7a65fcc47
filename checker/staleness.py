"""Catalog entries whose facts were last checked too long ago (`llm-policy models --stale`).

The rule LLM-GOV-009 warns on the entries a manifest's deployments use; this lists every entry
of the catalog past `settings.factMaxAgeDays` (365 by default) before the as-of day, so the
catalog's maintainers know what to re-read. An entry without a readable `checked` date is stale
too: nobody can say when its facts were read.
"""

from __future__ import annotations

import datetime as dt
import typing as t
from dataclasses import dataclass

# The catalog documents whose entries carry `checked`, and how deep the entries sit.
DOCUMENTS = ("models", "licenses", "providers", "aliases")


@dataclass(frozen=True)
class StaleEntry:
    """One catalog entry past its allowed age (`checked` None: no readable date)."""

    document: str
    id: str
    checked: str | None
    age_days: int | None


def _day(value: t.Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _entries(catalog: t.Mapping[str, t.Any]) -> t.Iterator[tuple[str, str, t.Any]]:
    for document in DOCUMENTS:
        for key, entry in sorted((catalog.get(document) or {}).items()):
            yield document, str(key), entry
    for model, providers in sorted((catalog.get("lifecycle") or {}).items()):
        for provider, entry in sorted((providers or {}).items()):
            yield "lifecycle", f"{model} on {provider}", entry


def stale_entries(
    catalog: t.Mapping[str, t.Any], max_age_days: int, as_of: dt.date
) -> list[StaleEntry]:
    """Entries checked more than `max_age_days` before `as_of`: undated, then oldest first."""
    out = []
    for document, key, entry in _entries(catalog):
        checked = entry.get("checked") if isinstance(entry, dict) else None
        day = _day(checked)
        if day is None:
            out.append(StaleEntry(document, key, None, None))
        elif (as_of - day).days > max_age_days:
            out.append(StaleEntry(document, key, str(checked), (as_of - day).days))
    return sorted(
        out, key=lambda e: (-(e.age_days if e.age_days is not None else 10**9), e.document, e.id)
    )
