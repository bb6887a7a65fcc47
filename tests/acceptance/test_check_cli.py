"""`llm-policy check` as users and pipelines see it: locations, formats, exit codes, extension."""

from __future__ import annotations

import json
import re

from tests.acceptance.conftest import ROOT

INVALID = "examples/invalid-typo/llm-project.yaml"
RESTRICTED = "examples/restricted-to-vendor/llm-project.yaml"


def test_schema_error_names_file_line_and_column_in_text_and_json(run_line, run_json):
    text = run_line(["llm-policy", "check", INVALID, "--color", "never"]).stdout
    assert f"{INVALID}:14:5 spec.data.clasification: unknown field 'clasification'" in text
    assert "did you mean 'classification'?" in text
    code, report = run_json(["llm-policy", "check", INVALID])
    assert code == 1
    (result,) = report["results"]
    assert result["valid"] is False and "decision" not in result
    error = next(e for e in result["errors"] if e["path"] == "spec.data.clasification")
    assert (error["line"], error["column"]) == (14, 5)


def test_policy_finding_names_file_and_line_in_text_and_json(run_line, run_json):
    out = run_line(["llm-policy", "check", RESTRICTED, "--color", "never"]).stdout
    assert re.search(rf"HIGH +LLM-DATA-001  {re.escape(RESTRICTED)}:24:7 ", out)
    _, report = run_json(["llm-policy", "check", RESTRICTED])
    finding = next(v for v in report["results"][0]["violations"] if v["rule"] == "LLM-DATA-001")
    assert finding["line"] == 24
    assert finding["path"] == "spec.models[0].hosting"
    assert finding["severity"] == "high"
    assert finding["remediation"] and finding["references"]


def test_json_report_has_the_contract_shape(run_json):
    code, report = run_json(["llm-policy", "check", "examples/internal-assistant"])
    assert code == 0
    assert report["reportVersion"] == "1"
    assert report["tool"]["name"] == "llm-policy"
    assert report["engine"]["name"] == "regorus"
    assert report["policy"]["digest"].startswith("sha256:")
    assert set(report["summary"]) == {
        "manifests",
        "passed",
        "failed",
        "violations",
        "warnings",
        "waived",
    }
    (result,) = report["results"]
    assert result["manifest"] == "examples/internal-assistant/llm-project.yaml"
    assert result["project"] == "hr-policy-assistant"
    assert result["decision"]["recommendation"] == "self-hosted"
    assert result["models"] == [
        {
            "index": 0,
            "id": "llama-3.1-70b",
            "written": "llama-3.1-70b",
            "hosting": "self-hosted",
            "provider": None,
            "allowed": True,
            "violations": [],
        }
    ]


def test_fail_on_threshold_decides_the_exit_code(run_line):
    low = ["llm-policy", "check", "examples/llama-mau-cap"]
    assert run_line(low).exit_code == 1  # LLM-LIC-001 is high
    assert run_line([*low, "--fail-on", "critical"]).exit_code == 0
    assert run_line([*low, "--fail-on", "never"]).exit_code == 0
    warn_only = ["llm-policy", "check", "examples/multimodal-product"]
    assert run_line(warn_only).exit_code == 0
    assert run_line([*warn_only, "--fail-on", "warning"]).exit_code == 1


def test_usage_errors_exit_2(run_line):
    missing = run_line(["llm-policy", "check", "no/such/path"])
    assert missing.exit_code == 2
    assert "no such file or directory: no/such/path" in missing.stderr
    assert run_line(["llm-policy", "check", "examples", "--fail-on", "severe"]).exit_code == 2
    assert run_line(["llm-policy", "check", "examples", "--no-push"]).exit_code == 2
    assert run_line(["llm-policy", "check"]).exit_code == 2


def test_folder_without_manifests_is_an_error_not_a_pass(run_line, tmp_path):
    (tmp_path / "README.md").write_text("nothing here")
    result = run_line(["llm-policy", "check", str(tmp_path)])
    assert result.exit_code == 2
    assert "no manifests found" in result.stderr


def test_broken_org_policy_exits_3_never_passes(run_line, tmp_path):
    org = tmp_path / "org" / "broken"
    org.mkdir(parents=True)
    (org / "broken.rego").write_text("package llm.rules.broken\ndeny contains f if {\n")
    result = run_line(
        ["llm-policy", "check", "examples/internal-assistant", "--policies", str(tmp_path / "org")]
    )
    assert result.exit_code == 3
    assert "could not evaluate" in result.stderr
    assert "broken.rego:3" in result.stderr
    assert "Stack backtrace" not in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


DIVIDE_BY_ZERO = """\
package llm.rules.div

# METADATA
# title: Divides by zero
# custom:
#   id: ORG-DIV-001
#   severity: low
deny contains f if {
    x := 1 / 0
    f := {"rule": "ORG-DIV-001", "scope": "project", "path": "spec", "message": "%v"}
    sprintf(f.message, [x]) != ""
}
"""


