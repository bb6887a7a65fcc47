"""A small run for the audit unit tests: one failing manifest with every kind of finding, one
passing, one invalid; and the rules of two policy areas."""

from __future__ import annotations

import dataclasses

import pytest

from checker.header import ReportHeader
from checker.metadata import RuleMeta
from checker.problems import Problem
from checker.result import (
    Decision,
    Finding,
    ManifestResult,
    ModelVerdict,
    ModeVerdict,
    RunReport,
    Waiver,
)
from checker.severity import Severity, Threshold

HOSTILE = "<script>alert(1)</script> | # `x` [l](javascript:alert(1))"


def rule(rule_id, severity, package):
    return RuleMeta(
        id=rule_id,
        severity=severity,
        title=f"{rule_id} title",
        description=f"{rule_id} described.",
        remediation=f"Fix {rule_id}.",
        references=(f"Ref for {rule_id}: https://example.org/{rule_id}",),
        package=package,
        rule="deny",
        file="policies/x.rego",
        line=3,
        annotation={},
    )


RULES = {
    r.id: r
    for r in (
        rule("LLM-DATA-001", Severity.HIGH, "llm.rules.data"),
        rule("LLM-DATA-002", Severity.MEDIUM, "llm.rules.data"),
        rule("LLM-RES-001", Severity.CRITICAL, "llm.rules.residency"),
        rule("ORG-001", Severity.LOW, "llm.rules.acme"),
        rule("LLM-GOV-001", Severity.LOW, "llm.rules.governance"),
    )
}
WAIVER = Waiver(reason="DPO accepted", approver="dpo@example.com", expires="2099-01-31")


def finding(rule_id, *, scope="model", warning=False, path="spec.models[0]", **kw):
    meta = RULES[rule_id]
    return Finding(
        rule=rule_id,
        severity=meta.severity,
        title=meta.title,
        message=kw.pop("message", f"{rule_id} happened."),
        scope=scope,
        path=path,
        model=0 if scope == "model" else None,
        warning=warning,
        description=meta.description,
        remediation=meta.remediation,
        references=meta.references,
        **kw,
    )


FACTS = {
    "apiVersion": "llm-policy/v1",
    "metadata": {"name": "claims", "owner": "team@example.com", "description": HOSTILE},
    "spec": {
        "data": {"classification": "restricted", "categories": ["personal", "health"]},
        "residency": {"allowedRegions": ["eu"]},
        "models": [{"id": "gpt-4o", "hosting": "vendor-api", "provider": "openai", "region": "us"}],
    },
}

FAILING = ManifestResult(
    manifest="svc/claims/llm-project.yaml",
    project="claims",
    sha256="1" * 64,
    decision=Decision(
        self_hosted=ModeVerdict(True),
        vendor_api=ModeVerdict(False),
        models=(ModelVerdict(0, "gpt-4o", "vendor-api", "openai", False, ("LLM-DATA-001",)),),
        recommendation="self-hosted",
    ),
    findings=(
        finding("LLM-DATA-001", path="spec.models[0].hosting"),  # fails
        finding("LLM-DATA-001", scope="vendor-api", path="spec.data.classification"),  # mode
        finding("LLM-RES-001", waiver=WAIVER, path="spec.models[0].region"),  # waived
        finding("ORG-001", scope="project", warning=True, path="spec.data.categories[1]"),
    ),
    facts=FACTS,
)
PASSING = ManifestResult(
    manifest="svc/chat/llm-project.yaml",
    project="chat",
    sha256="2" * 64,
    decision=dataclasses.replace(FAILING.decision, vendor_api=ModeVerdict(True), models=()),
    facts={"metadata": {"name": "chat"}, "spec": {}},
)
INVALID = ManifestResult(
    manifest="svc/bad/llm-project.yaml",
    errors=(Problem("spec.data", HOSTILE, 4, 3),),
)


@pytest.fixture
def report():
    return RunReport(
        results=(FAILING, PASSING, INVALID),
        threshold=Threshold("low"),
        header=ReportHeader("0.1.0", "regorus", "0.13.0", "sha256:" + "d" * 64, as_of="2026-12-01"),
        rules=RULES,
    )
