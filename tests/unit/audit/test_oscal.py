"""checker/audit/oscal.py on the small run of conftest.py (every kind of finding, an invalid
manifest, a waiver), validated with compliance-trestle's models."""

from __future__ import annotations

import copy
import json
import typing as t

import pytest

from checker.audit.document import build_document, dump_document
from checker.audit.oscal import NAMESPACE, SCHEMA_OBJECTIVE, build_oscal, render_oscal

trestle_ar = pytest.importorskip(
    "trestle.oscal.assessment_results", reason="compliance-trestle is in the test extra"
)

REPORT_ID = "0b9d3b5e-7a5e-5c1e-9d6f-3f2a1b0c9d8e"
EVIDENCE = {
    "reportId": REPORT_ID,
    "timestamp": "2025-01-31T12:00:00Z",
    "tool": {"name": "llm-policy", "version": "0.1.0"},
    "engine": {"name": "regorus", "version": "0.13.0"},
    "catalog": {"version": None, "digest": "sha256:" + "c" * 64},
    "asOf": "2025-01-31",
    "gate": None,
    "policy": {"digest": "sha256:" + "d" * 64, "policies": [], "data": [],
               "files": {"policies/x.rego": "e" * 64}},
    "manifests": [
        {"path": "svc/claims/llm-project.yaml", "sha256": "1" * 64},
        {"path": "svc/chat/llm-project.yaml", "sha256": "2" * 64},
        {"path": "svc/bad/llm-project.yaml", "sha256": "3" * 64},
    ],
    "waivers": {"path": "waivers file.yaml", "sha256": "4" * 64, "asOf": "2025-01-31"},
    "git": {"commit": "unknown", "dirty": None, "uncommitted": []},
    "failOn": "low",
}  # fmt: skip


@pytest.fixture
def doc(report) -> dict[str, t.Any]:
    return json.loads(dump_document(build_document(report, report.rules, {}, EVIDENCE)))


def oscal(doc: dict[str, t.Any]) -> dict[str, t.Any]:
    built = build_oscal(doc, dump_document(doc))
    trestle_ar.Model.parse_obj(built)  # valid OSCAL 1.1 assessment results, or this raises
    return built["assessment-results"]


def props(item: t.Mapping[str, t.Any]) -> dict[str, str]:
    return {p["name"]: p["value"] for p in item.get("props", []) if p.get("ns") == NAMESPACE}


def test_findings_map_to_target_statuses_and_the_waiver_to_a_risk(doc):
    ar = oscal(doc)
    (result,) = ar["results"]
    findings = result["findings"]
    status = [(props(f).get("rule"), props(f)["status"]) for f in findings]
    assert status == [
        ("LLM-DATA-001", "fails"),
        ("LLM-DATA-001", "reported"),
        ("LLM-RES-001", "waived"),
        ("ORG-001", "reported"),
        (None, "fails"),  # the invalid manifest
    ]
    states = [(f["target"]["status"]["state"], f["target"]["status"]["reason"]) for f in findings]
    assert states == [
        ("not-satisfied", "fail"),
        ("satisfied", "other"),
        ("not-satisfied", "other"),
        ("satisfied", "other"),
        ("not-satisfied", "fail"),
    ]
    assert findings[-1]["target"]["target-id"] == SCHEMA_OBJECTIVE
    # both LLM-DATA-001 findings hang on one observation: the rule on that project
    assert findings[0]["related-observations"] == findings[1]["related-observations"]
    (risk,) = result["risks"]
    assert findings[2]["related-risks"] == [{"risk-uuid": risk["uuid"]}]
    assert risk["status"] == "deviation-approved" and risk["deadline"] == "2099-01-31T23:59:59Z"
    (party,) = ar["metadata"]["parties"]
    assert party == {"uuid": party["uuid"], "type": "person", "name": "dpo@example.com"}
    assert risk["risk-log"]["entries"][0]["logged-by"][0]["party-uuid"] == party["uuid"]


def test_observations_cover_every_rule_on_every_valid_manifest(doc):
    (result,) = oscal(doc)["results"]
    outcomes = [(props(o)["objective"], props(o)["outcome"]) for o in result["observations"]]
    rules = sorted(r["id"] for r in doc["rules"])
    claims = outcomes[: len(rules) + 1]
    assert claims[0] == (SCHEMA_OBJECTIVE, "passed")
    assert dict(claims[1:]) == {
        "LLM-DATA-001": "failed",
        "LLM-DATA-002": "passed",
        "LLM-GOV-001": "passed",
        "LLM-RES-001": "waived",
        "ORG-001": "reported",
    }
    assert len(outcomes) == 2 * (len(rules) + 1) + 1  # the invalid manifest: its schema check
    assert outcomes[-1] == (SCHEMA_OBJECTIVE, "failed")


def test_a_waiver_without_approver_or_expiry_is_still_an_accepted_risk(doc):
    waived = doc["results"][0]["findings"][2]["waiver"]
    waived["approver"], waived["expires"] = "  ", None
    ar = oscal(doc)
    (risk,) = ar["results"][0]["risks"]
    assert "deadline" not in risk and "origins" not in risk
    assert (
        "Waived (no approver recorded) (no expiry date)" in risk["remediations"][0]["description"]
    )
    assert "parties" not in ar["metadata"] and "roles" not in ar["metadata"]


def test_markup_is_escaped_and_props_are_one_line(doc):
    ar = oscal(doc)
    text = json.dumps(ar)
    assert "<script>" not in text.replace('"value": "', "")  # only plain values may hold it
    (bad,) = [
        f for f in ar["results"][0]["findings"] if f["target"]["target-id"] == SCHEMA_OBJECTIVE
    ]
    assert r"\<script\>alert(1)\</script\>" in bad["description"]
    for prop in (p for item in ar["results"][0]["observations"] for p in item["props"]):
        assert prop["value"] == " ".join(prop["value"].split())


def test_a_rule_without_outcome_fails_the_rendering_never_passes(doc):
    broken = copy.deepcopy(doc)
    broken["results"][0]["rules"]["passed"].remove("LLM-DATA-002")
    with pytest.raises(ValueError, match="LLM-DATA-002 has no outcome"):
        build_oscal(broken, dump_document(broken))
    broken = copy.deepcopy(doc)
    broken["results"][0]["rules"]["failed"].remove("LLM-DATA-001")
    broken["results"][0]["rules"]["passed"].append("LLM-DATA-001")
    with pytest.raises(ValueError, match="LLM-DATA-001 is passed with 2 findings"):
        build_oscal(broken, dump_document(broken))


def test_render_is_compact_deterministic_json_and_hashes_audit_json(doc):
    text = dump_document(doc)
    rendered = render_oscal(doc, text)
    assert rendered == render_oscal(json.loads(text), text) and rendered.endswith("}\n")
    assert "\n" not in rendered[:-1]
    resources = json.loads(rendered)["assessment-results"]["back-matter"]["resources"]
    hrefs = [r["rlinks"][0]["href"] for r in resources]
    assert hrefs[0] == "audit.json" and "waivers%20file.yaml" in hrefs
