"""One canonical run that every reporter test renders (built with tests/factories.py).

Three manifests: one failing (a violation, a warning, a waived finding, a finding that only
explains a mode, and a finding whose waiver expired), one passing, one invalid whose error
message is hostile (markup, control characters, workflow-command syntax).
"""

from __future__ import annotations

import dataclasses
import functools

import pytest

from checker.problems import Problem
from checker.result import ManifestResult
from checker.severity import Severity, Threshold
from tests import factories
from tests.factories import decision, rule

HOSTILE = "bad %0A value,: <b>x</b> | ]]> \x07 [link](http://e.x) @team\n::error::injected"

FAILING = "services/claims/llm-project.yaml"
PASSING = "services/chat/llm-project.yaml"
INVALID = "services/bad/llm-project.yaml"

RULES = factories.rules(
    rule(
        "LLM-DATA-001",
        Severity.HIGH,
        "Restricted data never goes to a vendor API",
        references=["GDPR Art. 32: https://eur-lex.europa.eu/eli/reg/2016/679/oj"],
    ),
    rule("LLM-RES-001", Severity.MEDIUM, "Deployments stay in allowed regions"),
    rule("LLM-DEP-006", Severity.LOW, "GPU capacity is declared"),
    rule("LLM-REG-001", Severity.CRITICAL, "No prohibited AI practice"),
    rule("LLM-LIC-001", Severity.LOW, "MAU caps respected"),
)
finding = functools.partial(factories.finding, rules=RULES)

WAIVER = factories.waiver(
    "Approved by the DPO until migration", source=".llm-policy-waivers.yaml:3"
)
EXPIRED = dataclasses.replace(WAIVER, expires="2020-01-01", expired=True)


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
    return factories.run_report(failing, passing, invalid, rules=RULES)


@pytest.fixture
def with_threshold(report):
    def make(name):
        return dataclasses.replace(report, threshold=Threshold(name))

    return make
