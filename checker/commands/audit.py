"""`llm-policy audit`: check, then write the sealed audit report (audit.json, .html, .md)."""

from __future__ import annotations

import click

from checker.audit.settings import AuditSettings
from checker.run import find_manifests, open_run
from checker.runner import display_path


def execute(settings: AuditSettings) -> int:
    """Audit every manifest under the paths; write the report; return the exit code of `check`."""
    # Imported here: Jinja2 and cryptography load only when an audit runs.
    from checker.audit.document import build_document
    from checker.audit.evidence import build_evidence
    from checker.audit.git_state import read_git_state
    from checker.audit.report_files import write_report
    from checker.audit.signing import load_private_key, verify_instructions
    from checker.audit.signoff import seal_status, sign_off

    run = settings.run
    if settings.sign_key is not None:
        load_private_key(settings.sign_key)  # a bad key fails before any work is done
    signers = sign_off(settings.sign_off)  # so does an unusable --prepared-by
    paths = find_manifests(run.paths)
    with open_run(run, keep_facts=True) as opened:  # the report shows the declared facts
        report = opened.report(opened.runner.run(paths))
        policy_set, rules = opened.policy_set, opened.rules
    manifests = [(display_path(p), p) for p in paths]
    evidence = build_evidence(
        report,
        manifests=manifests,
        policy_set=policy_set,
        # as given: the policy digest names organisation files so, and verify resolves them so
        policies=[p.as_posix() for p in run.policies],
        data=[(p.as_posix(), p) for p in run.data],
        waivers=(run.waivers.as_posix(), run.waivers) if run.waivers else None,
        git=read_git_state(paths, [shown for shown, _ in manifests]),
        timestamp=settings.timestamp,
        scan=run.scan,
    )
    document = build_document(
        report,
        rules,
        policy_set.data.get("catalog") or {},
        evidence,
        sign_off=signers,
        seal=seal_status(settings.sign_key),
        paper=settings.paper,
    )
    written = write_report(settings.out, document, sign_key=settings.sign_key)
    s = report.summary
    verdict = "pass" if report.exit_code == 0 else "FAIL"
    click.echo(
        f"audit {verdict}: {s.passed} of {s.manifests} projects pass; report {evidence['reportId']}"
    )
    for path in written.files:
        click.echo(f"  wrote {path}")
    signed = " and signed" if written.signed else ""
    click.echo(f"  sealed{signed}: {written.digest}")
    for line in verify_instructions(settings.out, settings.sign_key if written.signed else None):
        click.echo(f"  {line}")
    return report.exit_code
