import dataclasses
import json
import sys
import urllib.parse
from pathlib import Path

from checker.reporters import build_reporter
from checker.reporters.sarif import INFORMATION_URI, artifact
from checker.result import ManifestResult

from .conftest import FAILING, INVALID, RULES, WAIVER

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[3]


def render(report):
    return json.loads(build_reporter("sarif").render(report))


def results_of(log, rule_id):
    return [r for r in log["runs"][0]["results"] if r["ruleId"] == rule_id]


def test_valid_against_the_sarif_schema_and_github_requirements(report, sarif_check):
    sarif_check(render(report))


def test_one_rule_per_policy_rule_and_one_for_schema_errors(report):
    rules = render(report)["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [*sorted(RULES), "LLM-SCHEMA"]


def test_rule_carries_title_help_severity_and_help_uri(report):
    rules = {r["id"]: r for r in render(report)["runs"][0]["tool"]["driver"]["rules"]}
    data = rules["LLM-DATA-001"]
    assert data["shortDescription"]["text"] == "Restricted data never goes to a vendor API"
    assert "Fix LLM-DATA-001." in data["help"]["text"]
    assert "**Remediation:** Fix LLM-DATA-001." in data["help"]["markdown"]
    assert "GDPR Art. 32" in data["help"]["markdown"]
    assert data["helpUri"] == "https://eur-lex.europa.eu/eli/reg/2016/679/oj"
    assert "helpUri" not in rules["LLM-RES-001"]
    severities = {
        rid: r["properties"]["security-severity"] for rid, r in rules.items() if rid in RULES
    }
    assert severities == {
        "LLM-REG-001": "9.5",
        "LLM-DATA-001": "8.0",
        "LLM-RES-001": "5.5",
        "LLM-DEP-006": "3.0",
        "LLM-LIC-001": "3.0",
    }
    # under the default --fail-on low, a violation of any rule fails: every default is error
    levels = {rid: r["defaultConfiguration"]["level"] for rid, r in rules.items()}
    assert set(levels.values()) == {"error"}


def test_default_levels_follow_the_threshold(with_threshold):
    rules = render(with_threshold("high"))["runs"][0]["tool"]["driver"]["rules"]
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in rules}
    assert levels["LLM-REG-001"] == levels["LLM-DATA-001"] == levels["LLM-SCHEMA"] == "error"
    assert levels["LLM-RES-001"] == "warning"
    assert levels["LLM-LIC-001"] == levels["LLM-DEP-006"] == "note"
    never = render(with_threshold("never"))["runs"][0]["tool"]["driver"]["rules"]
    assert {r["id"]: r["defaultConfiguration"]["level"] for r in never}["LLM-SCHEMA"] == "warning"


def test_results_are_located_with_rule_index_and_level(report):
    log = render(report)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    (data,) = results_of(log, "LLM-DATA-001")
    assert rules[data["ruleIndex"]]["id"] == "LLM-DATA-001"
    assert data["level"] == "error"
    phys = data["locations"][0]["physicalLocation"]
    assert phys["artifactLocation"] == {"uri": FAILING, "uriBaseId": "%SRCROOT%"}
    assert phys["region"] == {"startLine": 31, "startColumn": 7}
    assert data["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == (
        "spec.models[0].hosting"
    )
    (warning,) = results_of(log, "LLM-DEP-006")
    assert warning["level"] == "note"  # a low warning: reported, not failing
    (low,) = results_of(log, "LLM-LIC-001")
    assert low["level"] == "error"  # a low violation that fails under --fail-on low
    assert low["locations"][0]["physicalLocation"]["region"]["startLine"] == 1  # line unknown


def _levels(log):
    return {
        r["ruleId"]: r["level"] for r in log["runs"][0]["results"] if r["ruleId"] != "LLM-SCHEMA"
    }


def test_levels_follow_failing_vs_reported(with_threshold):
    # failing is error; reported but not failing is warning from medium up, note when low
    assert _levels(render(with_threshold("low"))) == {
        "LLM-DATA-001": "error",
        "LLM-DEP-006": "note",
        "LLM-RES-001": "error",  # waived: the level it would have, with the suppression
        "LLM-LIC-001": "error",
    }
    assert _levels(render(with_threshold("high"))) == {
        "LLM-DATA-001": "error",
        "LLM-DEP-006": "note",
        "LLM-RES-001": "warning",
        "LLM-LIC-001": "note",
    }
    assert _levels(render(with_threshold("warning"))) == {
        "LLM-DATA-001": "error",
        "LLM-DEP-006": "error",  # warnings fail too
        "LLM-RES-001": "error",
        "LLM-LIC-001": "error",
    }
    never = render(with_threshold("never"))
    assert set(_levels(never).values()) == {"warning", "note"}
    assert {r["level"] for r in results_of(never, "LLM-SCHEMA")} == {"warning"}


