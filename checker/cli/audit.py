"""`llm-policy audit`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from checker.cli.build import build_run_settings
from checker.cli.command import configured
from checker.cli.errors import exits
from checker.cli.explain import DECISION_KEYS
from checker.cli.options import decision_options, engine_options, policy_options, scan_option

PAPERS = ("a4", "letter")  # checker.audit.signoff.PAPERS; not imported: --help stays light


@configured(keys=(*DECISION_KEYS, "scan"))
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for audit.json, its renderings and the seal (created if missing).",
)
@click.option(
    "--timestamp",
    metavar="ISO",
    help="Report time, e.g. 2025-01-31T12:00:00Z (default: now, or SOURCE_DATE_EPOCH). "
    "With a fixed time, the same inputs give byte-identical files.",
)
@click.option(
    "--sign-key",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="PEM Ed25519 private key: sign the seal (audit.sha256.sig).",
)
@click.option(
    "--paper",
    type=click.Choice(PAPERS),
    default="a4",
    show_default=True,
    help="Page size of audit.pdf.",
)
@click.option(
    "--prepared-by",
    metavar="'NAME [DATE]'",
    help="Who prepared the report, optionally with the day: 'Jane Doe 2026-12-01'. "
    "Without it the sign-off block has a blank line to sign on paper.",
)
@click.option("--reviewed-by", metavar="'NAME [DATE]'", help="Who reviewed it (as --prepared-by).")
@click.option("--approved-by", metavar="'NAME [DATE]'", help="Who approved it (as --prepared-by).")
@decision_options
@scan_option
@policy_options
@engine_options
@exits
def audit(
    *,
    out: Path,
    timestamp: str | None,
    sign_key: Path | None,
    paper: str,
    prepared_by: str | None,
    reviewed_by: str | None,
    approved_by: str | None,
    **_: object,
) -> int:
    """Check manifests and write an audit report an auditor can verify.

    Writes audit.json (evidence and every decision; the source of truth), audit.html,
    audit.md, audit.oscal.json and audit.pdf (title page, contents, scope, management summary,
    sign-off block; A4 or --paper letter), all rendered from audit.json, plus audit.sha256, the
    seal that `llm-policy verify` checks (and audit.sha256.sig with --sign-key). Defaults for
    --fail-on, --policies, --data and --waivers come from the configuration, as for check.
    Rules and waiver expiry are judged as of the UTC date of the report's timestamp, unless
    --as-of gives another day.

    \b
    Exit codes: as for check (0 all pass, 1 a project fails; the report is written either way),
    2 usage error, 3 the policies could not be evaluated.

    \b
    Examples:
      llm-policy audit examples/ --out audit/
      llm-policy audit . --out audit/ --timestamp 2025-01-31T12:00:00Z
      llm-policy audit . --out audit/ --sign-key audit-key.pem
      llm-policy audit . --out audit/ --paper letter --prepared-by 'Jane Doe 2026-12-01'
      llm-policy verify audit/ --key audit-key.pub.pem
    """
    from checker.audit.settings import AuditSettings
    from checker.audit.timestamp import audit_timestamp
    from checker.commands.audit import execute

    ctx = click.get_current_context()
    moment = audit_timestamp(timestamp)
    # Expiry as of the report's date, not the wall clock: a fixed --timestamp reproduces.
    run = build_run_settings(ctx, as_of=dt.date.fromisoformat(moment[:10]))
    signers = {"preparedBy": prepared_by, "reviewedBy": reviewed_by, "approvedBy": approved_by}
    return execute(
        AuditSettings(
            run=run,
            out=out,
            timestamp=moment,
            sign_key=sign_key,
            sign_off=signers,
            paper=paper,
        )
    )
