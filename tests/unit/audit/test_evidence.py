from __future__ import annotations

import hashlib

from checker.audit.evidence import build_evidence, report_id
from checker.audit.git_state import GitState
from checker.policy_set import build_policy_set


def evidence(report, tmp_path, timestamp="2025-01-31T12:00:00Z", content=b"a: 1\n"):
    manifest = tmp_path / "llm-project.yaml"
    manifest.write_bytes(content)
    org = tmp_path / "org"
    org.mkdir(exist_ok=True)
    (org / "acme.rego").write_text("package llm.rules.acme\n")
    overlay = tmp_path / "org.yaml"
    overlay.write_text("settings: {approvedProviders: [openai]}\n")
    return build_evidence(
        report,
        manifests=[("svc/llm-project.yaml", manifest)],
        policy_set=build_policy_set((org,), (overlay,)),
        policies=["org"],
        data=[("org.yaml", overlay)],
        git=GitState(commit="abc", dirty=False),
        timestamp=timestamp,
    )


def test_evidence_records_versions_hashes_git_and_time(report, tmp_path):
    ev = evidence(report, tmp_path)
    assert ev["timestamp"] == "2025-01-31T12:00:00Z"
    assert ev["tool"] == {"name": "llm-policy", "version": "0.1.0"}
    assert ev["engine"] == {"name": "regorus", "version": "0.13.0"}
    assert ev["policy"]["digest"] == report.header.policy_digest
    assert ev["policy"]["data"] == ["org.yaml"]
    assert (
        ev["policy"]["files"]["org.yaml"]
        == hashlib.sha256(b"settings: {approvedProviders: [openai]}\n").hexdigest()
    )
    assert any(name.startswith("policies/llm/rules/") for name in ev["policy"]["files"])
    assert ev["policy"]["policies"] == ["org"]
    assert "org/acme.rego" in ev["policy"]["files"]
    assert ev["manifests"] == [
        {"path": "svc/llm-project.yaml", "sha256": hashlib.sha256(b"a: 1\n").hexdigest()}
    ]
    assert ev["git"] == {"commit": "abc", "dirty": False, "uncommitted": []}
    assert ev["failOn"] == "low"


def test_report_id_is_a_uuid5_of_the_evidence(report, tmp_path):
    first = evidence(report, tmp_path)
    assert first["reportId"] == evidence(report, tmp_path)["reportId"]
    assert first["reportId"][14] == "5"  # uuid version 5
    rest = {k: v for k, v in first.items() if k != "reportId"}
    assert report_id(rest) == first["reportId"]
    assert (
        evidence(report, tmp_path, timestamp="2025-02-01T00:00:00Z")["reportId"]
        != first["reportId"]
    )
    assert evidence(report, tmp_path, content=b"a: 2\n")["reportId"] != first["reportId"]
