"""SARIF 2.1.0, shaped for GitHub code scanning: one rule per policy rule id, located results.

GitHub reads `properties.security-severity` (a string score) for rules tagged `security`, needs a
`region` on every location, and matches alerts across runs by `ruleId` and fingerprints, so rule
ids and the fingerprint never depend on line numbers or message wording.
"""

from __future__ import annotations

import hashlib
import json
import typing as t
import urllib.parse
from pathlib import PurePosixPath

from checker.gate import gate_dict
from checker.metadata import RuleMeta
from checker.problems import Problem
from checker.reporters.base import Reporter
from checker.reporters.common import SCHEMA_RULE, SCHEMA_TITLE, file_of, rule_table, shown, urls
from checker.result import Finding, ManifestResult, RunReport
from checker.severity import Severity, Threshold

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
}
#: The level of a finding that is reported but does not fail the run under `--fail-on`.
REPORTED_LEVEL = {
    Severity.CRITICAL: "warning",
    Severity.HIGH: "warning",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
}
#: The tool's documentation (`tool.driver.informationUri`). No public address is published yet:
#: this is the docs' repository placeholder (`https://<git host>/<org>/llm-policy`) written as a
#: valid URI on a reserved domain (RFC 2606); a test holds it equal to pyproject's
#: `[project.urls]` Documentation (else Repository/Homepage) once that names one.
INFORMATION_URI = "https://git.example.invalid/org/llm-policy"


def level(finding: Finding, threshold: Threshold) -> str:
    """SARIF level: failing vs reported, never by severity alone.

    A finding that fails under `threshold` is `error`; one that is only reported (a warning, a
    violation below the threshold) is `warning` from medium up and `note` when low. A waived
    finding keeps the level it would have unwaived (its result carries the suppression), so a
    failing finding never ranks below one that does not fail.
    """
    if threshold.fails(finding.severity, warning=finding.warning):
        return "error"
    return REPORTED_LEVEL[finding.severity]


def _help(rule: RuleMeta | Finding) -> dict[str, str]:
    text = [rule.description or rule.title]
    markdown = [rule.description or rule.title]
    if rule.remediation:
        text.append(f"Remediation: {rule.remediation}")
        markdown.append(f"**Remediation:** {rule.remediation}")
    if rule.references:
        text.append("References:\n" + "\n".join(f"- {r}" for r in rule.references))
        markdown.append("**References:**\n\n" + "\n".join(f"- {r}" for r in rule.references))
    return {"text": "\n\n".join(text), "markdown": "\n\n".join(markdown)}


def _rule(rule_id: str, rule: RuleMeta | Finding, threshold: Threshold) -> dict[str, t.Any]:
    area = rule_id.split("-")[1].lower() if rule_id.count("-") >= 2 else "policy"
    out: dict[str, t.Any] = {
        "id": rule_id,
        "name": rule_id.replace("-", ""),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.description or rule.title},
        "help": _help(rule),
        # What a violation of this rule gets under this run's --fail-on (a result's own level
        # says more: warnings and waived findings).
        "defaultConfiguration": {"level": _violation_level(rule.severity, threshold)},
        "properties": {
            "security-severity": SECURITY_SEVERITY[rule.severity],
            "severity": str(rule.severity),
            "tags": ["security", "compliance", "llm-policy", area],
            "precision": "very-high",
        },
    }
    links = urls(rule.references)
    if links:
        out["helpUri"] = links[0]
    return out


def _violation_level(severity: Severity, threshold: Threshold) -> str:
    return "error" if threshold.fails(severity) else REPORTED_LEVEL[severity]


def _schema_level(threshold: Threshold) -> str:
    """An invalid manifest fails the run unless nothing does (`--fail-on never`)."""
    return "warning" if threshold.never else "error"


def _schema_rule(threshold: Threshold) -> dict[str, t.Any]:
    return {
        "id": SCHEMA_RULE,
        "name": "LLMSCHEMA",
        "shortDescription": {"text": SCHEMA_TITLE},
        "fullDescription": {
            "text": "The manifest must parse and match schemas/manifest.schema.json."
        },
        "help": {
            "text": "Fix the field named in the message; see the manifest reference.",
            "markdown": "Fix the field named in the message; see the manifest reference.",
        },
        "defaultConfiguration": {"level": _schema_level(threshold)},
        "properties": {"tags": ["correctness", "llm-policy"], "precision": "very-high"},
    }