def test_runtime_error_in_a_policy_exits_3(run_line, tmp_path):
    org = tmp_path / "org"
    org.mkdir()
    (org / "div.rego").write_text(DIVIDE_BY_ZERO)
    result = run_line(
        ["llm-policy", "check", "examples/internal-assistant", "--policies", str(org)]
    )
    assert result.exit_code == 3
    assert "divide by zero" in result.stderr


ORG_RULE = """\
package llm.rules.acme

import data.llm.lib

# METADATA
# title: Only approved vendors
# description: ACME buys LLM APIs only from Azure OpenAI.
# custom:
#   id: ACME-001
#   severity: high
#   remediation: Use provider azure-openai.
deny contains f if {
    some [i, m] in lib.vendor_models
    m.provider != "azure-openai"
    msg := sprintf("provider %s is not approved", [m.provider])
    f := lib.model_finding("ACME-001", i, "provider", msg)
}
"""


def test_org_policies_are_picked_up_by_the_decision(run_json, tmp_path):
    org = tmp_path / "org"
    org.mkdir()
    (org / "acme.rego").write_text(ORG_RULE)
    code, report = run_json(
        ["llm-policy", "check", "examples/rapid-prototype", "--policies", str(org)]
    )
    assert code == 1
    (violation,) = report["results"][0]["violations"]
    assert violation["rule"] == "ACME-001"
    assert violation["title"] == "Only approved vendors"
    assert violation["path"] == "spec.models[0].provider"
    assert violation["line"] == 30
    assert report["results"][0]["models"][0]["violations"] == ["ACME-001"]


def test_org_rule_without_metadata_is_refused(run_line, tmp_path):
    org = tmp_path / "org"
    org.mkdir()
    (org / "acme.rego").write_text(ORG_RULE.replace("#   id: ACME-001\n", ""))
    result = run_line(["llm-policy", "check", "examples/rapid-prototype", "--policies", str(org)])
    assert result.exit_code == 3
    assert "needs custom.id and custom.severity" in result.stderr


def test_data_overlay_changes_the_decision(run_json, tmp_path):
    overlay = tmp_path / "org.yaml"
    overlay.write_text("settings:\n  metaLicenseRecorded: true\n")
    assert run_json(["llm-policy", "check", "examples/llama-mau-cap"])[0] == 1
    code, report = run_json(
        ["llm-policy", "check", "examples/llama-mau-cap", "--data", str(overlay)]
    )
    assert code == 0, report["results"][0]["violations"]
    assert (
        report["policy"]["digest"]
        != run_json(["llm-policy", "check", "examples/llama-mau-cap"])[1]["policy"]["digest"]
    )


def test_output_file_and_colour(run_line, tmp_path):
    out = tmp_path / "report.json"
    result = run_line(
        ["llm-policy", "check", "examples/internal-assistant", "-f", "json", "-o", str(out)]
    )
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text())["summary"]["passed"] == 1
    coloured = run_line(["llm-policy", "check", RESTRICTED, "--color", "always"]).stdout
    assert "\x1b[" in coloured
    assert "\x1b[" not in run_line(["llm-policy", "check", RESTRICTED]).stdout  # not a terminal
    no_color = run_line(["llm-policy", "check", RESTRICTED], env={"NO_COLOR": "1"}).stdout
    assert "\x1b[" not in no_color


def test_quiet_shows_only_failures_and_the_summary(run_line):
    out = run_line(["llm-policy", "check", "examples/", "-q"]).stdout
    assert "examples/internal-assistant" not in out
    assert "examples/restricted-to-vendor" in out
    assert out.rstrip().splitlines()[-1].startswith("21 manifests: 10 passed, 11 failed")


def test_terminal_output_strips_control_characters(run_line, tmp_path):
    manifest = (ROOT / "examples/unknown-model/llm-project.yaml").read_text()
    (tmp_path / "llm-project.yaml").write_text(
        manifest.replace("gpt-4o-turbo", '"gpt\\e]0;pwned\\a"')
    )
    out = run_line(["llm-policy", "check", str(tmp_path)]).stdout
    assert "\x1b]0;" not in out and "\a" not in out
    assert "gpt?]0;pwned?" in out


def test_unknown_model_and_provider_ids_get_did_you_mean(run_json, tmp_path):
    manifest = (ROOT / "examples/unknown-model/llm-project.yaml").read_text()
    (tmp_path / "llm-project.yaml").write_text(
        manifest.replace("provider: openai", "provider: opnai")
    )
    code, report = run_json(["llm-policy", "check", str(tmp_path)])
    assert code == 1
    messages = {v["rule"]: v["message"] for v in report["results"][0]["violations"]}
    assert "(did you mean 'gpt-4o'?)" in messages["LLM-GOV-001"]
    assert "(did you mean 'openai'?)" in messages["LLM-GOV-002"]
