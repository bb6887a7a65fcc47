"""The formats of every command's document, by command, for `--format` and `--report`.

Each registry names its renderers without importing them (`checker.rendering.Registry`), so
building the command line costs nothing; `check`'s formats are `checker.reporters.REPORTERS`.
"""

from __future__ import annotations

import typing as t

from checker.rendering import Registry
from checker.reporters import REPORTERS

if t.TYPE_CHECKING:
    from checker.catalog.report import CatalogDiffReport
    from checker.explanation.report import ExplainReport
    from checker.impact.report import ImpactReport
    from checker.recommendation.report import RecommendReport

EXPLAIN_FORMATS: Registry[ExplainReport] = Registry(
    {
        "text": "checker.explanation.report:ExplainText",
        "json": "checker.explanation.report:ExplainJson",
    }
)
RECOMMEND_FORMATS: Registry[RecommendReport] = Registry(
    {
        "text": "checker.recommendation.report:RecommendText",
        "json": "checker.recommendation.report:RecommendJson",
    }
)
IMPACT_FORMATS: Registry[ImpactReport] = Registry(
    {
        "text": "checker.impact.report:ImpactText",
        "json": "checker.impact.report:ImpactJson",
    }
)

CATALOG_DIFF_FORMATS: Registry[CatalogDiffReport] = Registry(
    {
        "text": "checker.catalog.report:CatalogDiffText",
        "json": "checker.catalog.report:CatalogDiffJson",
    }
)

__all__ = [
    "CATALOG_DIFF_FORMATS",
    "EXPLAIN_FORMATS",
    "IMPACT_FORMATS",
    "RECOMMEND_FORMATS",
    "REPORTERS",
]