def artifact(manifest: str) -> dict[str, str]:
    """The manifest's artifactLocation: relative to the source root when it is relative."""
    path = PurePosixPath(manifest)
    if path.is_absolute():
        return {"uri": "file://" + urllib.parse.quote(manifest)}
    return {"uri": urllib.parse.quote(manifest), "uriBaseId": SRCROOT}


def _location(manifest: str, line: int | None, column: int | None, path: str) -> dict[str, t.Any]:
    out: dict[str, t.Any] = {
        "physicalLocation": {
            "artifactLocation": artifact(manifest),
            "region": {"startLine": line or 1, "startColumn": column or 1},
        }
    }
    if path:
        out["logicalLocations"] = [{"fullyQualifiedName": path, "kind": "member"}]
    return out


def _fingerprint(*parts: str) -> dict[str, str]:
    digest = hashlib.sha256("\0".join(parts).encode()).hexdigest()
    return {"llmPolicyFinding/v1": digest}


def _finding_result(
    result: ManifestResult, f: Finding, index: dict[str, int], threshold: Threshold
) -> dict[str, t.Any]:
    out: dict[str, t.Any] = {
        "ruleId": f.rule,
        "ruleIndex": index[f.rule],
        "level": level(f, threshold),
        "message": {"text": f.message},
        # In the code file for a finding about the code (check --scan), else in the manifest.
        "locations": [_location(file_of(result, f), f.line, f.column, f.path)],
        "partialFingerprints": _fingerprint(f.rule, result.manifest, f.path, str(f.warning)),
        "properties": {
            "severity": str(f.severity),
            "scope": f.scope,
            "warning": f.warning,
            # What this finding rests on (its catalog entries), beside the rule's help links.
            "references": list(f.references),
        },
    }
    if result.project:
        out["properties"]["project"] = result.project
    if f.source_file is not None:
        out["properties"]["manifest"] = result.manifest
    if f.waiver is not None:
        out["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": f.waiver.reason,
                "properties": {
                    "approver": f.waiver.approver,
                    "expires": f.waiver.expires,
                    "source": f.waiver.source,
                },
            }
        ]
    return out


def _problem_result(
    result: ManifestResult, p: Problem, index: int, threshold: Threshold
) -> dict[str, t.Any]:
    return {
        "ruleId": SCHEMA_RULE,
        "ruleIndex": index,
        "level": _schema_level(threshold),
        "message": {"text": f"{p.path}: {p.message}" if p.path else p.message},
        "locations": [_location(result.manifest, p.line, p.column, p.path)],
        "partialFingerprints": _fingerprint(SCHEMA_RULE, result.manifest, p.path, p.message),
    }


def sarif_log(report: RunReport) -> dict[str, t.Any]:
    """The SARIF log object of a run."""
    table = rule_table(report)
    threshold = report.threshold
    rules = [_rule(rule_id, rule, threshold) for rule_id, rule in table.items()]
    rules.append(_schema_rule(threshold))
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results: list[dict[str, t.Any]] = []
    for result in report.results:
        results += [
            _problem_result(result, p, index[SCHEMA_RULE], threshold) for p in result.errors
        ]
        results += [
            _finding_result(result, s.finding, index, threshold) for s in shown(result, threshold)
        ]
    h = report.header
    driver = {
        "name": "llm-policy",
        "version": report.header.tool_version,
        "semanticVersion": report.header.tool_version,
        "informationUri": INFORMATION_URI,
        "rules": rules,
    }
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {"driver": driver},
                "invocations": [
                    {
                        "executionSuccessful": True,
                        "exitCode": report.exit_code,
                        "properties": {"failOn": report.threshold.name},
                    }
                ],
                "columnKind": "unicodeCodePoints",
                "results": results,
                "properties": {
                    "engine": {"name": h.engine_name, "version": h.engine_version},
                    "policyDigest": h.policy_digest,
                    "catalog": {"version": h.catalog_version, "digest": h.catalog_digest},
                    "asOf": h.as_of,
                    "gate": gate_dict(h.gate) if h.gate is not None else None,
                },
            }
        ],
    }


class SarifReporter(Reporter):
    """`--format sarif`: SARIF 2.1.0 for code scanning."""

    name = "sarif"

    def render(self, report: RunReport) -> str:
        """See `Reporter.render`."""
        return json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n"
