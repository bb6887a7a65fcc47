"""A small run for the audit unit tests (built with tests/factories.py): one failing manifest
with every kind of finding, one passing, one invalid; and the rules of two policy areas."""

from __future__ import annotations

import functools

import pytest

from checker.problems import Problem
from checker.result import ManifestResult
from checker.severity import Severity
from tests import factories
from tests.factories import decision

HOSTILE = "<script>alert(1)</script> | # `x` [l](javascript:alert(1))"


def rule(rule_id, severity, package):
    return factories.rule(
        rule_id,
        severity,
        references=(f"Ref for {rule_id}: https://example.org/{rule_id}",),
        package=package,
        file="policies/x.rego",
        line=3,
    )


RULES = factories.rules(
    rule("LLM-DATA-001", Severity.HIGH, "llm.rules.data"),
    rule("LLM-DATA-002", Severity.MEDIUM, "llm.rules.data"),
    rule("LLM-RES-001", Severity.CRITICAL, "llm.rules.residency"),
    rule("ORG-001", Severity.LOW, "llm.rules.acme"),
    rule("LLM-GOV-001", Severity.LOW, "llm.rules.governance"),
)
finding = functools.partial(factories.finding, rules=RULES)
WAIVER = factories.waiver("DPO accepted")

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
    decision=decision(violations=("LLM-DATA-001",)),
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
    decision=decision(0, vendor_api=True),
    facts={"metadata": {"name": "chat"}, "spec": {}},
)
INVALID = ManifestResult(
    manifest="svc/bad/llm-project.yaml",
    errors=(Problem("spec.data", HOSTILE, 4, 3),),
)


@pytest.fixture
def report():
    return factories.run_report(
        FAILING, PASSING, INVALID, rules=RULES, policy_digest="sha256:" + "d" * 64
    )
