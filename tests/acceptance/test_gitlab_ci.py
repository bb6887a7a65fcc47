"""GitLab: the CI template is valid for GitLab and its script works; Code Quality via the CLI.

`ci/gitlab/llm-policy.gitlab-ci.yml` is validated against GitLab's CI schema (the copy vendored
in check-jsonschema, `vendor.gitlab-ci`), alone and included from a project's file. `JobRunner`
runs a job the way GitLab's runner does on a Linux image: the job's `variables:` (the template's
defaults, then the project's) in the environment with the predefined CI_* ones, every `script:`
line in one shell started with `set -eo pipefail`, in the project folder (a copy of the
examples). The install step reuses this test run's virtualenv (LLM_POLICY_VENV, as the template
documents) except in `test_real_install_from_a_git_revision`, which installs "llm-policy @
git+<repository>@<commit>" into a fresh virtualenv, as a pipeline does (slow; CI runs it).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from .conftest import EXAMPLES, ROOT, ci_environment
from .source_tree import unavailable

TEMPLATE_FILE = ROOT / "ci" / "gitlab" / "llm-policy.gitlab-ci.yml"
TEMPLATE = yaml.safe_load(TEMPLATE_FILE.read_text(encoding="utf-8"))
HIDDEN = TEMPLATE[".llm-policy"]
REPORTS = {
    "codequality": "gl-code-quality-report.json",
    "junit": "llm-policy.junit.xml",
    "sarif": "llm-policy.sarif",
}
TIMEOUT = 900  # the real install: pip installs llm-policy and its dependencies
SEVERITIES = ("info", "minor", "major", "critical", "blocker")


def check_jsonschema() -> str:
    found = Path(sys.executable).with_name("check-jsonschema")
    if found.exists():
        return str(found)
    on_path = shutil.which("check-jsonschema")
    if on_path is None:
        unavailable("check-jsonschema is not installed (scripts/setup installs the test extra)")
    return str(on_path)


def validate_gitlab_ci(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [check_jsonschema(), "--builtin-schema", "vendor.gitlab-ci", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# -- the template as GitLab reads it ----------------------------------------------------------


def resolved(job: str) -> dict:
    """A job with its `extends:` applied (one level deep, as the template uses it)."""
    spec = TEMPLATE[job]
    while "extends" in spec:
        base = TEMPLATE[spec["extends"]]
        spec = {**base, **{k: v for k, v in spec.items() if k != "extends"}}
    return spec


def test_the_template_is_valid_gitlab_ci(tmp_path):
    done = validate_gitlab_ci(TEMPLATE_FILE)
    assert done.returncode == 0, done.stdout + done.stderr
    # The schema lets a hidden job (".name") hold anything, so the job is also checked as GitLab
    # runs it: the hidden job's keywords as a visible job.
    job = tmp_path / "resolved.gitlab-ci.yml"
    job.write_text(yaml.safe_dump({"llm-policy": resolved("llm-policy")}))
    done = validate_gitlab_ci(job)
    assert done.returncode == 0, done.stdout + done.stderr
    # and the check is real: it refuses a keyword GitLab would refuse
    broken = tmp_path / "broken.gitlab-ci.yml"
    broken.write_text(yaml.safe_dump({"llm-policy": {**resolved("llm-policy"), "artifact": {}}}))
    refused = validate_gitlab_ci(broken)
    assert refused.returncode != 0
    assert "artifact" in refused.stdout + refused.stderr


def test_a_project_file_that_includes_it_is_valid_gitlab_ci(tmp_path):
    project = tmp_path / ".gitlab-ci.yml"
    project.write_text(
        """\
include:
  - project: platform/llm-policy
    ref: 0123456789abcdef0123456789abcdef01234567
    file: ci/gitlab/llm-policy.gitlab-ci.yml
variables:
  LLM_POLICY_REPOSITORY: https://gitlab.example.com/platform/llm-policy.git
  LLM_POLICY_REV: 0123456789abcdef0123456789abcdef01234567
llm-policy:
  variables:
    LLM_POLICY_FAIL_ON: high
    LLM_POLICY_CONFIG: "false"
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
      changes: ["**/llm-project.yaml", "**/*.llm-project.yaml"]
llm-policy-services:
  extends: .llm-policy
  variables:
    LLM_POLICY_PATHS: services
