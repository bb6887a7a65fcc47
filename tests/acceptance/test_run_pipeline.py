"""Every command reads the same settings, decides with the same verdict, writes the same way.

Each test here was a disagreement between commands before the run pipeline (issue "One run
pipeline"): the configuration read by check but not by explain or recommend, a waiver honoured
by check but not by recommend, five wordings of "no manifests", JSON headers written by hand.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from click.testing import CliRunner

from checker.cli.main import main

from .conftest import EXAMPLES

ACME = """package llm.rules.acme

import data.llm.lib

# METADATA
# title: ACME uses no vendor API
# description: The organisation self-hosts every model.
# custom:
#   id: ACME-001
#   severity: high
#   remediation: Self-host an open-weight model.
deny contains f if {
	some i, m in input.spec.models
	m.hosting == "vendor-api"
	f := lib.model_finding("ACME-001", i, "hosting", "ACME allows no vendor API.")
}
"""
EVALUATING = ("check", "explain", "recommend", "impact", "audit")


def invoke(*argv: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(argv), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository whose configuration adds the organisation rule ACME-001."""
    (tmp_path / "org").mkdir()
    (tmp_path / "org" / "acme.rego").write_text(ACME, encoding="utf-8")
    (tmp_path / ".llm-policy.yaml").write_text("policies: [org]\n", encoding="utf-8")
    for name in ("rapid-prototype", "command-r-commercial"):
        shutil.copytree(EXAMPLES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_check_explain_and_recommend_all_apply_the_configured_organisation_rule(repo):
    code, out, _ = invoke("check", "rapid-prototype", "-f", "json")
    assert code == 1
    assert [v["rule"] for v in json.loads(out)["results"][0]["violations"]] == ["ACME-001"]

    code, out, err = invoke("explain", "rapid-prototype", "--rule", "ACME-001", "-f", "json")
    assert code == 0, err
    explained = json.loads(out)["results"][0]
    assert explained["passed"] is False
    assert [r["rule"] for r in explained["rules"]] == ["ACME-001"]
    assert explained["rules"][0]["fired"] is True

    code, out, err = invoke("recommend", "rapid-prototype", "-f", "json", "--top", "0")
    assert code == 0, err
    candidates = json.loads(out)["results"][0]["candidates"]
    assert candidates, "self-hosted candidates still pass"
    assert {c["hosting"] for c in candidates} == {"self-hosted"}

    # Without the configuration, the vendor candidates come back: the rule made the difference.
    code, out, _ = invoke("recommend", "rapid-prototype", "-f", "json", "--top", "0", "--no-config")
    assert "vendor-api" in {c["hosting"] for c in json.loads(out)["results"][0]["candidates"]}
    code, _, err = invoke("explain", "rapid-prototype", "--rule", "ACME-001", "--no-config")
    assert code == 2 and "ACME-001" in err


def test_impact_and_audit_apply_the_configured_organisation_rule(repo):
    code, out, err = invoke(
        "impact",
        "--base",
        str(EXAMPLES.parent / "policies"),
        "rapid-prototype",
        "--repo",
        str(EXAMPLES.parent),
        "-f",
        "json",
    )
    assert code == 0, err
    assert json.loads(out)["summary"]["changed"] == 0  # ACME-001 on both sides: no change
    code, out, err = invoke(
        "audit", "rapid-prototype", "--out", "audit", "--timestamp", "2026-12-01T00:00:00Z"
    )
    assert code == 1, err
    audit = json.loads((repo / "audit" / "audit.json").read_text())
    assert "ACME-001" in json.dumps(audit["results"])


def waive_licence(repo, *, expires: dt.date) -> None:
    (repo / ".llm-policy-waivers.yaml").write_text(
        "waivers:\n"
        "  - rule: LLM-LIC-002\n"
        "    project: contract-clause-search\n"
        "    reason: Cohere granted a commercial licence (LEGAL-7)\n"
        "    approver: legal@example.com\n"
        f"    expires: {expires.isoformat()}\n",
        encoding="utf-8",
    )


def self_hosted_command_r(out: str) -> list[dict]:
    candidates = json.loads(out)["results"][0]["candidates"]
    return [c for c in candidates if c["id"] == "command-a" and c["hosting"] == "self-hosted"]


def test_recommend_honours_the_waivers_check_honours(repo):
    code, out, _ = invoke("recommend", "command-r-commercial", "-f", "json", "--top", "0")
    assert self_hosted_command_r(out) == []  # LLM-LIC-002 rules the weights out
    waive_licence(repo, expires=dt.date.today() + dt.timedelta(days=30))
    assert invoke("check", "command-r-commercial")[0] == 0
    code, out, err = invoke("recommend", "command-r-commercial", "-f", "json", "--top", "0")
    assert code == 0, err
    assert self_hosted_command_r(out), "the waived licence finding no longer drops command-a"
    # --no-waivers, and an expired waiver, put it back for both commands alike
    assert invoke("check", "command-r-commercial", "--no-waivers")[0] == 1
    code, out, _ = invoke(
        "recommend", "command-r-commercial", "-f", "json", "--top", "0", "--no-waivers"
    )
    assert self_hosted_command_r(out) == []
    later = (dt.date.today() + dt.timedelta(days=31)).isoformat()
    assert invoke("check", "command-r-commercial", "--as-of", later)[0] == 1
    code, out, _ = invoke(
        "recommend", "command-r-commercial", "-f", "json", "--top", "0", "--as-of", later
    )
    assert self_hosted_command_r(out) == []


def test_explain_shows_a_waived_finding_as_check_does(repo):
    waive_licence(repo, expires=dt.date.today() + dt.timedelta(days=30))
    code, out, _ = invoke("explain", "command-r-commercial", "-f", "json")
    assert code == 0
    result = json.loads(out)["results"][0]
    assert result["passed"] is True
    kinds = {
        f["kind"] for r in result["rules"] for f in r["findings"] if r["rule"] == "LLM-LIC-002"
    }
    assert kinds == {"waived"}


def test_recommend_offers_only_what_check_passes_at_the_configured_threshold(repo):
    # fail-on: critical lets high findings through check, so recommend offers more
    code, out, _ = invoke("recommend", "command-r-commercial", "-f", "json", "--top", "0")
    strict = json.loads(out)["results"][0]["candidates"]
    (repo / ".llm-policy.yaml").write_text("policies: [org]\nfail-on: critical\n")
    assert invoke("check", "command-r-commercial")[0] == 0
    code, out, _ = invoke("recommend", "command-r-commercial", "-f", "json", "--top", "0")
    assert code == 0
    lenient = json.loads(out)["results"][0]
    assert lenient["candidates"] and len(lenient["candidates"]) > len(strict)
    assert self_hosted_command_r(out)


@pytest.mark.parametrize("command", (*EVALUATING, "validate"))
def test_no_manifests_is_one_error_for_every_command(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    extra = {"impact": ("--base", "HEAD"), "audit": ("--out", "out")}.get(command, ())
    code, _, err = invoke(command, "empty", *extra)
    assert code == 2
    assert err.startswith("error: no manifests found in empty: name them llm-project.yaml")
    assert not (tmp_path / "out").exists()


HEADER_KEYS = ("reportVersion", "tool", "engine", "policy", "catalog", "asOf")


def test_every_json_document_starts_with_the_same_header(repo):
    documents = {
        "check": invoke("check", "rapid-prototype", "-f", "json", "--as-of", "2026-11-30")[1],
        "explain": invoke("explain", "rapid-prototype", "-f", "json", "--as-of", "2026-11-30")[1],
        "recommend": invoke("recommend", "rapid-prototype", "-f", "json", "--as-of", "2026-11-30")[
            1
        ],
    }
    headers = {name: json.loads(text) for name, text in documents.items()}
    for name, doc in headers.items():
        assert tuple(doc)[: len(HEADER_KEYS)] == HEADER_KEYS, name
        assert doc["asOf"] == "2026-11-30", name
    first = {k: headers["check"][k] for k in HEADER_KEYS}
    for name, doc in headers.items():
        assert {k: doc[k] for k in HEADER_KEYS} == first, name
    assert first["policy"]["digest"].startswith("sha256:")
    assert first["catalog"]["digest"].startswith("sha256:")
    code, _, _ = invoke(
        "check", "rapid-prototype", "-f", "sarif", "-o", "r.sarif", "--as-of", "2026-11-30"
    )
    assert code == 1  # ACME-001
    props = json.loads((repo / "r.sarif").read_text())["runs"][0]["properties"]
    assert props["asOf"] == "2026-11-30"
    assert props["policyDigest"] == first["policy"]["digest"]


@pytest.mark.parametrize("command", ("explain", "recommend"))
def test_output_file_and_report_fan_out_on_every_report_command(repo, command):
    code, out, err = invoke(
        command, "rapid-prototype", "-o", "doc.txt", "--report", "json=doc.json"
    )
    assert code == 0, err
    assert out == ""
    assert (repo / "doc.txt").read_text().startswith("rapid-prototype")
    assert (
        json.loads((repo / "doc.json").read_text())["results"][0]["project"]
        == "release-notes-drafter"
    )
    # stdout in the main format is what -o would have written
    assert invoke(command, "rapid-prototype")[1] == (repo / "doc.txt").read_text()


def test_impact_writes_through_the_same_output_path(repo):
    args = (
        "impact",
        "--base",
        str(EXAMPLES.parent / "policies"),
        "--repo",
        str(EXAMPLES.parent),
        "rapid-prototype",
    )
    code, out, err = invoke(*args, "-o", "impact.txt", "--report", "json=impact.json")
    assert code == 0, err
    assert out == ""
    assert "0 of 1 manifests change" in (repo / "impact.txt").read_text()
    doc = json.loads((repo / "impact.json").read_text())
    assert tuple(doc)[: len(HEADER_KEYS)] == HEADER_KEYS
    assert doc["head"]["digest"] == doc["policy"]["digest"]


def test_config_and_check_report_the_same_sources(repo):
    code, out, _ = invoke("config")
    rows = {line.split(" ")[0]: line for line in out.splitlines()[1:]}
    assert rows["policies"].endswith("# .llm-policy.yaml")
    assert rows["fail-on"].endswith("# default")
    code, out, _ = invoke("config", "--config", ".llm-policy.yaml", "--fail-on", "high")
    assert code == 0
    rows = {line.split(" ")[0]: line for line in out.splitlines()[1:]}
    assert rows["fail-on"].endswith("# command line (--fail-on)")


def test_a_configured_catalog_decides_every_command_alike(repo):
    catalog = repo / "pinned-catalog"
    shutil.copytree(EXAMPLES.parent / "policies" / "catalog", catalog)
    meta = catalog / "data.yaml"
    meta.write_text(meta.read_text().replace("2026.12.01.2", "2026.12.01.2-pinned"))
    (repo / ".llm-policy.yaml").write_text(f"policies: [org]\ncatalog: {catalog}\n")
    versions = {}
    for command in ("check", "explain", "recommend"):
        code, out, err = invoke(command, "rapid-prototype", "-f", "json")
        assert code in (0, 1), err
        versions[command] = json.loads(out)["catalog"]["version"]
    code, out, err = invoke(
        "impact", "--base", str(EXAMPLES.parent / "policies"), "--repo", str(EXAMPLES.parent),
        "rapid-prototype", "-f", "json",
    )  # fmt: skip
    assert code == 0, err
    versions["impact"] = json.loads(out)["catalog"]["version"]
    assert set(versions.values()) == {"2026.12.01.2-pinned"}, versions
