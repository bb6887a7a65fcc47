from __future__ import annotations

import json

from checker.audit.document import build_document, dump_document
from tests.unit.audit.conftest import HOSTILE

EVIDENCE = {"reportId": "r-1", "timestamp": "2025-01-31T12:00:00Z", "tool": {"version": "0.1.0"}}
CATALOG = {"models": {"gpt-4o": {"name": "GPT-4o", "checked": "2025-01-01"}}, "providers": {}}


def test_document_holds_evidence_decisions_findings_and_appendices(report):
    doc = build_document(report, report.rules, CATALOG, EVIDENCE)
    assert doc["auditVersion"] == "1"
    assert doc["verdict"] == "fail" and doc["exitCode"] == 1
    assert doc["evidence"] == EVIDENCE
    summary = doc["summary"]
    assert (summary["projects"], summary["passed"], summary["failed"], summary["invalid"]) == (
        3,
        1,
        2,
        1,
    )
    assert summary["rulesEvaluated"] == 5
    failing, passing, invalid = doc["results"]
    assert failing["decision"]["vendorApi"]["allowed"] is False
    assert failing["models"][0]["violations"] == ["LLM-DATA-001"]
    assert [f["status"] for f in failing["findings"]] == ["fails", "reported", "waived", "reported"]
    assert failing["findings"][2]["waiver"]["approver"] == "dpo@example.com"
    assert failing["findings"][0]["area"] == "data"
    assert failing["facts"]["metadata"]["description"] == HOSTILE
    assert failing["catalog"]["models"] == ["gpt-4o"]
    assert passing["passed"] is True and passing["rules"]["passed"] == sorted(report.rules)
    assert "decision" not in invalid and invalid["errors"][0]["line"] == 4
    assert [e["id"] for e in doc["catalog"]["models"]] == ["gpt-4o"]
    assert [r["id"] for r in doc["rules"]] == sorted(report.rules)


def test_dump_is_stable_utf8_json(report):
    doc = build_document(report, report.rules, CATALOG, {**EVIDENCE, "note": "café"})
    text = dump_document(doc)
    assert text.endswith("}\n") and "café" in text
    assert json.loads(text) == json.loads(json.dumps(doc))
    assert (
        dump_document(build_document(report, report.rules, CATALOG, {**EVIDENCE, "note": "café"}))
        == text
    )
