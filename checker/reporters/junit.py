"""JUnit XML for CI test reports (GitLab, Jenkins, Azure): a suite per manifest, a case per rule.

Every rule evaluated is a testcase, so a passing rule is visible evidence too. A rule fails when
one of its findings fails the manifest under the run's threshold; a rule whose findings are all
waived is skipped with the waiver's reason. The XML is built with ElementTree, so every value
is escaped, and characters XML 1.0 cannot carry at all are replaced first.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from checker.reporters.base import Reporter
from checker.reporters.common import (
    SCHEMA_RULE,
    SCHEMA_TITLE,
    Shown,
    file_of,
    rule_table,
    severity_word,
    shown,
    where,
)
from checker.result import ManifestResult, RunReport

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: object) -> str:
    """Text XML 1.0 can carry (control characters and lone surrogates become '?')."""
    return _NOT_XML.sub("?", str(value))


def _element(
    parent: ET.Element, tag: str, text: str | None = None, /, **attrs: object
) -> ET.Element:
    child = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        child.text = xml_text(text)
    return child


def _describe(result: ManifestResult, s: Shown) -> str:
    f = s.finding
    at = where(file_of(result, f), f.line, f.column)
    lines = [f"{at}: {severity_word(f)}: {f.message}"]
    if f.path:
        lines.append(f"field: {f.path}")
    if f.waiver is not None:
        lines.append(
            f"waived: {f.waiver.reason} (approver {f.waiver.approver or 'n/a'},"
            f" expires {f.waiver.expires or 'never'})"
        )
    elif f.remediation:
        lines.append(f"fix: {f.remediation}")
    return "\n".join(lines)


def _case(
    suite: ET.Element, result: ManifestResult, rule_id: str, title: str, items: list[Shown]
) -> str:
    """Add one testcase; return its outcome: passed, failed or skipped."""
    first = items[0].finding if items else None
    attrs: dict[str, object] = {"classname": result.manifest, "name": f"{rule_id}: {title}"}
    attrs["file"] = file_of(result, first) if first is not None else result.manifest
    if first is not None and first.line is not None:
        attrs["line"] = first.line
    case = _element(suite, "testcase", **attrs)
    failing = [s for s in items if s.fails]
    if failing:
        f = failing[0].finding
        body = "\n\n".join(_describe(result, s) for s in failing)
        message = f"{where(file_of(result, f), f.line)}: {f.message}"
        _element(case, "failure", body, message=message, type=str(f.severity))
        return "failed"
    if items and all(s.kind == "waived" for s in items):
        waiver = items[0].finding.waiver
        reason = waiver.reason if waiver is not None else ""
        _element(case, "skipped", message=f"waived: {reason}")
        _element(case, "system-out", "\n\n".join(_describe(result, s) for s in items))
        return "skipped"
    if items:  # warnings, findings below the threshold, or partly waived: shown, not failing
        _element(case, "system-out", "\n\n".join(_describe(result, s) for s in items))
    return "passed"


def _suite(root: ET.Element, result: ManifestResult, report: RunReport) -> dict[str, int]:
    suite = _element(root, "testsuite", name=result.manifest)
    props = _element(suite, "properties")
    if result.project:
        _element(props, "property", name="project", value=result.project)
    # What the answer rests on, so a report read later says which day and data decided it.
    h = report.header
    for name, text in (
        ("llm-policy.asOf", h.as_of),
        ("llm-policy.catalog", h.catalog_version or h.catalog_digest),
        ("llm-policy.policy", h.policy_digest),
        ("llm-policy.engine", f"{h.engine_name} {h.engine_version}".strip()),
    ):
        _element(props, "property", name=name, value=text)
    outcomes = []
    schema_case = _element(
        suite,
        "testcase",
        classname=result.manifest,
        name=f"{SCHEMA_RULE}: {SCHEMA_TITLE}",
        file=result.manifest,
    )
    if result.errors:
        first = result.errors[0]
        body = "\n".join(
            f"{where(result.manifest, p.line, p.column)}: {p.path or '(document)'}: {p.message}"
            for p in result.errors
        )
        message = f"{where(result.manifest, first.line)}: {first.message}"
        if report.threshold.never:  # report only: shown, not failing
            _element(schema_case, "system-out", body)
            outcomes.append("passed")
        else:
            _element(schema_case, "failure", body, message=message, type="schema")
            outcomes.append("failed")
    else:
        outcomes.append("passed")
    if result.decision is not None:
        by_rule: dict[str, list[Shown]] = {}
        for s in shown(result, report.threshold):
            by_rule.setdefault(s.finding.rule, []).append(s)
        for rule_id, rule in rule_table(report).items():
            outcomes.append(_case(suite, result, rule_id, rule.title, by_rule.get(rule_id, [])))
    counts = {
        "tests": len(outcomes),
        "failures": outcomes.count("failed"),
        "errors": 0,
        "skipped": outcomes.count("skipped"),
    }
    for key, value in counts.items():
        suite.set(key, str(value))
    return counts


def junit_tree(report: RunReport) -> ET.Element:
    """The `<testsuites>` element of a run."""
    root = ET.Element("testsuites", {"name": "llm-policy"})
    totals: dict[str, int] = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for result in report.results:
        for key, value in _suite(root, result, report).items():
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    return root


class JunitReporter(Reporter):
    """`--format junit`: JUnit XML."""

    name = "junit"

    def render(self, report: RunReport) -> str:
        """See `Reporter.render`."""
        root = junit_tree(report)
        ET.indent(root)
        body = ET.tostring(root, encoding="unicode")
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


__all__ = ["JunitReporter", "junit_tree", "xml_text"]
