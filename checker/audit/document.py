"""audit.json: the evidence and every decision of a run, the one source the reports render."""

from __future__ import annotations

import json
import typing as t

from checker.audit import AUDIT_VERSION
from checker.audit.catalog_used import catalog_appendix, project_catalog
from checker.audit.coverage import rule_coverage
from checker.audit.rule_outcomes import (
    area_of,
    finding_counts,
    finding_status,
    project_outcomes,
    rules_appendix,
)
from checker.metadata import RuleMeta
from checker.reporters.json_ import finding_dict, model_dict, result_head
from checker.result import ManifestResult, ModeVerdict, RunReport


def _mode(verdict: ModeVerdict) -> dict[str, t.Any]:
    reasons = [
        {"rule": f.rule, "severity": str(f.severity), "message": f.message} for f in verdict.reasons
    ]
    return {"allowed": verdict.allowed, "reasons": reasons}


def _result(
    result: ManifestResult,
    report: RunReport,
    rules: t.Mapping[str, RuleMeta],
    catalog: t.Mapping[str, t.Any],
    scanned: bool = False,
) -> dict[str, t.Any]:
    out = {**result_head(result, report.threshold), "facts": result.facts}
    if scanned:
        # What the code in the manifest's folder uses (audit --scan), files as reports show them.
        out["scan"] = {"references": [r.as_dict() for r in result.evidence]}
    decision = result.decision
    if decision is None:
        return out
    out["decision"] = {
        "selfHosted": _mode(decision.self_hosted),
        "vendorApi": _mode(decision.vendor_api),
        "recommendation": decision.recommendation,
        "preference": decision.preference,
        "preferenceReasons": list(decision.preference_reasons),
    }
    out["models"] = [model_dict(m) for m in decision.models]
    out["findings"] = [
        {
            **finding_dict(f),
            "kind": "warning" if f.warning else "violation",
            "status": finding_status(result, f, report.threshold),
            "area": area_of(rules[f.rule]),
            "description": f.description,
        }
        for f in result.findings
    ]
    out["rules"] = project_outcomes(result, rules, report.threshold)
    out["catalog"] = project_catalog(result.facts, catalog)
    return out


def build_document(
    report: RunReport,
    rules: t.Mapping[str, RuleMeta],
    catalog: t.Mapping[str, t.Any],
    evidence: t.Mapping[str, t.Any],
    *,
    sign_off: t.Mapping[str, t.Any] | None = None,
    seal: t.Mapping[str, t.Any] | None = None,
    paper: str = "a4",
) -> dict[str, t.Any]:
    """The whole audit.json document.

    `sign_off` (signoff.sign_off: each role's name and date, or None for a blank line), `seal`
    (signoff.seal_status: signed or not, and the key's fingerprint) and `paper` (the PDF's page
    size) are what audit's options said; the PDF and the HTML show them from here.
    """
    s = report.summary
    scanned = evidence.get("scan") is True
    results = [_result(r, report, rules, catalog, scanned) for r in report.results]
    appendix = rules_appendix(report.results, rules, report.threshold)
    return {
        "auditVersion": AUDIT_VERSION,
        "verdict": "pass" if report.exit_code == 0 else "fail",
        "exitCode": report.exit_code,
        "summary": {
            "projects": s.manifests,
            "passed": s.passed,
            "failed": s.failed,
            "invalid": sum(not r.valid for r in report.results),
            "violations": s.violations,
            "warnings": s.warnings,
            "waived": s.waived,
            "rulesEvaluated": len(rules),
            **finding_counts(report.results, rules, report.threshold),
        },
        "evidence": dict(evidence),
        "results": results,
        "rules": appendix,
        "catalog": catalog_appendix((r["catalog"] for r in results if "catalog" in r), catalog),
        "coverage": rule_coverage(appendix, catalog),
        "signOff": dict(sign_off or {"preparedBy": None, "reviewedBy": None, "approvedBy": None}),
        "seal": dict(seal or {"signed": False, "keyFingerprint": None}),
        "paper": paper,
    }


def dump_document(document: t.Mapping[str, t.Any]) -> str:
    """audit.json's text: stable key order, UTF-8, one trailing newline."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
