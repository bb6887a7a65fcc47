"""Candidate deployments: every catalog deployment a team could declare for a manifest.

Self-hosted: each open-weight model in each allowed region at each quantization. Vendor API:
each approved provider, each model it serves, each allowed region where it processes data and
each deployment type it offers. Which of them pass is for the policies to say, not this module.
"""

from __future__ import annotations

import itertools
import typing as t
from dataclasses import dataclass, replace

QUANTIZATIONS = ("fp16", "int8", "int4")


@dataclass(frozen=True)
class Candidate:
    """One deployment, shaped like an entry of the manifest's `spec.models`."""

    id: str
    hosting: str
    region: str
    provider: str | None = None
    quantization: str | None = None
    deployment_type: str | None = None
    zero_data_retention: bool = False
    baa_signed: bool = False

    def model(self) -> dict[str, t.Any]:
        """The `spec.models[]` entry that declares this deployment."""
        out: dict[str, t.Any] = {"id": self.id, "hosting": self.hosting}
        if self.provider is not None:
            out["provider"] = self.provider
        out["region"] = self.region
        if self.quantization is not None:
            out["quantization"] = self.quantization
        if self.deployment_type is not None:
            out["deploymentType"] = self.deployment_type
        if self.zero_data_retention:
            out["zeroDataRetention"] = True
        if self.baa_signed:
            out["baaSigned"] = True
        return out

    @property
    def label(self) -> str:
        """`llama-3.1-70b self-hosted eu int4`, `gpt-4o via azure-openai eu data-zone`."""
        if self.hosting == "self-hosted":
            return f"{self.id} self-hosted {self.region} {self.quantization}"
        parts = [f"{self.id} via {self.provider} {self.region}"]
        if self.deployment_type:
            parts.append(self.deployment_type)
        if self.zero_data_retention:
            parts.append("ZDR")
        if self.baa_signed:
            parts.append("BAA")
        return " ".join(parts)


def _approved(settings: t.Mapping[str, t.Any]) -> t.Callable[[str], bool]:
    approved = settings.get("approvedProviders") or []
    return lambda provider: not approved or provider in approved


def _allowed_regions(manifest: t.Mapping[str, t.Any]) -> list[str]:
    residency = manifest.get("spec", {}).get("residency", {})
    return [str(r) for r in residency.get("allowedRegions", [])]


def current(catalog: t.Mapping[str, t.Any], model_id: str, provider_id: str, as_of: str) -> bool:
    """Whether the provider still offers the model as of `as_of`: not deprecated, not retired.

    Read from data.catalog.lifecycle (the rules LLM-GOV-007/008 read the same records); a model
    without a record on that provider is taken as current.
    """
    life = ((catalog.get("lifecycle") or {}).get(model_id) or {}).get(provider_id)
    if not isinstance(life, dict):
        return True
    if life.get("status") in ("deprecated", "retired"):
        return False
    for key in ("deprecatedOn", "retiredOn"):
        day = life.get(key)
        if isinstance(day, str) and day <= as_of:
            return False
    return True


def build_candidates(
    catalog: t.Mapping[str, t.Any],
    settings: t.Mapping[str, t.Any],
    manifest: t.Mapping[str, t.Any],
    as_of: str = "",
) -> list[Candidate]:
    """Every candidate deployment for `manifest`, without ZDR/BAA flags (see `flag_variants`).

    A vendor deployment the provider has deprecated or retired (as of `as_of`, default: any
    date) is never a candidate.
    """
    regions = _allowed_regions(manifest)
    models = catalog.get("models", {})
    out = [
        Candidate(model_id, "self-hosted", region, quantization=q)
        for model_id, entry in sorted(models.items())
        if entry.get("weights") == "open"
        for region, q in itertools.product(regions, QUANTIZATIONS)
    ]
    approved = _approved(settings)
    for provider_id, provider in sorted(catalog.get("providers", {}).items()):
        if not approved(provider_id):
            continue
        where = [r for r in regions if r in provider.get("regions", ())]
        # A provider without deployment types keeps processing in the deployment's region;
        # one with them gets each type spelled out (an omitted type may mean "unknown").
        types: list[str | None] = sorted(provider.get("deploymentTypes") or {}) or [None]
        for model_id in sorted(set(provider.get("models", ())) & set(models)):
            if not current(catalog, model_id, provider_id, as_of or "9999-12-31"):
                continue
            out.extend(
                Candidate(model_id, "vendor-api", region, provider=provider_id, deployment_type=d)
                for region, d in itertools.product(where, types)
            )
    return out


def flag_variants(
    candidate: Candidate, provider: t.Mapping[str, t.Any], *, zdr_required: bool
) -> list[Candidate]:
    """The ways to declare a vendor candidate, fewest agreements first, all offered last.

    `zeroDataRetention: true` can be declared where the provider grants ZDR on approval, and
    `baaSigned: true` where it offers a BAA. With `zdr_required` (the manifest's
    compliance.zeroDataRetentionRequired) a deployment without ZDR is no candidate at all.
    """
    zdr_mode = provider.get("zeroDataRetention", "none")
    if zdr_required and zdr_mode not in ("approval", "default"):
        return []
    zdr_options = [False, True] if zdr_mode == "approval" else [False]
    if zdr_required and zdr_mode == "approval":
        zdr_options = [True]
    baa_options = [False, True] if provider.get("baa") is True else [False]
    variants = [
        replace(candidate, zero_data_retention=z, baa_signed=b)
        for z, b in itertools.product(zdr_options, baa_options)
    ]
    return sorted(variants, key=lambda c: (c.zero_data_retention + c.baa_signed, c.baa_signed))
