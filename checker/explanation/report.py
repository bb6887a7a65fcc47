"""`explain` output: the JSON document and the terminal text."""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass

from checker.explanation.explainer import Explanation, Fired, RuleExplanation
from checker.explanation.facts import CatalogFact
from checker.header import ReportHeader, header_dict
from checker.recommendation.driver import Driver
from checker.rendering import Renderer
from checker.reporters.json_ import result_head
from checker.severity import Threshold
from checker.terminal import clean


@dataclass(frozen=True)
class ExplainReport:
    """What `explain` prints: each manifest's explanation, under the run's header and threshold.

    `rule` is the one rule asked about with `--rule` (None: every rule that fired).
    """

    header: ReportHeader
    threshold: Threshold
    explanations: tuple[Explanation, ...]
    rule: str | None = None


_MARK = {"violation": "✗", "mode": "·", "warning": "!", "waived": "~"}
_KIND_WORD = {
    "violation": "violation",
    "mode": "rules out a mode",
    "warning": "warning",
    "waived": "waived",
}


def _catalog_dict(fact: CatalogFact) -> dict[str, t.Any]:
    return {
        "catalog": fact.catalog,
        "id": fact.id,
        "fields": fact.fields,
        "checked": fact.checked,
        "sources": list(fact.sources),
    }


def _fired_dict(fired: Fired) -> dict[str, t.Any]:
    f = fired.finding
    out: dict[str, t.Any] = {
        "kind": fired.kind,
        "scope": f.scope,
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "message": f.message,
    }
    if f.model is not None:
        out["model"] = f.model
    out["facts"] = {
        "manifest": fired.facts.manifest,
        "catalog": [_catalog_dict(c) for c in fired.facts.catalog],
        "settings": fired.facts.settings,
    }
    return out


def _rule_dict(rule: RuleExplanation) -> dict[str, t.Any]:
    m = rule.meta
    return {
        "rule": m.id,
        "title": m.title,
        "severity": str(m.severity),
        "description": m.description,
        "remediation": m.remediation,
        "references": list(m.references),
        "source": f"{m.file}:{m.rule_line or m.line}",
        "fired": bool(rule.fired),
        "reads": {
            "manifest": [f"spec.{s}" for s in sorted(rule.reads.sections)],
            "catalog": sorted(rule.reads.catalogs),
            "settings": list(rule.settings),
        },
        "findings": [_fired_dict(x) for x in rule.fired],
    }


def _driver_dict(d: Driver) -> dict[str, t.Any]:
    return {"driver": d.driver, "favours": d.favours, "text": d.text, "rule": d.rule}


def result_dict(ex: Explanation, threshold: Threshold) -> dict[str, t.Any]:
    """One manifest's explanation as a JSON object."""
    r = ex.result
    out = result_head(r, threshold)
    if r.decision is not None:
        d = r.decision
        out["decision"] = {
            "recommendation": d.recommendation,
            "preference": d.preference,
            "selfHosted": {"allowed": d.self_hosted.allowed},
            "vendorApi": {"allowed": d.vendor_api.allowed},
            "models": [
                {
                    "index": v.index,
                    "id": v.id,
                    "allowed": v.allowed,
                    "violations": list(v.violations),
                }
                for v in d.models
            ],
            "reasons": [_driver_dict(x) for x in ex.drivers],
        }
        out["rules"] = [_rule_dict(x) for x in ex.rules]
    return out


def _value(value: t.Any) -> str:
    if value is None:
        return "(not set)"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return clean(text)


def _fired_lines(fired: Fired) -> list[str]:
    f = fired.finding
    where = f.path + (f" (line {f.line})" if f.line is not None else "")
    lines = [
        f"    {_MARK[fired.kind]} {_KIND_WORD[fired.kind]}  {clean(where)}",
        f"        {clean(f.message)}",
        "        manifest:",
    ]
    lines += [f"          {clean(k)} = {_value(v)}" for k, v in fired.facts.manifest.items()]
    if fired.facts.catalog:
        lines.append("        catalog:")
    for c in fired.facts.catalog:
        fields = ", ".join(f"{k}={_value(v)}" for k, v in c.fields.items()) or "-"
        lines.append(f"          {c.catalog}.{clean(c.id)} (checked {c.checked or '?'}): {fields}")
        lines += [f"            source: {clean(s)}" for s in c.sources]
    if fired.facts.settings:
        lines.append("        settings:")
        lines += [f"          {k} = {_value(v)}" for k, v in fired.facts.settings.items()]
    return lines


def _rule_lines(rule: RuleExplanation) -> list[str]:
    m = rule.meta
    lines = [f"  {m.id}  {m.severity}  {clean(m.title)}"]
    if m.description:
        lines.append(f"    why: {clean(m.description)}")
    reads = [f"spec.{s}" for s in sorted(rule.reads.sections)]
    reads += [f"catalog {c}" for c in sorted(rule.reads.catalogs)]
    reads += [f"settings {s}" for s in rule.settings]
    lines.append(f"    reads: {', '.join(reads) or '-'}  ({m.file}:{m.rule_line or m.line})")
    if not rule.fired:
        lines.append("    did not fire for this manifest")
    for fired in rule.fired:
        lines += _fired_lines(fired)
    if rule.fired and m.remediation:
        lines.append(f"    fix: {clean(m.remediation)}")
    return lines


def render_text(explanations: t.Sequence[Explanation], threshold: Threshold) -> str:
    """The terminal explanation of each manifest."""
    lines: list[str] = []
    for ex in explanations:
        r = ex.result
        lines.append(clean(r.manifest) + (f" ({clean(r.project)})" if r.project else ""))
        if r.decision is None:
            lines.append("  not evaluated: the manifest does not load or validate")
            lines += [f"    {clean(p.path or '-')}: {clean(p.message)}" for p in r.errors]
            lines.append("")
            continue
        d = r.decision
        verdict = "passes" if r.passed(threshold) else "fails"
        lines.append(
            f"  {verdict}; self-hosted {'allowed' if d.self_hosted.allowed else 'not allowed'},"
            f" vendor API {'allowed' if d.vendor_api.allowed else 'not allowed'};"
            f" recommendation: {d.recommendation}"
        )
        for x in ex.drivers:
            lines.append(f"    {x.driver:17} {clean(x.text)}")
        if not ex.rules:
            lines.append("  no rule fired")
        for rule in ex.rules:
            lines += _rule_lines(rule)
        lines.append("")
    return "\n".join(lines)


class ExplainText(Renderer[ExplainReport]):
    """`explain --format text`."""

    name = "text"

    def render(self, document: ExplainReport) -> str:
        """See `Renderer.render`."""
        return render_text(document.explanations, document.threshold)


class ExplainJson(Renderer[ExplainReport]):
    """`explain --format json`."""

    name = "json"

    def render(self, document: ExplainReport) -> str:
        """See `Renderer.render`."""
        out = {
            **header_dict(document.header),
            "failOn": document.threshold.name,
            "rule": document.rule,
            "results": [result_dict(x, document.threshold) for x in document.explanations],
        }
        return json.dumps(out, indent=2, ensure_ascii=False) + "\n"
