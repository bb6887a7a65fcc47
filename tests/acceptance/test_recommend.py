"""`llm-policy recommend`: the canonical scenarios, and every proposal passes `check`."""

from __future__ import annotations

import json

import pytest
import yaml

from checker.policy_set import build_policy_set
from tests.acceptance.conftest import EXAMPLES, ROOT

EXPECTED = yaml.safe_load((ROOT / "tests" / "data" / "examples-expected.yaml").read_text())
VALID = sorted(name for name, e in EXPECTED.items() if "errors" not in e)
TODAY = "2026-11-28"
DECLARED = (
    "id",
    "hosting",
    "provider",
    "region",
    "quantization",
    "deploymentType",
    "zeroDataRetention",
    "baaSigned",
)


def _manifest(name):
    (path,) = (EXAMPLES / name).glob("llm-project.*")
    return path


def _recommend(run_json, name, *extra):
    code, report = run_json(
        ["llm-policy", "recommend", f"examples/{name}", "--today", TODAY, *extra]
    )
    assert code == 0
    (result,) = report["results"]
    return result


def _declared(candidate):
    """The deployment as a team would write it, from the candidate's documented fields only."""
    return {k: candidate[k] for k in DECLARED if k in candidate}


@pytest.mark.parametrize("name", VALID)
def test_every_candidate_passes_check_as_the_only_model(name, run_json, tmp_path):
    result = _recommend(run_json, name, "--top", "0")
    candidates = result["candidates"]
    assert result["candidatesPassing"] == len(candidates)
    manifest = yaml.safe_load(_manifest(name).read_text())
    for n, candidate in enumerate(candidates):
        copy = json.loads(json.dumps(manifest))
        copy["spec"]["models"] = [_declared(candidate)]
        (tmp_path / f"c{n:04d}.llm-project.yaml").write_text(yaml.safe_dump(copy))
    if not candidates:
        assert result["decision"]["recommendation"] == "none" or EXPECTED[name]["passed"] is False
        return
    code, report = run_json(["llm-policy", "check", str(tmp_path)])
    failed = [r["manifest"] for r in report["results"] if not r["passed"]]
    assert failed == [], f"{name}: proposed candidates that fail check: {failed[:5]}"
    assert code == 0
    assert report["summary"]["manifests"] == len(candidates)


def test_the_property_is_not_vacuous(run_json):
    # A candidate list that only ever held the declared model would pass the test above too.
    counts = {
        name: _recommend(run_json, name, "--top", "0")["candidatesPassing"]
        for name in ("internal-assistant", "rapid-prototype", "no-models-declared")
    }
    assert all(count >= 10 for count in counts.values()), counts


@pytest.mark.parametrize(
    ("name", "mode"),
    [
        ("internal-assistant", "self-hosted"),
        ("rapid-prototype", "vendor-api"),
        ("fine-tuned-proprietary", "self-hosted"),
        ("multimodal-product", "vendor-api"),
    ],
)
def test_canonical_scenarios_recommend_their_mode_and_lead_with_it(name, mode, run_json):
    result = _recommend(run_json, name)
    assert result["decision"]["recommendation"] == mode
    top = result["candidates"][0]
    assert top["hosting"] == mode
    assert all(c["hosting"] == mode for c in result["candidates"][:5])
    assert top["score"] == max(c["score"] for c in result["candidates"])
    drivers = {r["driver"] for r in result["decision"]["reasons"]}
    assert drivers <= {
        "data sensitivity",
        "control",
        "performance needs",
        "cost",
        "speed to market",
    }


def test_internal_assistant_top_candidates_fit_the_eu_and_the_gpus(run_json):
    result = _recommend(run_json, "internal-assistant")
    reasons = {r["driver"]: r for r in result["decision"]["reasons"]}
    assert reasons["data sensitivity"]["favours"] == "self-hosted"
    models = build_policy_set().data["catalog"]["models"]
    top = result["candidates"][:5]
    assert top
    for c in top:
        assert c["region"] == "eu" and c["quantization"] in ("fp16", "int8", "int4")
        assert c["monthlyCostUsd"] > 0
        # every one fits the 160 GB the team can dedicate, at the quantization proposed
        assert c["hosting"] == "self-hosted"
        assert models[c["id"]]["gpuMemoryGb"][c["quantization"]] <= 160
    # a 70B model at fp16 (168 GB) does not fit, so it is never proposed
    assert ("llama-3.1-70b", "fp16") not in [
        (c["id"], c["quantization"]) for c in result["candidates"]
    ]


def test_rapid_prototype_leads_with_a_cheap_api_within_budget(run_json):
    result = _recommend(run_json, "rapid-prototype")
    top = result["candidates"][0]
    assert top["provider"] and top["monthlyCostUsd"] <= 500
    assert any(r["factor"] == "budget" and r["points"] > 0 for r in top["reasons"])
    assert {r["driver"] for r in result["decision"]["reasons"]} >= {"speed to market"}


def test_fine_tuned_proprietary_offers_only_open_weights_with_code(run_json):
    result = _recommend(run_json, "fine-tuned-proprietary", "--top", "0")
    assert {c["hosting"] for c in result["candidates"]} == {"self-hosted"}
    catalog = yaml.safe_load((ROOT / "policies/catalog/models/data.yaml").read_text())
    for c in result["candidates"]:
        assert "code" in catalog[c["id"]]["capabilities"]
        assert catalog[c["id"]]["gpuMemoryGb"][c["quantization"]] <= 80
    rules = {r["rule"] for r in result["decision"]["reasons"] if r["rule"]}
    assert {"LLM-DATA-001", "LLM-REQ-001"} <= rules


