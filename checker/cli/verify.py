"""`llm-policy verify`."""

from __future__ import annotations

from pathlib import Path

import click

from checker.cli.errors import exits


@click.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--key",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="PEM Ed25519 public key: the report must carry a valid signature by its private half.",
)
@click.option(
    "--allow-unsigned",
    is_flag=True,
    help="Accept a signed report without checking its signature (no --key); without this, a "
    "signature left unchecked fails verification.",
)
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder the audit ran in: where its relative manifest and policy paths start.",
)
@exits
def verify(*, folder: Path, key: Path | None, root: Path, allow_unsigned: bool) -> int:
    """Check that an audit report, and its manifests and policies, are unchanged.

    Recomputes the sha256 of every report file (audit.json, audit.html, audit.md,
    audit.oscal.json) against the seal (audit.sha256), re-derives the report id from the
    evidence, holds the evidence against the results, checks that the HTML, Markdown and OSCAL
    files are what audit.json renders to, and rehashes the manifests and recomputes the policy
    digest and catalog where they are still present. Names every change.

    \b
    Without --key, the seal proves the files match each other, not who wrote them: anyone can
    rewrite a seal. Sign reports (audit --sign-key) and verify with --key, or keep the seal's
    digest (printed by audit) somewhere the report's editors cannot reach. A signed report
    fails without --key, unless --allow-unsigned accepts it unchecked.

    \b
    Exit codes: 0 intact; 1 something was altered, the report is signed and no --key was given
    (without --allow-unsigned), or --key given and the signature is missing or wrong; 2 usage
    error.

    \b
    Examples:
      llm-policy verify audit/
      llm-policy verify audit/ --key audit-key.pub.pem
      llm-policy verify audit/ --allow-unsigned    # signed, but no public key at hand
      llm-policy verify /archive/2025-q1/audit --root /src/checkout
    """
    from checker.audit.settings import VerifySettings
    from checker.commands.verify import execute

    return execute(VerifySettings(folder=folder, key=key, root=root, allow_unsigned=allow_unsigned))
