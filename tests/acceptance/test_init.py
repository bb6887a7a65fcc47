"""`llm-policy init`: a draft manifest from a scan of real code and the answers given.

A draft with every answer validates and `check` runs on it; one without answers fails
validation, naming each FILL-ME; on a terminal every answer is asked (CliRunner input here).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from checker.cli.main import main
from tests.acceptance.conftest import ROOT

APP = (ROOT / "examples" / "scan-undeclared-claude" / "app.py").read_text(encoding="utf-8")
LOCAL = (
    "from transformers import pipeline\n\n"
    'chat = pipeline("text-generation", model="meta-llama/Llama-3.1-70B-Instruct")\n'
)
ANSWERS = [
    "--owner", "support@example.com",
    "--purpose", "summarization",
    "--audience", "internal",
    "--classification", "internal",
    "--category", "personal",
    "--subject-region", "eu",
    "--allowed-region", "eu",
    "--allowed-region", "us",
    "--environment", "public-cloud",
]  # fmt: skip


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "ticket-bot"
    folder.mkdir()
    (folder / "app.py").write_text(APP, encoding="utf-8")
    (folder / "local.py").write_text(LOCAL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_all_flags_give_a_valid_draft_that_check_runs_on(project):
    code, out, err = run("init", "ticket-bot", "--no-interactive", *ANSWERS)
    assert code == 0, err
    assert "wrote ticket-bot/llm-project.yaml: 2 deployments from" in out
    assert "the draft validates" in out
    text = (project / "llm-project.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Drafted by `llm-policy init`")
    assert "# found at app.py:10" in text and "FILL-ME" not in text.split("apiVersion")[1]
    manifest = yaml.safe_load(text)
    assert manifest["metadata"] == {"name": "ticket-bot", "owner": "support@example.com"}
    assert manifest["spec"]["data"] == {
        "classification": "internal",
        "categories": ["personal"],
        "subjectRegions": ["eu"],
    }
    models = {m["id"]: m for m in manifest["spec"]["models"]}
    assert models["claude-sonnet-5.5"] == {
        "id": "claude-sonnet-5.5",
        "hosting": "vendor-api",
        "provider": "anthropic",
        "region": "us",  # Anthropic processes in us, which is allowed here
    }
    assert models["llama-3.1-70b"] == {
        "id": "llama-3.1-70b",
        "hosting": "self-hosted",
        "region": "eu",
    }
    assert run("validate", "ticket-bot")[0] == 0
    code, out, _ = run("check", "ticket-bot", "--scan", "--no-config", "--format", "json")
    assert code in (0, 1)
    (result,) = json.loads(out)["results"]
    assert result["valid"] is True
    # every deployment the code uses is declared: no undeclared-use finding
    assert not [f for f in result["violations"] if f["rule"] in ("LLM-EVD-001", "LLM-EVD-002")]


def test_without_answers_the_draft_fails_validation_naming_each_placeholder(project):
    code, out, err = run("init", "ticket-bot", "--no-interactive")
    assert code == 0
    assert "does not validate yet" in err
    code, out, _ = run("validate", "ticket-bot", "--format", "json")
    assert code == 1
    (result,) = json.loads(out)["results"]
    paths = {e["path"] for e in result["errors"]}
    assert paths >= {
        "metadata.owner",
        "spec.useCase.purpose",
        "spec.useCase.audience",
        "spec.data.classification",
        "spec.data.categories[0]",
        "spec.data.subjectRegions[0]",
        "spec.residency.allowedRegions[0]",
        "spec.deployment.environment",
    }
    # a self-hosted model with no allowed region to run in: its region is a placeholder too
    assert any(p.startswith("spec.models[") and p.endswith(".region") for p in paths)


def test_interactive_answers(project):
    answers = "\n".join(
        [
            "support@example.com",
            "summarization",
            "external",
            "bogus",  # not a classification: asked again
            "confidential",
            "personal, health",
            "eu",
            "none",  # allowed regions need one: asked again
            "eu",
            "private-cloud",
        ]
    )
    code, out, err = run("init", "ticket-bot", "--interactive", input=answers + "\n")
    assert code == 0, out + err
    manifest = yaml.safe_load((project / "llm-project.yaml").read_text(encoding="utf-8"))
    assert manifest["spec"]["useCase"] == {"purpose": "summarization", "audience": "external"}
    assert manifest["spec"]["data"]["categories"] == ["personal", "health"]
    assert manifest["spec"]["residency"] == {"allowedRegions": ["eu"]}
    assert manifest["spec"]["deployment"] == {"environment": "private-cloud"}
    assert "the draft validates" in out


def test_never_overwrites_a_manifest_without_force(project):
    assert run("init", "ticket-bot", "--no-interactive", *ANSWERS)[0] == 0
    before = (project / "llm-project.yaml").read_bytes()
    code, _, err = run("init", "ticket-bot", "--no-interactive")
    assert code == 2 and "--force" in err
    assert (project / "llm-project.yaml").read_bytes() == before
    code, _, _ = run("init", "ticket-bot", "--no-interactive", "--force")
    assert code == 0 and (project / "llm-project.yaml").read_bytes() != before
    assert not [p for p in os.listdir(project) if p.startswith(".")]  # no temporary file left


def test_a_wrong_answer_is_a_usage_error(project):
    code, _, err = run("init", "ticket-bot", "--no-interactive", "--classification", "secret")
    assert code == 2 and "confidential" in err
    code, _, err = run("init", "ticket-bot", "--no-interactive", "--allowed-region", "mars")
    assert code == 2 and "eu" in err
    assert not (project / "llm-project.yaml").exists()
