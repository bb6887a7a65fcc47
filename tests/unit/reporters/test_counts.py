"""Every format counts in sentences: 1 violation, 1 warning (never '1 warnings')."""

from __future__ import annotations

from checker.reporters import build_reporter
from checker.reporters.common import count_of
from checker.result import ManifestResult
from checker.severity import Severity
from tests import factories

RULES = factories.rules(
    factories.rule("LLM-A-001", Severity.HIGH),
    factories.rule("LLM-B-001", Severity.LOW),
)


def one_of_each() -> ManifestResult:
    return ManifestResult(
        manifest="m.yaml",
        project="p",
        decision=factories.decision(),
        findings=(
            factories.finding("LLM-A-001", rules=RULES),
            factories.finding("LLM-B-001", rules=RULES, warning=True),
        ),
    )


def test_count_of():
    assert [count_of(n, "warning") for n in (0, 1, 2)] == ["0 warnings", "1 warning", "2 warnings"]


def test_markdown_github_and_text_say_1_violation_and_1_warning():
    report = factories.run_report(one_of_each(), rules=RULES)
    for fmt in ("markdown", "github", "text"):
        text = build_reporter(fmt).render(report)
        assert "1 violation," in text, fmt
        assert "1 warning," in text, fmt
        assert "1 violations" not in text and "1 warnings" not in text, fmt
