"""The text reporter (`--format text`, the default): exact output for each kind of run."""

from __future__ import annotations

import dataclasses
import functools
import re
from textwrap import dedent

import pytest

from checker.problems import Problem
from checker.reporters.text import TextReporter
from checker.result import ManifestResult
from checker.severity import Severity
from tests import factories
from tests.factories import decision, rule, run_report

RULES = factories.rules(
    rule("LLM-DATA-001", Severity.HIGH, "Restricted data stays in-house", references=["GDPR"]),
    rule("LLM-REG-001", Severity.CRITICAL, "No prohibited practice"),
    rule("LLM-RES-001", Severity.MEDIUM, "Allowed regions only", references=["A", "B"]),
    rule("LLM-DEP-006", Severity.LOW, "GPU capacity declared"),
)
finding = functools.partial(factories.finding, rules=RULES)
WAIVER = factories.waiver("DPO approved")

APP = "app/llm-project.yaml"
CHAT = "chat/llm-project.yaml"
BAD = "bad/llm-project.yaml"

MODE = finding("LLM-DATA-001", scope="vendor-api", line=12, column=5, path="spec.data")
VIOLATION = finding("LLM-DATA-001", line=31, column=7, path="spec.models[0].hosting")
WARNING = finding("LLM-DEP-006", scope="project", line=20, column=5, warning=True)
WAIVED = finding("LLM-RES-001", line=33, column=7, waiver=WAIVER)

# A manifest failing on one model: a violation (and the mode finding that only explains why the
# vendor API is not allowed), a warning and a waived finding.
FAILING = ManifestResult(
    manifest=APP,
    project="claims",
    decision=decision(reasons=[MODE], violations=("LLM-DATA-001",)),
    findings=(MODE, VIOLATION, WARNING, WAIVED),
)
PASSING = ManifestResult(
    manifest=CHAT,
    project="chat",
    decision=decision(vendor_api=True, allowed=True, recommendation="either"),
)
INVALID = ManifestResult(
    manifest=BAD,
    errors=(
        Problem("spec.data.classification", "must be one of public, internal", 12, 5),
        Problem("metadata", "a line but no column", 3),
        Problem("", "file is empty"),
    ),
)


def render(report, *, verbosity=1, color=False):
    return TextReporter(color=color, verbosity=verbosity).render(report)


def test_a_passing_run():
    assert render(run_report(PASSING, rules=RULES)) == dedent("""\
    PASS chat/llm-project.yaml (chat)
      decision: self-hosted allowed; vendor API allowed; recommend either
      model 0: gpt-4o vendor-api via openai: allowed

    llm-policy 0.1.0 · engine regorus 0.13.0 · policy sha256:abc · catalog · as of 2026-12-01
    1 manifest: 1 passed, 0 failed; 0 violations, 0 warnings, 0 waived (fail on: low)
    """)


def test_a_failing_run_shows_violations_warnings_and_waived_findings():
    assert render(run_report(FAILING, PASSING, rules=RULES)) == dedent("""\
    FAIL app/llm-project.yaml (claims)
      decision: self-hosted allowed; vendor API not allowed (LLM-DATA-001); recommend self-hosted
      model 0: gpt-4o vendor-api via openai: not allowed (LLM-DATA-001)
      ✗ HIGH     LLM-DATA-001  app/llm-project.yaml:31:7  Restricted data stays in-house
          LLM-DATA-001 happened.
          fix: Fix LLM-DATA-001.
      ! LOW      LLM-DEP-006  app/llm-project.yaml:20:5  GPU capacity declared
          LLM-DEP-006 happened.
          fix: Fix LLM-DEP-006.
      ~ MEDIUM   LLM-RES-001  app/llm-project.yaml:33:7  Allowed regions only
          LLM-RES-001 happened.
          waived: DPO approved (expires 2099-01-31)

    PASS chat/llm-project.yaml (chat)
      decision: self-hosted allowed; vendor API allowed; recommend either
      model 0: gpt-4o vendor-api via openai: allowed

    llm-policy 0.1.0 · engine regorus 0.13.0 · policy sha256:abc · catalog · as of 2026-12-01
    2 manifests: 1 passed, 1 failed; 1 violation, 1 warning, 1 waived (fail on: low)
    """)


def test_quiet_shows_failing_manifests_only_without_fixes_or_waived_findings():
    assert render(run_report(FAILING, PASSING, rules=RULES), verbosity=0) == dedent("""\
    FAIL app/llm-project.yaml (claims)
      decision: self-hosted allowed; vendor API not allowed (LLM-DATA-001); recommend self-hosted
      model 0: gpt-4o vendor-api via openai: not allowed (LLM-DATA-001)
      ✗ HIGH     LLM-DATA-001  app/llm-project.yaml:31:7  Restricted data stays in-house
          LLM-DATA-001 happened.
      ! LOW      LLM-DEP-006  app/llm-project.yaml:20:5  GPU capacity declared
          LLM-DEP-006 happened.

    2 manifests: 1 passed, 1 failed; 1 violation, 1 warning, 1 waived (fail on: low)
    """)


