"""Explanations: which rules fired for a manifest, and the manifest and catalog facts they used."""

from __future__ import annotations

from checker.explanation.explainer import Explainer, Explanation, Fired, RuleExplanation
from checker.explanation.facts import CatalogFact, Facts, build_facts
from checker.explanation.reads import RegoIndex, RuleReads

__all__ = [
    "CatalogFact",
    "Explainer",
    "Explanation",
    "Facts",
    "Fired",
    "RegoIndex",
    "RuleExplanation",
    "RuleReads",
    "build_facts",
]
