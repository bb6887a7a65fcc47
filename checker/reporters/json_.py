"""The JSON report, exactly as contract section 4 defines it."""

from __future__ import annotations

import json
import typing as t

from checker.header import header_dict
from checker.problems import Problem
from checker.reporters.base import Reporter
from checker.result import (
    Decision,
    Finding,
    ManifestResult,
    ModelVerdict,
    ModeVerdict,
    RunReport,
    Waiver,
)
from checker.severity import Threshold


def problem_dict(problem: Problem) -> dict[str, t.Any]:
    """A schema or parse error as a JSON object."""
    return {
        "path": problem.path,
        "line": problem.line,
        "column": problem.column,
        "message": problem.message,
    }


def finding_dict(finding: Finding) -> dict[str, t.Any]:
    """A finding as a JSON object (the contract's violation shape, plus scope and waiver)."""
    out: dict[str, t.Any] = {
        "rule": finding.rule,
        "severity": str(finding.severity),
        "title": finding.title,
        "message": finding.message,
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "scope": finding.scope,
        "remediation": finding.remediation,
        "references": list(finding.references),
    }
    if finding.model is not None:
        out["model"] = finding.model
    if finding.source_file is not None:  # about the code (check --scan): line/column are there
        out["file"] = finding.source_file
    if finding.waiver is not None:
        out["waiver"] = waiver_dict(finding.waiver)
    if finding.expired_waiver is not None:
        out["expiredWaiver"] = waiver_dict(finding.expired_waiver)
    return out


def waiver_dict(waiver: Waiver) -> dict[str, t.Any]:
    """A waiver as a JSON object."""
    return {
        "reason": waiver.reason,
        "approver": waiver.approver,
        "expires": waiver.expires,
        "source": waiver.source,
    }


def _mode(verdict: ModeVerdict) -> dict[str, t.Any]:
    return {"allowed": verdict.allowed, "reasons": [finding_dict(f) for f in verdict.reasons]}


def model_dict(verdict: ModelVerdict) -> dict[str, t.Any]:
    """One requested model's verdict, as in `results[].models`."""
    return {
        "index": verdict.index,
        "id": verdict.id,
        "written": verdict.written or verdict.id,
        "hosting": verdict.hosting,
        "provider": verdict.provider,
        "allowed": verdict.allowed,
        "violations": list(verdict.violations),
    }


def decision_dict(decision: Decision) -> dict[str, t.Any]:
    """The decision object of one result."""
    return {
        "selfHosted": _mode(decision.self_hosted),
        "vendorApi": _mode(decision.vendor_api),
        "recommendation": decision.recommendation,
        "preference": decision.preference,
        "preferenceReasons": list(decision.preference_reasons),
    }


def result_head(result: ManifestResult, threshold: Threshold) -> dict[str, t.Any]:
    """The first keys of a manifest's entry in every document: which file, valid, passed."""
    return {
        "manifest": result.manifest,
        "project": result.project,
        "sha256": result.sha256,
        "valid": result.valid,
        "passed": result.passed(threshold),
        "errors": [problem_dict(p) for p in result.errors],
    }


def result_dict(result: ManifestResult, report: RunReport) -> dict[str, t.Any]:
    """One manifest's entry in `results`."""
    out = result_head(result, report.threshold)
    if result.decision is not None:
        out["decision"] = decision_dict(result.decision)
        out["models"] = [model_dict(m) for m in result.decision.models]
    out["violations"] = [finding_dict(f) for f in result.violations]
    out["warnings"] = [finding_dict(f) for f in result.warnings]
    out["waived"] = [finding_dict(f) for f in result.waived]
    return out


def report_dict(report: RunReport, *, results: bool = True) -> dict[str, t.Any]:
    """The whole JSON document (`results=False`: everything but the results)."""
    s = report.summary
    return {
        **header_dict(report.header),
        "failOn": report.threshold.name,
        "notices": list(report.notices),
        "exitCode": report.exit_code,
        "summary": {
            "manifests": s.manifests,
            "passed": s.passed,
            "failed": s.failed,
            "violations": s.violations,
            "warnings": s.warnings,
            "waived": s.waived,
        },
        "results": [result_dict(r, report) for r in report.results] if results else [],
    }


class JsonReporter(Reporter):
    """`--format json`."""

    name = "json"

    def render(self, report: RunReport) -> str:
        """See `Reporter.render`."""
        return "".join(self.chunks(report))

    def chunks(self, report: RunReport) -> t.Iterator[str]:
        """See `Renderer.chunks`.

        The text is what `json.dumps(report_dict(report), indent=2)` gives, built one result at
        a time: the dictionaries of every result at once would take more memory than the
        results themselves.
        """
        head = json.dumps(report_dict(report, results=False), indent=2, ensure_ascii=False)
        if not report.results:
            yield head + "\n"
            return
        assert head.endswith('  "results": []\n}')
        yield head[: -len("[]\n}")] + "[\n"
        for i, result in enumerate(report.results):
            text = json.dumps(result_dict(result, report), indent=2, ensure_ascii=False)
            yield ("" if i == 0 else ",\n") + "    " + text.replace("\n", "\n    ")
        yield "\n  ]\n}\n"