@pytest.mark.parametrize("verbosity", [0, -1])
def test_quiet_on_a_passing_run_prints_the_summary_line_only(verbosity):
    report = run_report(PASSING, PASSING, rules=RULES)
    assert render(report, verbosity=verbosity) == (
        "2 manifests: 2 passed, 0 failed; 0 violations, 0 warnings, 0 waived (fail on: low)\n"
    )


def test_verbose_adds_each_reference_of_the_rule():
    assert render(run_report(FAILING, rules=RULES), verbosity=2) == dedent("""\
    FAIL app/llm-project.yaml (claims)
      decision: self-hosted allowed; vendor API not allowed (LLM-DATA-001); recommend self-hosted
      model 0: gpt-4o vendor-api via openai: not allowed (LLM-DATA-001)
      ✗ HIGH     LLM-DATA-001  app/llm-project.yaml:31:7  Restricted data stays in-house
          LLM-DATA-001 happened.
          fix: Fix LLM-DATA-001.
          see: GDPR
      ! LOW      LLM-DEP-006  app/llm-project.yaml:20:5  GPU capacity declared
          LLM-DEP-006 happened.
          fix: Fix LLM-DEP-006.
      ~ MEDIUM   LLM-RES-001  app/llm-project.yaml:33:7  Allowed regions only
          LLM-RES-001 happened.
          waived: DPO approved (expires 2099-01-31)
          see: A
          see: B

    llm-policy 0.1.0 · engine regorus 0.13.0 · policy sha256:abc · catalog · as of 2026-12-01
    1 manifest: 0 passed, 1 failed; 1 violation, 1 warning, 1 waived (fail on: low)
    """)


def test_a_passing_manifest_lists_its_warnings_and_waived_findings():
    no_expiry = dataclasses.replace(WAIVER, expires="")
    result = ManifestResult(
        manifest=CHAT,
        decision=decision(vendor_api=True, allowed=True, recommendation="either"),
        findings=(WARNING, dataclasses.replace(WAIVED, waiver=no_expiry, line=None, column=None)),
    )
    assert render(run_report(result, rules=RULES, threshold="high")) == dedent("""\
    PASS chat/llm-project.yaml
      decision: self-hosted allowed; vendor API allowed; recommend either
      model 0: gpt-4o vendor-api via openai: allowed
      ! LOW      LLM-DEP-006  chat/llm-project.yaml:20:5  GPU capacity declared
          LLM-DEP-006 happened.
          fix: Fix LLM-DEP-006.
      ~ MEDIUM   LLM-RES-001  chat/llm-project.yaml  Allowed regions only
          LLM-RES-001 happened.
          waived: DPO approved (expires never)

    llm-policy 0.1.0 · engine regorus 0.13.0 · policy sha256:abc · catalog · as of 2026-12-01
    1 manifest: 1 passed, 0 failed; 0 violations, 1 warning, 1 waived (fail on: high)
    """)


def test_an_invalid_manifest_lists_its_located_schema_errors():
    assert render(run_report(INVALID, rules=RULES)) == dedent("""\
    FAIL bad/llm-project.yaml
      ✗ bad/llm-project.yaml:12:5 spec.data.classification: must be one of public, internal
      ✗ bad/llm-project.yaml:3 metadata: a line but no column
      ✗ bad/llm-project.yaml file is empty

    llm-policy 0.1.0 · engine regorus 0.13.0 · policy sha256:abc · catalog · as of 2026-12-01
    1 manifest: 0 passed, 1 failed; 0 violations, 0 warnings, 0 waived (fail on: low)
    """)


def test_manifest_text_cannot_forge_lines_or_send_escape_sequences():
    hostile = ManifestResult(
        manifest="evil\x1b]0;title\x07/llm-project.yaml",
        project="p\nPASS x",
        errors=(Problem("spec.x", "bad\x1b[2J\r\nPASS forged.yaml", 1, 1),),
    )
    assert render(run_report(hostile, rules=RULES), verbosity=2) == dedent("""\
    FAIL evil?]0;title?/llm-project.yaml (p?PASS x)
      ✗ evil?]0;title?/llm-project.yaml:1:1 spec.x: bad?[2J??PASS forged.yaml

    llm-policy 0.1.0 · engine regorus 0.13.0 · policy sha256:abc · catalog · as of 2026-12-01
    1 manifest: 0 passed, 1 failed; 0 violations, 0 warnings, 0 waived (fail on: low)
    """)


