"""`llm-policy catalog build|update|list|use`: catalog bundles, and the catalogs installed.

`update` installs a bundle only once all of this holds, so a refused bundle changes nothing and
the catalog in force stays in force: it was read whole (a file, or one bounded http(s) GET), it
is a catalog bundle of a format this tool reads, its signature verifies with the key given and
covers exactly its files, its catalog passes `checker.catalog.checks`, and it is not dated
earlier than the catalog in force (unless `allow_older`). Then `CatalogStore.install` puts it in
place atomically and `current` is pointed at it; the previous catalog is kept.
"""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

import click

from checker.bundles.signing import DEFAULT_KEY_ID, Signing
from checker.catalog.bundle import (
    Verification,
    build_catalog_bundle,
    catalog_of,
    read_bundle,
    read_manifest,
    verify_signature,
)
from checker.catalog.fetch import Limits, fetch, is_url
from checker.catalog.model import SHIPPED, load_folder, shipped_catalog, shipped_version
from checker.catalog.select import describe_in_force
from checker.catalog.store import CatalogStore
from checker.errors import UsageError
from checker.output import write_atomic
from checker.terminal import clean


@dataclass(frozen=True)
class BuildSettings:
    """`catalog build`: the folder (None: the shipped catalog), the output, how to sign."""

    out: Path
    source: Path | None = None
    signing_key: Path | None = None
    signing_alg: str = "RS256"
    signing_key_id: str = DEFAULT_KEY_ID
    verbosity: int = 1


@dataclass(frozen=True)
class UpdateSettings:
    """`catalog update`: where the bundle is, how to verify it, the limits of the download."""

    source: str
    verification_key: Path
    verification_alg: str | None = None
    limits: Limits = field(default_factory=Limits)
    allow_older: bool = False
    verbosity: int = 1


def _read_key(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the {what}: {exc.strerror or exc}") from exc


def build(settings: BuildSettings) -> int:
    """Write the catalog bundle of a catalog folder (or the shipped one), maybe signed."""
    catalog = load_folder(settings.source) if settings.source else shipped_catalog()
    signing = None
    if settings.signing_key is not None:
        key = _read_key(settings.signing_key, "signing key")
        signing = Signing(settings.signing_alg, key, settings.signing_key_id)
    archive = build_catalog_bundle(catalog, signing)
    write_atomic(settings.out, archive)
    if settings.verbosity >= 1:
        signed = f"signed {signing.algorithm} (key id {signing.key_id})" if signing else "unsigned"
        click.echo(f"wrote {settings.out}: catalog {catalog.describe()}, {signed}", err=True)
    return 0


def _in_force(store: CatalogStore) -> tuple[str | None, str | None, bool]:
    """(version, date, installed?) of the catalog in force without a pin.

    A broken installed catalog counts as the shipped one: an update is how to mend it, and the
    shipped catalog's date still bounds how old a catalog it installs may be.
    """
    try:
        version, which = describe_in_force(store)
        if which == "installed" and version is not None:
            date = store.manifest(version).get("date")
            return version, date if isinstance(date, str) else None, True
    except UsageError:
        pass
    return (*shipped_version(), False)


def update(settings: UpdateSettings, store: CatalogStore | None = None) -> int:
    """Fetch, verify, check and install a catalog bundle, and put it in force; 0 when done."""
    store = store or CatalogStore()
    origin = clean(settings.source)
    raw = fetch(settings.source, settings.limits)
    files = read_bundle(raw, origin)
    read_manifest(files, origin)  # a newer format is named before its signature is read
    key = _read_key(settings.verification_key, "verification key")
    verification = Verification(key, settings.verification_alg, str(settings.verification_key))
    verify_signature(files, verification, origin)
    catalog = catalog_of(files, origin)
    version = t.cast(str, catalog.version)  # catalog_of requires one
    before, before_date, before_installed = _in_force(store)
    older = catalog.date and before_date and catalog.date < before_date
    if older and not settings.allow_older and version != before:
        raise UsageError(
            f"{origin}: refused: catalog {version} is dated {catalog.date}, earlier than the"
            f" catalog in force ({before}, {before_date}); pass --allow-older to install it"
            " anyway, or llm-policy catalog use VERSION for one installed before"
        )
    fresh = store.install(files, version)
    store.use(version)
    if settings.verbosity >= 1:
        how = "installed" if fresh else "already installed"
        where = "downloaded" if is_url(settings.source) else "read"
        previous = ""
        if before and before != version:
            kept = "kept" if before_installed else "the shipped one"
            previous = f"; previous: {before} ({kept})"
        click.echo(
            f"catalog {version} ({catalog.date}) {how} in {store.folder(version)},"
            f" {where} from {origin}, signature verified; {_in_force_words(store)}{previous}",
            err=True,
        )
    return 0


def _in_force_words(store: CatalogStore) -> str:
    which = describe_in_force(store)[1]
    if which == "installed":
        return "now in force"
    return f"but the {which} stays in force (pin this one with --catalog {store.current()})"


def list_catalogs(fmt: str, store: CatalogStore | None = None) -> int:
    """The installed catalogs, the shipped one, and which is in force."""
    store = store or CatalogStore()
    shipped, shipped_date = shipped_version()
    try:
        current = store.current()
        version, which = describe_in_force(store)
    except UsageError as exc:  # list what is there, and say what is broken
        current, version, which = None, None, f"error: {exc}"
    installed = store.installed()
    if fmt == "json":
        document = {
            "store": str(store.root),
            "current": current,
            "inForce": {"version": version, "source": which},
            "shipped": {"version": shipped, "date": shipped_date},
            "installed": [
                {"version": i.version, "date": i.date, "folder": str(i.folder)} for i in installed
            ],
        }
        click.echo(json.dumps(document, indent=2))
        return 0
    click.echo(f"installed catalogs in {store.root}:")
    for item in installed:
        mark = "*" if item.version == current else " "
        click.echo(f"{mark} {item.version:24} {item.date or '-'}")
    if not installed:
        click.echo("  none")
    click.echo(f"shipped: {shipped} ({shipped_date})")
    click.echo(f"in force: {version} ({which})")
    return 0


def use(version: str, store: CatalogStore | None = None) -> int:
    """Put an installed catalog (or the shipped one) in force."""
    store = store or CatalogStore()
    if version == SHIPPED:
        store.use(None)
        click.echo("the shipped catalog is in force (installed catalogs are kept)", err=True)
        return 0
    catalog = store.load(version)
    from checker.catalog.checks import check_catalog

    check_catalog(catalog)
    store.use(version)
    click.echo(f"catalog {catalog.describe()} is current: {_in_force_words(store)}", err=True)
    return 0
