"""`recommend` output: the JSON document and the terminal text, rendered from recommendations."""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass

from checker.header import ReportHeader, header_dict
from checker.recommendation.cost import HOURS_PER_MONTH, CostModel
from checker.recommendation.recommender import RankedCandidate, Recommendation
from checker.rendering import Renderer
from checker.reporters.json_ import result_head
from checker.severity import Threshold
from checker.terminal import clean


@dataclass(frozen=True)
class RecommendReport:
    """What `recommend` prints: each manifest's recommendation, the cost model, the header."""

    header: ReportHeader
    threshold: Threshold
    costs: CostModel
    recommendations: tuple[Recommendation, ...]
    top: int = 10


def candidate_dict(ranked: RankedCandidate) -> dict[str, t.Any]:
    """One candidate: the deployment as a manifest declares it, its score and reasons."""
    c = ranked.candidate
    out: dict[str, t.Any] = {"id": c.id, "hosting": c.hosting}
    if c.provider is not None:
        out["provider"] = c.provider
    out["region"] = c.region
    if c.quantization is not None:
        out["quantization"] = c.quantization
    if c.deployment_type is not None:
        out["deploymentType"] = c.deployment_type
    if c.hosting == "vendor-api":
        out["zeroDataRetention"] = c.zero_data_retention
        out["baaSigned"] = c.baa_signed
    cost = ranked.cost
    out["score"] = ranked.score.total
    out["reasons"] = [
        {"factor": r.factor, "points": round(r.points, 2), "text": r.text}
        for r in ranked.score.reasons
    ]
    out["monthlyCostUsd"] = round(cost.monthly_usd, 2) if cost.monthly_usd is not None else None
    out["costBasis"] = cost.basis
    if cost.price_checked is not None or cost.stale:
        out["price"] = {
            "checked": cost.price_checked,
            "ageDays": cost.price_age_days,
            "stale": cost.stale,
        }
    out["warnings"] = list(ranked.warnings)
    out["model"] = c.model()
    return out


def result_dict(rec: Recommendation, top: int, threshold: Threshold) -> dict[str, t.Any]:
    """One manifest's entry: its decision with reasons, and the best `top` candidates (0: all)."""
    r = rec.result
    out = result_head(r, threshold)
    d = r.decision
    if d is None:
        return out
    out["decision"] = {
        "recommendation": d.recommendation,
        "preference": d.preference,
        "selfHosted": {
            "allowed": d.self_hosted.allowed,
            "reasons": sorted({f.rule for f in d.self_hosted.reasons}),
        },
        "vendorApi": {
            "allowed": d.vendor_api.allowed,
            "reasons": sorted({f.rule for f in d.vendor_api.reasons}),
        },
        "reasons": [
            {"driver": x.driver, "favours": x.favours, "text": x.text, "rule": x.rule}
            for x in rec.drivers
        ],
    }
    shown = rec.candidates if top == 0 else rec.candidates[:top]
    out["candidatesConsidered"] = rec.considered
    out["candidatesPassing"] = len(rec.candidates)
    out["candidates"] = [candidate_dict(c) for c in shown]
    return out


def render_text(recs: t.Sequence[Recommendation], top: int, *, verbosity: int = 1) -> str:
    """The terminal report: per manifest the recommendation, its reasons and the best candidates."""
    lines: list[str] = []
    for rec in recs:
        r = rec.result
        lines.append(f"{clean(r.manifest)}" + (f" ({clean(r.project)})" if r.project else ""))
        if r.decision is None:
            lines.append("  not evaluated: the manifest does not load or validate")
            lines.extend(f"    {clean(p.path or '-')}: {clean(p.message)}" for p in r.errors)
            lines.append("")
            continue
        d = r.decision
        lines.append(f"  recommendation: {d.recommendation}")
        for x in rec.drivers:
            favours = "" if x.favours == "neither" else f" [favours {x.favours}]"
            lines.append(f"    {x.driver:17} {clean(x.text)}{favours}")
        shown = rec.candidates if top == 0 else rec.candidates[:top]
        more = "" if len(shown) == len(rec.candidates) else "; --top 0 shows all"
        lines.append(
            f"  candidates: {len(rec.candidates)} of {rec.considered} deployments pass every"
            f" policy{more}"
        )
        for rank, c in enumerate(shown, 1):
            cost = c.cost.monthly_usd
            money = f"~USD {cost:,.0f}/month" if cost is not None else "cost unknown"
            stale = " (stale price)" if c.cost.stale and cost is not None else ""
            lines.append(
                f"    {rank:>3}. {c.score.total:6.1f}  {clean(c.candidate.label)}  {money}{stale}"
            )
            # The best candidate's reasons always; the others' with -v.
            if verbosity >= 2 or (verbosity >= 1 and rank == 1):
                lines.extend(
                    f"           {x.points:+6.1f} {x.factor:12} {clean(x.text)}"
                    for x in c.score.reasons
                )
        lines.append("")
    return "\n".join(lines)


class RecommendText(Renderer[RecommendReport]):
    """`recommend --format text`."""

    name = "text"

    def render(self, document: RecommendReport) -> str:
        """See `Renderer.render`."""
        return render_text(document.recommendations, document.top, verbosity=self.verbosity)


class RecommendJson(Renderer[RecommendReport]):
    """`recommend --format json`."""

    name = "json"

    def render(self, document: RecommendReport) -> str:
        """See `Renderer.render`."""
        costs = document.costs
        out = {
            **header_dict(document.header),
            "failOn": document.threshold.name,
            "today": document.header.as_of,
            "assumptions": {
                "budgetInputTokenShare": costs.input_share,
                "gpuHourlyUsdPerGb": costs.gpu_hourly_usd_per_gb,
                "gpuMemoryHeadroom": costs.gpu_headroom,
                "hoursPerMonth": HOURS_PER_MONTH,
                "assumedMonthlyTokens": costs.assumed_monthly_tokens,
                "priceMaxAgeDays": costs.price_max_age_days,
            },
            "results": [
                result_dict(r, document.top, document.threshold) for r in document.recommendations
            ],
        }
        return json.dumps(out, indent=2, ensure_ascii=False) + "\n"
