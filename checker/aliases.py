"""The ids people write for a model, resolved to the catalog's id.

`data.catalog.aliases` (policies/catalog/aliases/data.yaml) lists, per catalog model, the vendor
API ids (`claude-3-5-sonnet-20241022`, `gpt-4o-2024-08-06`), each provider's own ids (Bedrock
model ids and cross-region inference profiles, Vertex ids) and Hugging Face repo ids. A manifest
may name a model by its catalog id or any of these, in any case; the run decides on the catalog
id and every report shows both. An alias listed under two models is a usage error naming both:
the decision would otherwise depend on which one won.
"""

from __future__ import annotations

import copy
import typing as t
from dataclasses import dataclass

from checker.errors import UsageError

ALIASES_FILE = "policies/catalog/aliases/data.yaml"


@dataclass(frozen=True)
class Alias:
    """What an alias names: the catalog model, and the provider when the id is a provider's own."""

    model: str
    provider: str | None = None


def _spellings(entry: t.Mapping[str, t.Any]) -> t.Iterator[tuple[str, str | None]]:
    for alias in entry.get("ids") or ():
        yield str(alias), None
    for provider, ids in (entry.get("providers") or {}).items():
        for alias in ids or ():
            yield str(alias), str(provider)
    for alias in entry.get("huggingface") or ():
        yield str(alias), None


def build_alias_index(catalog: t.Mapping[str, t.Any]) -> dict[str, Alias]:
    """Every catalog id and alias, lowercased, to what it names; a clash is a `UsageError`."""
    models = catalog.get("models") or {}
    index: dict[str, Alias] = {str(m).lower(): Alias(str(m)) for m in models}
    aliases = catalog.get("aliases") or {}
    for model, entry in sorted(aliases.items()):
        if model not in models:
            raise UsageError(
                f"{ALIASES_FILE}: aliases of {model!r}, which is not a catalog model id"
            )
        for alias, provider in _spellings(entry if isinstance(entry, dict) else {}):
            key = alias.lower()
            found = index.get(key)
            if found is not None and found.model != model:
                raise UsageError(
                    f"{ALIASES_FILE}: {alias!r} names two models, {found.model} and {model}:"
                    " an id must name one model; remove it from one of them"
                )
            if found is None or (found.provider is None and provider is not None):
                index[key] = Alias(model, provider)
    return index


def resolve_models(
    manifest: dict[str, t.Any], index: t.Mapping[str, Alias]
) -> tuple[dict[str, t.Any], tuple[str, ...]]:
    """`manifest` with each requested model id replaced by its catalog id, and the ids written.

    An id that is neither a catalog id nor an alias stays as written (the rules report it).
    """
    models = (manifest.get("spec") or {}).get("models")
    if not isinstance(models, list):
        return manifest, ()
    written = tuple(str(m.get("id", "")) if isinstance(m, dict) else "" for m in models)
    resolved = [
        index.get(w.lower()) if isinstance(m, dict) else None
        for w, m in zip(written, models, strict=True)
    ]
    if all(r is None or r.model == w for r, w in zip(resolved, written, strict=True)):
        return manifest, written
    out = copy.copy(manifest)
    out["spec"] = dict(manifest["spec"])
    out["spec"]["models"] = [
        {**m, "id": r.model} if r is not None and isinstance(m, dict) else m
        for m, r in zip(models, resolved, strict=True)
    ]
    return out, written
