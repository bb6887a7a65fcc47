from checker.impact.comparison import FindingKey, compare
from checker.problems import Problem
from checker.result import Decision, Finding, ManifestResult, ModelVerdict, ModeVerdict
from checker.severity import Severity


def _finding(rule, path, *, warning=False, scope="model", message="m"):
    return Finding(
        rule=rule,
        severity=Severity.HIGH,
        title="t",
        message=message,
        scope=scope,
        path=path,
        model=0 if scope == "model" else None,
        warning=warning,
    )


def _result(findings=(), *, allowed=True, recommendation="either", vendor=True):
    verdict = ModelVerdict(
        0,
        "gpt-4o",
        "vendor-api",
        "p",
        allowed,
        () if allowed else tuple(sorted({f.rule for f in findings})),
    )
    decision = Decision(ModeVerdict(True), ModeVerdict(vendor), (verdict,), recommendation)
    return ManifestResult(
        manifest="a.yaml", project="a", decision=decision, findings=tuple(findings)
    )


def test_identical_results_do_not_change():
    f = _finding("LLM-RES-002", "spec.models[0].region")
    assert not compare(_result([f], allowed=False), _result([f], allowed=False)).changed


def test_a_reworded_message_is_no_change():
    a = _finding("LLM-RES-002", "spec.models[0].region", message="old words")
    b = _finding("LLM-RES-002", "spec.models[0].region", message="new words")
    assert not compare(_result([a], allowed=False), _result([b], allowed=False)).changed


def test_verdicts_and_findings_that_change_are_listed():
    f = _finding("LLM-RES-002", "spec.models[0].region")
    w = _finding("LLM-RES-010", "spec.models[0].region", warning=True)
    impact = compare(_result([w]), _result([f], allowed=False, recommendation="self-hosted"))
    fields = {c.field: (c.base, c.head) for c in impact.changes}
    assert fields["passed"] == (True, False)
    assert fields["recommendation"] == ("either", "self-hosted")
    assert fields["models[0] gpt-4o"] == ("allowed", "not allowed (LLM-RES-002)")
    assert impact.added == (FindingKey("spec.models[0].region", "LLM-RES-002", "violation"),)
    assert impact.removed == (FindingKey("spec.models[0].region", "LLM-RES-010", "warning"),)


def test_a_mode_verdict_change_is_listed_even_with_the_same_pass():
    f = _finding("LLM-DATA-001", "spec.data.classification", scope="vendor-api")
    impact = compare(_result(), _result([f], vendor=False))
    assert {c.field for c in impact.changes} == {"vendorApi.allowed"}
    assert impact.added[0].rule == "LLM-DATA-001"


def test_a_manifest_that_stops_validating_changes():
    invalid = ManifestResult(manifest="a.yaml", errors=(Problem("spec.residency", "bad"),))
    impact = compare(_result(), invalid)
    fields = {c.field: (c.base, c.head) for c in impact.changes}
    assert fields["valid"] == (True, False)
    assert fields["recommendation"] == ("either", None)
    assert impact.added == (FindingKey("spec.residency", "LLM-SCHEMA", "error"),)
