"""The GitHub Action (action.yml): valid for GitHub, and its steps run as a runner runs them.

`ActionRunner` does what GitHub's runner does for a composite action of `run:` steps: it fills
`${{ inputs.* }}` (defaults from action.yml), `${{ github.action_path }}`, `${{ runner.temp }}`
and `${{ steps.<id>.outputs.* }}`, runs each script with `bash --noprofile --norc -eo pipefail`
in the step's working directory under the workspace, gives every step its own GITHUB_OUTPUT and
GITHUB_STEP_SUMMARY file, stops at the first failing step, and resolves the action's outputs.
Any other expression fails the test, so the action cannot come to depend on something this
runner does not model.

The install step reuses this test run's virtualenv (`LLM_POLICY_ACTION_VENV`, as action.yml
documents) except in `test_real_install`, which installs from a copy of the committed tree into
a fresh virtualenv under runner.temp, as on GitHub (slow; CI runs it).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from .conftest import EXAMPLES, ROOT, ci_environment
from .source_tree import export_head, unavailable

ACTION_FILE = ROOT / "action.yml"
ACTION = yaml.safe_load(ACTION_FILE.read_text(encoding="utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
BASH = ["bash", "--noprofile", "--norc", "-eo", "pipefail"]  # the runner's `shell: bash`
TIMEOUT = 900  # the real install: a pip install of llm-policy and its dependencies


def check_jsonschema() -> str:
    found = Path(sys.executable).with_name("check-jsonschema")
    if found.exists():
        return str(found)
    on_path = shutil.which("check-jsonschema")
    if on_path is None:
        unavailable("check-jsonschema is not installed (scripts/setup installs the test extra)")
    return str(on_path)


# -- a runner for composite actions -----------------------------------------------------------


@dataclass
class Step:
    id: str
    returncode: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    summary: str


@dataclass
class Outcome:
    steps: list[Step] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)

    @property
    def returncode(self) -> int:
        return next((s.returncode for s in self.steps if s.returncode), 0)

    @property
    def stdout(self) -> str:
        return "".join(s.stdout for s in self.steps)

    @property
    def summary(self) -> str:
        return "".join(s.summary for s in self.steps)

    def step(self, step_id: str) -> Step:
        return next(s for s in self.steps if s.id == step_id)


def parse_output_file(text: str) -> dict[str, str]:
    """GITHUB_OUTPUT's two forms: `name=value` and `name<<DELIMITER` ... `DELIMITER`."""
    outputs: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            value = []
            for body in lines:
                if body == delimiter:
                    break
                value.append(body)
            else:
                pytest.fail(f"GITHUB_OUTPUT: {name} is never closed by {delimiter}")
            outputs[name] = "\n".join(value)
        elif line:
            name, _, value = line.partition("=")
            outputs[name] = value
    return outputs


