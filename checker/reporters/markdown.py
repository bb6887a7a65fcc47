"""A Markdown report: for pull-request comments, wikis and GitHub's job summary.

Manifest text is untrusted: every value is escaped so a manifest cannot add links, images,
HTML or break the tables.
"""

from __future__ import annotations

import re

from checker.header import header_line
from checker.reporters.base import Reporter
from checker.reporters.common import Shown, count_of, severity_word, shown
from checker.result import ManifestResult, RunReport
from checker.terminal import clean

# What could start a link, an image, HTML, code, emphasis or a new table cell.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def md(text: object) -> str:
    """Inline Markdown text: one line, markup escaped; `&` and `@` (mentions) as entities."""
    # Controls and bidi overrides (shown text reordered) are not whitespace: `clean` them too.
    flat = clean(" ".join(str(text).split())).replace("&", "&amp;").replace("@", "&#64;")
    return _SPECIAL.sub(r"\\\1", flat)


def _status(result: ManifestResult, report: RunReport) -> str:
    if result.passed(report.threshold):
        return "✅ pass"
    return "❌ fail"


def _overview(report: RunReport) -> list[str]:
    s = report.summary
    verdict = "✅ **Passed**" if report.exit_code == 0 else "❌ **Failed**"
    lines = [
        "# llm-policy report",
        "",
        f"{verdict}: {s.passed} of {s.manifests} manifests pass (fail on: "
        f"`{report.threshold.name}`); {count_of(s.violations, 'violation')}, "
        f"{count_of(s.warnings, 'warning')}, {s.waived} waived.",
        "",
        "| Result | Manifest | Project | Recommendation | Violations | Warnings | Waived |",
        "|---|---|---|---|---:|---:|---:|",
    ]
    for r in report.results:
        recommendation = r.decision.recommendation if r.decision else "invalid" if r.errors else "-"
        lines.append(
            f"| {_status(r, report)} | {md(r.manifest)} | {md(r.project or '')} "
            f"| {md(recommendation)} | {len(r.violations) + len(r.errors)} | {len(r.warnings)} "
            f"| {len(r.waived)} |"
        )
    return lines


def _finding_row(s: Shown) -> str:
    f = s.finding
    what = "waived" if s.kind == "waived" else ("**fails**" if s.fails else "reported")
    # A finding about the code (check --scan) names its file with the line.
    line = f"{f.source_file}:{f.line or ''}" if f.source_file else f.line or ""
    return (
        f"| {md(severity_word(f))} | {what} | {md(f.rule)} | {md(line)} "
        f"| {md(f.message)} | {md(f.remediation)} |"
    )


def _details(result: ManifestResult, report: RunReport) -> list[str]:
    items = shown(result, report.threshold)
    if not result.errors and not items:
        return []
    title = f" ({md(result.project)})" if result.project else ""
    lines = ["", f"## {_status(result, report)}: {md(result.manifest)}{title}", ""]
    if result.errors:
        lines += ["| Line | Field | Schema error |", "|---:|---|---|"]
        lines += [f"| {p.line or ''} | {md(p.path)} | {md(p.message)} |" for p in result.errors]
        lines.append("")
    # What fails first, then by severity; line order within.
    active = sorted(
        (s for s in items if s.kind != "waived"),
        key=lambda s: (not s.fails, -int(s.finding.severity)),
    )
    if active:
        lines += [
            "| Severity | Status | Rule | Line | Finding | Fix |",
            "|---|---|---|---:|---|---|",
        ]
        lines += [_finding_row(s) for s in active]
        lines.append("")
    waived = [s.finding for s in items if s.kind == "waived"]
    if waived:
        lines += ["**Waived**", "", "| Rule | Line | Finding | Reason | Approver | Expires |"]
        lines.append("|---|---:|---|---|---|---|")
        for f, w in ((f, f.waiver) for f in waived if f.waiver is not None):
            lines.append(
                f"| {md(f.rule)} | {f.line or ''} | {md(f.message)} | {md(w.reason)} "
                f"| {md(w.approver)} | {md(w.expires or 'never')} |"
            )
        lines.append("")
    return lines


def markdown_report(report: RunReport) -> str:
    """The whole report as Markdown."""
    lines = _overview(report)
    for result in report.results:
        lines += _details(result, report)
    if lines[-1] != "":
        lines.append("")
    lines += [
        f"<sub>{md(header_line(report.header))}</sub>",
    ]
    return "\n".join(lines) + "\n"


class MarkdownReporter(Reporter):
    """`--format markdown`."""

    name = "markdown"

    def render(self, report: RunReport) -> str:
        """See `Reporter.render`."""
        return markdown_report(report)
