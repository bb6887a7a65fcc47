"""The terminal report: grouped by manifest, coloured only when asked, a summary line last."""

from __future__ import annotations

import typing as t

import click

from checker.gate import gate_lines
from checker.header import header_line
from checker.reporters.base import Reporter
from checker.reporters.common import count_of
from checker.result import Finding, ManifestResult, ModeVerdict, RunReport

# Manifest text reaches the terminal: every value goes through `clean` (see checker.terminal).
from checker.terminal import clean as clean  # re-exported for the reporters that import it here

_SEVERITY_COLOUR = {"critical": "magenta", "high": "red", "medium": "yellow", "low": "cyan"}


class TextReporter(Reporter):
    """`--format text` (the default)."""

    name = "text"

    def _style(self, text: str, **kwargs: object) -> str:
        return click.style(text, **kwargs) if self.color else text  # type: ignore[arg-type]

    def _where(
        self,
        result: ManifestResult,
        line: int | None,
        column: int | None,
        file: str | None = None,
    ) -> str:
        where = clean(file or result.manifest)
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        return where

    def _finding(self, result: ManifestResult, f: Finding, mark: str) -> list[str]:
        sev = str(f.severity)
        label = self._style(f"{sev.upper():8}", fg=_SEVERITY_COLOUR[sev], bold=sev == "critical")
        where = self._where(result, f.line, f.column, f.source_file)  # code: file:line:col
        head = f"  {mark} {label} {clean(f.rule)}  {where}  {clean(f.title)}"
        lines = [head, f"      {clean(f.message)}"]
        if f.waiver is not None:
            expires = clean(f.waiver.expires or "never")
            lines.append(f"      waived: {clean(f.waiver.reason)} (expires {expires})")
        elif self.verbosity >= 1 and f.remediation:
            lines.append(f"      fix: {clean(f.remediation)}")
        if self.verbosity >= 2 and f.references:
            lines.extend(f"      see: {clean(r)}" for r in f.references)
        return lines

    def _mode(self, name: str, verdict: ModeVerdict) -> str:
        if verdict.allowed:
            return f"{name} {self._style('allowed', fg='green')}"
        rules = clean(", ".join(sorted({f.rule for f in verdict.reasons})))
        return f"{name} {self._style('not allowed', fg='red')} ({rules})"

    def _result(self, result: ManifestResult, report: RunReport) -> list[str]:
        ok = result.passed(report.threshold)
        status = (
            self._style("PASS", fg="green", bold=True)
            if ok
            else self._style("FAIL", fg="red", bold=True)
        )
        name = f" ({clean(result.project)})" if result.project else ""
        lines = [f"{status} {clean(result.manifest)}{name}"]
        for p in result.errors:
            where = self._where(result, p.line, p.column)
            at = f" {clean(p.path)}:" if p.path else ""
            lines.append(f"  ✗ {where}{at} {clean(p.message)}")
        d = result.decision
        if d is not None:
            lines.append(
                f"  decision: {self._mode('self-hosted', d.self_hosted)}; "
                f"{self._mode('vendor API', d.vendor_api)}; recommend {d.recommendation}"
            )
            for m in d.models:
                via = f" via {clean(m.provider)}" if m.provider else ""
                rules = clean(", ".join(m.violations))
                verdict = (
                    self._style("allowed", fg="green")
                    if m.allowed
                    else self._style("not allowed", fg="red") + f" ({rules})"
                )
                name = clean(m.id)
                if m.written and m.written != m.id:  # an alias: what was written, then the id
                    name = f"{clean(m.written)} ({name})"
                lines.append(f"  model {m.index}: {name} {clean(m.hosting)}{via}: {verdict}")
        for f in result.violations:
            lines.extend(self._finding(result, f, "✗"))
        if self.verbosity >= 1 or not ok:
            for f in result.warnings:
                lines.extend(self._finding(result, f, "!"))
        if self.verbosity >= 1:
            for f in result.waived:
                lines.extend(self._finding(result, f, "~"))
        return lines

    def render(self, report: RunReport) -> str:
        """See `Reporter.render`."""
        return "".join(self.chunks(report))

    def chunks(self, report: RunReport) -> t.Iterator[str]:
        """See `Renderer.chunks`: one piece per manifest shown, then the summary."""
        for result in report.results:
            if self.verbosity <= 0 and result.passed(report.threshold):
                continue
            yield "\n".join([*self._result(result, report), ""]) + "\n"
        lines: list[str] = []
        s = report.summary
        summary = (
            f"{count_of(s.manifests, 'manifest')}: {s.passed} passed, {s.failed} failed; "
            f"{count_of(s.violations, 'violation')}, {count_of(s.warnings, 'warning')}, "
            f"{s.waived} waived (fail on: {report.threshold.name})"
        )
        # What the answer rests on (engine, policy, catalog, as-of day), then what set the gate,
        # before the summary, which stays the last line.
        if self.verbosity >= 1:
            lines.append(clean(header_line(report.header)))
        if report.header.gate is not None:
            lines += [clean(line) for line in gate_lines(report.header.gate)]
        lines.append(self._style(summary, bold=True))
        yield "\n".join(lines) + "\n"
