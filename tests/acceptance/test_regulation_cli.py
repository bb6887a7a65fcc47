"""The EU AI Act rules through the CLI, on the employment screening example (issue 14).

examples/employment-screening passes with every deployer duty of a high-risk use declared; a copy
without one duty fails the rule for it (LLM-REG-002, -005, -006, -008), a public deployer's copy
also owes the fundamental rights impact assessment (LLM-REG-007), the high-risk duties apply from
2026-08-02 (`--as-of 2026-08-01` passes, `2026-08-02` fails, and the JSON header records the day),
and the same project with no EU link (China only) has no LLM-REG finding at all.
"""

from __future__ import annotations

import copy
import typing as t
from pathlib import Path

import pytest
import yaml

from .conftest import EXAMPLES

EXAMPLE = EXAMPLES / "employment-screening" / "llm-project.yaml"


def _manifest() -> dict[str, t.Any]:
    return t.cast(dict[str, t.Any], yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")))


def _write(tmp_path: Path, manifest: dict[str, t.Any]) -> str:
    path = tmp_path / "screening" / "llm-project.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")
    return str(path)


def _findings(report: dict[str, t.Any]) -> list[dict[str, t.Any]]:
    (result,) = report["results"]
    assert result["valid"], result["errors"]
    return [*result["violations"], *result["warnings"]]


def _reg_rules(report: dict[str, t.Any]) -> set[str]:
    return {f["rule"] for f in _findings(report) if f["rule"].startswith("LLM-REG-")}


def _check(run_json, path: str, *extra: str) -> tuple[int, dict[str, t.Any]]:
    return t.cast(
        tuple[int, dict[str, t.Any]],
        run_json(["llm-policy", "check", path, "--as-of", "2026-12-01", *extra]),
    )


def test_the_example_passes_with_every_duty_declared(run_json):
    code, report = _check(run_json, str(EXAMPLE))
    assert code == 0
    assert _findings(report) == []


# field removed -> the rule that then fails, and a word its message must hold
DUTIES = {
    "useCase.humanOversight": ("LLM-REG-002", "human oversight is not declared"),
    "compliance.logRetentionMonths": ("LLM-REG-005", "compliance.logRetentionMonths"),
    "compliance.workersInformed": ("LLM-REG-006", "is used at the workplace (domain employment)"),
    "compliance.dataProtectionImpactAssessment": ("LLM-REG-008", "processes personal data"),
}


@pytest.mark.parametrize("field", sorted(DUTIES))
def test_each_duty_removed_fails_its_rule(run_json, tmp_path, field):
    rule, words = DUTIES[field]
    manifest = _manifest()
    section, key = field.split(".")
    del manifest["spec"][section][key]
    code, report = _check(run_json, _write(tmp_path, manifest))
    assert code == 1
    assert _reg_rules(report) == {rule}
    (finding,) = [f for f in _findings(report) if f["rule"] == rule]
    assert finding["severity"] == "high" and words in finding["message"]
    assert finding["references"] and all(
        "https://eur-lex.europa.eu/eli/reg/2024/1689/oj" in r or "reg/2016/679" in r
        for r in finding["references"]
    )


def test_short_log_retention_fails(run_json, tmp_path):
    manifest = _manifest()
    manifest["spec"]["compliance"]["logRetentionMonths"] = 3
    _, report = _check(run_json, _write(tmp_path, manifest))
    (finding,) = _findings(report)
    assert finding["rule"] == "LLM-REG-005"
    assert "kept for 3 months, less than the 6 months Art. 26(6) requires" in finding["message"]


def test_a_public_deployer_owes_a_fundamental_rights_impact_assessment(run_json, tmp_path):
    manifest = _manifest()
    manifest["spec"]["useCase"]["publicService"] = True
    code, report = _check(run_json, _write(tmp_path, manifest))
    assert code == 1 and _reg_rules(report) == {"LLM-REG-007"}
    manifest["spec"]["compliance"]["fundamentalRightsImpactAssessment"] = True
    code, report = _check(run_json, _write(tmp_path, manifest))
    assert code == 0 and _findings(report) == []


def test_undeclared_risk_in_annex_iii_is_a_violation(run_json, tmp_path):
    manifest = _manifest()
    manifest["spec"]["useCase"]["euAiActRisk"] = "limited"
    _, report = _check(run_json, _write(tmp_path, manifest))
    (finding,) = _findings(report)
    assert finding["rule"] == "LLM-REG-003" and finding["severity"] == "high"
    # the example profiles applicants, so no Art. 6(3) derogation could apply
    manifest["spec"]["useCase"]["highRiskDerogation"] = "docs/art-6-3-assessment.md"
    _, report = _check(run_json, _write(tmp_path, manifest))
    assert "never covers profiling" in _findings(report)[0]["message"]


def test_the_as_of_day_decides_when_the_high_risk_duties_apply(run_json, tmp_path):
    manifest = _manifest()
    del manifest["spec"]["compliance"]["workersInformed"]
    path = _write(tmp_path, manifest)
    code, before = run_json(["llm-policy", "check", path, "--as-of", "2026-08-01"])
    assert code == 0 and before["asOf"] == "2026-08-01" and _reg_rules(before) == set()
    code, after = run_json(["llm-policy", "check", path, "--as-of", "2026-08-02"])
    assert code == 1 and after["asOf"] == "2026-08-02" and _reg_rules(after) == {"LLM-REG-006"}


def test_a_china_only_copy_has_no_eu_ai_act_finding(run_json, tmp_path):
    manifest = copy.deepcopy(_manifest())
    spec = manifest["spec"]
    spec["useCase"]["markets"] = ["cn"]
    spec["data"]["subjectRegions"] = ["cn"]
    spec["residency"]["allowedRegions"] = ["cn"]
    spec["compliance"] = {"frameworks": ["pipl"]}  # no EU duty declared at all
    spec["useCase"]["humanOversight"] = False
    spec["models"][0]["region"] = "cn"
    _, report = _check(run_json, _write(tmp_path, manifest))
    assert _reg_rules(report) == set()
