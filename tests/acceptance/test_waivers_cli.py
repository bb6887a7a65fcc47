"""Waivers through the real CLI: waived findings pass and show everywhere; expired ones fail."""

import datetime as dt
import json
import shutil
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from checker.cli.main import main

from .conftest import EXAMPLES

TODAY = dt.date.today()
RULES = ("LLM-DATA-001", "LLM-RES-004")  # what examples/restricted-to-vendor violates


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A repository with the restricted-to-vendor example, as the working directory."""
    target = tmp_path / "services" / "memo"
    target.mkdir(parents=True)
    shutil.copy(EXAMPLES / "restricted-to-vendor" / "llm-project.yaml", target)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def waive(project, expires, *, rules=RULES, name=".llm-policy-waivers.yaml", by="manifest"):
    selector = "manifest: services/**" if by == "manifest" else "project: merger-memo-summarizer"
    lines = ["waivers:"]
    for rule in rules:
        lines += [
            f"  - rule: {rule}",
            f"    {selector}",
            "    reason: Legal signed off the pilot (TICKET-12)",
            "    approver: legal@example.com",
            f"    expires: {expires.isoformat()}",
        ]
    (project / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def check(*argv):
    return CliRunner().invoke(main, ["check", "services", *argv], catch_exceptions=False)


@pytest.mark.parametrize("by", ["manifest", "project"])
def test_waived_findings_pass_and_show_in_every_format(project, by, sarif_check):
    waive(project, TODAY + dt.timedelta(days=30), by=by)
    result = check("--format", "json", "--report", "sarif=r.sarif", "--report", "junit=r.xml")
    assert result.exit_code == 0, result.stdout + result.stderr
    doc = json.loads(result.stdout)
    (manifest,) = doc["results"]
    assert manifest["violations"] == []
    assert sorted(f["rule"] for f in manifest["waived"]) == sorted(RULES)
    assert manifest["waived"][0]["waiver"]["reason"] == "Legal signed off the pilot (TICKET-12)"
    assert manifest["waived"][0]["waiver"]["source"].startswith(".llm-policy-waivers.yaml:")
    assert doc["summary"]["waived"] == 2
    assert manifest["decision"]["vendorApi"]["allowed"] is True  # verdicts follow the waivers

    log = json.loads((project / "r.sarif").read_text(encoding="utf-8"))
    sarif_check(log)
    suppressed = [r for r in log["runs"][0]["results"] if r.get("suppressions")]
    assert len(suppressed) == 2
    assert suppressed[0]["suppressions"][0]["justification"].startswith("Legal signed off")

    skipped = ET.parse(project / "r.xml").getroot().findall(".//testcase/skipped")
    assert [s.get("message") for s in skipped] == [
        "waived: Legal signed off the pilot (TICKET-12)"
    ] * 2

    text = check("--format", "text").stdout
    assert "waived: Legal signed off the pilot (TICKET-12)" in text


def test_waiver_that_expired_yesterday_fails_the_run_and_says_so(project):
    yesterday = TODAY - dt.timedelta(days=1)
    waive(project, yesterday)
    result = check("--format", "json")
    assert result.exit_code == 1
    violations = json.loads(result.stdout)["results"][0]["violations"]
    assert sorted(v["rule"] for v in violations) == sorted(RULES)
    for v in violations:
        assert f"waiver expired on {yesterday.isoformat()}" in v["message"]
        assert v["expiredWaiver"]["expires"] == yesterday.isoformat()
    github = check("--format", "github").stdout
    assert f"waiver expired on {yesterday.isoformat()}" in github


def test_waiver_expiring_today_still_holds(project):
    waive(project, TODAY)
    assert check().exit_code == 0


def test_partial_waivers_still_fail(project):
    waive(project, TODAY + dt.timedelta(days=1), rules=("LLM-DATA-001",))
    result = check("--format", "json")
    assert result.exit_code == 1
    (manifest,) = json.loads(result.stdout)["results"]
    assert [v["rule"] for v in manifest["violations"]] == ["LLM-RES-004"]
    assert [w["rule"] for w in manifest["waived"]] == ["LLM-DATA-001"]


def test_no_waivers_and_explicit_waivers_file(project):
    waive(project, TODAY + dt.timedelta(days=1))
    assert check("--no-waivers").exit_code == 1
    waive(project, TODAY + dt.timedelta(days=1), name="other.yaml")
    (project / ".llm-policy-waivers.yaml").unlink()
    assert check().exit_code == 1  # no default file any more
    assert check("--waivers", "other.yaml").exit_code == 0
    both = check("--waivers", "other.yaml", "--no-waivers")
    assert both.exit_code == 2 and "contradict" in both.stderr


def test_invalid_waivers_file_is_a_usage_error_with_file_and_line(project):
    (project / ".llm-policy-waivers.yaml").write_text(
        "waivers:\n  - rule: LLM-DATA-001\n    manifest: services/**\n", encoding="utf-8"
    )
    result = check()
    assert result.exit_code == 2
    assert ".llm-policy-waivers.yaml:2:5: waivers[0]: 'reason' is a required property" in (
        result.stderr
    )


def test_waiver_for_an_unknown_rule_is_flagged(project):
    waive(project, TODAY + dt.timedelta(days=1), rules=("LLM-DATA-01",))
    result = check()
    assert result.exit_code == 1
    assert "no rule has id LLM-DATA-01; this waiver waives nothing" in result.stderr
