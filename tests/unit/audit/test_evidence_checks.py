"""The evidence held against itself and the results: the report id, and the fields that decide
which checks `verify` runs."""

from __future__ import annotations

import copy

import pytest

from checker.audit.evidence import report_id
from checker.audit.evidence_checks import FIELDS, check_evidence, check_report_id


def sealed(evidence):
    """`evidence` with its report id derived, as `audit` writes it."""
    rest = {k: v for k, v in evidence.items() if k != "reportId"}
    return {"reportId": report_id(rest), **rest}


EVIDENCE = sealed(
    {
        "timestamp": "2025-01-31T12:00:00Z",
        "tool": {"name": "llm-policy", "version": "0.1.0"},
        "engine": {"name": "regorus", "version": "0.13.0"},
        "catalog": {"version": None, "digest": "sha256:" + "c" * 64},
        "asOf": "2025-01-31",
        "policy": {
            "digest": "sha256:" + "d" * 64,
            "policies": ["org"],
            "data": ["overlay.yaml"],
            "files": {
                "policies/a.rego": "1" * 64,
                "org/b.rego": "2" * 64,
                "overlay.yaml": "3" * 64,
            },
        },
        "manifests": [{"path": "svc/llm-project.yaml", "sha256": "4" * 64}],
        "waivers": {"path": "waivers.yaml", "sha256": "5" * 64, "asOf": "2025-01-31"},
        "git": {"commit": "unknown", "dirty": None, "uncommitted": []},
        "failOn": "low",
    }
)
RESULT = {
    "manifest": "svc/llm-project.yaml",
    "sha256": "4" * 64,
    "findings": [{"rule": "LLM-DATA-001", "status": "waived", "waiver": {"reason": "ok"}}],
}


def document(evidence=EVIDENCE, results=(RESULT,)):
    return {"evidence": evidence, "results": list(results)}


def problems(evidence, results=(RESULT,)):
    return [(c.subject, c.detail) for c in check_evidence(evidence, document(evidence, results))]


def test_intact_evidence_is_one_ok_line():
    assert check_report_id(EVIDENCE).status == "ok"
    (check,) = check_evidence(EVIDENCE, document())
    assert check.status == "ok" and check.subject == "evidence"


@pytest.mark.parametrize(
    "edit",
    [
        lambda ev: ev.update(timestamp="2024-12-01T00:00:00Z"),
        lambda ev: ev["git"].update(commit="0" * 40),
        lambda ev: ev.update(failOn="critical"),
        lambda ev: ev.update(extra="a field audit never wrote"),
        lambda ev: ev.pop("engine"),
        lambda ev: ev.update(reportId="not-an-id"),
        lambda ev: ev.pop("reportId"),
    ],
)
def test_any_edit_without_a_new_report_id_is_named(edit):
    evidence = copy.deepcopy(EVIDENCE)
    edit(evidence)
    check = check_report_id(evidence)
    assert check.status == "altered" and check.subject == "report id"
    assert "a field of the evidence was changed" in check.detail


def edited(edit):
    evidence = copy.deepcopy(EVIDENCE)
    edit(evidence)
    return sealed(evidence)  # the report id re-derived: only the other checks can tell


@pytest.mark.parametrize("field", FIELDS[1:])
def test_a_missing_field_is_named(field):
    evidence = edited(lambda ev: ev.pop(field))
    assert ("evidence " + field, "missing") in problems(evidence)


def test_the_manifests_are_the_ones_the_results_decide():
    dropped = edited(lambda ev: ev.update(manifests=[]))
    assert problems(dropped) == [
        ("evidence manifests", "does not list svc/llm-project.yaml, which the results decide")
    ]
    renamed = edited(lambda ev: ev["manifests"][0].update(path="svc/other.yaml"))
    assert ("evidence manifests", "lists svc/other.yaml, which no result decides") in problems(
        renamed
    )
    rehashed = edited(lambda ev: ev["manifests"][0].update(sha256="9" * 64))
    ((subject, detail),) = problems(rehashed)
    assert subject == "evidence manifests" and "its result says 4444" in detail
    nulled = edited(lambda ev: ev.update(manifests=None))
    assert problems(nulled) == [("evidence manifests", "is NoneType, not a list")]
    # an unreadable manifest has no hash in its result: nothing to compare
    assert problems(EVIDENCE, [{**RESULT, "sha256": None}]) == [
        ("evidence", "consistent with itself and the results")
    ]


def test_waivers_null_is_refused_when_a_finding_was_judged_against_one():
    nulled = edited(lambda ev: ev.update(waivers=None))
    ((subject, detail),) = problems(nulled)
    assert subject == "evidence waivers" and "1 finding(s)" in detail
    expired = [{"rule": "X", "status": "fails", "expiredWaiver": {"expires": "2025-01-01"}}]
    assert problems(nulled, [{**RESULT, "findings": expired}])[0][0] == "evidence waivers"
    assert problems(nulled, [{**RESULT, "findings": []}]) == [
        ("evidence", "consistent with itself and the results")
    ]


def test_as_of_and_tool_name():
    as_of = edited(lambda ev: ev.update(asOf="2025-01-30"))
    assert problems(as_of) == [
        ("evidence asOf", "is '2025-01-30', but waivers.asOf is '2025-01-31'")
    ]
    renamed = edited(lambda ev: ev["tool"].update(name="other-tool"))
    assert problems(renamed) == [("evidence tool.name", "is 'other-tool', not 'llm-policy'")]


def test_every_policy_file_belongs_to_a_listed_folder_or_overlay():
    no_folders = edited(lambda ev: ev["policy"].update(policies=[]))
    assert [s for s, _ in problems(no_folders)] == ["evidence policy"]
    assert "org/b.rego, which is in no folder" in problems(no_folders)[0][1]
    no_data = edited(lambda ev: ev["policy"].update(data=[]))
    assert "overlay.yaml, which is in no folder" in problems(no_data)[0][1]
    unhashed = edited(lambda ev: ev["policy"]["files"].pop("overlay.yaml"))
    assert problems(unhashed) == [
        ("evidence policy", "policy.data lists overlay.yaml, but policy.files has no hash for it")
    ]
    for broken in ({"files": []}, {"policies": "org"}):
        evidence = edited(lambda ev, b=broken: ev["policy"].update(b))
        assert problems(evidence)[0][0] == "evidence policy"


def test_the_gate_restates_the_evidence():
    gate = {
        "failOn": {"value": "low", "source": "default"},
        "policies": {"value": ["org"], "source": "command line (--policies)"},
        "data": {"value": ["overlay.yaml"], "source": "command line (--data)"},
        "waivers": {"value": "waivers.yaml", "source": "command line (--waivers)"},
    }
    with_gate = edited(lambda ev: ev.update(gate=copy.deepcopy(gate)))
    assert problems(with_gate) == [("evidence", "consistent with itself and the results")]
    threshold = edited(lambda ev: ev.update(gate=copy.deepcopy(gate), failOn="never"))
    assert problems(threshold) == [
        ("evidence gate", "gate.failOn.value is 'low', but failOn is 'never'")
    ]


def test_malformed_results_raise_for_the_caller_to_report():
    with pytest.raises(ValueError, match="results"):
        check_evidence(EVIDENCE, {"evidence": EVIDENCE, "results": "gone"})
