"""The scope statement, management summary and sign-off lines view.py derives from audit.json."""

from __future__ import annotations

import json

import pytest

from checker.audit.document import build_document, dump_document
from checker.audit.view import build_scope, build_signers, build_summary, build_view


def finding(rule, status, severity="high", **extra):
    return {"rule": rule, "status": status, "severity": severity, "title": f"{rule} title", **extra}


def result(project, *findings, valid=True, manifest=None):
    return {
        "project": project,
        "manifest": manifest or f"svc/{project}/llm-project.yaml",
        "valid": valid,
        "findings": list(findings),
    }


def document(*results, **evidence):
    ev = {
        "reportId": "r",
        "timestamp": "2026-12-01T12:00:00Z",
        "asOf": "2026-12-01",
        "git": {"commit": "a" * 40, "dirty": False, "uncommitted": []},
        "manifests": [{"path": r["manifest"], "sha256": "0"} for r in results],
        "policy": {"digest": "sha256:d", "policies": [], "data": []},
        "catalog": {"version": "2026.12.01", "digest": "sha256:c"},
        "failOn": "low",
        "waivers": None,
        **evidence,
    }
    return {"evidence": ev, "results": list(results), "summary": {"rulesEvaluated": 70}}


WAIVER = {"reason": "accepted", "approver": "dpo@example.com", "expires": "2026-12-31"}


def test_top_risks_are_failing_rules_worst_first_with_the_projects_affected():
    doc = document(
        result(
            "a",
            finding("LLM-DATA-001", "fails"),
            finding("LLM-DATA-001", "fails"),
            finding("LLM-GOV-009", "reported", "low"),
            finding("LLM-RES-001", "waived", waiver=WAIVER),
        ),
        result("b", finding("LLM-DATA-001", "fails"), finding("LLM-REG-001", "fails", "critical")),
        result("c", finding("LLM-LIC-001", "fails", "medium")),
        result(None, valid=False, manifest="bad/llm-project.yaml"),
    )
    summary = build_summary(doc)
    assert [(k.rule, k.severity, k.findings, k.projects) for k in summary.risks] == [
        ("LLM-REG-001", "critical", 1, ("b",)),
        ("LLM-DATA-001", "high", 3, ("a", "b")),
        ("LLM-LIC-001", "medium", 1, ("c",)),
    ]
    assert summary.failing == 5 and summary.more_risks == 0
    assert summary.invalid == ("bad/llm-project.yaml",)
    (waiver,) = summary.waivers
    assert (waiver.rule, waiver.project, waiver.approver, waiver.expires, waiver.expires_in) == (
        "LLM-RES-001",
        "a",
        "dpo@example.com",
        "2026-12-31",
        "in 30 days",
    )


def test_an_all_pass_report_has_no_risk_and_counts_expired_waivers():
    old = {"reason": "old", "approver": "cfo", "expires": "2020-01-01"}
    doc = document(
        result("a", finding("LLM-DEP-001", "reported"), finding("X", "reported", expiredWaiver=old))
    )
    summary = build_summary(doc)
    assert summary.risks == () and summary.failing == 0 and summary.waivers == ()
    assert summary.expired_waivers == 1


def test_only_the_ten_worst_risks_are_listed():
    doc = document(result("a", *(finding(f"LLM-GOV-{i:03}", "fails") for i in range(12))))
    summary = build_summary(doc)
    assert len(summary.risks) == 10 and summary.more_risks == 2


@pytest.mark.parametrize(
    ("expires", "text"), [("2026-12-01", "expires on the audit day"), ("2026-12-02", "in 1 day")]
)
def test_waiver_expiry_is_counted_from_the_as_of_day(expires, text):
    doc = document(result("a", finding("X", "waived", waiver={**WAIVER, "expires": expires})))
    assert build_summary(doc).waivers[0].expires_in == text


def test_the_scope_names_commit_manifests_policies_catalog_and_what_was_left_out():
    doc = document(result("a"), result("b"))
    lines, out = build_scope(doc)
    scope = {line.label: line.value for line in lines}
    assert scope["Repository"] == "the git repository holding svc"
    assert scope["Commit"] == "a" * 40 + ", clean: the manifests are as committed"
    assert scope["Manifests"] == ("2 manifests: svc/a/llm-project.yaml, svc/b/llm-project.yaml")
    assert scope["Policies"] == "the shipped rules; 70 rules, digest sha256:d"
    assert scope["Catalog"] == "version 2026.12.01, digest sha256:c"
    assert scope["As of"].startswith("2026-12-01:")
    assert any(item.startswith("Source code: not scanned") for item in out)
    assert any(item.startswith("Organisation rules: none given") for item in out)
    assert any(item.startswith("Waivers: no waivers file") for item in out)


def test_the_scope_with_scan_organisation_rules_and_an_unknown_commit():
    doc = document(
        *(result(f"p{i}") for i in range(6)),
        scan=True,
        policy={"digest": "sha256:d", "policies": ["org/"], "data": ["org.yaml"]},
        git={"commit": "unknown", "dirty": None, "uncommitted": []},
        waivers={"path": "w.yaml", "sha256": "0", "asOf": "2026-12-01"},
    )
    lines, out = build_scope(doc)
    scope = {line.label: line.value for line in lines}
    assert scope["Repository"] == "svc: no git repository (or git could not read it)"
    assert scope["Commit"] == "unknown, tree state unknown"
    assert scope["Manifests"] == "6 manifests: listed with their sha256 in Evidence"
    assert "organisation rules from org/" in scope["Policies"]
    assert "settings overlays org.yaml" in scope["Policies"]
    assert not any(item.startswith(("Source code", "Organisation", "Waivers")) for item in out)


def test_dirty_trees_name_the_uncommitted_manifests():
    git = {"commit": "b" * 40, "dirty": True, "uncommitted": ["svc/a/llm-project.yaml"]}
    lines, _ = build_scope(document(result("a"), git=git))
    commit = next(line.value for line in lines if line.label == "Commit")
    assert commit.endswith("(audited manifests not in the commit: svc/a/llm-project.yaml)")


def test_sign_off_lines_are_blank_unless_named():
    doc = {
        "signOff": {"preparedBy": {"name": "Jane Doe", "date": "2026-12-01"}, "approvedBy": None}
    }
    assert [(s.role, s.name, s.date) for s in build_signers(doc)] == [
        ("Prepared by", "Jane Doe", "2026-12-01"),
        ("Reviewed by", "", ""),
        ("Approved by", "", ""),
    ]
    assert [s.name for s in build_signers({})] == ["", "", ""]


def test_the_document_records_sign_off_seal_and_paper_and_the_view_shows_them(report):
    evidence = document()["evidence"]
    evidence["policy"]["files"] = {}
    signed = {"signed": True, "keyFingerprint": "sha256:" + "f" * 64}
    doc = json.loads(
        dump_document(
            build_document(
                report,
                report.rules,
                {},
                evidence,
                sign_off={"preparedBy": {"name": "Jane", "date": None}},
                seal=signed,
                paper="letter",
            )
        )
    )
    assert doc["signOff"] == {"preparedBy": {"name": "Jane", "date": None}}
    assert doc["paper"] == "letter" and len(doc["coverage"]) == len(doc["rules"])
    view = build_view(doc)
    assert view.paper == "letter" and view.seal == signed
    assert view.signers[0].name == "Jane"
    plain = build_view(
        json.loads(dump_document(build_document(report, report.rules, {}, evidence)))
    )
    assert plain.paper == "A4" and plain.seal == {"signed": False, "keyFingerprint": None}
    assert [s.name for s in plain.signers] == ["", "", ""]
