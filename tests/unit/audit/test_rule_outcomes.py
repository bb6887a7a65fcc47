from __future__ import annotations

import dataclasses

from checker.audit.rule_outcomes import (
    area_of,
    finding_counts,
    finding_status,
    project_outcomes,
    rules_appendix,
)
from checker.severity import Threshold
from tests.unit.audit.conftest import FAILING, PASSING, RULES


def test_area_is_the_package_under_llm_rules():
    assert area_of(RULES["LLM-DATA-001"]) == "data"
    assert area_of(RULES["ORG-001"]) == "acme"
    assert area_of(dataclasses.replace(RULES["ORG-001"], package="acme.other")) == "other"


def test_finding_status_follows_the_threshold():
    fails, _mode, _waived, warning = FAILING.findings
    low = Threshold("low")
    assert [finding_status(FAILING, f, low) for f in FAILING.findings] == [
        "fails",
        "reported",  # a mode reason in a project that requests models
        "waived",
        "reported",  # warnings fail only with --fail-on warning
    ]
    assert finding_status(FAILING, warning, Threshold("warning")) == "fails"
    assert finding_status(FAILING, fails, Threshold("critical")) == "reported"
    assert finding_status(FAILING, fails, Threshold("never")) == "reported"


def test_every_rule_gets_exactly_one_outcome_per_project():
    outcomes = project_outcomes(FAILING, RULES, Threshold("low"))
    # LLM-DATA-001 both fails (model) and explains a mode: the stronger outcome wins
    assert outcomes == {
        "failed": ["LLM-DATA-001"],
        "reported": ["ORG-001"],
        "waived": ["LLM-RES-001"],
        "passed": ["LLM-DATA-002", "LLM-GOV-001"],
    }
    assert project_outcomes(PASSING, RULES, Threshold("low"))["passed"] == sorted(RULES)


def test_appendix_lists_every_rule_with_where_it_fired(report):
    appendix = {r["id"]: r for r in rules_appendix(report.results, RULES, report.threshold)}
    assert list(appendix) == sorted(RULES)
    data = appendix["LLM-DATA-001"]
    assert data["failedIn"] == ["svc/claims/llm-project.yaml"]
    assert data["passedIn"] == 1  # the chat project; the invalid one was never evaluated
    assert data["references"] == ["Ref for LLM-DATA-001: https://example.org/LLM-DATA-001"]
    assert data["source"] == "policies/x.rego:3"
    assert appendix["LLM-RES-001"]["waivedIn"] == ["svc/claims/llm-project.yaml"]
    assert appendix["LLM-GOV-001"]["passedIn"] == 2


def test_counts_by_severity_and_area(report):
    counts = finding_counts(report.results, RULES, report.threshold)
    severity = {row["name"]: row for row in counts["bySeverity"]}
    assert [row["name"] for row in counts["bySeverity"]] == ["critical", "high", "medium", "low"]
    assert severity["high"] == {
        "name": "high",
        "title": "High",
        "fails": 1,
        "reported": 1,
        "waived": 0,
    }
    assert severity["critical"]["waived"] == 1 and severity["low"]["reported"] == 1
    areas = [row["name"] for row in counts["byArea"]]
    # the shipped areas in their order, then organisation areas
    assert areas[:8] == [
        "data",
        "residency",
        "deployment",
        "licensing",
        "requirements",
        "regulation",
        "governance",
        "evidence",
    ]
    assert areas[8:] == ["acme"]
    total = sum(row[s] for row in counts["byArea"] for s in ("fails", "reported", "waived"))
    assert total == len(FAILING.findings)