def test_multimodal_product_offers_frontier_multimodal_models_in_the_eu(run_json):
    result = _recommend(run_json, "multimodal-product", "--top", "0")
    catalog = yaml.safe_load((ROOT / "policies/catalog/models/data.yaml").read_text())
    assert result["candidates"]
    for c in result["candidates"]:
        assert {"frontier-reasoning", "multimodal"} <= set(catalog[c["id"]]["capabilities"])
        assert c["region"] == "eu" and c.get("deploymentType") != "global"
    # No volume declared: the estimate assumes one and says so.
    assert "assumed" in result["candidates"][0]["costBasis"]


def test_health_data_candidates_declare_the_baa_they_need(run_json):
    result = _recommend(run_json, "health-without-baa", "--top", "0")
    vendor = [c for c in result["candidates"] if c["hosting"] == "vendor-api"]
    assert vendor and all(c["baaSigned"] is True for c in vendor)
    assert "google-ai-studio" not in {c["provider"] for c in vendor}
    # ZDR is declared where the data needs it (confidential) and the provider grants it.
    assert all(c["zeroDataRetention"] is True for c in vendor if c["provider"] != "aws-bedrock")


def test_no_agreement_is_declared_that_the_manifest_does_not_need(run_json):
    # Internal, non-personal data in the US: neither ZDR nor a BAA removes any finding.
    result = _recommend(run_json, "rapid-prototype", "--top", "0")
    vendor = [c for c in result["candidates"] if c["hosting"] == "vendor-api"]
    assert vendor
    assert not any(c["zeroDataRetention"] or c["baaSigned"] for c in vendor)


def test_a_stale_price_is_named_and_a_fresh_one_is_not(run_json):
    # Two years on, the list prices checked today are older than priceMaxAgeDays (365).
    stale = _recommend(run_json, "rapid-prototype", "--as-of", "2028-12-01")
    top = stale["candidates"][0]
    checked = top["price"]["checked"]
    texts = [r["text"] for r in stale["decision"]["reasons"] if r["driver"] == "cost"]
    assert any(checked in t and "priceMaxAgeDays" in t for t in texts)
    assert top["price"]["stale"] is True
    assert any(r["factor"] == "price-age" for r in top["reasons"])
    fresh = _recommend(run_json, "rapid-prototype", "--as-of", checked)
    assert not any("priceMaxAgeDays" in r["text"] for r in fresh["decision"]["reasons"])
    assert fresh["candidates"][0]["price"] == {"checked": checked, "ageDays": 0, "stale": False}


def test_price_age_and_gpu_price_are_settings(run_json, tmp_path):
    overlay = tmp_path / "org.yaml"
    overlay.write_text("settings:\n  priceMaxAgeDays: 1000\n  gpuHourlyUsdPerGb: 0.1\n")
    args = ["--today", TODAY, "--data", str(overlay), "--top", "0"]
    code, report = run_json(["llm-policy", "recommend", "examples/internal-assistant", *args])
    assert code == 0
    assert report["assumptions"]["gpuHourlyUsdPerGb"] == 0.1
    catalog = yaml.safe_load((ROOT / "policies/catalog/models/data.yaml").read_text())
    for c in report["results"][0]["candidates"]:
        if c["hosting"] == "self-hosted":
            gb = catalog[c["id"]]["gpuMemoryGb"][c["quantization"]]
            assert c["monthlyCostUsd"] == pytest.approx(gb * 0.1 * 730, abs=0.01)
    code, report = run_json(["llm-policy", "recommend", "examples/rapid-prototype", *args])
    reasons = report["results"][0]["decision"]["reasons"]
    assert not any("priceMaxAgeDays" in r["text"] for r in reasons)


def test_a_bad_setting_is_a_usage_error(run_line, tmp_path):
    overlay = tmp_path / "org.yaml"
    overlay.write_text("settings:\n  gpuHourlyUsdPerGb: cheap\n")
    result = run_line(
        ["llm-policy", "recommend", "examples/internal-assistant", "--data", str(overlay)]
    )
    assert result.exit_code == 2
    assert "gpuHourlyUsdPerGb" in result.stderr


def test_prohibited_use_recommends_nothing(run_json):
    result = _recommend(run_json, "prohibited-social-scoring")
    assert result["decision"]["recommendation"] == "none"
    assert result["candidates"] == []
    assert any(r["favours"] == "neither" for r in result["decision"]["reasons"])


def test_an_invalid_manifest_exits_1_and_says_so(run_line):
    result = run_line(["llm-policy", "recommend", "examples/invalid-typo"])
    assert result.exit_code == 1
    assert "does not load or validate" in result.stdout


def test_text_output_and_top(run_line):
    result = run_line(
        ["llm-policy", "recommend", "examples/internal-assistant", "--top", "2", "--today", TODAY]
    )
    assert result.exit_code == 0, result.stderr
    assert "recommendation: self-hosted" in result.stdout
    assert "data sensitivity" in result.stdout
    assert "   1. " in result.stdout and "   2. " in result.stdout
    assert "   3. " not in result.stdout


def test_bad_today_is_a_usage_error(run_line):
    result = run_line(
        ["llm-policy", "recommend", "examples/internal-assistant", "--today", "28/11/2026"]
    )
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr


def test_help_has_examples(run_line):
    result = run_line(["llm-policy", "recommend", "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.stdout and "--top" in result.stdout
