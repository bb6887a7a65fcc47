"""`impact` output: the JSON document and the terminal text."""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass

from checker.header import ReportHeader, header_dict
from checker.impact.comparison import FindingKey, ManifestImpact
from checker.impact.revision import PolicyRevision
from checker.rendering import Renderer
from checker.severity import Threshold
from checker.terminal import clean


@dataclass(frozen=True)
class Side:
    """One side of the comparison: the policies' revision and the header of its run."""

    revision: PolicyRevision
    header: ReportHeader


@dataclass(frozen=True)
class ImpactReport:
    """What `impact` prints: every manifest's differences between the base and the head."""

    base: Side
    head: Side
    threshold: Threshold
    impacts: tuple[ManifestImpact, ...]


def _side(side: Side) -> dict[str, t.Any]:
    rev, h = side.revision, side.header
    return {
        "label": rev.label,
        "commit": rev.commit,
        "digest": h.policy_digest,
        "catalog": {"version": h.catalog_version, "digest": h.catalog_digest},
    }


def _key(k: FindingKey) -> dict[str, str]:
    return {"rule": k.rule, "path": k.path, "kind": k.kind}


def report_dict(document: ImpactReport) -> dict[str, t.Any]:
    """The whole JSON document: the header, both sides, a summary and each changed manifest.

    The header is the head side's run: its policy digest is the working tree's.
    """
    impacts = document.impacts
    changed = [i for i in impacts if i.changed]
    return {
        **header_dict(document.head.header),
        "failOn": document.threshold.name,
        "base": _side(document.base),
        "head": _side(document.head),
        "summary": {"manifests": len(impacts), "changed": len(changed)},
        "changed": [
            {
                "manifest": i.manifest,
                "project": i.project,
                "changes": [{"field": c.field, "base": c.base, "head": c.head} for c in i.changes],
                "findings": {
                    "added": [_key(k) for k in i.added],
                    "removed": [_key(k) for k in i.removed],
                },
            }
            for i in changed
        ],
    }


def _word(value: t.Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return clean(value)


def render_text(
    impacts: t.Sequence[ManifestImpact], base: PolicyRevision, head: PolicyRevision
) -> str:
    """Each changed manifest with its changes, then a summary line."""
    lines = [f"impact of {clean(head.label)} against {clean(base.label)}", ""]
    return "\n".join([*lines, *impact_lines(impacts)]) + "\n"


def impact_lines(impacts: t.Sequence[ManifestImpact]) -> list[str]:
    """Each changed manifest with its changes, then the count (also `catalog diff`'s)."""
    lines: list[str] = []
    changed = [i for i in impacts if i.changed]
    for i in changed:
        lines.append(clean(i.manifest) + (f" ({clean(i.project)})" if i.project else ""))
        lines += [f"  {c.field}: {_word(c.base)} -> {_word(c.head)}" for c in i.changes]
        lines += [f"  + {k.rule} {k.kind} at {clean(k.path) or '-'}" for k in i.added]
        lines += [f"  - {k.rule} {k.kind} at {clean(k.path) or '-'}" for k in i.removed]
        lines.append("")
    if not changed:
        lines.append("no manifest's decision or findings change")
    lines.append(f"{len(changed)} of {len(impacts)} manifests change")
    return lines


class ImpactText(Renderer[ImpactReport]):
    """`impact --format text`."""

    name = "text"

    def render(self, document: ImpactReport) -> str:
        """See `Renderer.render`."""
        return render_text(document.impacts, document.base.revision, document.head.revision)


class ImpactJson(Renderer[ImpactReport]):
    """`impact --format json`."""

    name = "json"

    def render(self, document: ImpactReport) -> str:
        """See `Renderer.render`."""
        return json.dumps(report_dict(document), indent=2, ensure_ascii=False) + "\n"
