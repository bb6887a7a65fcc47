"""`check --scan`: each manifest held to the code in its folder, findings located in the code.

The real scanner runs on real files: the shipped example examples/scan-undeclared-claude (a
self-hosted Llama declared, Claude called from app.py) and small trees written here.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli.main import main
from tests.acceptance.conftest import ROOT

EXAMPLE = "examples/scan-undeclared-claude"
APP = f"{EXAMPLE}/app.py"
MANIFEST = f"{EXAMPLE}/llm-project.yaml"


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


def findings(report: dict) -> dict[str, dict]:
    (result,) = report["results"]
    return {f["rule"]: f for f in result["violations"] + result["warnings"]}


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(ROOT)
    return ROOT


def test_without_scan_the_manifest_alone_passes(at_root):
    code, out = invoke("check", EXAMPLE, "--no-config", "--color", "never")
    assert code == 0, out
    assert "LLM-EVD" not in out


def test_scan_fails_with_findings_located_in_the_code_text(at_root):
    code, out = invoke("check", EXAMPLE, "--scan", "--no-config", "--color", "never")
    assert code == 1
    assert re.search(rf"HIGH +LLM-EVD-001  {re.escape(APP)}:10:13 ", out), out
    assert re.search(rf"HIGH +LLM-EVD-002  {re.escape(APP)}:5:10 ", out)
    assert re.search(rf"HIGH +LLM-EVD-003  {re.escape(APP)}:5:10 ", out)
    assert "The code uses model claude-sonnet-5.5 in 1 place (app.py:10)" in out
    # the declared model nobody calls: a warning on the manifest's own line
    assert re.search(rf"LOW +LLM-EVD-005  {re.escape(MANIFEST)}:\d+:\d+ ", out)


def test_scan_json_names_the_code_file_line_and_column(at_root):
    code, out = invoke("check", EXAMPLE, "--scan", "--no-config", "--format", "json")
    assert code == 1
    found = findings(json.loads(out))
    assert set(found) == {"LLM-EVD-001", "LLM-EVD-002", "LLM-EVD-003", "LLM-EVD-005"}
    model = found["LLM-EVD-001"]
    assert (model["file"], model["line"], model["column"]) == (APP, 10, 13)
    assert model["path"] == "scan.references[1]"
    assert any("Claude Sonnet 5.5" in r for r in model["references"])
    assert "file" not in found["LLM-EVD-005"]  # on the manifest, like every other finding


def test_scan_sarif_locates_results_in_the_code_file(at_root):
    code, out = invoke("check", EXAMPLE, "--scan", "--no-config", "--format", "sarif")
    assert code == 1
    results = {r["ruleId"]: r for r in json.loads(out)["runs"][0]["results"]}
    where = results["LLM-EVD-001"]["locations"][0]["physicalLocation"]
    assert where["artifactLocation"] == {"uri": APP, "uriBaseId": "%SRCROOT%"}
    assert where["region"] == {"startLine": 10, "startColumn": 13}
    assert results["LLM-EVD-001"]["properties"]["manifest"] == MANIFEST
    manifest = results["LLM-EVD-005"]["locations"][0]["physicalLocation"]
    assert manifest["artifactLocation"]["uri"] == MANIFEST


def test_scan_github_annotates_the_code_line(at_root):
    _, out = invoke("check", EXAMPLE, "--scan", "--no-config", "--format", "github")
    assert f"::error file={APP},line=10,col=13,title=LLM-EVD-001" in out


def test_scan_junit_markdown_and_gitlab_name_the_code_file(at_root):
    _, junit = invoke("check", EXAMPLE, "--scan", "--no-config", "--format", "junit")
    assert f"{APP}:10:13: high: The code uses model claude-sonnet-5.5" in junit
    _, markdown = invoke("check", EXAMPLE, "--scan", "--no-config", "--format", "markdown")
    assert f"{APP}:10" in markdown
    _, gitlab = invoke("check", EXAMPLE, "--scan", "--no-config", "--format", "gitlab")
    issue = next(i for i in json.loads(gitlab) if i["check_name"] == "LLM-EVD-001")
    assert issue["location"] == {"path": APP, "lines": {"begin": 10}}


MANIFEST_TEXT = """\
apiVersion: llm-policy/v1
kind: LLMProject
metadata: {{name: {name}, owner: team@example.com}}
spec:
  useCase: {{purpose: summarization, audience: internal}}
  data: {{classification: public}}
  residency: {{allowedRegions: [us]}}
  deployment: {{environment: public-cloud, networkEgress: open}}
  models:
    - {{id: claude-sonnet-5.5, hosting: vendor-api, provider: anthropic, region: us}}
