"""Recommendations: candidate deployments from the catalog, checked by the policies and ranked."""

from __future__ import annotations

from checker.recommendation.candidate import Candidate, build_candidates
from checker.recommendation.cost import CostEstimate, CostModel, build_cost_model
from checker.recommendation.driver import Driver, build_drivers
from checker.recommendation.recommender import RankedCandidate, Recommendation, Recommender
from checker.recommendation.score import Needs, Score, ScoreReason, build_score

__all__ = [
    "Candidate",
    "CostEstimate",
    "CostModel",
    "Driver",
    "Needs",
    "RankedCandidate",
    "Recommendation",
    "Recommender",
    "Score",
    "ScoreReason",
    "build_candidates",
    "build_cost_model",
    "build_drivers",
    "build_score",
]
