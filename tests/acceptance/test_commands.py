"""The other commands: validate, schema, models, test, and what every command offers."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from checker import __version__
from checker.cli.main import main
from checker.policy_set import build_policy_set


def test_version(run_line):
    result = run_line(["llm-policy", "--version"])
    assert result.exit_code == 0
    catalog = build_policy_set().data["catalog"]["version"]
    assert result.stdout.strip() == f"llm-policy {__version__}, catalog {catalog}"


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help_with_examples(run_line, command):
    result = run_line(["llm-policy", command, "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert f"llm-policy {command.split()[0]}" in result.stdout


def test_validate_checks_the_schema_only(run_line, run_json):
    assert run_line(["llm-policy", "validate", "examples/restricted-to-vendor"]).exit_code == 0
    code, report = run_json(["llm-policy", "validate", "examples/"])
    assert code == 1
    assert report["summary"]["failed"] == 1
    assert all("decision" not in r for r in report["results"])
    assert report["engine"]["name"] == "none"


def test_schema_prints_the_draft_2020_12_schema(run_line):
    result = run_line(["llm-policy", "schema"])
    schema = json.loads(result.stdout)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["apiVersion"]["const"] == "llm-policy/v1"


def test_models_lists_and_filters_the_catalog(run_line):
    everything = run_line(["llm-policy", "models", "-f", "json"])
    rows = json.loads(everything.stdout)
    ids = {r["id"] for r in rows}
    assert {"llama-3.1-70b", "gpt-4o", "llama-4-scout", "gpt-5", "claude-sonnet-4.5"} <= ids
    catalog = build_policy_set().data["catalog"]["models"]
    assert ids == set(catalog)  # every model, listed once
    open_rows = json.loads(
        run_line(["llm-policy", "models", "--weights", "open", "-f", "json"]).stdout
    )
    assert {r["weights"] for r in open_rows} == {"open"}
    assert len(open_rows) == sum(e["weights"] == "open" for e in catalog.values())
    bedrock = json.loads(
        run_line(["llm-policy", "models", "--provider", "aws-bedrock", "-f", "json"]).stdout
    )
    assert bedrock and all("aws-bedrock" in r["providers"] for r in bedrock)
    assert "gpt-4o" not in {r["id"] for r in bedrock}
    table = run_line(["llm-policy", "models", "--weights", "closed"]).stdout
    assert table.splitlines()[0].startswith("ID")
    assert "claude-3.5-sonnet" in table and "llama-3.1-70b" not in table


def test_models_unknown_provider_suggests(run_line):
    result = run_line(["llm-policy", "models", "--provider", "aws-bedrok"])
    assert result.exit_code == 2
    assert "did you mean 'aws-bedrock'?" in result.stderr


def test_policy_tests_run_on_the_embedded_engine(run_line):
    result = run_line(["llm-policy", "test", "-f", "json"])
    assert result.exit_code == 0, result.stdout[-2000:]
    report = json.loads(result.stdout)
    assert report["failed"] == 0 and report["passed"] > 200
    assert report["coverage"] >= 90
    names = {t["package"] + "." + t["name"] for t in report["tests"]}
    assert any("residency_test.test_fail" in n for n in names)


def test_policy_test_failure_is_reported(run_line, tmp_path):
    org = tmp_path / "org"
    org.mkdir()
    (org / "x_test.rego").write_text(
        "package llm.rules.x_test\n\ntest_fail_on_purpose if {\n\t1 == 2\n}\n"
    )
    result = run_line(["llm-policy", "test", "--policies", str(org), "--run", "x_test"])
    assert result.exit_code == 1
    assert "FAIL data.llm.rules.x_test.test_fail_on_purpose" in result.stdout
    assert "0 passed, 1 failed" in result.stdout
