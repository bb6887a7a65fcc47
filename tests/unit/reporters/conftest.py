"""One canonical run that every reporter test renders.

Three manifests: one failing (a violation, a warning, a waived finding, a finding that only
explains a mode, and a finding whose waiver expired), one passing, one invalid whose error
message is hostile (markup, control characters, workflow-command syntax).
"""

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

HOSTILE = "bad %0A value,: <b>x</b> | ]]> \x07 [link](http://e.x) @team\n::error::injected"

FAILING = "services/claims/llm-project.yaml"
PASSING = "services/chat/llm-project.yaml"
INVALID = "services/bad/llm-project.yaml"


def rule(rule_id, severity, title, references=()):
    return RuleMeta(
        id=rule_id,
        severity=severity,
        title=title,
        description=f"{title}, described.",
        remediation=f"Fix {rule_id}.",
        references=tuple(references),
        package="llm.rules.x",
        rule="deny",
        file="x.rego",
        line=1,
        annotation={},
    )


RULES = {
    r.id: r
    for r in (
        rule(
            "LLM-DATA-001",
            Severity.HIGH,
            "Restricted data never goes to a vendor API",
            ["GDPR Art. 32: https://eur-lex.europa.eu/eli/reg/2016/679/oj"],
        ),
        rule("LLM-RES-001", Severity.MEDIUM, "Deployments stay in allowed regions"),
        rule("LLM-DEP-006", Severity.LOW, "GPU capacity is declared"),
        rule("LLM-REG-001", Severity.CRITICAL, "No prohibited AI practice"),
        rule("LLM-LIC-001", Severity.LOW, "MAU caps respected"),
    )
}


def finding(rule_id, *, scope="model", line=None, column=None, warning=False, **kw):
    meta = RULES[rule_id]
    return Finding(
        rule=rule_id,
        severity=meta.severity,
        title=meta.title,
        message=kw.pop("message", f"{rule_id} happened."),
        scope=scope,
        path=kw.pop("path", "spec.models[0]"),
        line=line,
        column=column,
        model=0 if scope == "model" else None,
        warning=warning,
        description=meta.description,
        remediation=meta.remediation,
        references=meta.references,
        **kw,
    )


WAIVER = Waiver(
    reason="Approved by the DPO until migration",
    approver="dpo@example.com",
    expires="2099-01-31",
    source=".llm-policy-waivers.yaml:3",
)
EXPIRED = dataclasses.replace(WAIVER, expires="2020-01-01", expired=True)


def decision(models=1):
    return Decision(
        self_hosted=ModeVerdict(True),
        vendor_api=ModeVerdict(False),
        models=tuple(
            ModelVerdict(i, "gpt-4o", "vendor-api", "openai", False) for i in range(models)
        ),
        recommendation="self-hosted",
    )


@pytest.fixture
def report():
    failing = ManifestResult(
        manifest=FAILING,
        project="claims-triage",
        decision=decision(),
        findings=(
            finding("LLM-DATA-001", line=31, column=7, path="spec.models[0].hosting"),
            finding("LLM-DEP-006", scope="project", line=20, column=5, warning=True),
            finding("LLM-RES-001", line=33, column=7, waiver=WAIVER),
            finding("LLM-REG-001", scope="vendor-api", line=5, column=3, path="spec.useCase"),
            finding(
                "LLM-LIC-001",
                message="Over the cap. (waiver expired on 2020-01-01: Approved)",
                expired_waiver=EXPIRED,
            ),
        ),
    )
    passing = ManifestResult(manifest=PASSING, project="chat", decision=decision())
    invalid = ManifestResult(
        manifest=INVALID,
        errors=(
            Problem("spec.data.classification", HOSTILE, 12, 5),
            Problem("", "file is empty", None, None),
        ),
    )
    return RunReport(
        results=(failing, passing, invalid),
        threshold=Threshold("low"),
        header=ReportHeader("0.1.0", "regorus", "0.13.0", "sha256:abc", as_of="2026-12-01"),
        rules=RULES,
    )


@pytest.fixture
def with_threshold(report):
    def make(name):
        return dataclasses.replace(report, threshold=Threshold(name))

    return make
