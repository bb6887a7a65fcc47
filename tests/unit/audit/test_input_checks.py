"""`verify` against the policy files: what is still present is checked, the catalog too."""

from __future__ import annotations

import datetime as dt

from checker.audit.input_checks import check_policies
from checker.audit.policy_files import policy_file_hashes
from checker.header import build_header
from checker.policy_set import SHIPPED_POLICIES, build_policy_set


def evidence_for(tmp_path):
    org = tmp_path / "org"
    org.mkdir()
    (org / "acme.rego").write_text("package llm.rules.acme\n")
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text("settings: {gpuMemoryHeadroom: 0.9}\n")  # loosened
    policy_set = build_policy_set((org,), (overlay,))
    header = build_header(policy_set, None, dt.date(2025, 1, 31))
    files = policy_file_hashes(
        [("policies", SHIPPED_POLICIES), ("org", org)], [("overlay.yaml", overlay)]
    )
    evidence = {
        "tool": {"name": "llm-policy", "version": header.tool_version},
        "catalog": {"version": header.catalog_version, "digest": header.catalog_digest},
        "policy": {
            "digest": policy_set.digest,
            "policies": ["org"],
            "data": ["overlay.yaml"],
            "files": files,
        },
    }
    return evidence, org, overlay


def statuses(checks):
    return {c.subject: c.status for c in checks}


def test_intact_policies_and_catalog(tmp_path):
    evidence, _, _ = evidence_for(tmp_path)
    assert statuses(check_policies(evidence, tmp_path)) == {"policies": "ok", "catalog": "ok"}


def test_a_catalog_edit_is_named(tmp_path):
    evidence, _, _ = evidence_for(tmp_path)
    evidence["catalog"]["version"] = "2025.01"
    (catalog,) = [c for c in check_policies(evidence, tmp_path) if c.subject == "catalog"]
    shipped = build_policy_set().data["catalog"]["version"]
    assert catalog.status == "altered" and f"version is {shipped!r}, audit.json says '2025.01'" in (
        catalog.detail
    )
    evidence["catalog"] = None
    assert statuses(check_policies(evidence, tmp_path))["catalog"] == "altered"


def test_a_missing_folder_leaves_the_other_files_checked(tmp_path):
    evidence, org, _ = evidence_for(tmp_path)
    (org / "acme.rego").unlink()
    org.rmdir()
    shipped = next(n for n in evidence["policy"]["files"] if n.startswith("policies/"))
    evidence["policy"]["files"][shipped] = "0" * 64
    checks = statuses(check_policies(evidence, tmp_path))
    assert checks[f"policy file {shipped}"] == "altered"
    assert checks["policies"] == "unchecked" and "catalog" not in checks
    assert "policy file org/acme.rego" not in checks  # gone, not removed: reports outlive trees


def test_loosened_settings_are_recomputed_when_the_evidence_has_a_gate(tmp_path):
    evidence, _, _ = evidence_for(tmp_path)
    assert "loosened settings" not in statuses(check_policies(evidence, tmp_path))  # no gate
    loosened = {"setting": "gpuMemoryHeadroom", "shipped": 1.0, "value": 0.9}
    evidence["gate"] = {"loosened": [{**loosened, "file": "overlay.yaml"}]}
    checks = {c.subject: c for c in check_policies(evidence, tmp_path)}
    assert checks["loosened settings"].status == "ok"
    evidence["gate"]["loosened"] = []
    (check,) = [c for c in check_policies(evidence, tmp_path) if c.subject == "loosened settings"]
    assert check.status == "altered"
    assert check.detail == (
        "the policies loosen gpuMemoryHeadroom = 0.9 (overlay.yaml); gate.loosened says none"
    )
