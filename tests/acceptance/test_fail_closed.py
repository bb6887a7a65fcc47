"""Fail closed: nothing the checked repository controls turns a failure into a pass unseen.

Issue "Fail closed everywhere", items 1 (overlays and organisation policies cannot redefine the
shipped ones), 2 (what weakens the gate is visible, and refused with --strict-settings),
3 (waiver governance) and 7 (findings of an unknown shape are an evaluation error). Each test
runs through the CLI; those that involve the engine run on both engines.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from .conftest import EXAMPLES, invoke

PROHIBITED = EXAMPLES / "prohibited-social-scoring" / "llm-project.yaml"  # critical LLM-REG-001
PASSING = EXAMPLES / "internal-assistant" / "llm-project.yaml"
TODAY = dt.date.today()


# 1. Overlays and organisation policies cannot redefine the shipped ones.

SILENCE_REGULATION = "llm: {rules: {regulation: {deny: []}}}\n"


def test_an_overlay_that_redefines_a_shipped_rule_is_refused_on_both_engines(here, engine):
    assert invoke("check", PROHIBITED, "--engine", engine)[0] == 1
    (here / "overlay.yaml").write_text(SILENCE_REGULATION)
    code, out, err = invoke("check", PROHIBITED, "--engine", engine, "--data", "overlay.yaml")
    assert code == 2, out
    assert "overlay.yaml: key 'llm' is not allowed in a data overlay" in err


def test_the_repository_configuration_cannot_smuggle_the_same_overlay(here):
    (here / "overlay.yaml").write_text(SILENCE_REGULATION)
    (here / ".llm-policy.yaml").write_text("data: [overlay.yaml]\n")
    code, _, err = invoke("check", PROHIBITED)
    assert code == 2
    assert "key 'llm' is not allowed" in err


@pytest.mark.parametrize(
    ("package", "message"),
    [
        ("llm.decision", "package llm.decision is not allowed"),
        ("llm.lib", "package llm.lib is not allowed"),
        ("llm.rules.regulation", "is a shipped rule area"),
        ("llm.rules.regulation.extra", "is a shipped rule area"),
        ("acme", "package acme is not allowed"),
    ],
)
def test_organisation_packages_outside_their_own_areas_are_refused(here, engine, package, message):
    (here / "org").mkdir()
    (here / "org" / "evil.rego").write_text(f"package {package}\n\nresult := {{}}\n")
    code, _, err = invoke("check", PROHIBITED, "--engine", engine, "--policies", "org")
    assert code == 2
    assert message in err and "evil.rego" in err


def test_organisation_data_cannot_write_under_the_policies_root(here):
    folder = here / "org" / "llm" / "rules" / "regulation"
    folder.mkdir(parents=True)
    (folder / "data.yaml").write_text("deny: []\n")
    code, _, err = invoke("check", PROHIBITED, "--policies", "org")
    assert code == 2
    assert "may not be written under data.llm" in err


def test_an_organisation_area_of_its_own_still_works(here):
    (here / "org").mkdir()
    (here / "org" / "acme.rego").write_text("package llm.rules.acme\n\nplaceholder := true\n")
    assert invoke("check", PASSING, "--policies", "org")[0] == 0


# 2. What weakens the gate is visible, and --strict-settings refuses it.

LOOSER = "settings:\n  noTrainingCategories: [health]\n"


def test_loosened_settings_are_named_in_every_format(here):
    (here / "loose.yaml").write_text(LOOSER)
    code, out, _ = invoke("check", PASSING, "--data", "loose.yaml")
    assert code == 0
    assert "warning: noTrainingCategories loosened by loose.yaml" in out
    _, out, _ = invoke("check", PASSING, "--data", "loose.yaml", "-f", "json")
    gate = json.loads(out)["gate"]
    assert gate["data"] == {"value": ["loose.yaml"], "source": "command line (--data)"}
    assert [x["setting"] for x in gate["loosened"]] == ["noTrainingCategories"]
    assert gate["loosened"][0]["file"] == "loose.yaml"
    _, out, _ = invoke("check", PASSING, "--data", "loose.yaml", "-f", "sarif")
    sarif_gate = json.loads(out)["runs"][0]["properties"]["gate"]
    assert sarif_gate["loosened"][0]["setting"] == "noTrainingCategories"
    code, _, _ = invoke("audit", PASSING, "--data", "loose.yaml", "--out", "audit")
    evidence = json.loads((here / "audit" / "audit.json").read_text())["evidence"]
    assert evidence["gate"]["loosened"][0]["setting"] == "noTrainingCategories"


def test_strict_settings_refuses_a_loosened_setting_and_allows_a_tighter_one(here):
    (here / "loose.yaml").write_text(LOOSER)
    code, _, err = invoke("check", PASSING, "--data", "loose.yaml", "--strict-settings")
    assert code == 2
    assert "noTrainingCategories loosened by loose.yaml" in err
    tighter = "settings:\n  gpuMemoryHeadroom: 1.5\n  approvedProviders: [azure-openai]\n"
    (here / "tight.yaml").write_text(tighter)
    code, out, _ = invoke(
        "check", PASSING, "--data", "tight.yaml", "--strict-settings", "-f", "json"
    )
    assert code == 0
    assert json.loads(out)["gate"]["loosened"] == []


def test_the_gate_says_a_threshold_came_from_the_repository(here):
    (here / ".llm-policy.yaml").write_text("fail-on: never\n")
    code, out, _ = invoke("check", PROHIBITED)
    assert code == 0  # the repository may do this, but it is said
    assert "gate: fail on never (.llm-policy.yaml)" in out
    _, out, _ = invoke("check", PROHIBITED, "-f", "json")
    assert json.loads(out)["gate"]["failOn"] == {"value": "never", "source": ".llm-policy.yaml"}
    assert invoke("check", PROHIBITED, "--no-config")[0] == 1


# 3. Waiver governance.


def waivers(here: Path, *entries: str) -> None:
    (here / ".llm-policy-waivers.yaml").write_text("waivers:\n" + "".join(entries))


def waiver(rule: str, *, project="hr-policy-assistant", approver=True, days=30) -> str:
    text = f"  - rule: {rule}\n    project: {project}\n    reason: accepted (TICKET-1)\n"
    if approver:
        text += "    approver: dpo@example.com\n"
    if days is not None:
        text += f"    expires: {(TODAY + dt.timedelta(days=days)).isoformat()}\n"
    return text


def test_a_waiver_needs_an_approver(here):
    waivers(here, waiver("LLM-DATA-001", approver=False))
    code, _, err = invoke("check", PASSING)
    assert code == 2
    assert ".llm-policy-waivers.yaml:2: the waiver for LLM-DATA-001 has no approver" in err


def test_a_waiver_expires_within_a_year_unless_the_settings_allow_more(here):
    waivers(here, waiver("LLM-DATA-001", days=400))
    code, _, err = invoke("check", PASSING)
    assert code == 2
    assert "more than 365 days after" in err
    waivers(here, waiver("LLM-DATA-001", days=None))
    assert "has no expires date" in invoke("check", PASSING)[2]
    (here / "longer.yaml").write_text("settings: {waiverMaxDays: 500}\n")
    waivers(here, waiver("LLM-DATA-001", days=400))
    code, out, _ = invoke("check", PASSING, "--data", "longer.yaml")
    assert code == 0
    assert "warning: waiverMaxDays loosened by longer.yaml" in out


def test_a_critical_finding_cannot_be_waived(here):
    waivers(here, waiver("LLM-REG-001", project="citizen-trust-score"))
    code, _, err = invoke("check", PROHIBITED)
    assert code == 2
    assert "the waiver for LLM-REG-001 accepts a critical rule's finding" in err


def test_a_project_name_waiver_does_not_transfer_to_a_copy_with_the_same_name(here):
    for name in ("a", "b"):
        shutil.copytree(EXAMPLES / "command-r-commercial", here / name)
    waivers(here, waiver("LLM-LIC-002", project="contract-clause-search"))
    code, _, _ = invoke("check", "a")
    assert code == 0  # one manifest with the name: the waiver holds
    code, out, err = invoke("check", "a", "b", "-f", "json")
    assert code == 1
    assert "2 manifests use the project name 'contract-clause-search'" in err
    report = json.loads(out)
    assert report["notices"] and all(not r["passed"] for r in report["results"])
    message = report["results"][0]["violations"][0]["message"]
    assert "waiver not applied: the project name 'contract-clause-search' is not unique" in message
    # A waiver by manifest path still tells the two apart.
    waivers(
        here,
        waiver("LLM-LIC-002", project="contract-clause-search").replace(
            "project: contract-clause-search", "manifest: a/**"
        ),
    )
    _, out, _ = invoke("check", "a", "b", "-f", "json")
    assert [r["passed"] for r in json.loads(out)["results"]] == [True, False]


# 7. Findings of a shape the decision does not know are an evaluation error.

BAD_FINDINGS = {
    "unknown scope": ('{"rule": "ACME-001", "scope": "everything", "message": "m"}', "scope"),
    "model not requested": (
        '{"rule": "ACME-001", "scope": "model", "model": 7, "message": "m"}',
        "not one of the 1 requested",
    ),
    "no rule id": ('{"scope": "project", "message": "m"}', "without a rule id"),
    "message not text": ('{"rule": "ACME-001", "scope": "project", "message": 1}', "not text"),
}


@pytest.mark.parametrize("case", sorted(BAD_FINDINGS))
def test_a_finding_of_unknown_shape_is_exit_3_on_both_engines(here, engine, case):
    finding, expected = BAD_FINDINGS[case]
    (here / "org").mkdir()
    (here / "org" / "acme.rego").write_text(
        "package llm.rules.acme\n\n# METADATA\n# title: t\n# custom:\n#   id: ACME-001\n"
        f"#   severity: high\ndeny contains {finding}\n"
    )
    code, out, err = invoke("check", PASSING, "--engine", engine, "--policies", "org")
    assert code == 3, (out, err)
    assert expected in err
    assert "PASS" not in out
