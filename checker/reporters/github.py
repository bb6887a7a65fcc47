"""GitHub Actions workflow commands: an annotation per finding, on the manifest line.

A finding about the code (`check --scan`) is annotated on the code file's line instead.

`::error` for what fails the run under `--fail-on`, `::warning` for warnings and violations
below the threshold, `::notice` for waived findings. Values are escaped as the runner expects
(`%`, CR and LF everywhere; also `:` and `,` in properties), so a message can never end its
command early or start another one.

The Markdown job summary is not part of `render`: the command layer asks for
`summary_markdown` and appends it to `$GITHUB_STEP_SUMMARY`, keeping this reporter pure.
"""

from __future__ import annotations

from checker.header import header_line
from checker.reporters.base import Reporter
from checker.reporters.common import SCHEMA_RULE, Shown, count_of, file_of, shown
from checker.reporters.markdown import markdown_report
from checker.result import ManifestResult, RunReport
from checker.terminal import clean


def escape_data(text: object) -> str:
    """A command's message: the log shows ANSI escapes, so other controls become `?` too."""
    escaped = str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return clean(escaped)


def escape_property(text: object) -> str:
    """A command's property value (file, title...)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(
    kind: str, message: str, *, file: str, line: int | None, col: int | None, title: str
) -> str:
    """One `::kind file=...,line=...,col=...,title=...::message` line."""
    props = [f"file={escape_property(file)}", f"line={line or 1}"]
    if col is not None:
        props.append(f"col={col}")
    props.append(f"title={escape_property(title)}")
    return f"::{kind} {','.join(props)}::{escape_data(message)}"


def _finding(result: ManifestResult, s: Shown) -> str:
    f = s.finding
    if s.kind == "waived" and f.waiver is not None:
        kind, message = "notice", f"waived: {f.waiver.reason} ({f.message})"
    else:
        kind = "error" if s.fails else "warning"
        message = f"{f.message} Fix: {f.remediation}" if f.remediation else f.message
    label = "warning" if f.warning else str(f.severity)
    title = f"{f.rule} ({label}) {f.title}"
    # A finding about the code (check --scan) is annotated on the code's file and line.
    file = file_of(result, f)
    return command(kind, message, file=file, line=f.line, col=f.column, title=title)


def github_commands(report: RunReport) -> list[str]:
    """Every annotation of a run, manifest by manifest."""
    lines: list[str] = []
    for result in report.results:
        kind = "warning" if report.threshold.never else "error"
        for p in result.errors:
            message = f"{p.path}: {p.message}" if p.path else p.message
            title = f"{SCHEMA_RULE} invalid manifest"
            lines.append(
                command(kind, message, file=result.manifest, line=p.line, col=p.column, title=title)
            )
        lines += [_finding(result, s) for s in shown(result, report.threshold)]
    return lines


class GithubReporter(Reporter):
    """`--format github`: annotations for GitHub Actions, plus a job summary on request."""

    name = "github"

    def render(self, report: RunReport) -> str:
        """See `Reporter.render`; a plain summary line follows the annotations."""
        s = report.summary
        tail = (
            f"llm-policy: {s.passed} of {s.manifests} manifests pass;"
            f" {count_of(s.violations, 'violation')}, {count_of(s.warnings, 'warning')},"
            f" {s.waived} waived (fail on: {report.threshold.name})"
        )
        # The header as a plain log line (no workflow command), before the summary, which stays
        # the last line.
        h = report.header
        about = "llm-policy: " + header_line(h).removeprefix("llm-policy ")
        return "\n".join([*github_commands(report), about, tail]) + "\n"

    def summary_markdown(self, report: RunReport) -> str:
        """The Markdown for `$GITHUB_STEP_SUMMARY`."""
        return markdown_report(report)
