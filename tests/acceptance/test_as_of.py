"""`--as-of` decides which date-bound rules apply, and every report format records the day.

An audit or a CI report read months later must say which day its answer was judged on, and a
re-run with the same `--as-of` must give the same answer whatever the machine's clock says.
rapid-prototype asks for OpenAI, whose catalog entry was checked on 2024-01-01: LLM-GOV-009
(facts older than factMaxAgeDays) warns as of 2026 but not as of 2024-06-01.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from .conftest import EXAMPLES

DAY = "2026-07-15"
EXAMPLE = str(EXAMPLES / "rapid-prototype")


def _recorded(fmt: str, text: str) -> str | None:
    """The as-of day a report of format `fmt` records where that format keeps its header."""
    if fmt == "json":
        return str(json.loads(text)["asOf"])
    if fmt == "sarif":
        return str(json.loads(text)["runs"][0]["properties"]["asOf"])
    if fmt == "junit":
        props = ET.fromstring(text).find("testsuite/properties")
        assert props is not None
        return {p.get("name"): p.get("value") for p in props}.get("llm-policy.asOf")
    # text, github and markdown: the one-line header ("... · as of DAY")
    lines = [line for line in text.splitlines() if " · as of " in line]
    assert len(lines) == 1, text
    return lines[0].rsplit(" · as of ", 1)[1].split("<", 1)[0].strip()


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github", "markdown"])
def test_every_format_records_the_as_of_day(run_line, fmt):
    result = run_line(["llm-policy", "check", EXAMPLE, "--as-of", DAY, "--format", fmt])
    assert result.exit_code == 0, result.stderr
    assert _recorded(fmt, result.stdout) == DAY


def test_the_as_of_day_decides_which_date_bound_rules_apply(run_json):
    _, now = run_json(["llm-policy", "check", EXAMPLE, "--as-of", "2026-12-01"])
    _, then = run_json(["llm-policy", "check", EXAMPLE, "--as-of", "2024-06-01"])
    rules = {
        day: {f["rule"] for k in ("violations", "warnings") for f in doc["results"][0][k]}
        for day, doc in (("now", now), ("then", then))
    }
    assert "LLM-GOV-009" in rules["now"]
    assert "LLM-GOV-009" not in rules["then"]
    assert (now["asOf"], then["asOf"]) == ("2026-12-01", "2024-06-01")


def test_the_same_as_of_day_gives_the_same_answer(run_line):
    first = run_line(["llm-policy", "check", EXAMPLE, "--as-of", DAY, "-f", "json"]).stdout
    again = run_line(["llm-policy", "check", EXAMPLE, "--as-of", DAY, "-f", "json"]).stdout
    assert first == again


def test_the_audit_evidence_records_the_as_of_day(run_line, tmp_path):
    out = tmp_path / "audit"
    result = run_line(
        [
            "llm-policy",
            "audit",
            EXAMPLE,
            "--out",
            str(out),
            "--as-of",
            DAY,
            "--timestamp",
            "2026-12-01T09:00:00Z",
        ]
    )
    assert result.exit_code == 0, result.stderr
    evidence = json.loads((out / "audit.json").read_text())
    assert json.dumps(evidence).count(f'"asOf": "{DAY}"') >= 1
    assert DAY in (out / "audit.md").read_text()
