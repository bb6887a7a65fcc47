"""`llm-policy bundle build`."""

from __future__ import annotations

from pathlib import Path

import click

from checker.cli.build import run_with_catalog, verbosity
from checker.cli.command import ConfiguredCommand
from checker.cli.errors import exits
from checker.cli.options import policy_options, signing_options


@click.group()
def bundle() -> None:
    """OPA bundles of the policies and catalog, for a fleet of OPA servers.

    \b
    Examples:
      llm-policy bundle build --out bundle.tar.gz
      llm-policy bundle build --out bundle.tar.gz --signing-key bundle-signing.pem
    """


# Its settings carry no catalog: its --catalog is put in force for the call.
@run_with_catalog
@bundle.command("build", cls=ConfiguredCommand, config_keys=("policies", "data", "catalog"))
@click.option(
    "-o",
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the bundle (tar.gz) here.",
)
@click.option(
    "--revision",
    metavar="REV",
    help="The bundle's .manifest revision  [default: the policy digest, sha256:...]",
)
@signing_options
@click.option("--scope", default="", help="Signature scope, if OPA's key config sets one.")
@policy_options
@click.option("-v", "--verbose", count=True, help="More detail (repeatable).")
@click.option("-q", "--quiet", count=True, help="Print nothing on success.")
@exits
def build(
    *,
    out: Path,
    revision: str | None,
    signing_key: Path | None,
    signing_alg: str,
    signing_key_id: str,
    scope: str,
    policies: tuple[Path, ...],
    data: tuple[Path, ...],
    verbose: int,
    quiet: int,
) -> int:
    """Write the policies (without tests) and the merged catalog and settings as an OPA bundle.

    The bundle's .manifest has the revision (the policy digest unless --revision) and the roots
    llm, catalog and settings (plus any other top-level package or data document that
    --policies or --data add). Serve it to OPA servers as a bundle and point `check --engine opa
    --opa-url URL --no-push` at them; see docs/running-at-scale.md.

    \b
    Examples:
      llm-policy bundle build --out bundle.tar.gz
      llm-policy bundle build --out bundle.tar.gz --data org-catalog.yaml --policies org-policies/
      llm-policy bundle build --out bundle.tar.gz --signing-key bundle-signing.pem
    """
    from checker.commands.bundle import BundleSettings, execute

    settings = BundleSettings(
        out=out,
        revision=revision,
        policies=policies,
        data=data,
        signing_key=signing_key,
        signing_alg=signing_alg,
        signing_key_id=signing_key_id,
        scope=scope,
        verbosity=verbosity(verbose, quiet),
    )
    return execute(settings)
