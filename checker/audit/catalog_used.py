"""The catalog entries an audit relied on, with the dates their facts were checked and sources.

A project uses the catalog entries of the models it requests, their licences, the providers and
regions it names, and the regulation entries. Every provider is listed in the appendix because
the vendor-API verdict asks whether any provider could serve the project.
"""

from __future__ import annotations

import json
import typing as t

KINDS = ("models", "licenses", "providers", "regions", "regulation")


def _strings(value: t.Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _dict(value: t.Any) -> dict[str, t.Any]:
    return value if isinstance(value, dict) else {}


def project_catalog(
    facts: t.Mapping[str, t.Any], catalog: t.Mapping[str, t.Any]
) -> dict[str, list[str]]:
    """Catalog ids by kind that this manifest's facts refer to (unknown ids left out)."""
    spec = _dict(facts.get("spec"))
    models = [_dict(m) for m in spec.get("models") or [] if isinstance(m, dict)]
    known = {kind: _dict(catalog.get(kind)) for kind in KINDS}
    model_ids = [str(m.get("id")) for m in models if m.get("id") in known["models"]]
    licenses: list[str] = []
    for model_id in model_ids:
        entry = known["models"][model_id]
        licenses += [entry["license"]] if isinstance(entry.get("license"), str) else []
        licenses += _strings(entry.get("extraLicenses"))
    regions = _strings(_dict(spec.get("residency")).get("allowedRegions"))
    regions += _strings(_dict(spec.get("data")).get("subjectRegions"))
    regions += [str(m["region"]) for m in models if isinstance(m.get("region"), str)]
    refs = {
        "models": model_ids,
        "licenses": licenses,
        "providers": [str(m.get("provider")) for m in models if m.get("provider")],
        "regions": regions,
        "regulation": list(known["regulation"]),
    }
    return {kind: sorted({i for i in ids if i in known[kind]}) for kind, ids in refs.items()}


def catalog_appendix(
    used: t.Iterable[t.Mapping[str, list[str]]], catalog: t.Mapping[str, t.Any]
) -> dict[str, list[dict[str, t.Any]]]:
    """The full entries the projects used (and every provider), by kind, sorted by id."""
    wanted: dict[str, set[str]] = {kind: set() for kind in KINDS}
    wanted["providers"] |= set(_dict(catalog.get("providers")))
    for refs in used:
        for kind in KINDS:
            wanted[kind] |= set(refs.get(kind, ()))
    out: dict[str, list[dict[str, t.Any]]] = {}
    for kind in KINDS:
        entries = _dict(catalog.get(kind))
        # YAML dates and the like become strings: audit.json must stay plain JSON.
        out[kind] = [
            {"id": i, "entry": json.loads(json.dumps(entries[i], default=str))}
            for i in sorted(wanted[kind])
            if i in entries
        ]
    return out
