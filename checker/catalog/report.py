"""`catalog diff` output: the JSON document and the terminal text.

The document is the changed facts between the base catalog (A) and the head catalog (B) and,
when manifests were given, each manifest whose decision or findings change (compared as
`impact` compares them, `checker.impact.comparison`). Its header is the head side's run.
"""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass

from checker.catalog.diff import EntryChange, FieldChange
from checker.header import ReportHeader, header_dict
from checker.impact.comparison import FindingKey, ManifestImpact
from checker.impact.report import impact_lines
from checker.rendering import Renderer
from checker.severity import Threshold
from checker.terminal import clean

VALUE_WIDTH = 160


@dataclass(frozen=True)
class CatalogSide:
    """One catalog compared: how it was named, its version, date and digest."""

    label: str
    version: str | None
    date: str | None
    digest: str


@dataclass(frozen=True)
class CatalogDiffReport:
    """What `catalog diff` prints; `impacts` is None when no manifest was given."""

    header: ReportHeader
    base: CatalogSide
    head: CatalogSide
    facts: tuple[EntryChange, ...]
    threshold: Threshold
    impacts: tuple[ManifestImpact, ...] | None = None


def _side(side: CatalogSide) -> dict[str, t.Any]:
    return {"label": side.label, "version": side.version, "date": side.date, "digest": side.digest}


def _field(change: FieldChange) -> dict[str, t.Any]:
    out = {"field": change.field, "old": change.old, "new": change.new}
    if change.absent:
        out["absent"] = change.absent
    return out


def _key(k: FindingKey) -> dict[str, str]:
    return {"rule": k.rule, "path": k.path, "kind": k.kind}


def _counts(facts: t.Sequence[EntryChange]) -> dict[str, int]:
    return {
        kind: sum(1 for f in facts if f.change == kind) for kind in ("added", "removed", "changed")
    }


def report_dict(document: CatalogDiffReport) -> dict[str, t.Any]:
    """The whole JSON document: header, both catalogs, the facts, and the decisions."""
    facts = document.facts
    out: dict[str, t.Any] = {
        **header_dict(document.header),
        "failOn": document.threshold.name,
        "base": _side(document.base),
        "head": _side(document.head),
        "facts": {
            "summary": _counts(facts),
            "changes": [
                {
                    "document": f.document,
                    "entry": f.entry,
                    "change": f.change,
                    "fields": [_field(c) for c in f.fields],
                }
                for f in facts
            ],
        },
        "decisions": None,
    }
    if document.impacts is not None:
        changed = [i for i in document.impacts if i.changed]
        out["decisions"] = {
            "summary": {"manifests": len(document.impacts), "changed": len(changed)},
            "changed": [
                {
                    "manifest": i.manifest,
                    "project": i.project,
                    "changes": [
                        {"field": c.field, "base": c.base, "head": c.head} for c in i.changes
                    ],
                    "findings": {
                        "added": [_key(k) for k in i.added],
                        "removed": [_key(k) for k in i.removed],
                    },
                }
                for i in changed
            ],
        }
    return out


def _value(value: t.Any, absent: bool) -> str:
    if absent:
        return "(absent)"
    text = json.dumps(value, ensure_ascii=False, default=str)
    text = clean(text)
    return text if len(text) <= VALUE_WIDTH else text[: VALUE_WIDTH - 1] + "…"


def _describe(side: CatalogSide) -> str:
    when = f"{side.date}, " if side.date else ""
    return f"{clean(side.version or 'unversioned')} ({when}{clean(side.label)})"


def _entries(count: int) -> str:
    return f"{count} entry" if count == 1 else f"{count} entries"


def render_text(document: CatalogDiffReport) -> str:
    """The changed facts by document, then each changed decision, then summary lines."""
    lines = [f"catalog diff: {_describe(document.base)} -> {_describe(document.head)}", ""]
    marks = {"added": "+", "removed": "-", "changed": "~"}
    shown = None
    for f in document.facts:
        if f.document != shown:
            lines.append(clean(f.document))
            shown = f.document
        lines.append(f"  {marks[f.change]} {clean(f.entry) or '(whole document)'}")
        for c in f.fields:
            old, new = _value(c.old, c.absent == "old"), _value(c.new, c.absent == "new")
            lines.append(f"      {clean(c.field)}: {old} -> {new}")
    counts = _counts(document.facts)
    if not document.facts:
        lines.append("no fact changes")
    lines.append(
        f"{_entries(counts['changed'])} changed, {counts['added']} added,"
        f" {counts['removed']} removed"
    )
    if document.impacts is not None:
        lines += ["", *impact_lines(document.impacts)]
    return "\n".join(lines) + "\n"


class CatalogDiffText(Renderer[CatalogDiffReport]):
    """`catalog diff --format text`."""

    name = "text"

    def render(self, document: CatalogDiffReport) -> str:
        """See `Renderer.render`."""
        return render_text(document)


class CatalogDiffJson(Renderer[CatalogDiffReport]):
    """`catalog diff --format json`."""

    name = "json"

    def render(self, document: CatalogDiffReport) -> str:
        """See `Renderer.render`."""
        return json.dumps(report_dict(document), indent=2, ensure_ascii=False, default=str) + "\n"
