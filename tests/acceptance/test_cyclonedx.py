"""`check --format cyclonedx` through the real CLI: a strictly valid CycloneDX 1.6 AI-BOM.

Each example, and the whole examples folder, is checked with cyclonedx-python-lib's strict JSON
validator; a couple of examples are read for their components, licences and services.
"""

from __future__ import annotations

import json
import typing as t

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

from tests.acceptance.conftest import EXAMPLES, RunLine

VALIDATOR = JsonStrictValidator(SchemaVersion.V1_6)
AS_OF = "2026-12-01"
EXAMPLE_NAMES = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir())


def valid(text: str) -> dict[str, t.Any]:
    error = VALIDATOR.validate_str(text)
    assert error is None, getattr(error, "data", error)
    return t.cast("dict[str, t.Any]", json.loads(text))


def check(run_line: RunLine, *paths: str, env: dict[str, str] | None = None) -> str:
    argv = ["llm-policy", "check", *paths, "--as-of", AS_OF, "--format", "cyclonedx"]
    result = run_line(argv, env=env)
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout


def props(item: dict[str, t.Any]) -> dict[str, str]:
    return {p["name"]: p.get("value", "") for p in item.get("properties", ())}


def models(document: dict[str, t.Any]) -> dict[str, dict[str, t.Any]]:
    return {
        c["name"]: c
        for c in document.get("components", ())
        if c["type"] == "machine-learning-model"
    }


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_every_example_is_a_valid_bom(run_line, example):
    document = valid(check(run_line, f"examples/{example}"))
    project = document["metadata"]["component"]
    assert project["type"] == "application"
    assert props(project)["llm-policy:manifest"].startswith(f"examples/{example}/")


def test_the_examples_folder_is_one_valid_bom(run_line):
    document = valid(check(run_line, "examples"))
    assert document["metadata"]["component"]["bom-ref"] == "run"
    projects = [c for c in document["components"] if c["type"] == "application"]
    assert len(projects) == len(EXAMPLE_NAMES)
    (run,) = [d for d in document["dependencies"] if d["ref"] == "run"]
    assert sorted(run["dependsOn"]) == sorted(p["bom-ref"] for p in projects)
    assert props(document["metadata"])["llm-policy:manifests"] == str(len(EXAMPLE_NAMES))


def test_a_bedrock_claude_and_a_self_hosted_llama(run_line):
    document = valid(check(run_line, "examples/air-gapped-capacity"))
    project = document["metadata"]["component"]
    assert project["name"] == "plant-maintenance-assistant"
    assert props(project)["llm-policy:passed"] == "false"
    found = models(document)
    claude, llama = found["claude-haiku-5.5"], found["llama-4-scout"]
    assert claude["supplier"] == {"name": "Anthropic"}
    assert "licenses" not in claude
    assert props(claude)["llm-policy:allowed"] == "false"
    assert "LLM-DEP-001" in props(claude)["llm-policy:violations"]
    assert llama["supplier"] == {"name": "Meta"}
    assert {lic["license"]["name"] for lic in llama["licenses"]} == {
        "LicenseRef-llama4_community",
        "LicenseRef-llama4_multimodal_eu_carveout",
    }
    assert props(llama)["llm-policy:quantization"] == "fp16"
    assert "LLM-DEP-002" in props(llama)["llm-policy:violations"]
    (service,) = document["services"]
    assert service["name"] == "Amazon Bedrock"
    assert service["provider"] == {"name": "Amazon Web Services"}
    assert service["data"] == [{"flow": "bi-directional", "classification": "confidential"}]
    (link,) = [d for d in document["dependencies"] if d["ref"] == claude["bom-ref"]]
    assert link["dependsOn"] == [service["bom-ref"]]