def test_a_failing_finding_never_ranks_below_one_that_does_not_fail(report, with_threshold):
    rank = {"note": 0, "warning": 1, "error": 2}
    for name in ("critical", "high", "medium", "low", "warning", "never"):
        run = with_threshold(name)
        log = render(run)
        by_rule = {r["ruleId"]: r for r in log["runs"][0]["results"]}
        failing, other = [], []
        for result in report.results:
            for f in result.findings:
                if f.rule in by_rule and f.waiver is None:
                    (failing if f.fails(run.threshold) else other).append(f.rule)
        if failing and other:
            assert min(rank[by_rule[r]["level"]] for r in failing) >= max(
                rank[by_rule[r]["level"]] for r in other
            ), name


def test_the_tool_names_its_documentation(report):
    driver = render(report)["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == INFORMATION_URI
    assert urllib.parse.urlsplit(INFORMATION_URI).scheme == "https"


def test_information_uri_is_the_projects_documentation_url_when_published():
    urls = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"].get("urls", {})
    published = next(
        (urls[k] for k in ("Documentation", "Repository", "Homepage") if k in urls), None
    )
    expected = published or "https://git.example.invalid/org/llm-policy"
    assert expected == INFORMATION_URI


def test_mode_only_findings_are_not_results(report):
    assert results_of(render(report), "LLM-REG-001") == []


def test_waived_finding_is_a_suppressed_result(report):
    (waived,) = results_of(render(report), "LLM-RES-001")
    assert waived["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": WAIVER.reason,
            "properties": {
                "approver": WAIVER.approver,
                "expires": WAIVER.expires,
                "source": WAIVER.source,
            },
        }
    ]
    (expired,) = results_of(render(report), "LLM-LIC-001")
    assert "suppressions" not in expired
    assert "waiver expired on 2020-01-01" in expired["message"]["text"]


def test_schema_errors_are_results_of_the_schema_rule(report):
    schema = results_of(render(report), "LLM-SCHEMA")
    assert len(schema) == 2
    assert all(r["level"] == "error" for r in schema)  # an invalid manifest fails the run
    first = schema[0]["locations"][0]["physicalLocation"]
    assert first["artifactLocation"]["uri"] == INVALID
    assert first["region"] == {"startLine": 12, "startColumn": 5}
    assert schema[1]["locations"][0]["physicalLocation"]["region"]["startLine"] == 1


def test_invocation_records_exit_code(report, with_threshold):
    (inv,) = render(report)["runs"][0]["invocations"]
    assert inv == {"executionSuccessful": True, "exitCode": 1, "properties": {"failOn": "low"}}
    passing = dataclasses.replace(report, results=report.results[1:2])
    assert render(passing)["runs"][0]["invocations"][0]["exitCode"] == 0


def test_fingerprints_do_not_depend_on_lines(report):
    before = results_of(render(report), "LLM-DATA-001")[0]["partialFingerprints"]
    failing = report.results[0]
    moved = dataclasses.replace(
        failing,
        findings=tuple(dataclasses.replace(f, line=(f.line or 0) + 10) for f in failing.findings),
    )
    after_report = dataclasses.replace(report, results=(moved, *report.results[1:]))
    after = results_of(render(after_report), "LLM-DATA-001")[0]["partialFingerprints"]
    assert before == after


def test_paths_become_uris():
    assert artifact("a dir/llm-project.yaml") == {
        "uri": "a%20dir/llm-project.yaml",
        "uriBaseId": "%SRCROOT%",
    }
    assert artifact("/abs/llm-project.yaml") == {"uri": "file:///abs/llm-project.yaml"}


def test_empty_run_is_still_valid(report, sarif_check):
    empty = dataclasses.replace(report, results=(ManifestResult("x.yaml"),), rules={})
    log = render(empty)
    sarif_check(log)
    assert log["runs"][0]["results"] == []
