"""GitLab Code Quality: the CodeClimate subset GitLab shows in merge requests and pipelines.

The report is a JSON array of issues, each with `description`, `check_name`, `fingerprint`,
`severity` and `location` (`path` relative to the repository root, `lines.begin`), as
https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format reads them; `type`,
`categories` and `content` (the fix and the references) make each one a CodeClimate issue too.

- **Severity** follows failing vs reported: a finding that fails under `--fail-on` ranks one step
  above one of the same severity that is only reported (a warning, or a violation below the
  threshold): failing critical/high/medium/low are blocker/critical/major/minor, reported ones
  critical/major/minor/info. A parse or schema error ranks as a critical finding.
- **Waived findings are left out**: GitLab has no suppressed state, so an accepted finding would
  read as an open problem. SARIF (`suppressions`) and JUnit (`skipped`) still carry them.
- **Fingerprints** never depend on a line or on message wording: a hash of the rule, the
  manifest's repository path, the field, the model index and warning-ness (for a schema error,
  the field), plus an ordinal when two issues still share all of these, so GitLab follows an
  issue across runs and never merges two into one.
- **Text**: the description is one line with controls and bidi overrides as `?`, as in the
  other formats, so manifest text cannot reorder or split what the merge request shows.
- **Paths**: the repository root is `$CI_PROJECT_DIR` when set, else the working directory; a
  manifest under it is written relative to it (POSIX separators), any other keeps its path.
"""

from __future__ import annotations

import hashlib
import json
import os
import typing as t
from pathlib import Path

from checker.problems import Problem
from checker.reporters.base import Reporter
from checker.reporters.common import SCHEMA_RULE, Shown, severity_word, shown
from checker.result import ManifestResult, RunReport
from checker.severity import Severity, Threshold
from checker.terminal import clean, clean_block

#: A finding that fails the run under `--fail-on`.
FAILING = {
    Severity.CRITICAL: "blocker",
    Severity.HIGH: "critical",
    Severity.MEDIUM: "major",
    Severity.LOW: "minor",
}
#: A finding that is reported but does not fail: one step below a failing one.
REPORTED = {
    Severity.CRITICAL: "critical",
    Severity.HIGH: "major",
    Severity.MEDIUM: "minor",
    Severity.LOW: "info",
}
_FINGERPRINT_VERSION = "llm-policy/code-quality/v1"


def severity(level: Severity, *, fails: bool) -> str:
    """GitLab's severity of a finding of `level` that does or does not fail the run."""
    return (FAILING if fails else REPORTED)[level]


def repository_path(manifest: str, root: Path, cwd: Path) -> str:
    """`manifest` relative to `root` when it lies under it (as GitLab links files), else as is."""
    full = os.path.normpath(os.path.join(cwd, manifest))
    for base, where in (
        (os.path.normpath(root), full),
        (os.path.realpath(root), os.path.realpath(full)),
    ):
        try:
            if os.path.commonpath([where, base]) == base:
                return Path(os.path.relpath(where, base)).as_posix()
        except ValueError:  # another drive (Windows)
            continue
    return Path(os.path.normpath(manifest)).as_posix()


def _digest(parts: t.Sequence[str]) -> str:
    return hashlib.sha256("\0".join([_FINGERPRINT_VERSION, *parts]).encode()).hexdigest()


class _Fingerprints:
    """Fingerprints of one run, each unique: a repeat of the same parts gets an ordinal."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, ...], int] = {}

    def __call__(self, *parts: str) -> str:
        n = self._seen.get(parts, 0)
        self._seen[parts] = n + 1
        return _digest([*parts, str(n)] if n else parts)


def _issue(
    check: str, description: str, level: str, path: str, line: int | None, fingerprint: str
) -> dict[str, t.Any]:
    return {
        "type": "issue",
        "check_name": check,
        # GitLab shows it as one line: controls and bidi overrides from manifest text become ?
        "description": clean(description),
        "categories": ["Security"] if check != SCHEMA_RULE else ["Bug Risk"],
        "severity": level,
        "fingerprint": fingerprint,
        "location": {"path": path, "lines": {"begin": line or 1}},
    }


def _body(s: Shown) -> str:
    f = s.finding
    lines = [f"**{f.rule}** {f.title} ({severity_word(f)})."]
    if f.path:
        lines.append(f"Field: `{f.path}`.")
    if f.remediation:
        lines.append(f"Fix: {f.remediation}")
    if f.references:
        lines.append("References:\n" + "\n".join(f"- {r}" for r in f.references))
    return clean_block("\n\n".join(lines))


def _problem(
    p: Problem, path: str, threshold: Threshold, fingerprint: _Fingerprints
) -> dict[str, t.Any]:
    message = f"{p.path}: {p.message}" if p.path else p.message
    level = severity(Severity.CRITICAL, fails=not threshold.never)
    return _issue(SCHEMA_RULE, message, level, path, p.line, fingerprint(SCHEMA_RULE, path, p.path))


def manifest_issues(
    result: ManifestResult,
    threshold: Threshold,
    path: str,
    fingerprint: _Fingerprints,
    code_path: t.Callable[[str], str] | None = None,
) -> list[dict[str, t.Any]]:
    """The issues of one manifest: its schema errors, then its unwaived findings in line order.

    `code_path` gives the repository path of a code file, where a finding about the code
    (`check --scan`) is located.
    """
    issues = [_problem(p, path, threshold, fingerprint) for p in result.errors]
    for s in shown(result, threshold):
        if s.kind == "waived":
            continue
        f = s.finding
        model = "" if f.model is None else str(f.model)
        located = path
        if f.source_file is not None:
            located = code_path(f.source_file) if code_path is not None else f.source_file
        issue = _issue(
            f.rule,
            f.message,
            severity(f.severity, fails=s.fails),
            located,
            f.line,
            fingerprint(f.rule, path, f.path, model, str(f.warning)),
        )
        issue["content"] = {"body": _body(s)}
        issues.append(issue)
    return issues


def code_quality(
    report: RunReport, *, root: Path | None = None, cwd: Path | None = None
) -> list[dict[str, t.Any]]:
    """The Code Quality issues of a run.

    `root` is the repository root (default `$CI_PROJECT_DIR`, else `cwd`); `cwd` is the folder
    relative manifest paths are relative to (default the working directory).
    """
    cwd = cwd or Path.cwd()
    root = root or Path(os.environ.get("CI_PROJECT_DIR") or cwd)
    fingerprint = _Fingerprints()
    issues: list[dict[str, t.Any]] = []
    for result in report.results:
        path = repository_path(result.manifest, root, cwd)
        issues += manifest_issues(
            result,
            report.threshold,
            path,
            fingerprint,
            lambda file: repository_path(file, root, cwd),
        )
    return issues


class GitlabReporter(Reporter):
    """`--format gitlab`: a GitLab Code Quality report (`artifacts:reports:codequality`)."""

    name = "gitlab"

    def render(self, report: RunReport) -> str:
        """See `Reporter.render`."""
        return json.dumps(code_quality(report), indent=2, ensure_ascii=False) + "\n"


__all__ = ["FAILING", "REPORTED", "GitlabReporter", "code_quality", "repository_path", "severity"]