def test_a_non_commercial_licence_is_a_licence_ref(run_line):
    document = valid(check(run_line, "examples/command-r-commercial"))
    command_a = models(document)["command-a"]
    (licence,) = command_a["licenses"]
    assert licence["license"]["name"] == "LicenseRef-cc_by_nc_4_0_c4ai"
    assert licence["license"]["url"] == "https://creativecommons.org/licenses/by-nc/4.0/"
    assert command_a["supplier"] == {"name": "Cohere"}
    assert "services" not in document  # self-hosted only


def test_an_apache_model_has_its_spdx_id(run_line):
    document = valid(check(run_line, "examples/export-controlled-defense"))
    (licence,) = models(document)["gpt-oss-120b"]["licenses"]
    assert licence["license"]["id"] == "Apache-2.0"


def test_the_same_inputs_give_the_same_bytes(run_line):
    first = check(run_line, "examples", env={"SOURCE_DATE_EPOCH": ""})
    assert check(run_line, "examples", env={"SOURCE_DATE_EPOCH": ""}) == first
    assert json.loads(first)["metadata"]["timestamp"] == f"{AS_OF}T00:00:00+00:00"
    pinned = check(run_line, "examples/budget-chatbot", env={"SOURCE_DATE_EPOCH": "1764547200"})
    assert json.loads(pinned)["metadata"]["timestamp"] == "2025-12-01T00:00:00+00:00"


def test_report_writes_the_bom_next_to_the_main_format(run_line, tmp_path):
    target = tmp_path / "ai-bom.cdx.json"
    result = run_line(
        [
            "llm-policy",
            "check",
            "examples/budget-chatbot",
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "--report",
            f"cyclonedx={target}",
        ]
    )
    assert result.exit_code in (0, 1), result.stderr
    document = valid(target.read_text(encoding="utf-8"))
    report = json.loads(result.stdout)
    project = document["metadata"]["component"]
    assert project["name"] == report["results"][0]["project"]
    assert props(project)["llm-policy:passed"] == str(report["results"][0]["passed"]).lower()
    assert props(document["metadata"])["llm-policy:policy-digest"] == report["policy"]["digest"]


def test_validate_lists_the_declared_models(run_line):
    result = run_line(
        ["llm-policy", "validate", "examples/air-gapped-capacity", "--format", "cyclonedx"]
    )
    assert result.exit_code == 0, result.stderr
    document = valid(result.stdout)
    assert set(models(document)) == {"claude-haiku-5.5", "llama-4-scout"}
    assert all("llm-policy:allowed" not in props(m) for m in models(document).values())


def test_scan_evidence_is_in_the_bom(run_line):
    example = "examples/scan-undeclared-claude"
    result = run_line(
        ["llm-policy", "check", example, "--scan", "--as-of", AS_OF, "--format", "cyclonedx"]
    )
    assert result.exit_code == 1, result.stderr
    document = valid(result.stdout)
    project = document["metadata"]["component"]
    assert props(project)["llm-policy:passed"] == "false"
    assert int(props(project)["llm-policy:scan-references"]) >= 1
    found = models(document)
    # the code's Claude is not declared: a component of its own, located in app.py
    claude = found["claude-sonnet-5.5"]
    assert props(claude)["llm-policy:declared"] == "false"
    occurrences = claude["evidence"]["occurrences"]
    assert {o["location"] for o in occurrences} == {f"{example}/app.py"}
    assert all(o["line"] >= 1 for o in occurrences)
    assert claude["evidence"]["identity"][0]["concludedValue"] == "claude-sonnet-5.5"
    # the declared Llama is refused and has no evidence in the code
    llama = found["llama-3.1-70b"]
    assert props(llama)["llm-policy:declared"] == "true"
    assert "LLM-EVD" in props(llama)["llm-policy:violations"]
    assert "evidence" not in llama
    # the Anthropic API the code calls is a service the manifest does not declare
    (service,) = document["services"]
    assert (service["name"], props(service)["llm-policy:declared"]) == ("Anthropic API", "false")
    (link,) = [d for d in document["dependencies"] if d["ref"] == claude["bom-ref"]]
    assert link["dependsOn"] == [service["bom-ref"]]