class ActionRunner:
    def __init__(self, tmp: Path, *, action_path: Path = ROOT, venv: str | None = None) -> None:
        self.action_path = action_path
        self.action = yaml.safe_load((action_path / "action.yml").read_text(encoding="utf-8"))
        self.workspace = tmp / "workspace"
        self.temp = tmp / "runner-temp"
        self.files = tmp / "runner-files"
        for folder in (self.workspace, self.temp, self.files):
            folder.mkdir(parents=True, exist_ok=True)
        env = ci_environment(
            ("GITHUB_", "RUNNER_", "LLM_POLICY_", "INPUT_"),
            CI="true",
            GITHUB_ACTIONS="true",
            GITHUB_WORKSPACE=str(self.workspace),
            GITHUB_ACTION_PATH=str(action_path),
            RUNNER_TEMP=str(self.temp),
            NO_COLOR="1",
        )
        if venv is not None:
            env["LLM_POLICY_ACTION_VENV"] = venv
        self.env = env

    def evaluate(self, text: str, inputs: dict[str, str], steps: dict[str, dict[str, str]]) -> str:
        def value(match: re.Match[str]) -> str:
            expression = match.group(1)
            if m := re.fullmatch(r"inputs\.([A-Za-z0-9_-]+)", expression):
                assert m.group(1) in inputs, f"action.yml reads an undeclared input: {expression}"
                return inputs[m.group(1)]
            if m := re.fullmatch(r"steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)", expression):
                return steps.get(m.group(1), {}).get(m.group(2), "")
            if expression == "github.action_path":
                return str(self.action_path)
            if expression == "runner.temp":
                return str(self.temp)
            pytest.fail(f"the test runner does not model the expression ${{{{ {expression} }}}}")

        return EXPRESSION.sub(value, text)

    def run(self, **given: str) -> Outcome:
        declared = self.action["inputs"]
        unknown = set(given) - set(declared)
        assert not unknown, f"not inputs of action.yml: {sorted(unknown)}"
        inputs = {name: str(spec.get("default", "")) for name, spec in declared.items()}
        inputs.update(given)
        assert self.action["runs"]["using"] == "composite"
        outcome, contexts = Outcome(), {}
        for index, spec in enumerate(self.action["runs"]["steps"]):
            assert "if" not in spec, "this runner does not evaluate `if:`"
            assert spec["shell"] == "bash"
            step_id = spec.get("id", f"step{index}")
            output_file = self.files / f"{step_id}.output"
            summary_file = self.files / f"{step_id}.summary"
            script = self.files / f"{step_id}.sh"
            output_file.write_text("")
            summary_file.write_text("")
            script.write_text(self.evaluate(spec["run"], inputs, contexts))
            env = dict(self.env, GITHUB_OUTPUT=str(output_file))
            env["GITHUB_STEP_SUMMARY"] = str(summary_file)
            for name, raw in spec.get("env", {}).items():
                env[name] = self.evaluate(str(raw), inputs, contexts)
            cwd = self.workspace / self.evaluate(spec.get("working-directory", "."), inputs, {})
            done = subprocess.run(
                [*BASH, str(script)],
                cwd=cwd,
                env=env,
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                check=False,
            )
            outputs = parse_output_file(output_file.read_text())
            contexts[step_id] = outputs
            outcome.steps.append(
                Step(
                    step_id,
                    done.returncode,
                    done.stdout,
                    done.stderr,
                    outputs,
                    summary_file.read_text(encoding="utf-8"),
                )
            )
            if done.returncode != 0:
                break
        outcome.outputs = {
            name: self.evaluate(spec["value"], inputs, contexts)
            for name, spec in self.action["outputs"].items()
        }
        return outcome


def this_venv() -> str:
    """The virtualenv running these tests: it has llm-policy (scripts/setup installs it)."""
    return sys.prefix


@pytest.fixture
def runner(tmp_path) -> ActionRunner:
    """The action with this checkout as its action_path, on a workspace holding the examples."""
    runner = ActionRunner(tmp_path, venv=this_venv())
    shutil.copytree(EXAMPLES, runner.workspace / "examples")
    return runner


def counted(report: dict) -> dict[str, str]:
    """The counts outputs, recomputed from the JSON report's results."""
    results = report["results"]
    return {
        "manifests": str(len(results)),
        "failed-manifests": str(sum(not r["passed"] for r in results)),
        "violations": str(sum(len(r["violations"]) for r in results)),
        "warnings": str(sum(len(r["warnings"]) for r in results)),
        "waived": str(sum(len(r["waived"]) for r in results)),
    }


# -- action.yml as data -----------------------------------------------------------------------


