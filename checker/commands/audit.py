"""`llm-policy audit`: check, then write the sealed audit report (audit.json, .html, .md)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import click

from checker import __version__
from checker.audit.settings import AuditSettings
from checker.commands.context import build_context
from checker.discovery import discover
from checker.errors import UsageError
from checker.result import RunReport
from checker.runner import display_path


def execute(settings: AuditSettings) -> int:
    """Audit every manifest under the paths; write the report; return the exit code of `check`."""
    # Imported here: Jinja2 and cryptography load only when an audit runs.
    from checker.audit.document import build_document
    from checker.audit.evidence import build_evidence
    from checker.audit.git_state import read_git_state
    from checker.audit.report_files import write_report
    from checker.audit.signing import load_private_key
    from checker.audit.timestamp import audit_timestamp

    check = settings.check
    timestamp = audit_timestamp(settings.timestamp)
    if settings.sign_key is not None:
        load_private_key(settings.sign_key)  # a bad key fails before any work is done
    paths = discover(check.paths)
    if not paths:
        shown = ", ".join(str(p) for p in check.paths)
        raise UsageError(
            f"no manifests found in {shown}: name them llm-project.yaml (or .yml/.json, or"
            " <name>.llm-project.yaml), or pass the files explicitly"
        )
    with build_context(check, keep_facts=True) as ctx:  # the report shows the declared facts
        if ctx.waivers is not None:
            # Expiry as of the report's date, not the wall clock: a fixed --timestamp reproduces.
            day = dt.date.fromisoformat(timestamp[:10])
            ctx.runner.waivers = dataclasses.replace(ctx.waivers, today=day)
        report = RunReport(
            results=tuple(ctx.runner.run(paths)),
            threshold=check.threshold,
            tool_version=__version__,
            engine_name=ctx.engine.name if ctx.engine else "none",
            engine_version=ctx.engine.version if ctx.engine else "",
            policy_digest=ctx.policy_set.digest,
            rules=ctx.rules,
        )
    manifests = [(display_path(p), p) for p in paths]
    evidence = build_evidence(
        report,
        manifests=manifests,
        policy_set=ctx.policy_set,
        # as given: the policy digest names organisation files so, and verify resolves them so
        policies=[p.as_posix() for p in check.policies],
        data=[(p.as_posix(), p) for p in check.data],
        waivers=(check.waivers.as_posix(), check.waivers) if check.waivers else None,
        git=read_git_state(paths, [shown for shown, _ in manifests]),
        timestamp=timestamp,
    )
    document = build_document(report, ctx.rules, ctx.policy_set.data.get("catalog") or {}, evidence)
    written = write_report(settings.out, document, sign_key=settings.sign_key)
    s = report.summary
    verdict = "pass" if report.exit_code == 0 else "FAIL"
    click.echo(
        f"audit {verdict}: {s.passed} of {s.manifests} projects pass; report {evidence['reportId']}"
    )
    for path in written.files:
        click.echo(f"  wrote {path}")
    signed = " and signed" if written.signed else ""
    click.echo(f"  sealed{signed}: {written.digest} (check with: llm-policy verify {settings.out})")
    return report.exit_code