"""

CLAUDE_APP = """\
import anthropic

client = anthropic.Anthropic()
reply = client.messages.create(model="claude-sonnet-5-5", max_tokens=10, messages=[])
"""

OPENAI_APP = """\
from openai import OpenAI

client = OpenAI()
reply = client.responses.create(model="gpt-5", input="hello")
"""


def tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def test_subfolder_with_its_own_manifest_belongs_to_it(tmp_path, monkeypatch):
    tree(
        tmp_path,
        {
            "llm-project.yaml": MANIFEST_TEXT.format(name="outer"),
            "app.py": CLAUDE_APP,
            "inner/llm-project.yaml": MANIFEST_TEXT.format(name="inner"),
            "inner/app.py": CLAUDE_APP + OPENAI_APP,
        },
    )
    monkeypatch.chdir(tmp_path)
    _, out = invoke("check", ".", "--scan", "--no-config", "--format", "json")
    results = {r["manifest"]: r for r in json.loads(out)["results"]}
    outer = results["llm-project.yaml"]
    inner = results["inner/llm-project.yaml"]
    # OpenAI is used only in inner/: the outer manifest is not held to it
    assert not [f for f in outer["violations"] if f["rule"].startswith("LLM-EVD")]
    undeclared = [f for f in inner["violations"] if f["rule"] == "LLM-EVD-001"]
    assert undeclared and all(f["file"] == "inner/app.py" for f in undeclared)
    assert any("gpt-5" in f["message"] for f in undeclared)


def test_scan_true_in_the_configuration_turns_it_on(tmp_path, monkeypatch):
    tree(tmp_path, {"llm-project.yaml": MANIFEST_TEXT.format(name="p"), "app.py": OPENAI_APP})
    monkeypatch.chdir(tmp_path)
    _, out = invoke("check", ".", "--format", "json")
    assert "LLM-EVD" not in out  # not scanned without the key
    (tmp_path / ".llm-policy.yaml").write_text("scan: true\n", encoding="utf-8")
    _, out = invoke("check", ".", "--format", "json")
    assert "LLM-EVD-001" in findings(json.loads(out))
    _, out = invoke("check", ".", "--no-config", "--format", "json")
    assert "LLM-EVD" not in out


def test_audit_lists_the_scan_references(tmp_path, monkeypatch):
    tree(tmp_path, {"llm-project.yaml": MANIFEST_TEXT.format(name="p"), "app.py": CLAUDE_APP})
    monkeypatch.chdir(tmp_path)
    invoke(
        "audit",
        ".",
        "--scan",
        "--no-config",
        "--out",
        "audit",
        "--timestamp",
        "2026-12-01T00:00:00Z",
    )
    document = json.loads((tmp_path / "audit" / "audit.json").read_text(encoding="utf-8"))
    assert document["evidence"]["scan"] is True
    (result,) = document["results"]
    refs = result["scan"]["references"]
    assert {(r["file"], r["model"]) for r in refs} >= {("app.py", "claude-sonnet-5.5")}
    invoke("audit", ".", "--no-config", "--out", "plain", "--timestamp", "2026-12-01T00:00:00Z")
    plain = json.loads((tmp_path / "plain" / "audit.json").read_text(encoding="utf-8"))
    assert "scan" not in plain["evidence"] and "scan" not in plain["results"][0]
