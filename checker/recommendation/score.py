"""How candidates are ranked: points per factor, each with the sentence that explains it.

Every candidate scored here already passes every policy; the score orders them by fit
(capabilities, context, model scale), cost and budget, licence duties and warnings, and how well
the deployment mode matches the recommendation. docs/recommend.md lists the weights.
"""

from __future__ import annotations

import math
import typing as t
from dataclasses import dataclass

from checker.recommendation.candidate import Candidate
from checker.recommendation.cost import CostEstimate

REQUIRED_CAPABILITY = 4.0
NICE_CAPABILITY = 3.0
OTHER_CAPABILITY = 1.0
CONTEXT_PER_DOUBLING, CONTEXT_CAP = 2.0, 6.0
DEFAULT_CONTEXT_NEED = 8192
SCALE_PER_DOUBLING, SCALE_CAP = 1.5, 10.0
COST_MAX, COST_PER_TENFOLD = 20.0, 5.0
WITHIN_BUDGET, OVER_BUDGET = 10.0, -15.0
PER_OBLIGATION = -1.0
PER_WARNING = -5.0
PREFERRED_MODE = 20.0
TRAINS_ON_DATA = -3.0
NO_RESIDENCY = -1.0
QUANTIZATION = {"fp16": 0.0, "int8": -1.0, "int4": -3.0}


@dataclass(frozen=True)
class ScoreReason:
    """The points one factor gave and why."""

    factor: str
    points: float
    text: str


@dataclass(frozen=True)
class Score:
    """A candidate's total and the reasons that add up to it."""

    total: float
    reasons: tuple[ScoreReason, ...]


@dataclass(frozen=True)
class Needs:
    """What the manifest asks for, as the scorer reads it."""

    capabilities: frozenset[str] = frozenset()
    nice: frozenset[str] = frozenset()
    min_context: int | None = None
    budget_usd: float | None = None
    recommendation: str = "either"


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _capabilities(offered: set[str], needs: Needs) -> list[ScoreReason]:
    groups = (
        (needs.capabilities & offered, REQUIRED_CAPABILITY, "meets the required {}"),
        ((needs.nice - needs.capabilities) & offered, NICE_CAPABILITY, "offers {}, useful here"),
        (offered - needs.capabilities - needs.nice, OTHER_CAPABILITY, "also offers {}"),
    )
    return [
        ScoreReason("capabilities", weight * len(caps), text.format(", ".join(sorted(caps))))
        for caps, weight, text in groups
        if caps
    ]


def _context(tokens: int, needs: Needs) -> ScoreReason:
    need = needs.min_context or DEFAULT_CONTEXT_NEED
    ratio = tokens / need if tokens > 0 else 1 / 64
    points = _clamp(CONTEXT_PER_DOUBLING * math.log2(ratio), -CONTEXT_CAP, CONTEXT_CAP)
    what = "the required" if needs.min_context else "a typical"
    return ScoreReason(
        "context", points, f"context of {tokens:,} tokens is {ratio:.1f}x {what} {need:,}"
    )


def _scale(entry: t.Mapping[str, t.Any]) -> ScoreReason | None:
    params = entry.get("paramsB")
    if not isinstance(params, (int, float)) or params <= 0:
        return None
    points = _clamp(SCALE_PER_DOUBLING * math.log2(params), 0.0, SCALE_CAP)
    return ScoreReason(
        "scale", points, f"{params:g}B parameters (larger open models answer better, as a rule)"
    )


def _cost(cost: CostEstimate, needs: Needs) -> list[ScoreReason]:
    if cost.monthly_usd is None:
        out = [ScoreReason("cost", 0.0, f"monthly cost unknown: {cost.basis}")]
        if needs.budget_usd is not None:
            out.append(ScoreReason("budget", 0.0, "fit with the budget unknown"))
        return out
    usd = cost.monthly_usd
    points = _clamp(COST_MAX - COST_PER_TENFOLD * math.log10(max(usd, 1.0)), 0.0, COST_MAX)
    out = [ScoreReason("cost", points, f"about USD {usd:,.0f} a month ({cost.basis})")]
    if needs.budget_usd is not None and cost.assumed_volume:
        out.append(ScoreReason("budget", 0.0, "fit with the budget unknown (volume assumed)"))
    elif needs.budget_usd is not None:
        within = usd <= needs.budget_usd
        points = WITHIN_BUDGET if within else OVER_BUDGET
        text = f"{'within' if within else 'over'} the budget of USD {needs.budget_usd:,.0f}"
        out.append(ScoreReason("budget", points, text))
    return out


def _price_age(cost: CostEstimate) -> list[ScoreReason]:
    # Only a price the estimate actually used can mislead the ranking.
    if not cost.stale or cost.monthly_usd is None:
        return []
    when = (
        f"checked {cost.price_checked}, {cost.price_age_days} days ago"
        if cost.price_checked and cost.price_age_days is not None
        else "without a valid checked date"
    )
    return [ScoreReason("price-age", 0.0, f"the list price was {when}: re-check it")]


def _data_terms(candidate: Candidate, provider: t.Mapping[str, t.Any]) -> list[ScoreReason]:
    """Terms the policies allow here but a team would still rather avoid."""
    out = []
    if provider.get("trainsOnCustomerData") is not False:
        out.append(
            ScoreReason(
                "data terms", TRAINS_ON_DATA, f"{candidate.provider} may train on customer data"
            )
        )
    types = provider.get("deploymentTypes") or {}
    kind = candidate.deployment_type or provider.get("defaultDeploymentType")
    if types and (types.get(kind) or {}).get("residency", "none") == "none":
        out.append(
            ScoreReason("data terms", NO_RESIDENCY, "no guarantee where the data is processed")
        )
    return out


def build_score(
    candidate: Candidate,
    entry: t.Mapping[str, t.Any],
    provider: t.Mapping[str, t.Any] | None,
    obligations: t.Sequence[str],
    warnings: t.Sequence[str],
    cost: CostEstimate,
    needs: Needs,
) -> Score:
    """Score one passing candidate.

    `entry` and `provider` are its catalog model and provider (None when self-hosted),
    `obligations` the duties of the licences it is bound by, `warnings` its warnings' rule ids.
    """
    offered = {str(c) for c in entry.get("capabilities", ())}
    reasons = _capabilities(offered, needs)
    reasons.append(_context(int(entry.get("contextTokens") or 0), needs))
    if scale := _scale(entry):
        reasons.append(scale)
    if candidate.quantization is not None:
        q = candidate.quantization
        reasons.append(
            ScoreReason(
                "quantization",
                QUANTIZATION.get(q, 0.0),
                f"{q} weights" + ("" if q == "fp16" else " lose some quality"),
            )
        )
    reasons += _cost(cost, needs)
    reasons += _price_age(cost)
    if provider is not None:
        reasons += _data_terms(candidate, provider)
    if obligations:
        reasons.append(
            ScoreReason(
                "licence",
                PER_OBLIGATION * len(obligations),
                f"{len(obligations)} licence obligation(s) to fulfil",
            )
        )
    if warnings:
        reasons.append(
            ScoreReason(
                "warnings", PER_WARNING * len(warnings), f"policy warning(s) {', '.join(warnings)}"
            )
        )
    if needs.recommendation == candidate.hosting:
        reasons.append(
            ScoreReason(
                "preference", PREFERRED_MODE, f"{candidate.hosting} is the recommended mode"
            )
        )
    return Score(round(sum(r.points for r in reasons), 2), tuple(reasons))
