"""Every CI format through the real CLI on the shipped examples: failing, passing and invalid."""

import json
import os
import stat
import xml.etree.ElementTree as ET

import pytest

FAILING = "examples/restricted-to-vendor/llm-project.yaml"  # LLM-DATA-001 at line 24
PASSING = "examples/internal-assistant/llm-project.yaml"
INVALID = "examples/invalid-typo/llm-project.yaml"  # schema error at line 11
FORMATS = ("text", "json", "sarif", "junit", "github", "markdown")


def sarif_results(text):
    return json.loads(text)["runs"][0]["results"]


def junit_failures(text):
    return ET.fromstring(text.encode()).findall(".//testcase/failure")


@pytest.fixture
def every_format(run_line, tmp_path):
    """Run once with github on stdout and every other format as a --report file."""

    def run(*argv, env=None):
        reports = [f"--report={fmt}={tmp_path / fmt}" for fmt in FORMATS if fmt != "github"]
        result = run_line(["llm-policy", "check", *argv, "--format", "github", *reports], env=env)
        out = {
            fmt: (tmp_path / fmt).read_text(encoding="utf-8") for fmt in FORMATS if fmt != "github"
        }
        out["github"] = result.stdout
        return result, out

    return run


def test_all_examples_in_every_format_from_one_evaluation(every_format, sarif_check, tmp_path):
    summary = tmp_path / "step-summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    result, out = every_format("examples/", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1, result.stderr
    doc = json.loads(out["json"])
    counts = doc["summary"]
    assert counts["manifests"] == len(doc["results"]) >= 12
    assert 0 < counts["failed"] < counts["manifests"]

    log = json.loads(out["sarif"])
    sarif_check(log)
    schema_errors = sum(len(r["errors"]) for r in doc["results"])
    shown = counts["violations"] + counts["warnings"] + counts["waived"]
    assert len(log["runs"][0]["results"]) == shown + schema_errors
    assert log["runs"][0]["invocations"][0]["exitCode"] == 1

    root = ET.fromstring(out["junit"].encode())
    assert len(root.findall("testsuite")) == counts["manifests"]
    failed_suites = [s for s in root.findall("testsuite") if s.get("failures") != "0"]
    assert len(failed_suites) == counts["failed"]

    assert out["markdown"].count("| ❌ fail |") == counts["failed"]
    assert out["markdown"].count("| ✅ pass |") == counts["passed"]
    assert f"{counts['passed']} passed, {counts['failed']} failed" in out["text"]
    errors = [line for line in out["github"].splitlines() if line.startswith("::error ")]
    assert len(errors) == counts["violations"] + schema_errors
    assert summary.read_text(encoding="utf-8") == "earlier step\n" + out["markdown"]


def test_failing_example_in_every_format(every_format, sarif_check):
    result, out = every_format(FAILING)
    assert result.exit_code == 1
    (data,) = [r for r in sarif_results(out["sarif"]) if r["ruleId"] == "LLM-DATA-001"]
    sarif_check(json.loads(out["sarif"]))
    location = data["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": FAILING, "uriBaseId": "%SRCROOT%"}
    assert location["region"]["startLine"] == 24
    assert data["level"] == "error"
    failures = junit_failures(out["junit"])
    assert any(f.get("message").startswith(f"{FAILING}:24: ") for f in failures)
    assert f"::error file={FAILING},line=24,col=7,title=LLM-DATA-001 (high)" in out["github"]
    assert f"| ❌ fail | {FAILING} |" in out["markdown"]
    assert json.loads(out["json"])["results"][0]["violations"]
    assert f"{FAILING}:24:7" in out["text"]


def test_passing_example_in_every_format(every_format, sarif_check):
    result, out = every_format(PASSING)
    assert result.exit_code == 0, result.stdout
    log = json.loads(out["sarif"])
    sarif_check(log)
    assert [r for r in log["runs"][0]["results"] if r["level"] == "error"] == []
    assert log["runs"][0]["invocations"][0]["exitCode"] == 0
    assert junit_failures(out["junit"]) == []
    assert len(ET.fromstring(out["junit"].encode()).findall(".//testcase")) > 40  # every rule
    assert "::error" not in out["github"]
    assert f"| ✅ pass | {PASSING} |" in out["markdown"]
    assert json.loads(out["json"])["summary"]["failed"] == 0


def test_invalid_example_in_every_format(every_format, sarif_check):
    result, out = every_format(INVALID)
    assert result.exit_code == 1
    log = json.loads(out["sarif"])
    sarif_check(log)
    schema = [r for r in log["runs"][0]["results"] if r["ruleId"] == "LLM-SCHEMA"]
    assert schema and schema[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 11
    (failure,) = junit_failures(out["junit"])
    assert failure.get("type") == "schema"
    assert f"{INVALID}:11:5" in failure.text
    assert (
        f"::error file={INVALID},line=11,col=5,title=LLM-SCHEMA invalid manifest" in out["github"]
    )
    assert "| Line | Field | Schema error |" in out["markdown"]


def test_fail_on_reports_everything_but_gates_on_the_threshold(every_format):
    result, out = every_format(FAILING, "--fail-on", "critical")
    assert result.exit_code == 0
    assert any(r["ruleId"] == "LLM-DATA-001" for r in sarif_results(out["sarif"]))
    assert json.loads(out["sarif"])["runs"][0]["invocations"][0]["exitCode"] == 0
    assert junit_failures(out["junit"]) == []
    assert f"::warning file={FAILING},line=24" in out["github"]
    assert json.loads(out["json"])["results"][0]["violations"]


def test_reports_are_atomic_plain_files(run_line, tmp_path):
    target = tmp_path / "out.sarif"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o640)
    result = run_line(["llm-policy", "check", PASSING, f"--report=sarif={target}", "-q"])
    assert result.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # an existing file keeps its mode
    fresh = tmp_path / "new.xml"
    run_line(["llm-policy", "check", PASSING, f"--report=junit={fresh}", "-q"])
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.xml", "out.sarif"]  # no temp left


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--report", "sarif"], "use FORMAT=PATH"),
        (["--report", "pdf=x.pdf"], "'pdf' is not a format"),
        (["--report", "sarif={tmp}/no/such/dir/x.sarif"], "does not exist"),
        (["--report", "sarif={tmp}/a", "--report", "junit={tmp}/a"], "target of both"),
        (["--report", "json={tmp}/a", "--output", "{tmp}/a"], "target of both"),
        (["--waivers", "{tmp}/none.yaml"], "does not exist"),
    ],
)
def test_report_and_waiver_usage_errors_exit_2(run_line, tmp_path, argv, message):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    result = run_line(["llm-policy", "check", PASSING, *argv])
    assert result.exit_code == 2
    assert message in result.stderr
    assert list(tmp_path.iterdir()) == []  # nothing was written


def test_step_summary_only_for_the_github_format(run_line, tmp_path):
    summary = tmp_path / "summary.md"
    env = {"GITHUB_STEP_SUMMARY": str(summary)}
    run_line(["llm-policy", "check", PASSING, "--format", "json"], env=env)
    assert not summary.exists()
    run_line(["llm-policy", "check", PASSING, f"--report=github={tmp_path / 'g'}"], env=env)
    assert summary.read_text(encoding="utf-8").startswith("# llm-policy report")