def test_report_only_passes_everything_and_a_model_may_have_no_provider():
    model = dataclasses.replace(FAILING.decision.models[0], provider=None)
    result = dataclasses.replace(
        FAILING, decision=dataclasses.replace(FAILING.decision, models=(model,))
    )
    report = run_report(result, rules=RULES, threshold="never")
    summary = "1 manifest: 1 passed, 0 failed; 1 violation, 1 warning, 1 waived (fail on: never)\n"
    assert render(report, verbosity=0) == summary
    expected = dedent("""\
    PASS app/llm-project.yaml (claims)
      decision: self-hosted allowed; vendor API not allowed (LLM-DATA-001); recommend self-hosted
      model 0: gpt-4o vendor-api: not allowed (LLM-DATA-001)
      ✗ HIGH     LLM-DATA-001  app/llm-project.yaml:31:7  Restricted data stays in-house
          LLM-DATA-001 happened.
          fix: Fix LLM-DATA-001.
      ! LOW      LLM-DEP-006  app/llm-project.yaml:20:5  GPU capacity declared
          LLM-DEP-006 happened.
          fix: Fix LLM-DEP-006.
      ~ MEDIUM   LLM-RES-001  app/llm-project.yaml:33:7  Allowed regions only
          LLM-RES-001 happened.
          waived: DPO approved (expires 2099-01-31)

    llm-policy 0.1.0 · engine regorus 0.13.0 · policy sha256:abc · catalog · as of 2026-12-01
    """)
    assert render(report) == expected + summary


@pytest.mark.parametrize(
    ("results", "summary"),
    [
        ([], "0 manifests: 0 passed, 0 failed; 0 violations, 0 warnings, 0 waived"),
        ([PASSING], "1 manifest: 1 passed, 0 failed; 0 violations, 0 warnings, 0 waived"),
        ([FAILING], "1 manifest: 0 passed, 1 failed; 1 violation, 1 warning, 1 waived"),
        (
            [FAILING, FAILING],
            "2 manifests: 0 passed, 2 failed; 2 violations, 2 warnings, 2 waived",
        ),
    ],
)
def test_counts_are_singular_for_one_and_plural_otherwise(results, summary):
    last = render(run_report(*results, rules=RULES)).splitlines()[-1]
    assert last == f"{summary} (fail on: low)"


# ANSI SGR codes as click.style writes them.
RED, GREEN, YELLOW, MAGENTA, CYAN = (f"\x1b[{n}m" for n in (31, 32, 33, 35, 36))
BOLD, NORMAL, RESET = "\x1b[1m", "\x1b[22m", "\x1b[0m"


def test_colour_marks_verdicts_severities_and_the_summary():
    critical = finding("LLM-REG-001", line=5, column=3, path="spec.useCase")
    result = dataclasses.replace(
        FAILING,
        decision=decision(reasons=[MODE], violations=("LLM-DATA-001", "LLM-REG-001")),
        findings=(*FAILING.findings, critical),
    )
    text = render(run_report(result, PASSING, rules=RULES), color=True)
    assert text.splitlines() == [
        f"{RED}{BOLD}FAIL{RESET} app/llm-project.yaml (claims)",
        f"  decision: self-hosted {GREEN}allowed{RESET}; vendor API {RED}not allowed{RESET}"
        " (LLM-DATA-001); recommend self-hosted",
        f"  model 0: gpt-4o vendor-api via openai: {RED}not allowed{RESET}"
        " (LLM-DATA-001, LLM-REG-001)",
        f"  ✗ {RED}{NORMAL}HIGH    {RESET} LLM-DATA-001  app/llm-project.yaml:31:7"
        "  Restricted data stays in-house",
        "      LLM-DATA-001 happened.",
        "      fix: Fix LLM-DATA-001.",
        f"  ✗ {MAGENTA}{BOLD}CRITICAL{RESET} LLM-REG-001  app/llm-project.yaml:5:3"
        "  No prohibited practice",
        "      LLM-REG-001 happened.",
        "      fix: Fix LLM-REG-001.",
        f"  ! {CYAN}{NORMAL}LOW     {RESET} LLM-DEP-006  app/llm-project.yaml:20:5"
        "  GPU capacity declared",
        "      LLM-DEP-006 happened.",
        "      fix: Fix LLM-DEP-006.",
        f"  ~ {YELLOW}{NORMAL}MEDIUM  {RESET} LLM-RES-001  app/llm-project.yaml:33:7"
        "  Allowed regions only",
        "      LLM-RES-001 happened.",
        "      waived: DPO approved (expires 2099-01-31)",
        "",
        f"{GREEN}{BOLD}PASS{RESET} chat/llm-project.yaml (chat)",
        f"  decision: self-hosted {GREEN}allowed{RESET}; vendor API {GREEN}allowed{RESET};"
        " recommend either",
        f"  model 0: gpt-4o vendor-api via openai: {GREEN}allowed{RESET}",
        "",
        "llm-policy 0.1.0 · engine regorus 0.13.0 · policy sha256:abc · catalog · as of 2026-12-01",
        f"{BOLD}2 manifests: 1 passed, 1 failed; 2 violations, 1 warning, 1 waived"
        f" (fail on: low){RESET}",
    ]


@pytest.mark.parametrize("verbosity", [-1, 0, 1, 2])
def test_without_colour_there_is_no_escape_code_and_with_it_the_same_text(report, verbosity):
    plain = render(report, verbosity=verbosity)
    assert "\x1b" not in plain
    coloured = render(report, verbosity=verbosity, color=True)
    assert "\x1b[" in coloured
    assert re.sub(r"\x1b\[\d+m", "", coloured) == plain
