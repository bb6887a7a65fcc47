"""Every shipped example gets the decision its comment promises, on the embedded engine."""

from __future__ import annotations

import pytest
import yaml

from tests.acceptance.conftest import EXAMPLES, ROOT

EXPECTED = yaml.safe_load((ROOT / "tests" / "data" / "examples-expected.yaml").read_text())
EXAMPLE_DIRS = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir())
CANONICAL = {
    "internal-assistant": "self-hosted",
    "rapid-prototype": "vendor-api",
    "fine-tuned-proprietary": "self-hosted",
    "multimodal-product": "vendor-api",
}


def test_every_example_has_an_expectation_and_a_comment():
    assert sorted(EXPECTED) == EXAMPLE_DIRS
    assert len(EXAMPLE_DIRS) >= 12
    for name in EXAMPLE_DIRS:
        (manifest,) = (EXAMPLES / name).glob("llm-project.*")
        text = manifest.read_text()
        assert text.startswith("#") or '"description"' in text, f"{name} says what it shows"


def test_examples_cover_passing_failing_and_every_area():
    passing = {n for n, e in EXPECTED.items() if e["passed"]}
    failing = set(EXPECTED) - passing
    assert len(passing) >= 4 and len(failing) >= 4
    fired = {r for e in EXPECTED.values() for r in e.get("violations", []) + e.get("warnings", [])}
    # Requirements show in fine-tuned-proprietary's vendor-mode reasons (tested below).
    for area in ("DATA", "RES", "DEP", "LIC", "REG", "GOV"):
        assert any(r.startswith(f"LLM-{area}-") for r in fired), area
    assert any("errors" in e for e in EXPECTED.values()), "an invalid manifest is shown too"


@pytest.mark.parametrize("name", EXAMPLE_DIRS)
def test_example_decision(name, run_json):
    code, report = run_json(["llm-policy", "check", f"examples/{name}"])
    expected = EXPECTED[name]
    (result,) = report["results"]
    assert result["passed"] is expected["passed"]
    assert code == (0 if expected["passed"] else 1)
    assert report["summary"]["failed"] == (0 if expected["passed"] else 1)
    if "errors" in expected:
        assert result["valid"] is False
        assert "decision" not in result
        got = [{k: e[k] for k in ("path", "line", "column")} for e in result["errors"]]
        assert got == expected["errors"]
        return
    decision = result["decision"]
    assert decision["selfHosted"]["allowed"] is expected["selfHosted"]
    assert decision["vendorApi"]["allowed"] is expected["vendorApi"]
    assert decision["recommendation"] == expected["recommendation"]
    models = [
        {"id": m["id"], "allowed": m["allowed"], "violations": sorted(m["violations"])}
        for m in result["models"]
    ]
    assert models == expected["models"]
    assert sorted({v["rule"] for v in result["violations"]}) == expected["violations"]
    assert sorted({w["rule"] for w in result["warnings"]}) == expected["warnings"]
    for finding in result["violations"] + result["warnings"]:
        assert finding["line"] is not None, f"{finding['rule']} has a manifest line"


@pytest.mark.parametrize(("name", "recommendation"), sorted(CANONICAL.items()))
def test_canonical_scenarios(name, recommendation, run_json):
    code, report = run_json(["llm-policy", "check", f"examples/{name}"])
    assert code == 0
    assert report["results"][0]["decision"]["recommendation"] == recommendation


def test_fine_tuning_full_weights_rules_out_vendor_apis(run_json):
    _, report = run_json(["llm-policy", "check", "examples/fine-tuned-proprietary"])
    reasons = report["results"][0]["decision"]["vendorApi"]["reasons"]
    assert "LLM-REQ-001" in {r["rule"] for r in reasons}


def test_whole_examples_folder(run_json):
    code, report = run_json(["llm-policy", "check", "examples/"])
    assert code == 1
    assert report["summary"]["manifests"] == len(EXAMPLE_DIRS)
    assert report["summary"]["passed"] == sum(e["passed"] for e in EXPECTED.values())
