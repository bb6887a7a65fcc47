"""`llm-policy scan`'s document and its text and JSON renderers.

Text: one line per reference, `file:line:col  kind  text -> model (provider, region)`, then a
summary line; `-v` lists skipped files too, `-q` prints the summary only. JSON: the shared report
header (`checker.header`), then `references`, `skipped`, `problems` and `summary`.
"""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass

from checker.header import ReportHeader, header_dict, header_line
from checker.rendering import Registry, Renderer
from checker.scan.reference import KINDS, ScanReference, ScanResult


@dataclass(frozen=True)
class ScanReport:
    """What one `scan` run found, with the header of the catalog it resolved against."""

    header: ReportHeader
    roots: tuple[str, ...]
    result: ScanResult


SCAN_FORMATS: Registry[ScanReport] = Registry(
    {
        "text": "checker.scan.report:ScanText",
        "json": "checker.scan.report:ScanJson",
    }
)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary_dict(result: ScanResult) -> dict[str, t.Any]:
    """Counts of the scan: references (in all, per kind), files scanned, skipped, problems."""
    by_kind = dict.fromkeys(KINDS, 0)
    for ref in result.references:
        by_kind[ref.kind] = by_kind.get(ref.kind, 0) + 1
    return {
        "references": len(result.references),
        "byKind": by_kind,
        "filesWithReferences": len({r.file for r in result.references}),
        "filesScanned": result.files_scanned,
        "skipped": len(result.skipped),
        "problems": len(result.problems),
    }


def summary_line(result: ScanResult) -> str:
    """`3 references in 2 files; 10 files scanned, 1 skipped` (and parse problems, if any)."""
    files = len({r.file for r in result.references})
    line = (
        f"{_plural(len(result.references), 'reference')} in {_plural(files, 'file')};"
        f" {_plural(result.files_scanned, 'file')} scanned, {len(result.skipped)} skipped"
    )
    if result.problems:
        line += f", {_plural(len(result.problems), 'file')} with parse problems"
    return line


def reference_line(ref: ScanReference) -> str:
    """`app.py:12:8  sdk-call  client.chat.completions.create(...) -> gpt-4o (openai, -)`."""
    where = ref.provider or ref.hosting or "-"
    detail = f"{where}, {ref.region or '-'}"
    if ref.deployment_type:
        detail += f", {ref.deployment_type}"
    where_in = f"{ref.file}:{ref.line}:{ref.column}"
    return f"{where_in}  {ref.kind}  {ref.text} -> {ref.model or '?'} ({detail})"


class ScanText(Renderer[ScanReport]):
    """`scan --format text`."""

    name = "text"

    def render(self, document: ScanReport) -> str:
        """See `Renderer.render`."""
        return "".join(self.chunks(document))

    def chunks(self, document: ScanReport) -> t.Iterator[str]:
        """See `Renderer.chunks`: one piece per reference."""
        result = document.result
        if self.verbosity >= 2:
            yield header_line(document.header) + "\n"
        if self.verbosity >= 1:
            for ref in result.references:
                yield reference_line(ref) + "\n"
            for problem in result.problems:
                yield f"{problem.file}: parse problem: {problem.reason}\n"
        if self.verbosity >= 2:
            for skip in result.skipped:
                yield f"{skip.file}: skipped: {skip.reason}\n"
        yield summary_line(result) + "\n"


class ScanJson(Renderer[ScanReport]):
    """`scan --format json`."""

    name = "json"

    def render(self, document: ScanReport) -> str:
        """See `Renderer.render`."""
        result = document.result
        out = {
            **header_dict(document.header),
            "roots": list(document.roots),
            "references": [r.as_dict() for r in result.references],
            "skipped": [{"file": s.file, "reason": s.reason} for s in result.skipped],
            "problems": [{"file": s.file, "reason": s.reason} for s in result.problems],
            "summary": summary_dict(result),
        }
        return json.dumps(out, indent=2, ensure_ascii=False) + "\n"
