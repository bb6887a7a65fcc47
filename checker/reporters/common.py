"""What the CI formats share: which findings to show, which of them fail, and rule lookups.

A manifest's findings fall in three groups that every format shows: unwaived violations and
warnings (`ManifestResult.violations`, `.warnings`) and waived findings (`.waived`). Findings that
only explain why a deployment mode is not allowed, in a manifest that passes on its requested
models, are part of the decision and not shown as problems.
"""

from __future__ import annotations

import re
import typing as t
from dataclasses import dataclass

from checker.metadata import RuleMeta
from checker.result import Finding, ManifestResult, RunReport
from checker.severity import Threshold

# Parse and schema errors are reported as this rule in formats that need a rule id.
SCHEMA_RULE = "LLM-SCHEMA"
SCHEMA_TITLE = "Manifest parses and matches the JSON Schema"

_LAST = 1 << 30
_URL = re.compile(r"https?://[^\s<>\"']+")


@dataclass(frozen=True)
class Shown:
    """A finding as a format shows it.

    `kind` is violation, warning or waived; `fails` says whether it fails its manifest under the
    run's threshold.
    """

    finding: Finding
    kind: str
    fails: bool


def shown(result: ManifestResult, threshold: Threshold) -> list[Shown]:
    """Violations, warnings and waived findings, each once, in line order (unknown lines last)."""
    items = [Shown(f, "violation", f.fails(threshold)) for f in result.violations]
    items += [Shown(f, "warning", f.fails(threshold)) for f in result.warnings]
    items += [Shown(f, "waived", False) for f in result.waived]
    return sorted(items, key=lambda s: (s.finding.line or _LAST, s.finding.column or 0))


def rule_table(report: RunReport) -> dict[str, RuleMeta | Finding]:
    """Every rule id evaluated, sorted: the policy set's rules plus any id a finding carries.

    The value is the rule's METADATA, or a finding of that rule when the report has no METADATA
    for it (a report built without `rules`), so formats can still describe it.
    """
    table: dict[str, RuleMeta | Finding] = dict(report.rules)
    for result in report.results:
        for finding in result.findings:
            table.setdefault(finding.rule, finding)
    return {rule: table[rule] for rule in sorted(table)}


def urls(references: t.Iterable[str]) -> list[str]:
    """The URLs inside reference strings such as `GDPR Art. 32: https://...`."""
    return [m.group(0).rstrip(".,;)") for ref in references for m in _URL.finditer(ref)]


def file_of(result: ManifestResult, finding: Finding) -> str:
    """The file a finding is located in: the code file (`check --scan`), else the manifest."""
    return finding.source_file or result.manifest


def where(manifest: str, line: int | None, column: int | None = None) -> str:
    """`file:line:column`, as far as known."""
    out = manifest
    if line is not None:
        out += f":{line}"
        if column is not None:
            out += f":{column}"
    return out


def count_of(n: int, noun: str) -> str:
    """`1 violation`, `2 violations`: counts read as sentences in every format."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def severity_word(finding: Finding) -> str:
    """`high`, or `high warning` for a warning."""
    return f"{finding.severity} warning" if finding.warning else str(finding.severity)


__all__ = [
    "SCHEMA_RULE",
    "SCHEMA_TITLE",
    "Shown",
    "count_of",
    "file_of",
    "rule_table",
    "severity_word",
    "shown",
    "urls",
    "where",
]