def test_action_yml_is_a_valid_github_action():
    done = subprocess.run(
        [check_jsonschema(), "--builtin-schema", "vendor.github-actions", str(ACTION_FILE)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_inputs_reach_scripts_only_through_env():
    """No `${{ }}` inside a script: an input value is never read as shell code."""
    steps = ACTION["runs"]["steps"]
    for step in steps:
        assert not EXPRESSION.search(step["run"]), f"step {step['id']}: expression in run:"
    used = {
        m.group(1)
        for step in steps
        for raw in [*step.get("env", {}).values(), step.get("working-directory", "")]
        for m in re.finditer(r"inputs\.([A-Za-z0-9_-]+)", str(raw))
    }
    assert used == set(ACTION["inputs"]), "every input is used, and only declared ones"


def test_brief_inputs_and_outputs_are_offered():
    assert {
        "paths", "fail-on", "formats", "waivers", "config", "data", "policies", "engine",
        "opa-url", "scan",
    } <= set(ACTION["inputs"])  # fmt: skip
    assert {"exit-code", "violations", "warnings", "sarif", "json", "reports"} <= set(
        ACTION["outputs"]
    )
    for spec in ACTION["outputs"].values():
        assert re.fullmatch(r"\$\{\{ steps\.check\.outputs\.[a-z-]+ \}\}", spec["value"])


# -- the steps, run as a runner would -----------------------------------------------------------


def test_failing_examples_annotate_summarise_and_fail_the_step(runner, sarif_check):
    outcome = runner.run(paths="examples")
    check = outcome.step("check")
    assert outcome.returncode == 1, check.stdout + check.stderr
    assert "llm-policy 0.1.0" in outcome.step("install").stdout  # --version in the log
    # annotations, on stdout, where the runner reads workflow commands
    assert re.search(
        r"^::error file=examples/restricted-to-vendor/llm-project\.yaml,line=24,col=7,"
        r"title=LLM-DATA-001 \(high\)",
        check.stdout,
        re.MULTILINE,
    ), check.stdout
    assert "::warning file=" in check.stdout
    # the job summary: the Markdown report
    assert check.summary.startswith("# llm-policy report"), check.summary[:200]
    assert "| ❌ fail | examples/restricted-to-vendor/llm-project.yaml |" in check.summary
    # outputs: the exit code, the counts and the report paths
    outputs = outcome.outputs
    assert outputs["exit-code"] == "1"
    assert check.outputs["exit-code"] == "1"
    report = json.loads(Path(outputs["json"]).read_text(encoding="utf-8"))
    assert report["exitCode"] == 1
    assert {k: outputs[k] for k in counted(report)} == counted(report)
    assert int(outputs["violations"]) > 0 and int(outputs["failed-manifests"]) > 0
    out = runner.temp / "llm-policy"
    assert outputs["report-dir"] == str(out)
    assert outputs["sarif"] == str(out / "llm-policy.sarif")
    assert outputs["reports"].splitlines() == [
        f"sarif={out}/llm-policy.sarif",
        f"json={out}/llm-policy.json",
    ]
    # the SARIF file, as upload-sarif reads it: paths relative to the workspace
    sarif = json.loads(Path(outputs["sarif"]).read_text(encoding="utf-8"))
    sarif_check(sarif)
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for result in sarif["runs"][0]["results"]
        for loc in result["locations"]
    }
    assert "examples/restricted-to-vendor/llm-project.yaml" in uris
    assert sarif["runs"][0]["invocations"][0]["exitCode"] == 1
    # the workspace holds no report: it stays as checked out
    assert sorted(p.name for p in runner.workspace.iterdir()) == ["examples"]


def test_passing_manifest_with_extra_formats(runner):
    outcome = runner.run(
        paths="examples/internal-assistant\nexamples/budget-chatbot",
        formats="junit markdown\ntext=reports/llm-policy.txt",
        **{"working-directory": ".", "output-dir": "out"},
    )
    check = outcome.step("check")
    assert outcome.returncode == 0, check.stdout + check.stderr
    outputs = outcome.outputs
    assert outputs["exit-code"] == "0"
    assert outputs["manifests"] == "2"
    assert outputs["violations"] == "0"
    assert outputs["failed-manifests"] == "0"
    assert int(outputs["warnings"]) >= 1  # budget-chatbot's transparency warning
    out = runner.workspace / "out"
    assert outputs["reports"].splitlines() == [
        f"sarif={out}/llm-policy.sarif",
        f"json={out}/llm-policy.json",
        f"junit={out}/llm-policy.junit.xml",
        f"markdown={out}/llm-policy.md",
        "text=reports/llm-policy.txt",
    ]
    assert ET.parse(out / "llm-policy.junit.xml").getroot().tag == "testsuites"
    assert (out / "llm-policy.md").read_text(encoding="utf-8").startswith("# llm-policy report")
    assert "2 passed" in (runner.workspace / "reports" / "llm-policy.txt").read_text()
    assert "✅ **Passed**" in check.summary


def test_fail_on_never_reports_but_passes(runner):
    outcome = runner.run(paths="examples", **{"fail-on": "never"})
    assert outcome.returncode == 0
    assert outcome.outputs["exit-code"] == "0"
    assert int(outcome.outputs["violations"]) > 0
    assert "::error file=" not in outcome.stdout  # below the threshold: ::warning
    assert "::warning file=examples/restricted-to-vendor/llm-project.yaml" in outcome.stdout


def test_usage_error_is_exit_2_with_outputs_and_no_reports(runner):
    outcome = runner.run(paths="examples/no-such-folder")
    check = outcome.step("check")
    assert outcome.returncode == 2, check.stdout + check.stderr
    assert check.outputs["exit-code"] == "2"
    assert "no-such-folder" in check.stderr
    outputs = outcome.outputs
    assert outputs["sarif"] == outputs["json"] == outputs["violations"] == ""
    assert outputs["reports"] == ""


def test_waivers_and_config_from_the_workspace(runner):
    expires = dt.date.today() + dt.timedelta(days=30)  # within waiverMaxDays of today
    (runner.workspace / "waivers.yaml").write_text(
        textwrap.dedent(
            f"""\
            waivers:
              - rule: LLM-DATA-001
                manifest: examples/restricted-to-vendor/**
                reason: test waiver
                approver: test@example.com
                expires: {expires.isoformat()}
            """
        )
    )
    waived = runner.run(paths="examples/restricted-to-vendor", waivers="waivers.yaml")
    assert waived.outputs["waived"] == "1"
    assert "::notice file=examples/restricted-to-vendor/llm-project.yaml" in waived.stdout
    # a configuration in the workspace loosens the gate; config: false ignores it
    (runner.workspace / ".llm-policy.yaml").write_text("fail-on: never\n")
    loosened = runner.run(paths="examples/restricted-to-vendor")
    assert loosened.outputs["exit-code"] == "0"
    strict = runner.run(paths="examples/restricted-to-vendor", config="false")
    assert strict.outputs["exit-code"] == "1"


# -- how inputs become arguments: a stand-in llm-policy that records them ----------------------

FAKE = """\
#!{python}
import json, os, sys
args = sys.argv[1:]
if args == ["--version"]:
    print("llm-policy 0.0.0 (stand-in)")
    sys.exit(0)
with open(os.environ["FAKE_ARGV"], "w") as f:
    json.dump(args, f)
if os.environ.get("FAKE_WRITE") == "1":
    for i, arg in enumerate(args):
        if arg == "--report":
            fmt, _, path = args[i + 1].partition("=")
            body = {{"summary": {{"manifests": 3, "failed": 1, "violations": 2,
                                  "warnings": 4, "waived": 5}}}}
            with open(path, "w") as f:
                json.dump(body if fmt == "json" else {{}}, f)
sys.exit(int(os.environ.get("FAKE_EXIT", "0")))
"""


@pytest.fixture
def stand_in(tmp_path) -> tuple[ActionRunner, Path]:
    venv = tmp_path / "stand-in"
    (venv / "bin").mkdir(parents=True)
    tool = venv / "bin" / "llm-policy"
    tool.write_text(FAKE.format(python=sys.executable))
    tool.chmod(0o755)
    (venv / "bin" / "python").symlink_to(sys.executable)
    runner = ActionRunner(tmp_path, venv=str(venv))
    runner.env["FAKE_ARGV"] = str(tmp_path / "argv.json")
    return runner, tmp_path / "argv.json"


def test_every_input_becomes_its_flag(stand_in):
    runner, argv_file = stand_in
    runner.env.update(FAKE_WRITE="1", FAKE_EXIT="1")
    outcome = runner.run(
        paths="svc/a\nsvc/b  svc/c",
        **{"fail-on": "high", "opa-url": "http://127.0.0.1:8181"},
        waivers="false",
        config="false",
        data="org-catalog.yaml more.yaml",
        policies="org-policies",
        engine="opa",
        scan="true",
        formats="junit",
    )
    out = runner.temp / "llm-policy"
    assert json.loads(argv_file.read_text()) == [
        "check", "--format", "github",
        "--report", f"sarif={out}/llm-policy.sarif",
        "--report", f"json={out}/llm-policy.json",
        "--report", f"junit={out}/llm-policy.junit.xml",
        "--fail-on", "high", "--no-waivers", "--no-config",
        "--data", "org-catalog.yaml", "--data", "more.yaml",
        "--policies", "org-policies",
        "--engine", "opa", "--opa-url", "http://127.0.0.1:8181",
        "--", "svc/a", "svc/b", "svc/c",
    ]  # fmt: skip
    assert "::notice title=llm-policy::the scan input is ignored" in outcome.stdout
    assert outcome.returncode == 1
    assert outcome.outputs["exit-code"] == "1"
    assert (outcome.outputs["manifests"], outcome.outputs["waived"]) == ("3", "5")
    runner.run(waivers="w.yaml", config="c.yaml")
    argv = json.loads(argv_file.read_text())
    assert argv[argv.index("--waivers") + 1] == "w.yaml"
    assert argv[argv.index("--config") + 1] == "c.yaml"
    assert argv[-2:] == ["--", "."]  # the default path


def test_input_values_are_never_shell_code_or_globs(stand_in):
    runner, argv_file = stand_in
    (runner.workspace / "match-me").write_text("")
    runner.run(paths="$(touch pwned) `touch pwned2` * ;touch${IFS}pwned3", data="'quoted'")
    argv = json.loads(argv_file.read_text())
    assert argv[argv.index("--") + 1 :] == [
        "$(touch", "pwned)", "`touch", "pwned2`", "*", ";touch${IFS}pwned3",
    ]  # fmt: skip
    assert argv[argv.index("--data") + 1] == "'quoted'"
    assert not list(runner.workspace.glob("pwned*"))


def test_an_exit_without_reports_is_not_a_result(stand_in):
    runner, _ = stand_in
    outcome = runner.run()  # the stand-in exits 0 and writes nothing
    assert outcome.returncode == 3
    assert outcome.outputs["exit-code"] == "3"
    assert "::error title=llm-policy::the check exited 0 but wrote no SARIF or JSON report" in (
        outcome.stdout
    )
    assert outcome.outputs["violations"] == outcome.outputs["sarif"] == ""


def test_stale_reports_of_an_earlier_run_are_removed(stand_in):
    runner, _ = stand_in
    runner.env.update(FAKE_WRITE="1")
    assert runner.run().returncode == 0
    runner.env.update(FAKE_WRITE="0")
    second = runner.run()
    assert second.returncode == 3
    assert second.outputs["json"] == ""


# -- the real install, from the committed tree ---------------------------------------------------


@pytest.mark.slow
def test_real_install_from_the_action_checkout(tmp_path):
    if shutil.which("bash") is None:
        unavailable("bash is not installed")
    action_path = export_head(tmp_path / "action")
    if not (action_path / "action.yml").is_file():
        unavailable("action.yml is not committed yet: the action installs from HEAD")
    runner = ActionRunner(tmp_path, action_path=action_path)
    shutil.copytree(EXAMPLES, runner.workspace / "examples")
    outcome = runner.run(paths="examples/internal-assistant examples/restricted-to-vendor")
    install = outcome.step("install")
    assert install.returncode == 0, install.stdout + install.stderr
    venvs = list(runner.temp.glob("llm-policy-venv-*"))
    assert len(venvs) == 1
    assert install.outputs["bin"] == str(venvs[0] / "bin" / "llm-policy")
    assert re.search(r"^llm-policy \d+\.\d+\.\d+", install.stdout, re.MULTILINE)
    assert outcome.returncode == 1, outcome.step("check").stderr
    assert outcome.outputs["manifests"] == "2"
    assert outcome.outputs["failed-manifests"] == "1"
    assert "LLM-DATA-001" in outcome.stdout
    assert outcome.summary.startswith("# llm-policy report")
    json.loads(Path(outcome.outputs["sarif"]).read_text(encoding="utf-8"))
    # a second use in the same job reuses the virtualenv
    again = runner.run(paths="examples/internal-assistant")
    assert again.returncode == 0
    assert list(runner.temp.glob("llm-policy-venv-*")) == venvs
