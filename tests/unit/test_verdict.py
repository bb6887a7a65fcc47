"""The verdict rules (checker.verdict), through the result model every consumer uses."""

from __future__ import annotations

import pytest

from checker.evaluation import build_decision
from checker.result import Finding, ManifestResult, Waiver
from checker.severity import Severity, Threshold


def finding(rule, scope, *, model=None, severity=Severity.HIGH, warning=False, waiver=None):
    return Finding(
        rule=rule,
        severity=severity,
        title=rule,
        message=rule,
        scope=scope,
        path="spec",
        model=model,
        warning=warning,
        waiver=waiver,
    )


def decided(findings, models=({"index": 0, "id": "m", "hosting": "vendor-api"},)):
    raw = {"models": list(models), "preference": "self-hosted"}
    return ManifestResult(
        manifest="m.yaml", decision=build_decision(raw, findings), findings=tuple(findings)
    )


WAIVER = Waiver(reason="accepted", approver="a@example.com")


def test_a_project_finding_applies_to_every_mode_and_model():
    f = finding("P", "project")
    assert f.applies_to_mode("self-hosted") and f.applies_to_mode("vendor-api")
    assert f.applies_to_model(0) and f.applies_to_model(7)


def test_a_model_finding_applies_to_its_model_only_and_a_mode_finding_to_its_mode_only():
    m, v = finding("M", "model", model=1), finding("V", "vendor-api")
    assert m.applies_to_model(1) and not m.applies_to_model(0)
    assert not m.applies_to_mode("vendor-api")
    assert v.applies_to_mode("vendor-api") and not v.applies_to_mode("self-hosted")
    assert not v.applies_to_model(0)


def test_modes_models_and_recommendation_from_live_violations():
    result = decided([finding("V", "vendor-api"), finding("M", "model", model=0)])
    d = result.decision
    assert d.self_hosted.allowed and not d.vendor_api.allowed
    assert d.recommendation == "self-hosted"
    assert not result.model_allowed(0)
    assert [f.rule for f in result.violations] == ["M"]  # the mode finding only explains
    assert not result.passed(Threshold("low"))


def test_a_waived_or_warning_finding_decides_nothing():
    result = decided(
        [finding("M", "model", model=0, waiver=WAIVER), finding("W", "project", warning=True)]
    )
    assert result.decision.vendor_api.allowed and result.model_allowed(0)
    assert result.passed(Threshold("low"))
    assert not result.passed(Threshold("warning"))  # warnings fail only when asked
    assert [f.rule for f in result.waived] == ["M"]


@pytest.mark.parametrize(
    ("threshold", "passes"),
    [("critical", True), ("high", False), ("low", False), ("never", True)],
)
def test_a_result_passes_at_a_threshold(threshold, passes):
    result = decided([finding("M", "model", model=0, severity=Severity.HIGH)])
    assert result.passed(Threshold(threshold)) is passes


def test_mode_findings_count_when_no_model_is_requested_and_no_mode_is_allowed():
    both = decided([finding("V", "vendor-api"), finding("S", "self-hosted")], models=())
    assert {f.rule for f in both.violations} == {"V", "S"}
    assert not both.passed()
    one = decided([finding("V", "vendor-api")], models=())
    assert one.violations == () and one.passed()


def test_an_invalid_result_never_passes_unless_nothing_fails():
    from checker.problems import Problem

    invalid = ManifestResult(manifest="m.yaml", errors=(Problem("spec", "bad", 1, 1),))
    assert not invalid.passed(Threshold("critical"))
    assert invalid.passed(Threshold("never"))
