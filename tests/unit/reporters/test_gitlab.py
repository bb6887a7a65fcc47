import dataclasses
import json
from pathlib import Path

import pytest

from checker.reporters import build_reporter
from checker.reporters.gitlab import code_quality, repository_path, severity
from checker.result import ManifestResult
from checker.severity import Severity, Threshold
from tests import factories

from .conftest import FAILING, INVALID, RULES, finding


@pytest.fixture(autouse=True)
def _no_ci_project_dir(monkeypatch):
    """Paths are relative to the working directory unless a test sets CI_PROJECT_DIR."""
    monkeypatch.delenv("CI_PROJECT_DIR", raising=False)


RANK = ("info", "minor", "major", "critical", "blocker")
KEYS = {"type", "check_name", "description", "categories", "severity", "fingerprint", "location"}


def render(report, **where):
    if where:
        return code_quality(report, **where)
    return json.loads(build_reporter("gitlab").render(report))


def by_rule(issues, rule_id):
    return [i for i in issues if i["check_name"] == rule_id]


def test_every_issue_has_the_fields_gitlab_reads(report):
    issues = render(report)
    assert isinstance(issues, list) and issues
    for issue in issues:
        assert KEYS <= set(issue) <= {*KEYS, "content"}
        assert issue["type"] == "issue"
        assert issue["severity"] in RANK
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["location"]["path"], str)
        assert isinstance(issue["location"]["lines"]["begin"], int)
        assert issue["location"]["lines"]["begin"] >= 1


def test_findings_are_issues_with_message_rule_and_line(report):
    (data,) = by_rule(render(report), "LLM-DATA-001")
    assert data["description"] == "LLM-DATA-001 happened."
    assert data["location"] == {"path": FAILING, "lines": {"begin": 31}}
    assert data["severity"] == "critical"  # a failing high finding
    assert "Fix LLM-DATA-001." in data["content"]["body"]
    assert "`spec.models[0].hosting`" in data["content"]["body"]
    (unknown_line,) = by_rule(render(report), "LLM-LIC-001")
    assert unknown_line["location"]["lines"]["begin"] == 1


def test_waived_and_mode_only_findings_are_left_out(report):
    issues = render(report)
    assert by_rule(issues, "LLM-RES-001") == []  # waived
    assert by_rule(issues, "LLM-REG-001") == []  # only explains a mode
    (expired,) = by_rule(issues, "LLM-LIC-001")  # its waiver expired: it counts again
    assert "waiver expired on 2020-01-01" in expired["description"]


def test_schema_errors_are_issues_of_the_schema_rule(report, with_threshold):
    schema = by_rule(render(report), "LLM-SCHEMA")
    assert [i["location"] for i in schema] == [
        {"path": INVALID, "lines": {"begin": 12}},
        {"path": INVALID, "lines": {"begin": 1}},
    ]
    assert {i["severity"] for i in schema} == {"blocker"}
    assert schema[0]["description"].startswith("spec.data.classification: bad %0A value")
    assert {i["severity"] for i in by_rule(render(with_threshold("never")), "LLM-SCHEMA")} == {
        "critical"
    }


@pytest.mark.parametrize("level", list(Severity))
def test_a_failing_finding_ranks_one_step_above_a_reported_one_of_its_severity(level):
    failing, reported = severity(level, fails=True), severity(level, fails=False)
    assert RANK.index(failing) == RANK.index(reported) + 1


def test_severity_follows_failing_vs_reported(with_threshold):
    def levels(name):
        return {i["check_name"]: i["severity"] for i in render(with_threshold(name))}

    # LLM-DATA-001 high violation, LLM-DEP-006 low warning, LLM-LIC-001 low violation
    assert levels("low") == {
        "LLM-DATA-001": "critical",
        "LLM-DEP-006": "info",
        "LLM-LIC-001": "minor",
        "LLM-SCHEMA": "blocker",
    }
    assert levels("high") == {
        "LLM-DATA-001": "critical",
        "LLM-DEP-006": "info",
        "LLM-LIC-001": "info",
        "LLM-SCHEMA": "blocker",
    }
    assert levels("warning")["LLM-DEP-006"] == "minor"
    assert levels("never") == {
        "LLM-DATA-001": "major",
        "LLM-DEP-006": "info",
        "LLM-LIC-001": "info",
        "LLM-SCHEMA": "critical",
    }


