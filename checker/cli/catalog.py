"""`llm-policy schema`, `llm-policy models` and `llm-policy catalog ...`: what the tool knows."""

from __future__ import annotations

import json
import typing as t
from pathlib import Path

import click

from checker.bundles.signing import ALGORITHMS
from checker.catalog.fetch import Limits
from checker.cli.build import (
    build_output_settings,
    build_run_settings,
    catalog_choice,
    verbosity,
)
from checker.cli.command import ConfiguredCommand, configured
from checker.cli.errors import exits
from checker.cli.options import (
    catalog_option,
    decision_options,
    engine_options,
    output_options,
    policy_data_options,
    signing_options,
)
from checker.errors import UsageError
from checker.formats import CATALOG_DIFF_FORMATS

# The configuration keys `catalog diff` takes: those of the evaluating commands; its two
# catalogs are its arguments.
DIFF_KEYS = ("policies", "data", "fail-on", "waivers")


@click.command()
@exits
def schema() -> int:
    """Print the manifest JSON Schema (draft 2020-12).

    \b
    Examples:
      llm-policy schema > manifest.schema.json
      # yaml-language-server: $schema=./manifest.schema.json   (first line of a manifest)
    """
    from checker.validator import load_schema

    click.echo(json.dumps(load_schema(), indent=2))
    return 0


