"""Every model of the late-2026 leads is known by its catalog id, its vendor ids and its
Hugging Face ids: a manifest naming it any of these ways gets a decision, never LLM-GOV-001."""

from __future__ import annotations

import json
import typing as t

import pytest
import yaml
from click.testing import CliRunner

from checker.cli.main import main
from checker.policy_set import build_policy_set

# Tables 1 and 2 of ../shared/reference/catalog-2026.md, as catalog ids.
LEADS = (
    "llama-4-scout", "llama-4-maverick", "deepseek-v3", "deepseek-v3-0324", "deepseek-r1",
    "qwen3-235b-a22b", "qwen2.5-72b", "gemma-2-27b", "gemma-3-27b", "gpt-oss-20b",
    "gpt-oss-120b", "mistral-small-3", "mistral-small-3.1", "mistral-large-2", "phi-4",
    "granite-3.1-8b", "falcon-3-10b", "falcon-2-11b", "command-a",
    "gpt-4.1", "gpt-5", "o3", "o4-mini", "claude-opus-4.5", "claude-sonnet-4.5",
    "claude-haiku-4.5", "gemini-2.5-pro", "gemini-2.5-flash", "gemini-3-pro",
)  # fmt: skip
CATALOG = build_policy_set().data["catalog"]


def _deployments(model_id: str) -> list[dict[str, t.Any]]:
    """One deployment per way of writing the model: catalog id and every alias."""
    entry = CATALOG["models"][model_id]
    aliases = CATALOG.get("aliases", {}).get(model_id, {})
    serving = sorted(p for p, e in CATALOG["providers"].items() if model_id in e.get("models", ()))
    if entry["weights"] == "open":
        names = [model_id, *aliases.get("ids", ()), *aliases.get("huggingface", ())]
        return [{"id": n, "hosting": "self-hosted", "region": "us"} for n in names]
    assert serving, f"no catalog provider serves {model_id}"
    out = [
        {"id": n, "hosting": "vendor-api", "provider": serving[0], "region": "us"}
        for n in [model_id, *aliases.get("ids", ())]
    ]
    for provider, ids in aliases.get("providers", {}).items():
        out += [
            {"id": n, "hosting": "vendor-api", "provider": provider, "region": "us"} for n in ids
        ]
    return out


def manifest(models: list[dict[str, t.Any]]) -> str:
    return yaml.safe_dump(
        {
            "apiVersion": "llm-policy/v1",
            "kind": "LLMProject",
            "metadata": {"name": "ids", "owner": "ml@example.com"},
            "spec": {
                "useCase": {"purpose": "summarization", "audience": "internal"},
                "data": {"classification": "internal"},
                "residency": {"allowedRegions": ["us"], "crossBorderTransfer": "allowed"},
                "deployment": {"environment": "public-cloud", "gpuMemoryGb": 2000},
                "models": models,
            },
        }
    )


@pytest.mark.parametrize("model_id", LEADS)
def test_every_way_of_naming_a_lead_model_is_known(model_id, tmp_path):
    deployments = _deployments(model_id)
    assert len(deployments) > 1, f"{model_id}: no alias in the catalog"
    # at most 100 models per manifest (the schema's cap): split long alias lists
    for start in range(0, len(deployments), 100):
        chunk = deployments[start : start + 100]
        path = tmp_path / f"{start}.llm-project.yaml"
        path.write_text(manifest(chunk), encoding="utf-8")
        result = CliRunner().invoke(main, ["check", str(path), "-f", "json", "--no-config"])
        assert result.exit_code in (0, 1), result.stderr
        report = json.loads(result.stdout)["results"][0]
        assert report["valid"], report["errors"]
        rules = {f["rule"] for f in report["violations"] + report["warnings"]}
        assert "LLM-GOV-001" not in rules, [f["message"] for f in report["violations"]]
        models = report["models"]
        assert {m["id"] for m in models} == {model_id}
        assert [m["written"] for m in models] == [d["id"] for d in chunk]
