"""Does each reference a finding cites belong to the case (issue 14, item 4)?

A finding may cite the catalog entries of the deployment it is about (the model, the licences
that bind it, its provider and the model's lifecycle there) and the regulations its rule
enforces (the regulation entries whose `url` the rule's METADATA names) where the manifest
brings that regulation in: a law with `subjectRegions` applies only to a manifest with data
subjects there, the EU AI Act to a manifest with an EU link. Project and mode findings may cite
the entries of every requested deployment; vendor-api findings any provider's. Anything else (a
Llama licence on an Apache model, OpenAI's terms on a Vertex deployment, PIPL on an EU-only
case) is a wrong citation.
"""

from __future__ import annotations

import re
import typing as t

from checker.metadata import RuleMeta
from checker.result import Finding, ManifestResult
from checker.scan.reference import ScanReference

_URL = re.compile(r"https?://\S+")


def urls(text: str) -> set[str]:
    return {m.group(0).rstrip(".,;)") for m in _URL.finditer(text)}


def entry_urls(entry: t.Any) -> set[str]:
    if not isinstance(entry, dict):
        return set()
    found = {entry["url"]} if isinstance(entry.get("url"), str) else set()
    found |= {s for s in entry.get("sources") or () if isinstance(s, str)}
    policy = entry.get("usePolicy")
    if isinstance(policy, dict) and isinstance(policy.get("url"), str):
        found.add(policy["url"])
    return found


def _deployment_urls(model: t.Any, catalog: t.Mapping[str, t.Any]) -> set[str]:
    if not isinstance(model, dict):
        return set()
    entry = catalog["models"].get(model.get("id"))
    found = entry_urls(entry)
    if isinstance(entry, dict):
        keys = [entry.get("license"), *(entry.get("extraLicenses") or ())]
        for key in keys:
            found |= entry_urls(catalog["licenses"].get(key))
    if model.get("hosting") == "vendor-api":
        found |= entry_urls(catalog["providers"].get(model.get("provider")))
        life = (catalog.get("lifecycle") or {}).get(model.get("id")) or {}
        found |= entry_urls(life.get(model.get("provider")) if isinstance(life, dict) else None)
    return found


def eu_link(spec: t.Mapping[str, t.Any], settings: t.Mapping[str, t.Any]) -> bool:
    """The manifest has an EU link: EU subjects, an EU deployment, the EU market, or the
    organisation established in the EU (settings organisationInEu)."""
    regions = set(spec.get("data", {}).get("subjectRegions") or ())
    regions |= set(spec.get("useCase", {}).get("markets") or ())
    regions |= {m.get("region") for m in spec.get("models") or () if isinstance(m, dict)}
    return "eu" in regions or settings.get("organisationInEu") is True


def _regulation_applies(
    key: str, entry: t.Mapping[str, t.Any], manifest: t.Any, data: t.Any
) -> bool:
    spec = manifest.get("spec", {})
    if key == "euAiAct":
        return eu_link(spec, data.get("settings", {}))
    home = set(entry.get("subjectRegions") or ())
    return not home or bool(home & set(spec.get("data", {}).get("subjectRegions") or ()))


def allowed_urls(
    finding: Finding,
    manifest: t.Mapping[str, t.Any],
    data: t.Mapping[str, t.Any],
    meta: RuleMeta,
    evidence: t.Sequence[ScanReference] = (),
) -> set[str]:
    catalog = data["catalog"]
    models = manifest.get("spec", {}).get("models") or []
    # check --scan: what the code uses is part of the case (the LLM-EVD findings cite it).
    models = [
        *models,
        *({"id": r.model, "provider": r.provider, "hosting": "vendor-api"} for r in evidence),
    ]
    if finding.model is not None:
        allowed = _deployment_urls(models[finding.model], catalog)
    else:
        allowed = set().union(*(_deployment_urls(m, catalog) for m in models))
        if finding.scope == "vendor-api":
            allowed = allowed.union(*(entry_urls(p) for p in catalog["providers"].values()))
    enforced = set().union(*(urls(r) for r in meta.references))
    for key, entry in (catalog.get("regulation") or {}).items():
        if entry.get("url") in enforced and _regulation_applies(key, entry, manifest, data):
            allowed |= entry_urls(entry)
    return allowed


def reference_problems(
    result: ManifestResult,
    manifest: t.Mapping[str, t.Any],
    data: t.Mapping[str, t.Any],
    rules: t.Mapping[str, RuleMeta],
) -> list[str]:
    """One line per finding that cites nothing, or cites what does not belong to its case."""
    problems = []
    for f in result.findings:
        meta = rules.get(f.rule)
        if meta is None:
            continue
        if not f.references or f.references == meta.references:
            problems.append(f"{f.rule} ({f.path}) cites no catalog entry of its case")
            continue
        allowed = allowed_urls(f, manifest, data, meta, result.evidence)
        for ref in f.references:
            found = urls(ref)
            if not found:
                problems.append(f"{f.rule} ({f.path}): {ref!r} has no link")
            problems.extend(
                f"{f.rule} ({f.path}) cites {url}, not its case's: {ref!r}"
                for url in sorted(found - allowed)
            )
    return problems
