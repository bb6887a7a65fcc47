"""What the templates show, derived from the audit.json document alone.

Both renderings go through here, so the HTML and the Markdown always say the same thing, and
`verify` can render them again from audit.json and compare.
"""

from __future__ import annotations

import datetime as dt
import typing as t
from dataclasses import dataclass

from checker.audit.chart import Chart, build_chart

VERDICT = {True: "PASS", False: "FAIL"}
ALLOWED = {True: "allowed", False: "not allowed"}


@dataclass(frozen=True)
class Fact:
    """One declared value: its dotted path, the value as text, whether a finding cites it."""

    path: str
    value: str
    cited: bool


def text(value: t.Any) -> str:
    """A scalar as the manifest author would write it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, list):
        return ", ".join(text(v) for v in value) if value else "[]"
    return str(value)


def _cites(fact: str, finding: str) -> bool:
    # A finding on spec.models[1] cites every fact under it; one on spec.data.categories[0]
    # cites the list it sits in.
    return any(
        longer == shorter or longer.startswith((shorter + ".", shorter + "["))
        for longer, shorter in ((fact, finding), (finding, fact))
    )


def flatten_facts(value: t.Any, cited: t.Collection[str], path: str = "") -> list[Fact]:
    """Every leaf of the parsed manifest as a Fact; lists of scalars stay one fact."""
    if isinstance(value, dict) and value:
        return [
            fact
            for key, item in value.items()
            for fact in flatten_facts(item, cited, f"{path}.{key}" if path else str(key))
        ]
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        return [
            f for i, item in enumerate(value) for f in flatten_facts(item, cited, f"{path}[{i}]")
        ]
    return [Fact(path=path, value=text(value), cited=any(_cites(path, c) for c in cited if c))]


def age_text(checked: t.Any, timestamp: str) -> str:
    """How old a catalog fact was at the audit: "400 days before the audit", or "" unknown."""
    try:
        days = (dt.date.fromisoformat(timestamp[:10]) - dt.date.fromisoformat(str(checked))).days
    except ValueError:
        return ""
    if days < 0:  # an audit dated in the past, of a catalog checked since
        return f"{-days} days after the audit time"
    return "on the audit day" if days == 0 else f"{days} days before the audit"


@dataclass(frozen=True)
class View:
    """The template context."""

    doc: t.Mapping[str, t.Any]
    evidence: t.Mapping[str, t.Any]
    severity_chart: Chart
    area_chart: Chart
    facts: tuple[tuple[Fact, ...], ...]
    catalog: tuple[tuple[str, tuple[dict[str, t.Any], ...]], ...]


def build_view(doc: t.Mapping[str, t.Any]) -> View:
    """Charts, flattened facts (per result, in order) and catalog entries with their ages."""
    evidence = doc["evidence"]
    summary = doc["summary"]
    facts = tuple(
        tuple(flatten_facts(r.get("facts") or {}, {f["path"] for f in r.get("findings", ())}))
        for r in doc["results"]
    )
    catalog = tuple(
        (
            kind,
            tuple(
                {**item, "ageText": age_text(item["entry"].get("checked"), evidence["timestamp"])}
                for item in items
            ),
        )
        for kind, items in doc["catalog"].items()
    )
    return View(
        doc=doc,
        evidence=evidence,
        severity_chart=build_chart(summary["bySeverity"]),
        area_chart=build_chart(summary["byArea"]),
        facts=facts,
        catalog=catalog,
    )
