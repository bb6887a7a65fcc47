"""For one manifest: the candidates that pass every policy, scored and ranked.

Each candidate is written into a copy of the manifest as its only model and decided by the
same runner `check` uses (the same engine, waivers and verdict rules); it is kept only when the
result passes at the run's threshold, so every proposal is something `llm-policy check` accepts.
"""

from __future__ import annotations

import copy
import datetime as dt
import typing as t
from dataclasses import dataclass, replace
from pathlib import Path

from checker.evaluation import without_project_waivers
from checker.recommendation.candidate import Candidate, build_candidates, flag_variants
from checker.recommendation.cost import CostEstimate, CostModel, build_cost_model
from checker.recommendation.driver import COST, Driver, build_drivers
from checker.recommendation.score import Needs, Score, build_score
from checker.result import Finding, ManifestResult
from checker.runner import Runner
from checker.severity import Threshold

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


def _own_warnings(result: ManifestResult, hosting: str) -> tuple[str, ...]:
    """Unwaived warnings about the candidate itself: on its model, or on its deployment mode."""
    return tuple(sorted({f.rule for f in result.warnings if _about(f, hosting)}))


def _about(finding: Finding, hosting: str) -> bool:
    """A finding on the candidate's model (the only one, index 0) or on its deployment mode."""
    return (finding.scope == "model" and finding.model == 0) or finding.scope == hosting


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
    """Ranks catalog deployments for manifests with the run's runner and policy data.

    A candidate passes when its result passes at `threshold` (`never`, which fails nothing,
    is read as the default `low`: a recommendation must still pass the policies).
    """

    def __init__(
        self,
        runner: Runner,
        data: t.Mapping[str, t.Any],
        today: dt.date,
        threshold: Threshold | None = None,
    ) -> None:
        self.runner = runner
        chosen = threshold or Threshold()
        self.threshold = Threshold() if chosen.never else chosen
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
        self, manifest: dict[str, t.Any], base: Candidate, zdr_required: bool, source: _Source
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
        most = self._decide(manifest, variants[-1], source)
        if not self._passes(most):
            return None
        fewest = len(_own_warnings(most, base.hosting))
        for variant in variants[:-1]:
            decided = self._decide(manifest, variant, source)
            if self._passes(decided) and len(_own_warnings(decided, base.hosting)) <= fewest:
                return variant, _own_warnings(decided, base.hosting)
        return variants[-1], _own_warnings(most, base.hosting)

    def _passes(self, result: ManifestResult) -> bool:
        return result.passed(self.threshold)

    def _decide(
        self, manifest: dict[str, t.Any], candidate: Candidate, source: _Source
    ) -> ManifestResult:
        manifest["spec"]["models"] = [candidate.model()]
        decided = self.runner.decide(manifest, source.base, source.path)
        if source.unique_name:
            return decided
        return without_project_waivers(decided, "the project name is not unique in this run")

    def recommend(
        self, result: ManifestResult, path: Path, *, unique_name: bool = True
    ) -> Recommendation:
        """Rank the passing candidates for a validated, evaluated manifest read from `path`.

        `unique_name` False: another manifest of the run shares its project name, so waivers by
        project name do not apply to its candidates either.
        """
        if result.decision is None:
            return Recommendation(result)
        undecided = replace(result, decision=None, findings=(), facts={})
        source = _Source(path, undecided, unique_name)
        manifest = copy.deepcopy(result.facts)
        spec = manifest.setdefault("spec", {})
        needs = _needs(spec, self.settings, result.decision.recommendation)
        zdr_required = (spec.get("compliance") or {}).get("zeroDataRetentionRequired") is True
        tokens = (spec.get("requirements") or {}).get("expectedMonthlyTokens")
        bases = build_candidates(
            self.catalog, self.settings, manifest, self.costs.today.isoformat()
        )
        ranked = []
        for base in bases:
            settled = self._settle(manifest, base, zdr_required, source)
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


@dataclass(frozen=True)
class _Source:
    """The manifest a candidate replaces the models of: its path and its undecided result."""

    path: Path
    base: ManifestResult
    unique_name: bool = True


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
