from checker.reporters import build_reporter
from checker.reporters.github import command, escape_data, escape_property

from .conftest import FAILING, INVALID, WAIVER


def lines(report):
    return build_reporter("github").render(report).splitlines()


def test_violation_is_an_error_on_its_line(report):
    (data,) = [line for line in lines(report) if "LLM-DATA-001" in line]
    assert data == (
        f"::error file={FAILING},line=31,col=7,"
        "title=LLM-DATA-001 (high) Restricted data never goes to a vendor API"
        "::LLM-DATA-001 happened. Fix: Fix LLM-DATA-001."
    )


def test_warnings_below_threshold_and_waived(report, with_threshold):
    out = lines(report)
    (warning,) = [line for line in out if "LLM-DEP-006" in line]
    assert warning.startswith(f"::warning file={FAILING},line=20,col=5,title=LLM-DEP-006 (warning)")
    (waived,) = [line for line in out if "LLM-RES-001" in line]
    assert waived.startswith("::notice ")
    assert f"::waived: {WAIVER.reason} (" in waived
    assert not [line for line in out if "LLM-REG-001" in line]  # mode-only: not an annotation
    high = lines(with_threshold("high"))
    (lic,) = [line for line in high if "LLM-LIC-001" in line]
    assert lic.startswith("::warning ")  # below --fail-on high: reported, not failing


def test_unknown_line_is_line_one(report):
    (lic,) = [line for line in lines(report) if "LLM-LIC-001" in line]
    assert lic.startswith(f"::error file={FAILING},line=1,title=")


def test_schema_errors_escaped_so_nothing_is_injected(report):
    out = lines(report)
    schema = [line for line in out if f"file={INVALID}" in line]
    assert len(schema) == 2
    assert schema[0].startswith(f"::error file={INVALID},line=12,col=5,title=LLM-SCHEMA invalid")
    assert "%250A" in schema[0] and "%0A::error::injected" in schema[0]
    # every line is one command or the summary: the hostile newline did not start another
    assert all(line.startswith("::") or line.startswith("llm-policy: ") for line in out)
    assert out[-1].startswith("llm-policy: 1 of 3 manifests pass")


def test_escaping_rules():
    assert escape_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    assert command("error", "m", file="a,b.yaml", line=None, col=None, title="t:1") == (
        "::error file=a%2Cb.yaml,line=1,title=t%3A1::m"
    )


def test_summary_markdown_is_the_markdown_report(report):
    reporter = build_reporter("github")
    summary = reporter.summary_markdown(report)
    assert summary == build_reporter("markdown").render(report)
    assert "::" not in reporter.summary_markdown(report).split("\n")[0]