"""
    )
    done = validate_gitlab_ci(project)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_hidden_job_and_a_job_extending_it():
    assert set(TEMPLATE) == {".llm-policy", "llm-policy"}
    assert TEMPLATE["llm-policy"] == {"extends": ".llm-policy"}
    # no global keywords: including the template changes nothing but these two jobs
    assert all(
        not key.startswith(("variables", "default", "stages", "workflow")) for key in TEMPLATE
    )


def test_the_job_publishes_code_quality_junit_and_sarif_even_when_it_fails():
    artifacts = HIDDEN["artifacts"]
    assert artifacts["when"] == "always"
    assert artifacts["reports"] == {
        "codequality": REPORTS["codequality"],
        "junit": REPORTS["junit"],
    }
    assert artifacts["paths"] == [REPORTS["sarif"]]
    script = "\n".join(HIDDEN["script"])
    for fmt, name in (("gitlab", "codequality"), ("junit", "junit"), ("sarif", "sarif")):
        assert f'--report "{fmt}=${name}"' in script
        assert f"{name}={REPORTS[name]}" in script


def test_every_setting_is_a_variable():
    assert set(HIDDEN["variables"]) == {
        "LLM_POLICY_REPOSITORY",
        "LLM_POLICY_REV",
        "LLM_POLICY_REQUIREMENT",
        "LLM_POLICY_VENV",
        "LLM_POLICY_PATHS",
        "LLM_POLICY_FAIL_ON",
        "LLM_POLICY_WAIVERS",
        "LLM_POLICY_CONFIG",
        "LLM_POLICY_DATA",
        "LLM_POLICY_POLICIES",
        "LLM_POLICY_ENGINE",
        "LLM_POLICY_OPA_URL",
        "LLM_POLICY_ARGS",
    }
    assert all(isinstance(v, str) for v in HIDDEN["variables"].values())


# -- a runner for GitLab jobs ----------------------------------------------------------------


@dataclass
class Job:
    returncode: int
    log: str
    project: Path

    def report(self, name: str) -> Path:
        return self.project / REPORTS[name]


class JobRunner:
    def __init__(self, tmp: Path, *, shell: str = "bash") -> None:
        self.project = tmp / "builds" / "group" / "project"
        shutil.copytree(EXAMPLES, self.project / "examples")
        self.shell = shell
        env = ci_environment(
            ("CI_", "GITLAB_", "LLM_POLICY_", "VIRTUAL_ENV"),
            CI="true",
            GITLAB_CI="true",
            CI_PROJECT_DIR=str(self.project),
            CI_BUILDS_DIR=str(tmp / "builds"),
            CI_JOB_NAME="llm-policy",
            NO_COLOR="1",
        )
        self.env = env

    def run(self, job: str = "llm-policy", *, after: str = "", **variables: str) -> Job:
        spec = resolved(job)
        declared = spec["variables"]
        unknown = set(variables) - set(declared)
        assert not unknown, f"not variables of the template: {sorted(unknown)}"
        env = {**self.env, **{k: str(v) for k, v in declared.items()}, **variables}
        prelude = "set -eo pipefail" if self.shell == "bash" else "set -e"
        script = self.project.parent / f"{job}.sh"
        lines = [prelude, *spec["script"], *([after] if after else [])]
        script.write_text("\n".join(lines) + "\n")
        done = subprocess.run(
            [self.shell, str(script)],
            cwd=self.project,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        return Job(done.returncode, done.stdout + done.stderr, self.project)


@pytest.fixture
def runner(tmp_path):
    return JobRunner(tmp_path)


def this_venv() -> str:
    """The virtualenv this test run uses: it has llm-policy installed."""
    venv = Path(sys.prefix)
    if not (venv / "bin" / "llm-policy").exists():
        unavailable(f"no llm-policy in {venv}/bin (pip install -e '.[test]')")
    return str(venv)


def examples_in(project: Path) -> int:
    return len(list((project / "examples").glob("*/llm-project.*")))


def assert_reports(job: Job, sarif_check, *, manifests: int) -> list[dict]:
    """The three reports exist and parse; returns the Code Quality issues."""
    for name in REPORTS:
        assert job.report(name).is_file(), f"{REPORTS[name]} missing:\n{job.log}"
    issues = json.loads(job.report("codequality").read_text(encoding="utf-8"))
    assert isinstance(issues, list)
    for issue in issues:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert issue["severity"] in SEVERITIES
        assert not Path(issue["location"]["path"]).is_absolute()
        assert (job.project / issue["location"]["path"]).is_file()
        assert issue["location"]["lines"]["begin"] >= 1
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    junit = ET.fromstring(job.report("junit").read_bytes())
    assert len(junit.findall("testsuite")) == manifests
    sarif = json.loads(job.report("sarif").read_text(encoding="utf-8"))
    sarif_check(sarif)
    return issues


def test_the_job_checks_the_examples_and_writes_the_three_reports(runner, sarif_check):
    job = runner.run(LLM_POLICY_VENV=this_venv())
    assert job.returncode == 1, job.log  # some examples fail: so does the job
    issues = assert_reports(job, sarif_check, manifests=examples_in(job.project))
    assert "llm-policy 0.1.0" in job.log  # --version, then the text report in the log
    assert "FAIL examples/restricted-to-vendor/llm-project.yaml" in job.log
    assert {i["location"]["path"].split("/")[0] for i in issues} == {"examples"}
    assert "LLM-SCHEMA" in {i["check_name"] for i in issues}
    sarif = json.loads(job.report("sarif").read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["results"]) == len(issues)  # nothing waived in the examples


def test_the_job_passes_with_fail_on_never_and_reports_everything(runner, sarif_check):
    job = runner.run(LLM_POLICY_VENV=this_venv(), LLM_POLICY_FAIL_ON="never")
    assert job.returncode == 0, job.log
    issues = assert_reports(job, sarif_check, manifests=examples_in(job.project))
    assert issues and "blocker" not in {i["severity"] for i in issues}  # nothing fails


def test_paths_and_flags_from_variables(runner, sarif_check):
    (runner.project / "waivers.yaml").write_text(
        "waivers:\n"
        "  - rule: LLM-DATA-001\n"
        "    manifest: examples/restricted-to-vendor/**\n"
        "    reason: Pilot approved by the DPO (PRIV-1)\n"
        "    approver: dpo@example.com\n"
        "    expires: 2027-06-30\n"
    )
    job = runner.run(
        LLM_POLICY_VENV=this_venv(),
        LLM_POLICY_PATHS="examples/restricted-to-vendor examples/internal-assistant",
        LLM_POLICY_WAIVERS="waivers.yaml",
        LLM_POLICY_CONFIG="false",
        LLM_POLICY_ARGS="--as-of 2026-12-01",
    )
    issues = assert_reports(job, sarif_check, manifests=2)
    assert "LLM-DATA-001" not in {i["check_name"] for i in issues}  # waived: left out
    sarif = json.loads(job.report("sarif").read_text(encoding="utf-8"))
    waived = [r for r in sarif["runs"][0]["results"] if "suppressions" in r]
    assert [r["ruleId"] for r in waived] == ["LLM-DATA-001"]
    assert "as of 2026-12-01" in job.log
    ignored = runner.run(
        LLM_POLICY_VENV=this_venv(),
        LLM_POLICY_PATHS="examples/restricted-to-vendor",
        LLM_POLICY_WAIVERS="false",
    )
    assert ignored.returncode == 1, ignored.log
    assert "LLM-DATA-001" in {
        i["check_name"] for i in json.loads(ignored.report("codequality").read_text())
    }


def test_variable_values_are_never_shell_code_or_globs(runner, tmp_path):
    marker = tmp_path / "pwned"
    job = runner.run(
        LLM_POLICY_VENV=this_venv(),
        LLM_POLICY_PATHS=f"examples/* $(touch {marker}) ;touch {marker}",
        LLM_POLICY_FAIL_ON=f"low; touch {marker}",
    )
    assert not marker.exists()
    assert job.returncode == 2, job.log  # a usage error, not shell code


def test_a_usage_error_fails_the_job_with_exit_2(runner):
    job = runner.run(LLM_POLICY_VENV=this_venv(), LLM_POLICY_PATHS="no-such-folder")
    assert job.returncode == 2, job.log
    assert not job.report("codequality").exists()


def test_stale_reports_of_an_earlier_run_are_removed(runner):
    for name in REPORTS:
        runner.project.joinpath(REPORTS[name]).write_text("stale")
    job = runner.run(LLM_POLICY_VENV=this_venv(), LLM_POLICY_PATHS="no-such-folder")
    assert job.returncode == 2
    assert not any(job.report(name).exists() for name in REPORTS)


def test_the_script_leaves_the_runners_shell_options_alone(runner):
    # the runner's own commands after the script see no `set -u` or `set -f` of ours
    after = 'case "$-" in *u* | *f*) echo "options leaked: $-"; exit 9 ;; esac; echo clean'
    job = runner.run(LLM_POLICY_VENV=this_venv(), LLM_POLICY_FAIL_ON="never", after=after)
    assert job.returncode == 0, job.log
    assert job.log.rstrip().endswith("clean")


def test_without_a_revision_the_job_says_what_to_set(runner):
    job = runner.run()
    assert job.returncode == 2
    assert "set LLM_POLICY_REPOSITORY and LLM_POLICY_REV" in job.log


def test_a_virtualenv_without_llm_policy_is_exit_3(runner, tmp_path):
    job = runner.run(LLM_POLICY_VENV=str(tmp_path / "empty"))
    assert job.returncode == 3
    assert "no llm-policy in" in job.log


def test_the_script_is_posix_shell(tmp_path, sarif_check):
    dash = shutil.which("dash")
    if dash is None:
        pytest.skip("dash is not installed")
    job = JobRunner(tmp_path, shell=dash).run(
        LLM_POLICY_VENV=this_venv(), LLM_POLICY_FAIL_ON="never"
    )
    assert job.returncode == 0, job.log
    assert_reports(job, sarif_check, manifests=examples_in(job.project))


@pytest.mark.slow
def test_real_install_from_a_git_revision(runner, sarif_check):
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        unavailable("the install from a git revision needs git and this checkout's history")
    head = subprocess.run(
        [git, "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    # file://localhost/...: the pip that `python -m venv` brings may refuse git+file:///...
    repository = f"file://localhost{ROOT.as_posix()}"
    job = runner.run(LLM_POLICY_REPOSITORY=repository, LLM_POLICY_REV=head)
    assert (runner.project / ".llm-policy-venv" / "bin" / "llm-policy").exists(), job.log
    assert job.returncode == 1, job.log
    assert_reports(job, sarif_check, manifests=examples_in(job.project))


# -- the Code Quality report through the real CLI ---------------------------------------------


def code_quality(run_line, *argv):
    result = run_line(["llm-policy", "check", *argv, "--format", "gitlab"])
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_fingerprints_are_stable_across_runs_and_unique_across_all_examples(run_line, tmp_path):
    first = code_quality(run_line, "examples/")
    again = code_quality(run_line, "examples/")
    assert first == again
    fingerprints = [i["fingerprint"] for i in first]
    assert len(set(fingerprints)) == len(fingerprints) > 40
    # the same findings from --report, and with absolute paths, under the repository root
    path = tmp_path / "gl-code-quality-report.json"
    result = run_line(["llm-policy", "check", str(EXAMPLES), "--report", f"gitlab={path}"])
    assert result.exit_code == 1
    assert json.loads(path.read_text(encoding="utf-8")) == first


def test_code_quality_covers_every_shown_finding_and_schema_error(run_json, run_line):
    _, doc = run_json(["llm-policy", "check", "examples/"])
    issues = code_quality(run_line, "examples/")
    expected = sum(
        len(r["violations"]) + len(r["warnings"]) + len(r["errors"]) for r in doc["results"]
    )
    assert len(issues) == expected
    by_manifest: dict[str, list[str]] = {}
    for issue in issues:
        by_manifest.setdefault(issue["location"]["path"], []).append(issue["check_name"])
    for result in doc["results"]:
        rules = [f["rule"] for k in ("violations", "warnings") for f in result[k]]
        rules += ["LLM-SCHEMA"] * len(result["errors"])
        assert sorted(by_manifest.get(result["manifest"], [])) == sorted(rules)


def test_failing_findings_outrank_reported_ones_of_their_severity(run_json, run_line):
    issues = code_quality(run_line, "examples/restricted-to-vendor", "--fail-on", "critical")
    data = next(i for i in issues if i["check_name"] == "LLM-DATA-001")
    assert data["severity"] == "major"  # high, below the threshold: reported, not failing
    failing = code_quality(run_line, "examples/restricted-to-vendor")
    assert next(i for i in failing if i["check_name"] == "LLM-DATA-001")["severity"] == "critical"
