"""`llm-policy audit`."""

from __future__ import annotations

from pathlib import Path

import click

from checker.cli.ci_options import effective_settings
from checker.cli.errors import exits
from checker.cli.options import check_engine_flags, engine_options, policy_options
from checker.config import DEFAULTS
from checker.settings import CheckSettings
from checker.severity import FAIL_ON_CHOICES, Threshold


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for audit.json, audit.html, audit.md and the seal (created if missing).",
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
    "--fail-on",
    type=click.Choice(FAIL_ON_CHOICES),
    help=f"Lowest severity that fails a project, as for check. Default: {DEFAULTS['fail-on']}.",
)
@click.option(
    "--waivers",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Waivers file (default: .llm-policy-waivers.yaml in the current folder, if present). "
    "Expiry dates are judged on the UTC date of the report's timestamp.",
)
@click.option("--no-waivers", is_flag=True, help="Ignore every waiver.")
@policy_options
@engine_options
@exits
def audit(
    *,
    paths: tuple[Path, ...],
    out: Path,
    timestamp: str | None,
    sign_key: Path | None,
    fail_on: str | None,
    waivers: Path | None,
    no_waivers: bool,
    policies: tuple[Path, ...],
    data: tuple[Path, ...],
    engine: str,
    opa_url: str | None,
    no_push: bool,
) -> int:
    """Check manifests and write an audit report an auditor can verify.

    Writes audit.json (evidence and every decision; the source of truth), audit.html (print it
    to PDF from a browser) and audit.md, all rendered from audit.json, plus audit.sha256, the
    seal that `llm-policy verify` checks (and audit.sha256.sig with --sign-key). Defaults for
    --fail-on, --policies, --data and --waivers come from the configuration, as for check.

    \b
    Exit codes: as for check (0 all pass, 1 a project fails; the report is written either way),
    2 usage error, 3 the policies could not be evaluated.

    \b
    Examples:
      llm-policy audit examples/ --out audit/
      llm-policy audit . --out audit/ --timestamp 2025-01-31T12:00:00Z
      llm-policy audit . --out audit/ --sign-key audit-key.pem
      llm-policy verify audit/ --key audit-key.pub.pem
    """
    from checker.audit.settings import AuditSettings
    from checker.commands.audit import execute

    check_engine_flags(engine, opa_url, no_push)
    chosen = effective_settings(
        fmt=None,
        fail_on=fail_on,
        policies=policies,
        data=data,
        waivers=waivers,
        no_waivers=no_waivers,
    )
    check = CheckSettings(
        paths=paths,
        engine=engine,
        opa_url=opa_url,
        push=not no_push,
        policies=tuple(chosen["policies"].value),
        data=tuple(chosen["data"].value),
        threshold=Threshold(chosen["fail-on"].value),
        waivers=chosen["waivers"].value or None,
    )
    return execute(AuditSettings(check=check, out=out, timestamp=timestamp, sign_key=sign_key))
