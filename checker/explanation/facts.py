"""The facts behind one finding: manifest values, catalog entries and settings the rule read."""

from __future__ import annotations

import re
import typing as t
from dataclasses import dataclass, field

from checker.explanation.reads import RuleReads
from checker.result import Finding

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
# Entry keys shown with every catalog fact (provenance), never as the facts themselves.
_PROVENANCE = frozenset({"checked", "sources", "notes", "name"})
_MISSING = object()


@dataclass(frozen=True)
class CatalogFact:
    """A catalog entry the rule used: the fields it reads, with when and where they were checked."""

    catalog: str
    id: str
    fields: dict[str, t.Any]
    checked: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Facts:
    """Manifest values by dotted path (None: not set), catalog entries, and settings."""

    manifest: dict[str, t.Any] = field(default_factory=dict)
    catalog: tuple[CatalogFact, ...] = ()
    settings: dict[str, t.Any] = field(default_factory=dict)


def lookup(document: t.Any, path: str) -> t.Any:
    """The value at a dotted path such as `spec.models[1].region`, or `_MISSING`."""
    value = document
    for name, index in _STEP.findall(path):
        if name and isinstance(value, dict) and name in value:
            value = value[name]
        elif index and isinstance(value, list) and int(index) < len(value):
            value = value[int(index)]
        else:
            return _MISSING
    return value


def _manifest(finding: Finding, manifest: t.Any, reads: RuleReads) -> dict[str, t.Any]:
    out: dict[str, t.Any] = {}
    if finding.path:
        value = lookup(manifest, finding.path)
        out[finding.path] = None if value is _MISSING else value
    if finding.model is not None:
        # The whole deployment, whichever of its fields the finding points at.
        model_path = f"spec.models[{finding.model}]"
        value = lookup(manifest, model_path)
        if value is not _MISSING:
            out.setdefault(model_path, value)
    spec = manifest.get("spec") if isinstance(manifest, dict) else None
    for section in sorted(reads.sections - {"models"}):
        fields = spec.get(section) if isinstance(spec, dict) else None
        for key, value in (fields or {}).items() if isinstance(fields, dict) else ():
            if key in reads.mentions:
                out.setdefault(f"spec.{section}.{key}", value)
    return out


def _fact(catalog: str, key: str, entry: t.Any, reads: RuleReads) -> CatalogFact | None:
    if not isinstance(entry, dict):
        return None
    fields = {k: v for k, v in entry.items() if k in reads.mentions and k not in _PROVENANCE}
    checked = entry.get("checked")
    return CatalogFact(
        catalog,
        key,
        fields,
        str(checked) if checked is not None else None,
        tuple(str(s) for s in entry.get("sources") or ()),
    )


def _involved(
    finding: Finding, manifest: t.Any, data: t.Mapping[str, t.Any], reads: RuleReads
) -> t.Iterator[tuple[str, str]]:
    """(catalog, id) of the entries this finding is about."""
    catalog = data.get("catalog") or {}
    model = lookup(manifest, f"spec.models[{finding.model}]") if finding.model is not None else None
    if isinstance(model, dict):
        entry = (catalog.get("models") or {}).get(model.get("id"), {})
        yield "models", str(model.get("id"))
        yield "providers", str(model.get("provider", ""))
        for key in [entry.get("license"), *(entry.get("extraLicenses") or ())]:
            yield "licenses", str(key)
        yield "regions", str(model.get("region", ""))
    else:
        # A mode or project finding weighs the catalog as a whole: the providers (or models) it
        # reads, and the regions the manifest names.
        if "providers" in reads.catalogs:
            yield from (("providers", p) for p in sorted(catalog.get("providers") or {}))
        if "models" in reads.catalogs:
            yield from (("models", m) for m in sorted(catalog.get("models") or {}))
        spec = manifest.get("spec", {}) if isinstance(manifest, dict) else {}
        codes = [
            *((spec.get("residency") or {}).get("allowedRegions") or ()),
            *((spec.get("data") or {}).get("subjectRegions") or ()),
        ]
        yield from (("regions", str(c)) for c in dict.fromkeys(codes))
    for key in sorted(catalog.get("regulation") or {}):
        yield "regulation", key


def build_facts(
    finding: Finding, manifest: t.Any, data: t.Mapping[str, t.Any], reads: RuleReads
) -> Facts:
    """The facts one finding rests on, limited to what its rule reads."""
    catalog = data.get("catalog") or {}
    facts = []
    for name, key in dict.fromkeys(_involved(finding, manifest, data, reads)):
        if name not in reads.catalogs:
            continue
        fact = _fact(name, key, (catalog.get(name) or {}).get(key), reads)
        # An entry none of whose fields the rule names adds nothing (a model listed only
        # because the rule reads some other model's figure, say).
        if fact is not None and (fact.fields or finding.model is not None):
            facts.append(fact)
    settings = data.get("settings") or {}
    used = {k: settings[k] for k in sorted(settings) if k in reads.mentions}
    return Facts(_manifest(finding, manifest, reads), tuple(facts), used)
