from checker.problems import Problem
from checker.result import (
    Decision,
    Finding,
    ManifestResult,
    ModelVerdict,
    ModeVerdict,
    RunSummary,
    Waiver,
)
from checker.severity import Severity, Threshold


def finding(scope="model", severity=Severity.HIGH, warning=False, waiver=None, model=0):
    return Finding(
        rule="LLM-X-001",
        severity=severity,
        title="t",
        message="m",
        scope=scope,
        path="spec",
        model=model if scope == "model" else None,
        warning=warning,
        waiver=waiver,
    )


def decision(models=1, self_ok=True, vendor_ok=True):
    return Decision(
        self_hosted=ModeVerdict(self_ok),
        vendor_api=ModeVerdict(vendor_ok),
        models=tuple(ModelVerdict(i, "m", "self-hosted", None, True) for i in range(models)),
        recommendation="either",
    )


def test_invalid_manifest_fails_unless_never():
    result = ManifestResult("a.yaml", errors=(Problem("", "bad"),))
    assert not result.valid
    assert not result.passed(Threshold("low"))
    assert result.passed(Threshold("never"))


def test_model_violation_fails_and_threshold_applies():
    result = ManifestResult("a", decision=decision(), findings=(finding(severity=Severity.MEDIUM),))
    assert result.violations
    assert not result.passed(Threshold("low"))
    assert result.passed(Threshold("high"))


def test_mode_finding_does_not_fail_when_models_requested():
    result = ManifestResult(
        "a", decision=decision(models=1, vendor_ok=False), findings=(finding(scope="vendor-api"),)
    )
    assert result.violations == ()
    assert result.passed()


def test_mode_findings_fail_when_no_model_and_no_mode_allowed():
    findings = (finding(scope="vendor-api"), finding(scope="self-hosted"))
    result = ManifestResult(
        "a", decision=decision(models=0, self_ok=False, vendor_ok=False), findings=findings
    )
    assert len(result.violations) == 2
    assert not result.passed()


def test_mode_finding_does_not_fail_when_other_mode_allowed_without_models():
    result = ManifestResult(
        "a", decision=decision(models=0, vendor_ok=False), findings=(finding(scope="vendor-api"),)
    )
    assert result.passed()


def test_warnings_fail_only_with_fail_on_warning():
    result = ManifestResult("a", decision=decision(), findings=(finding(warning=True),))
    assert result.warnings and not result.violations
    assert result.passed(Threshold("low"))
    assert not result.passed(Threshold("warning"))


def test_waived_finding_never_fails_but_is_kept():
    waived = finding(waiver=Waiver(reason="accepted"))
    result = ManifestResult("a", decision=decision(), findings=(waived,))
    assert result.waived == (waived,)
    assert result.violations == ()
    assert result.passed()


def test_summary_counts_and_exit_code():
    ok = ManifestResult("a", decision=decision())
    bad = ManifestResult("b", decision=decision(), findings=(finding(), finding(warning=True)))
    threshold = Threshold()
    summary = RunSummary().add(ok, threshold).add(bad, threshold)
    assert summary == RunSummary(manifests=2, passed=1, failed=1, violations=1, warnings=1)
    assert summary.exit_code == 1
    assert RunSummary().add(ok, threshold).exit_code == 0


def test_waived_mode_findings_are_listed_only_without_requested_models():
    accepted = Waiver(reason="accepted")
    mode = finding(scope="vendor-api", waiver=accepted)
    model = finding(waiver=accepted)
    with_models = ManifestResult("a", decision=decision(models=1), findings=(mode, model))
    assert with_models.waived == (model,)
    no_models = ManifestResult("a", decision=decision(models=0), findings=(mode,))
    assert no_models.waived == (mode,)