def test_fingerprints_are_unique_and_ignore_lines_and_messages(report):
    before = render(report)
    assert len({i["fingerprint"] for i in before}) == len(before)
    failing = report.results[0]
    moved = dataclasses.replace(
        failing,
        findings=tuple(
            dataclasses.replace(f, line=(f.line or 0) + 10, message=f.message + " Reworded.")
            for f in failing.findings
        ),
    )
    after = render(dataclasses.replace(report, results=(moved, *report.results[1:])))

    def keyed(issues):
        return {
            i["check_name"]: (i["fingerprint"], i["location"]["lines"]["begin"]) for i in issues
        }

    old, new = keyed(before), keyed(after)
    assert {k: v[0] for k, v in old.items()} == {k: v[0] for k, v in new.items()}
    assert old["LLM-DATA-001"][1] + 10 == new["LLM-DATA-001"][1]


def test_fingerprints_tell_apart_findings_of_one_rule_on_one_field():
    two_models = ManifestResult(
        manifest=FAILING,
        decision=factories.decision(),
        findings=(
            finding("LLM-DATA-001", path="spec.data.classification"),
            dataclasses.replace(finding("LLM-DATA-001", path="spec.data.classification"), model=1),
            finding("LLM-DEP-006", scope="project", path=""),
            finding("LLM-DEP-006", scope="project", path=""),
        ),
    )
    issues = render(factories.run_report(two_models, rules=RULES))
    assert len(issues) == 4
    assert len({i["fingerprint"] for i in issues}) == 4


def test_fingerprints_follow_the_manifest_and_the_warning_kind(report):
    first = render(report)
    renamed = dataclasses.replace(report.results[0], manifest="services/other/llm-project.yaml")
    other = render(dataclasses.replace(report, results=(renamed, *report.results[1:])))
    assert (
        by_rule(first, "LLM-DATA-001")[0]["fingerprint"]
        != (by_rule(other, "LLM-DATA-001")[0]["fingerprint"])
    )
    warned = dataclasses.replace(
        report.results[0],
        findings=tuple(dataclasses.replace(f, warning=True) for f in report.results[0].findings),
    )
    as_warning = render(dataclasses.replace(report, results=(warned, *report.results[1:])))
    assert (
        by_rule(first, "LLM-DATA-001")[0]["fingerprint"]
        != (by_rule(as_warning, "LLM-DATA-001")[0]["fingerprint"])
    )


def test_paths_are_relative_to_the_repository_root(tmp_path):
    root = tmp_path / "repo"
    assert repository_path(str(root / "a" / "llm-project.yaml"), root, root) == (
        "a/llm-project.yaml"
    )
    assert repository_path("./a/../b/llm-project.yaml", root, root) == "b/llm-project.yaml"
    # a relative path from a subfolder of the repository
    assert repository_path("llm-project.yaml", root, root / "svc") == "svc/llm-project.yaml"
    # outside the repository: kept as given
    assert repository_path("/elsewhere/llm-project.yaml", root, root) == (
        "/elsewhere/llm-project.yaml"
    )
    assert repository_path("../x/llm-project.yaml", root, root) == "../x/llm-project.yaml"


def test_the_repository_root_is_ci_project_dir_when_set(report, tmp_path, monkeypatch):
    absolute = dataclasses.replace(report.results[0], manifest=str(tmp_path / FAILING))
    run = dataclasses.replace(report, results=(absolute,))
    monkeypatch.setenv("CI_PROJECT_DIR", str(tmp_path))
    assert {i["location"]["path"] for i in render(run, cwd=Path("/"))} == {FAILING}
    monkeypatch.delenv("CI_PROJECT_DIR")
    assert {i["location"]["path"] for i in render(run, cwd=tmp_path)} == {FAILING}


def test_the_fingerprint_does_not_depend_on_where_the_checkout_is(report, tmp_path):
    def located(base):
        moved = tuple(
            dataclasses.replace(r, manifest=str(base / r.manifest)) for r in report.results
        )
        return [
            i["fingerprint"] for i in render(dataclasses.replace(report, results=moved), root=base)
        ]

    assert (
        located(tmp_path / "one")
        == located(tmp_path / "two")
        == [i["fingerprint"] for i in render(report)]
    )


def test_an_empty_run_is_an_empty_array(report):
    empty = dataclasses.replace(report, results=(ManifestResult("x.yaml"),), rules={})
    assert build_reporter("gitlab").render(empty) == "[]\n"


def test_hostile_text_stays_json_text(report):
    text = build_reporter("gitlab").render(dataclasses.replace(report, threshold=Threshold()))
    (issue,) = [i for i in json.loads(text) if i["location"]["lines"]["begin"] == 12]
    assert "::error::injected" in issue["description"]  # data, never markup GitLab runs
    assert "\n" not in issue["description"] and "\x07" not in issue["description"]
    bidi = dataclasses.replace(
        report.results[0],
        findings=(finding("LLM-DATA-001", message="Model \u202egpt\u202c is refused."),),
    )
    (flat,) = render(dataclasses.replace(report, results=(bidi,)))
    assert flat["description"] == "Model ?gpt? is refused."
