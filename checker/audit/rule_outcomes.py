"""What each rule concluded: per finding, per project, across the run, by severity and area.

Every rule in the policy set is evaluated for every valid manifest; a rule passed there when it
produced no finding. A rule's outcome in a project is the strongest of its findings there:
`failed` (fails the project under the threshold), `reported` (explains a mode verdict, or a
warning that does not fail), `waived`, else `passed`.
"""

from __future__ import annotations

import typing as t

from checker.metadata import RuleMeta
from checker.result import Finding, ManifestResult
from checker.severity import SEVERITY_NAMES, Threshold

AREA_TITLES = {
    "data": "Data",
    "residency": "Residency",
    "deployment": "Deployment",
    "licensing": "Licensing",
    "requirements": "Requirements",
    "regulation": "Regulation",
    "governance": "Governance",
    "evidence": "Evidence from the code",
}
OUTCOMES = ("failed", "reported", "waived", "passed")
_STATUS_OUTCOME = {"fails": "failed", "reported": "reported", "waived": "waived"}


def area_of(meta: RuleMeta) -> str:
    """The policy area: the package under `llm.rules` (`llm.rules.data` -> `data`)."""
    parts = meta.package.split(".")
    return parts[2] if len(parts) > 2 and parts[:2] == ["llm", "rules"] else "other"


def finding_status(result: ManifestResult, finding: Finding, threshold: Threshold) -> str:
    """`fails`, `reported` or `waived`: what this finding does to its project."""
    if finding.waiver is not None:
        return "waived"
    counted = finding in (result.warnings if finding.warning else result.violations)
    if counted and finding.fails(threshold):
        return "fails"
    return "reported"


def project_outcomes(
    result: ManifestResult, rules: t.Mapping[str, RuleMeta], threshold: Threshold
) -> dict[str, list[str]]:
    """Rule ids by outcome for one evaluated manifest (every rule in exactly one list)."""
    rank = {outcome: i for i, outcome in enumerate(OUTCOMES)}
    best: dict[str, str] = {}
    for f in result.findings:
        outcome = _STATUS_OUTCOME[finding_status(result, f, threshold)]
        if rank[outcome] < rank[best.get(f.rule, "passed")]:
            best[f.rule] = outcome
    grouped: dict[str, list[str]] = {outcome: [] for outcome in OUTCOMES}
    for rule_id in sorted(rules):
        grouped[best.get(rule_id, "passed")].append(rule_id)
    return grouped


def rules_appendix(
    results: t.Iterable[ManifestResult], rules: t.Mapping[str, RuleMeta], threshold: Threshold
) -> list[dict[str, t.Any]]:
    """Every rule with its METADATA and the manifests where it failed, reported or was waived."""
    evaluated = [r for r in results if r.decision is not None]
    by_project = {r.manifest: project_outcomes(r, rules, threshold) for r in evaluated}
    out = []
    for rule_id in sorted(rules):
        meta = rules[rule_id]
        where = {
            o: [m for m, grouped in by_project.items() if rule_id in grouped[o]] for o in OUTCOMES
        }
        out.append(
            {
                "id": rule_id,
                "title": meta.title,
                "severity": str(meta.severity),
                "area": area_of(meta),
                "description": meta.description,
                "remediation": meta.remediation,
                "references": list(meta.references),
                "source": f"{meta.file}:{meta.line}",
                "failedIn": where["failed"],
                "reportedIn": where["reported"],
                "waivedIn": where["waived"],
                "passedIn": len(where["passed"]),
            }
        )
    return out


def finding_counts(
    results: t.Iterable[ManifestResult], rules: t.Mapping[str, RuleMeta], threshold: Threshold
) -> dict[str, list[dict[str, t.Any]]]:
    """Findings by severity and by policy area, each split into fails / reported / waived."""
    areas = list(AREA_TITLES)
    areas += sorted({area_of(m) for m in rules.values()} - set(areas))

    def empty(name: str, title: str) -> dict[str, t.Any]:
        return {"name": name, "title": title, "fails": 0, "reported": 0, "waived": 0}

    severity = {s: empty(s, s.capitalize()) for s in SEVERITY_NAMES}
    area = {a: empty(a, AREA_TITLES.get(a, a)) for a in areas}
    for result in results:
        for f in result.findings:
            status = finding_status(result, f, threshold)
            severity[str(f.severity)][status] += 1
            area[area_of(rules[f.rule])][status] += 1
    return {"bySeverity": list(severity.values()), "byArea": list(area.values())}
