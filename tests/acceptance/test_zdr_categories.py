"""LLM-DATA-010 through the CLI: secret and card data at a vendor without zero data retention.

Issue 14, item 5: source code, trade secrets and payment-card data sent to a vendor need zero
data retention (and card data no training), a violation by default. Settings
`zdrCategoriesWarnOnly: true` makes it a warning again, and that loosening is named in the
report (the text `gate` lines, the JSON header's `gate.loosened`); `--strict-settings` refuses
it. Run on both engines.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import invoke

# A code assistant sending source code to OpenAI without declaring zero data retention.
MANIFEST = """\
apiVersion: llm-policy/v1
kind: LLMProject
metadata: {name: code-helper, owner: platform@example.com}
spec:
  useCase: {purpose: code-assistance, audience: internal}
  data: {classification: internal, categories: [source-code]}
  residency: {allowedRegions: [us]}
  deployment: {environment: private-cloud}
  models:
    - {id: gpt-4o, hosting: vendor-api, provider: openai, region: us}
"""
RELAX = "settings:\n  zdrCategoriesWarnOnly: true\n"
MESSAGE = (
    "Model gpt-4o via openai would receive source-code data, but the deployment does not"
    " declare zeroDataRetention: true (openai grants zero data retention on approval)."
)
# The lifecycle and fact-age warnings of the shipped catalog depend on the day: pin it.
AS_OF = ("--as-of", "2026-12-01")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "llm-project.yaml").write_text(MANIFEST)
    return tmp_path


def _findings(report: dict, kind: str) -> list[dict]:
    return [f for f in report["results"][0][kind] if f["rule"] == "LLM-DATA-010"]


def test_source_code_without_zdr_is_a_violation_by_default(here, engine):
    code, out, _ = invoke("check", "llm-project.yaml", "--engine", engine, *AS_OF)
    assert code == 1, out
    assert "model 0: gpt-4o vendor-api via openai: not allowed (LLM-DATA-010)" in out
    assert MESSAGE in out
    code, out, _ = invoke("check", "llm-project.yaml", "--engine", engine, *AS_OF, "-f", "json")
    report = json.loads(out)
    (violation,) = _findings(report, "violations")
    assert violation["message"] == MESSAGE
    assert violation["references"] == [
        "OpenAI API: https://platform.openai.com/docs/guides/your-data"
    ]
    assert _findings(report, "warnings") == []
    assert report["gate"]["loosened"] == []


def test_the_repository_may_relax_it_to_a_warning_and_the_report_says_so(here, engine):
    (here / "relax.yaml").write_text(RELAX)
    (here / ".llm-policy.yaml").write_text("data: [relax.yaml]\n")
    code, out, _ = invoke("check", "llm-project.yaml", "--engine", engine, *AS_OF)
    assert code == 0, out
    assert "LLM-DATA-010" in out and MESSAGE in out
    assert "gate: fail on low (default); overlays relax.yaml (.llm-policy.yaml)" in out
    assert "warning: zdrCategoriesWarnOnly loosened by relax.yaml: False (shipped) -> True" in out
    code, out, _ = invoke("check", "llm-project.yaml", "--engine", engine, *AS_OF, "-f", "json")
    assert code == 0
    report = json.loads(out)
    assert _findings(report, "violations") == []
    (warning,) = _findings(report, "warnings")
    assert warning["message"] == MESSAGE
    assert report["gate"]["data"] == {"value": ["relax.yaml"], "source": ".llm-policy.yaml"}
    assert report["gate"]["loosened"] == [
        {"setting": "zdrCategoriesWarnOnly", "shipped": False, "value": True, "file": "relax.yaml"}
    ]


def test_strict_settings_refuses_the_relaxation(here):
    (here / "relax.yaml").write_text(RELAX)
    code, _, err = invoke("check", "llm-project.yaml", "--data", "relax.yaml", "--strict-settings")
    assert code == 2
    assert "zdrCategoriesWarnOnly loosened by relax.yaml" in err


def test_zero_data_retention_declared_passes_without_the_relaxation(here, engine):
    (here / "llm-project.yaml").write_text(
        MANIFEST.replace("region: us}", "region: us, zeroDataRetention: true}")
    )
    code, out, _ = invoke("check", "llm-project.yaml", "--engine", engine, *AS_OF)
    assert code == 0, out
    assert "LLM-DATA-010" not in out
