"""`llm-policy verify`: say whether an audit report and its inputs are unchanged."""

from __future__ import annotations

import click

from checker.audit.settings import VerifySettings

_MARK = {"ok": "ok", "altered": "ALTERED", "unverified": "UNCHECKED", "unchecked": "-"}


def execute(settings: VerifySettings) -> int:
    """Print every check and a verdict.

    0 when intact; 1 when anything was altered, or a signature was left unchecked.
    """
    from checker.audit.verification import verify_report

    verification = verify_report(settings)
    if verification.report_id:
        click.echo(
            f"report {verification.report_id} ({verification.timestamp}) in {settings.folder}"
        )
    width = max((len(c.subject) for c in verification.checks), default=0)
    for check in verification.checks:
        click.echo(f"  {_MARK[check.status]:<9} {check.subject:<{width}}  {check.detail}".rstrip())
    altered = verification.altered
    if altered:
        names = ", ".join(dict.fromkeys(c.subject for c in altered))
        click.echo(f"ALTERED: {names}")
    elif verification.unverified:
        names = ", ".join(dict.fromkeys(c.subject for c in verification.unverified))
        click.echo(
            f"NOT VERIFIED: {names} not checked; check it with --key PUBLIC.pem, or accept the"
            " report without it with --allow-unsigned"
        )
    else:
        unchecked = sum(c.status == "unchecked" for c in verification.checks)
        note = f" ({unchecked} not checked, see '-' above)" if unchecked else ""
        click.echo(f"intact: {verification.digest}{note}")
    return verification.exit_code