@configured(keys=("data", "catalog"))
@click.option(
    "--weights", type=click.Choice(("open", "closed")), help="Only open or closed weights."
)
@click.option("--provider", metavar="ID", help="Only models this provider serves.")
@click.option("--region", metavar="CODE", help="Only models available in this region.")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True
)
@click.option(
    "--data",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML/JSON overlay merged over the catalog (default: the configuration's); repeatable.",
)
@click.option(
    "--stale",
    is_flag=True,
    help="List the catalog entries (models, licences, providers, aliases, lifecycle records)"
    " whose facts were checked more than settings.factMaxAgeDays before --as-of.",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="The day --stale ages facts against (default: today).",
)
@catalog_option
@exits
def models(
    *,
    weights: str | None,
    provider: str | None,
    region: str | None,
    fmt: str,
    data: tuple[Path, ...],
    stale: bool,
    as_of: t.Any,
) -> int:
    """List the catalog's models with their licence and the providers that serve them.

    --data and --catalog default to the configuration's, as for check.

    \b
    Examples:
      llm-policy models
      llm-policy models --weights open
      llm-policy models --provider aws-bedrock --region eu
      llm-policy models --format json
      llm-policy models --stale
    """
    from checker.catalog.select import pinned
    from checker.commands.models import ModelsSettings, execute

    day = as_of.date() if as_of is not None else None
    settings = ModelsSettings(weights, provider, region, fmt, data, stale=stale, as_of=day)
    with pinned(catalog_choice(click.get_current_context())):
        return execute(settings)


@click.group("catalog")
def catalog() -> None:
    """The catalog as versioned data: build, install, list, choose and compare catalogs.

    A catalog bundle (catalog build) holds the catalog tree with its version and date, signed as
    bundle build signs OPA bundles. catalog update verifies one and installs it in the user cache
    ($XDG_CACHE_HOME/llm-policy/catalogs, default ~/.cache/llm-policy/catalogs), keeping the
    previous ones; every evaluating command then decides with it, unless --catalog pins
    another. See docs/catalog.md, "Updating the catalog between releases".

    \b
    Examples:
      llm-policy catalog build --out catalog.tar.gz --signing-key catalog-signing.pem
      llm-policy catalog update --from https://example.com/catalog.tar.gz \\
          --verification-key catalog-verification.pem
      llm-policy catalog list
      llm-policy catalog use shipped
      llm-policy catalog diff shipped 2027.01.15 services/
    """


@catalog.command("build")
@click.option(
    "-o",
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the catalog bundle (tar.gz) here.",
)
@click.option(
    "--from",
    "source",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The catalog folder to bundle (laid out as policies/catalog, with data.yaml holding"
    " version and date)  [default: the shipped catalog]",
)
@signing_options
@click.option("-v", "--verbose", count=True, help="More detail (repeatable).")
@click.option("-q", "--quiet", count=True, help="Print nothing on success.")
@exits
def catalog_build(
    *,
    out: Path,
    source: Path | None,
    signing_key: Path | None,
    signing_alg: str,
    signing_key_id: str,
    verbose: int,
    quiet: int,
) -> int:
    """Write a catalog bundle: the catalog tree, its version and date, and a signature.

    The catalog is checked first (every document, version, date, lifecycle dates, aliases); the
    same catalog gives the same bytes.

    \b
    Examples:
      llm-policy catalog build --out catalog.tar.gz --signing-key catalog-signing.pem
      llm-policy catalog build --out catalog.tar.gz --from my-catalog/ --signing-alg ES256 \\
          --signing-key ec-signing.pem
    """
    from checker.commands.catalog import BuildSettings, build

    return build(
        BuildSettings(
            out, source, signing_key, signing_alg, signing_key_id, verbosity(verbose, quiet)
        )
    )


@catalog.command("update")
@click.option(
    "--from",
    "source",
    required=True,
    metavar="FILE|URL",
    help="The catalog bundle: a file, or an http(s) URL (one GET; redirects are not followed).",
)
@click.option(
    "--verification-key",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="PEM public key the bundle's signature must verify with (or the HMAC secret file).",
)
@click.option(
    "--verification-alg",
    type=click.Choice(ALGORITHMS),
    help="The one JWT algorithm to accept  [default: those of the key's type: RSA RS*/PS*, EC"
    " ES* of its curve; HS* must be named]",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=Limits().max_bytes,
    show_default=True,
    help="Refuse a larger bundle.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=Limits().timeout,
    show_default=True,
    help="Seconds the whole download may take.",
)
@click.option(
    "--allow-older",
    is_flag=True,
    help="Install a catalog dated earlier than the one in force (a rollback you mean).",
)
@click.option("-q", "--quiet", count=True, help="Print nothing on success.")
@exits
def catalog_update(
    *,
    source: str,
    verification_key: Path,
    verification_alg: str | None,
    max_bytes: int,
    timeout: float,
    allow_older: bool,
    quiet: int,
) -> int:
    """Verify a catalog bundle and install it in the user cache; it is then in force.

    Nothing is installed unless the bundle is a catalog bundle of a format this llm-policy
    reads, its signature verifies with --verification-key and covers exactly its files, and
    its catalog passes the checks catalog build makes. The bundle is installed atomically
    (an interrupted download or install leaves the catalog in force as it was), the previous
    catalogs are kept (catalog use VERSION goes back), and `current` names the new one.

    \b
    Exit codes: 0 installed (or already installed); 2 refused or not read (nothing changed).

    \b
    Examples:
      llm-policy catalog update --from https://example.com/catalog.tar.gz \\
          --verification-key catalog-verification.pem
      llm-policy catalog update --from catalog.tar.gz --verification-key catalog.pub.pem
    """
    from checker.commands.catalog import UpdateSettings, update

    settings = UpdateSettings(
        source,
        verification_key,
        verification_alg,
        Limits(max_bytes, timeout),
        allow_older,
        verbosity(0, quiet),
    )
    return update(settings)


@catalog.command("list")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True
)
@exits
def catalog_list(*, fmt: str) -> int:
    """List the installed catalogs, the shipped one, and the one in force.

    \b
    Examples:
      llm-policy catalog list
      llm-policy catalog list --format json
    """
    from checker.commands.catalog import list_catalogs

    return list_catalogs(fmt)


@catalog.command("use")
@click.argument("version", metavar="VERSION|shipped")
@exits
def catalog_use(*, version: str) -> int:
    """Put an installed catalog (or the shipped one) in force; every catalog is kept.

    \b
    Examples:
      llm-policy catalog use 2026.12.15
      llm-policy catalog use shipped
    """
    from checker.commands.catalog import use

    return use(version)


@catalog.command("diff", cls=ConfiguredCommand, config_keys=DIFF_KEYS)
@click.argument("base", metavar="A")
@click.argument("head", metavar="B")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[MANIFEST]...")
@output_options(CATALOG_DIFF_FORMATS)
@decision_options
@policy_data_options
@engine_options
@exits
def catalog_diff(*, base: str, head: str, **_: object) -> int:
    """List the facts that changed from catalog A to catalog B, and whose decisions change.

    A and B are catalog folders, bundle files, installed versions or `shipped`. Each document's
    entries added, removed and changed are listed, field by field (old -> new). With
    manifests, each is decided under A and under B (with the policies, overlays, waivers and
    --fail-on of the configuration, as for check) and those whose pass/fail, verdicts or
    findings differ are listed, as impact lists them.

    \b
    Exit codes: 0 compared; 2 usage error (a catalog not found or refused); 3 the policies
    could not be evaluated.

    \b
    Examples:
      llm-policy catalog diff shipped 2027.01.15
      llm-policy catalog diff policies/catalog catalog.tar.gz services/ --format json
    """
    from checker.commands.catalog_diff import DiffSettings, execute

    ctx = click.get_current_context()
    if ctx.params.get("no_push"):
        raise UsageError(
            "catalog diff decides with two catalogs, so it must push them: drop --no-push"
        )
    return execute(build_run_settings(ctx), build_output_settings(ctx), DiffSettings(base, head))
