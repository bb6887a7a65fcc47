import json

from checker.reporters import build_reporter

from .conftest import WAIVER


def test_waived_list_and_expired_waivers(report):
    doc = json.loads(build_reporter("json").render(report))
    assert doc["summary"] == {
        "manifests": 3,
        "passed": 1,
        "failed": 2,
        "violations": 2,
        "warnings": 1,
        "waived": 1,
    }
    failing = doc["results"][0]
    (waived,) = failing["waived"]
    assert waived["rule"] == "LLM-RES-001"
    assert waived["waiver"] == {
        "reason": WAIVER.reason,
        "approver": WAIVER.approver,
        "expires": WAIVER.expires,
        "source": WAIVER.source,
    }
    expired = [v for v in failing["violations"] if v["rule"] == "LLM-LIC-001"]
    assert expired[0]["expiredWaiver"]["expires"] == "2020-01-01"
    assert "waiver" not in expired[0]
