"""`impact` output: the JSON document and the terminal text."""

from __future__ import annotations

import typing as t

from checker.impact.comparison import FindingKey, ManifestImpact
from checker.impact.revision import PolicyRevision
from checker.terminal import clean

REPORT_VERSION = "1"


def _side(rev: PolicyRevision, digest: str) -> dict[str, t.Any]:
    return {"label": rev.label, "commit": rev.commit, "digest": digest}


def _key(k: FindingKey) -> dict[str, str]:
    return {"rule": k.rule, "path": k.path, "kind": k.kind}


def report_dict(
    impacts: t.Sequence[ManifestImpact],
    base: tuple[PolicyRevision, str],
    head: tuple[PolicyRevision, str],
) -> dict[str, t.Any]:
    """The whole JSON document: both sides, a summary and each changed manifest."""
    changed = [i for i in impacts if i.changed]
    return {
        "reportVersion": REPORT_VERSION,
        "base": _side(*base),
        "head": _side(*head),
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
    return "\n".join(lines) + "\n"
