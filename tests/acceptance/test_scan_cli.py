"""`llm-policy scan` through the real CLI: text, JSON, -o, overlays, exit codes, bad input."""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest

from tests.acceptance.conftest import invoke

APP = textwrap.dedent("""
    import boto3
    from openai import OpenAI

    client = OpenAI()
    client.chat.completions.create(model="gpt-4o", messages=[])
    br = boto3.client("bedrock-runtime", region_name="eu-west-1")
    br.converse(modelId="eu.anthropic.claude-sonnet-4-5-20250929-v1:0", messages=[])
""").lstrip()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text(APP, encoding="utf-8")
    (tmp_path / "Dockerfile").write_text("FROM ollama/ollama:0.3\n", encoding="utf-8")
    (tmp_path / "blob.py").write_bytes(b"\x00\x01")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_text_output(project: Path) -> None:
    code, out, err = invoke("scan", ".")
    assert code == 0, err
    assert out.splitlines() == [
        "Dockerfile:1:6  serving  ollama/ollama:0.3 -> ? (self-hosted, -)",
        "src/app.py:4:10  sdk-call  OpenAI() -> ? (openai, -)",
        'src/app.py:5:1  sdk-call  client.chat.completions.create(model="gpt-4o") -> gpt-4o'
        " (openai, -)",
        'src/app.py:6:6  sdk-call  boto3.client("bedrock-runtime") -> ? (aws-bedrock, eu)',
        'src/app.py:7:1  sdk-call  br.converse(modelId="eu.anthropic.claude-sonnet-4-5-20250929-'
        'v1:0") -> claude-sonnet-4.5 (aws-bedrock, eu, geo)',
        "5 references in 2 files; 2 files scanned, 1 skipped",
    ]


def test_quiet_and_verbose(project: Path) -> None:
    assert invoke("scan", ".", "-q")[1] == "5 references in 2 files; 2 files scanned, 1 skipped\n"
    out = invoke("scan", ".", "-v")[1]
    assert out.startswith("llm-policy ")
    assert "blob.py: skipped: binary (NUL bytes)\n" in out


def test_json_document(project: Path) -> None:
    code, out, _ = invoke("scan", "src", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["reportVersion"] == "1" and doc["tool"]["name"] == "llm-policy"
    assert doc["catalog"]["digest"].startswith("sha256:")
    assert doc["roots"] == ["src"]
    assert doc["references"][-1] == {
        "file": "src/app.py",
        "line": 7,
        "column": 1,
        "kind": "sdk-call",
        "text": 'br.converse(modelId="eu.anthropic.claude-sonnet-4-5-20250929-v1:0")',
        "model": "claude-sonnet-4.5",
        "provider": "aws-bedrock",
        "hosting": "vendor-api",
        "region": "eu",
        "deploymentType": "geo",
    }
    assert doc["summary"] == {
        "references": 4,
        "byKind": {"sdk-call": 4, "model-id": 0, "serving": 0, "endpoint": 0},
        "filesWithReferences": 1,
        "filesScanned": 1,
        "skipped": 0,
        "problems": 0,
    }
    assert doc["skipped"] == [] and doc["problems"] == []


def test_output_file(project: Path) -> None:
    code, out, _ = invoke("scan", ".", "--format", "json", "-o", "refs.json")
    assert code == 0 and out == ""
    doc = json.loads((project / "refs.json").read_text(encoding="utf-8"))
    assert doc["skipped"] == [{"file": "blob.py", "reason": "binary (NUL bytes)"}]


def test_a_data_overlay_resolves_an_organisation_alias(project: Path) -> None:
    (project / "src" / "app.py").write_text('M = "corp-gpt"\n', encoding="utf-8")
    assert invoke("scan", "src", "-q")[1].startswith("0 references")
    (project / "overlay.yaml").write_text(
        "catalog:\n  aliases:\n    gpt-4o:\n      ids: [corp-gpt]\n", encoding="utf-8"
    )
    code, out, err = invoke("scan", "src", "--data", "overlay.yaml")
    assert code == 0, err
    assert out.splitlines()[0] == "src/app.py:1:5  model-id  corp-gpt -> gpt-4o (-, -)"


def test_a_missing_path_is_a_usage_error(project: Path) -> None:
    code, out, err = invoke("scan", "src", "nowhere")
    assert code == 2 and out == ""
    assert "no such file or directory: nowhere" in err


def test_no_path_is_a_usage_error(project: Path) -> None:
    assert invoke("scan")[0] == 2


def test_unreadable_roots_are_skipped_not_fatal(project: Path) -> None:
    os.mkfifo(project / "pipe.py")
    (project / "l1").symlink_to(project / "l2")
    (project / "l2").symlink_to(project / "l1")
    code, out, err = invoke("scan", "pipe.py", "l1", "-v")
    assert code == 0, err
    assert "pipe.py: skipped: not a regular file" in out
    assert "l1: skipped: unreadable" in out
    assert out.endswith("0 references in 0 files; 0 files scanned, 2 skipped\n")


def test_help_has_examples() -> None:
    code, out, _ = invoke("scan", "--help")
    assert code == 0
    assert "llm-policy scan . --format json -o references.json" in out
    assert "--catalog" in out and "--data" in out
