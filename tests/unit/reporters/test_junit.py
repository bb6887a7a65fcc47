import xml.etree.ElementTree as ET

from checker.reporters import build_reporter
from checker.reporters.junit import xml_text

from .conftest import FAILING, HOSTILE, INVALID, PASSING, RULES, WAIVER


def parse(report):
    text = build_reporter("junit").render(report)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))  # raises on anything not well formed


def suites(root):
    return {s.get("name"): s for s in root.findall("testsuite")}


def cases(suite):
    return {c.get("name").split(":")[0]: c for c in suite.findall("testcase")}


def test_a_suite_per_manifest_and_a_case_per_rule(report):
    root = parse(report)
    by_name = suites(root)
    assert list(by_name) == [FAILING, PASSING, INVALID]
    assert set(cases(by_name[PASSING])) == {"LLM-SCHEMA", *RULES}
    assert set(cases(by_name[INVALID])) == {"LLM-SCHEMA"}  # not evaluated
    assert all(c.find("failure") is None for c in by_name[PASSING].findall("testcase"))


def test_failures_carry_message_file_line_and_severity(report):
    failing = cases(suites(parse(report))[FAILING])
    failure = failing["LLM-DATA-001"].find("failure")
    assert failure.get("type") == "high"
    assert failure.get("message") == f"{FAILING}:31: LLM-DATA-001 happened."
    assert f"{FAILING}:31:7: high: LLM-DATA-001 happened." in failure.text
    assert "fix: Fix LLM-DATA-001." in failure.text
    assert failing["LLM-DATA-001"].get("line") == "31"
    expired = failing["LLM-LIC-001"].find("failure")
    assert "waiver expired on 2020-01-01" in expired.get("message")


def test_waived_is_skipped_with_the_reason(report):
    case = cases(suites(parse(report))[FAILING])["LLM-RES-001"]
    assert case.find("failure") is None
    assert case.find("skipped").get("message") == f"waived: {WAIVER.reason}"


def test_warning_and_mode_findings_pass_unless_asked(report, with_threshold):
    failing = cases(suites(parse(report))[FAILING])
    assert failing["LLM-DEP-006"].find("failure") is None
    assert "low warning" in failing["LLM-DEP-006"].find("system-out").text
    assert failing["LLM-REG-001"].find("failure") is None  # explains the decision only
    strict = cases(suites(parse(with_threshold("warning")))[FAILING])
    assert strict["LLM-DEP-006"].find("failure") is not None


def test_threshold_decides_failures(with_threshold):
    high = cases(suites(parse(with_threshold("high")))[FAILING])
    assert high["LLM-DATA-001"].find("failure") is not None
    assert high["LLM-LIC-001"].find("failure") is None
    never = parse(with_threshold("never"))
    assert never.get("failures") == "0"


def test_schema_errors_fail_and_hostile_text_stays_well_formed(report):
    case = cases(suites(parse(report))[INVALID])["LLM-SCHEMA"]
    failure = case.find("failure")
    assert failure.get("type") == "schema"
    assert f"{INVALID}:12:5: spec.data.classification:" in failure.text
    assert "<b>x</b> | ]]>" in failure.text  # escaped by the writer, read back intact
    assert "\x07" not in failure.text
    assert f"{INVALID}: (document): file is empty" in failure.text


def test_counts_add_up(report):
    root = parse(report)
    total = 0
    for suite in root.findall("testsuite"):
        n = len(suite.findall("testcase"))
        assert suite.get("tests") == str(n)
        assert suite.get("failures") == str(len(suite.findall("testcase/failure")))
        assert suite.get("skipped") == str(len(suite.findall("testcase/skipped")))
        total += n
    assert root.get("tests") == str(total)
    assert root.get("failures") == "3"  # DATA-001, LIC-001 (expired waiver), schema
    assert root.get("skipped") == "1"


def test_xml_text_replaces_what_xml_cannot_carry():
    assert xml_text("a\x00b\x1bc\ud800d\n\te") == "a?b?c?d\n\te"
    assert "\x07" not in xml_text(HOSTILE)
