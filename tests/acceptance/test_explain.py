"""`llm-policy explain`: each rule that fired, with the manifest and catalog facts it used."""

from __future__ import annotations

import yaml

from tests.acceptance.conftest import ROOT

PROVIDERS = yaml.safe_load((ROOT / "policies/catalog/providers/data.yaml").read_text())


def _explain(run_json, *argv):
    code, report = run_json(["llm-policy", "explain", *argv])
    return code, report["results"][0]


def test_every_finding_of_check_is_explained(run_json):
    _, checked = run_json(["llm-policy", "check", "examples/eu-residency-breach"])
    code, result = _explain(run_json, "examples/eu-residency-breach")
    assert code == 0
    assert result["passed"] is False
    fired = {(f["path"], r["rule"]) for r in result["rules"] for f in r["findings"]}
    expected = {
        (f["path"], f["rule"])
        for f in checked["results"][0]["violations"] + checked["results"][0]["warnings"]
    }
    assert expected <= fired
    assert all(r["fired"] for r in result["rules"])


def test_a_residency_finding_shows_the_deployment_and_the_provider_terms(run_json):
    _, result = _explain(run_json, "examples/eu-residency-breach", "--rule", "LLM-RES-004")
    (rule,) = result["rules"]
    assert rule["rule"] == "LLM-RES-004" and rule["severity"] == "high"
    assert "providers" in rule["reads"]["catalog"]
    assert "spec.residency" in rule["reads"]["manifest"]
    by_model = {f["model"]: f for f in rule["findings"]}
    azure = by_model[1]
    facts = azure["facts"]
    assert facts["manifest"]["spec.models[1].deploymentType"] == "global"
    assert facts["manifest"]["spec.residency.crossBorderTransfer"] == "forbidden"
    assert facts["manifest"]["spec.models[1]"]["provider"] == "azure-openai"
    (entry,) = [c for c in facts["catalog"] if c["catalog"] == "providers"]
    assert entry["id"] == "azure-openai"
    assert entry["fields"]["deploymentTypes"] == PROVIDERS["azure-openai"]["deploymentTypes"]
    assert entry["checked"] == PROVIDERS["azure-openai"]["checked"]
    assert entry["sources"] == PROVIDERS["azure-openai"]["sources"]
    # Anthropic's deployment declares no type: the fact says so rather than inventing one.
    assert by_model[0]["facts"]["manifest"]["spec.models[0].deploymentType"] is None


def test_a_capacity_finding_shows_the_gpu_figures_and_the_headroom_setting(run_json):
    _, result = _explain(run_json, "examples/air-gapped-capacity", "--rule", "LLM-DEP-002")
    (finding,) = result["rules"][0]["findings"]
    facts = finding["facts"]
    assert "spec.deployment.gpuMemoryGb" in facts["manifest"]
    (model,) = [c for c in facts["catalog"] if c["catalog"] == "models"]
    assert model["id"] == "llama-4-scout" and "gpuMemoryGb" in model["fields"]
    assert model["checked"] and model["sources"]
    assert "gpuMemoryHeadroom" in facts["settings"]


def test_mode_reasons_are_explained_as_such(run_json):
    _, result = _explain(run_json, "examples/fine-tuned-proprietary")
    kinds = {r["rule"]: {f["kind"] for f in r["findings"]} for r in result["rules"]}
    assert kinds["LLM-DATA-001"] == {"mode"}
    assert kinds["LLM-REQ-001"] == {"mode"}
    assert result["passed"] is True


def test_a_rule_that_did_not_fire_says_so(run_json, run_line):
    code, result = _explain(run_json, "examples/internal-assistant", "--rule", "LLM-REG-001")
    assert code == 0
    (rule,) = result["rules"]
    assert rule["fired"] is False and rule["findings"] == []
    text = run_line(
        ["llm-policy", "explain", "examples/internal-assistant", "--rule", "LLM-REG-001"]
    )
    assert "did not fire" in text.stdout


def test_unknown_rule_is_a_usage_error_with_a_suggestion(run_line):
    result = run_line(
        ["llm-policy", "explain", "examples/internal-assistant", "--rule", "LLM-RES-04"]
    )
    assert result.exit_code == 2
    assert "unknown rule" in result.stderr and "LLM-RES-004" in result.stderr


def test_text_lists_facts_with_their_checked_dates(run_line):
    result = run_line(["llm-policy", "explain", "examples/health-without-baa"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "LLM-DATA-004" in out and "manifest:" in out and "catalog:" in out
    assert "providers.google-ai-studio (checked " in out
    assert "source: https://" in out
    assert "spec.models[1].provider = google-ai-studio" in out


def test_an_invalid_manifest_exits_1(run_line):
    result = run_line(["llm-policy", "explain", "examples/invalid-typo"])
    assert result.exit_code == 1
    assert "does not load or validate" in result.stdout


def test_help_has_examples(run_line):
    result = run_line(["llm-policy", "explain", "--help"])
    assert result.exit_code == 0 and "Examples:" in result.stdout and "--rule" in result.stdout
