"""For one manifest: the candidates that pass every policy, scored and ranked.

Each candidate is written into a copy of the manifest as its only model and evaluated by the
same engine `check` uses; it is kept only when that model is allowed and the decision passes,
so every proposal is something `llm-policy check` accepts.
"""

from __future__ import annotations

import copy
import datetime as dt
import typing as t
from dataclasses import dataclass

from checker.engine import Engine
from checker.recommendation.candidate import Candidate, build_candidates, flag_variants
from checker.recommendation.cost import CostEstimate, CostModel, build_cost_model
from checker.recommendation.driver import COST, Driver, build_drivers
from checker.recommendation.score import Needs, Score, build_score
from checker.result import ManifestResult

# How many of the best candidates a stale price must be among to be named in the reasons.
STALE_PRICE_TOP = 3


@dataclass(frozen=True)
class RankedCandidate:
    """A passing candidate with its score, cost estimate and the warnings it would raise."""

    candidate: Candidate
    score: Score
    cost: CostEstimate
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Recommendation:
    """The manifest's result, the reasons in team terms, and every passing candidate, best first."""

    result: ManifestResult
    drivers: tuple[Driver, ...] = ()
    candidates: tuple[RankedCandidate, ...] = ()
    considered: int = 0


def _passes(raw: t.Mapping[str, t.Any]) -> bool:
    models = raw.get("models") or []
    return raw.get("pass") is True and len(models) == 1 and models[0].get("allowed") is True


def _own_warnings(raw: t.Mapping[str, t.Any], hosting: str) -> tuple[str, ...]:
    """Warnings about the candidate itself: on its model, or on its deployment mode."""
    rules = {
        str(w.get("rule"))
        for w in raw.get("warnings") or ()
        if (w.get("scope") == "model" and w.get("model") == 0) or w.get("scope") == hosting
    }
    return tuple(sorted(rules))


def _needs(spec: t.Mapping[str, t.Any], settings: t.Mapping[str, t.Any], rec: str) -> Needs:
    req = spec.get("requirements") or {}
    purpose = (spec.get("useCase") or {}).get("purpose", "")
    nice = (settings.get("purposeCapabilities") or {}).get(purpose) or ()
    budget = req.get("monthlyBudgetUsd")
    return Needs(
        capabilities=frozenset(req.get("capabilities") or ()),
        nice=frozenset(str(c) for c in nice),
        min_context=req.get("minContextTokens"),
        budget_usd=float(budget) if budget is not None else None,
        recommendation=rec,
    )


class Recommender:
    """Ranks catalog deployments for manifests with one loaded engine and policy data."""

    def __init__(self, engine: Engine, data: t.Mapping[str, t.Any], today: dt.date) -> None:
        self.engine = engine
        self.catalog: t.Mapping[str, t.Any] = data.get("catalog") or {}
        self.settings: t.Mapping[str, t.Any] = data.get("settings") or {}
        self.costs: CostModel = build_cost_model(self.settings, today)

    def _obligations(self, candidate: Candidate, entry: t.Mapping[str, t.Any]) -> list[str]:
        # Licences bind self-hosted use of the weights; a vendor serves the model on its terms.
        if candidate.hosting != "self-hosted":
            return []
        licences = self.catalog.get("licenses") or {}
        keys = [entry.get("license"), *(entry.get("extraLicenses") or ())]
        return [o for k in keys for o in (licences.get(k) or {}).get("obligations", ())]

    def _settle(
        self, manifest: dict[str, t.Any], base: Candidate, zdr_required: bool
    ) -> tuple[Candidate, tuple[str, ...]] | None:
        """The declaration of `base` with the fewest agreements that passes, if any does."""
        if base.hosting == "self-hosted":
            variants = [base]
        else:
            provider = self.catalog["providers"][base.provider]
            variants = flag_variants(base, provider, zdr_required=zdr_required)
        if not variants:
            return None
        # Declaring ZDR or a BAA only removes findings: if everything offered fails, all do.
        results: dict[Candidate, t.Mapping[str, t.Any]] = {}
        results[variants[-1]] = self._evaluate(manifest, variants[-1])
        if not _passes(results[variants[-1]]):
            return None
        fewest = len(_own_warnings(results[variants[-1]], base.hosting))
        for variant in variants[:-1]:
            raw = self._evaluate(manifest, variant)
            if _passes(raw) and len(_own_warnings(raw, base.hosting)) <= fewest:
                return variant, _own_warnings(raw, base.hosting)
        return variants[-1], _own_warnings(results[variants[-1]], base.hosting)

    def _evaluate(self, manifest: dict[str, t.Any], candidate: Candidate) -> t.Mapping[str, t.Any]:
        manifest["spec"]["models"] = [candidate.model()]
        return self.engine.evaluate(manifest)

    def recommend(self, result: ManifestResult) -> Recommendation:
        """Rank the passing candidates for a validated, evaluated manifest."""
        if result.decision is None:
            return Recommendation(result)
        manifest = copy.deepcopy(result.facts)
        spec = manifest.setdefault("spec", {})
        needs = _needs(spec, self.settings, result.decision.recommendation)
        zdr_required = (spec.get("compliance") or {}).get("zeroDataRetentionRequired") is True
        tokens = (spec.get("requirements") or {}).get("expectedMonthlyTokens")
        bases = build_candidates(self.catalog, self.settings, manifest)
        ranked = []
        for base in bases:
            settled = self._settle(manifest, base, zdr_required)
            if settled is None:
                continue
            candidate, warnings = settled
            entry = self.catalog["models"][candidate.id]
            cost = self.costs.estimate(candidate, entry, tokens)
            provider = self.catalog["providers"].get(candidate.provider or "")
            obligations = self._obligations(candidate, entry)
            score = build_score(candidate, entry, provider, obligations, warnings, cost, needs)
            ranked.append(RankedCandidate(candidate, score, cost, warnings))
        ranked.sort(key=_rank_key)
        drivers = build_drivers(result.decision) + _stale_prices(
            ranked[:STALE_PRICE_TOP], self.costs
        )
        return Recommendation(result, drivers, tuple(ranked), len(bases))


def _rank_key(r: RankedCandidate) -> tuple[float, float, str]:
    cost = r.cost.monthly_usd if r.cost.monthly_usd is not None else float("inf")
    return (-r.score.total, cost, r.candidate.label)


def _stale_prices(top: t.Sequence[RankedCandidate], costs: CostModel) -> tuple[Driver, ...]:
    """A reason for each stale list price the best candidates' cost estimates rest on."""
    out: dict[str, Driver] = {}
    for r in top:
        c = r.cost
        if not c.stale or c.monthly_usd is None or r.candidate.id in out:
            continue
        when = f"checked {c.price_checked}" if c.price_checked else "with no valid checked date"
        age = f", {c.price_age_days} days before {costs.today}" if c.price_age_days else ""
        text = (
            f"the cost estimate for {r.candidate.id} rests on a list price {when}{age}, older"
            f" than {costs.price_max_age_days} days (priceMaxAgeDays): re-check it before relying"
            " on the ranking"
        )
        out[r.candidate.id] = Driver(COST, r.candidate.hosting, text)
    return tuple(out.values())
