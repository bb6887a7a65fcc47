"""Impact: how manifests' decisions change between two versions of the policies and catalog."""

from __future__ import annotations

from checker.impact.comparison import Change, FindingKey, ManifestImpact, compare
from checker.impact.revision import PolicyRevision, open_revision, working_tree

__all__ = [
    "Change",
    "FindingKey",
    "ManifestImpact",
    "PolicyRevision",
    "compare",
    "open_revision",
    "working_tree",
]
