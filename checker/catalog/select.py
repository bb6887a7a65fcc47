"""Which catalog a run decides with.

`--catalog` (or `catalog:` in the configuration) names one: `shipped`, a catalog folder, a
catalog bundle file (`llm-policy catalog build`; read as a local file the user chose, like a
`--data` overlay: its signature is checked by `catalog update`, which needs the key), or an
installed version. A path that exists wins over a version of the same spelling.

Without one, the catalog in force is the installed `current` one (`llm-policy catalog update`
or `catalog use`), unless the shipped catalog is dated later (a newer llm-policy was installed
since): an older download never shadows the catalog a release ships. Else the shipped one.

Commands whose settings carry the catalog (`RunSettings.catalog`) pass it on explicitly. Those
whose settings do not (`models`, `bundle build`, `test`) run inside `pinned(value)`, which
`catalog_in_force` reads; it is set for the command's call only.
"""

from __future__ import annotations

import contextlib
import contextvars
import typing as t
from pathlib import Path

from checker.catalog.checks import check_catalog
from checker.catalog.model import SHIPPED, Catalog, is_version, load_folder, shipped_catalog
from checker.catalog.model import shipped_version as _shipped_version
from checker.catalog.store import CatalogStore
from checker.errors import UsageError

_PINNED: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "llm_policy_catalog", default=None
)


@contextlib.contextmanager
def pinned(value: str | None) -> t.Iterator[None]:
    """Within the block, `catalog_in_force()` is the catalog `value` names (None: no pin)."""
    token = _PINNED.set(value)
    try:
        yield
    finally:
        _PINNED.reset(token)


def load_bundle_file(path: Path) -> Catalog:
    """The catalog in a bundle file, read without its signature (see the module docstring)."""
    # A bundle is the rare case: its readers (tarfile, gzip, hmac) load only for it.
    from checker.catalog.bundle import catalog_of, read_bundle
    from checker.catalog.fetch import fetch

    files = read_bundle(fetch(str(path)), str(path))
    return catalog_of(files, str(path))


def resolve(value: str, store: CatalogStore | None = None) -> Catalog:
    """The catalog `value` names: `shipped`, a folder, a bundle file or an installed version."""
    if value == SHIPPED:
        return shipped_catalog()
    path = Path(value)
    if path.is_dir():
        catalog = load_folder(path)
    elif path.is_file():
        catalog = load_bundle_file(path)
    elif is_version(value):
        catalog = (store or CatalogStore()).load(value)
    else:
        raise UsageError(
            f"catalog {value!r}: no such folder or bundle file, and not a version (see"
            " llm-policy catalog list)"
        )
    check_catalog(catalog)
    return catalog


def _shipped_is_newer(installed_date: str | None) -> bool:
    shipped_date = _shipped_version()[1]
    return bool(installed_date and shipped_date and installed_date < shipped_date)


def catalog_in_force(store: CatalogStore | None = None) -> Catalog | None:
    """The pinned catalog, else the installed current one; None: the shipped catalog."""
    value = _PINNED.get()
    if value is not None:
        return resolve(value, store)
    store = store or CatalogStore()
    version = store.current()
    if version is None:
        return None
    date = store.manifest(version).get("date")
    if _shipped_is_newer(date if isinstance(date, str) else None):
        return None
    catalog = store.load(version)
    check_catalog(catalog)
    return catalog


def describe_in_force(store: CatalogStore | None = None) -> tuple[str | None, str]:
    """(version, which) of the catalog in force without a pin, read from manifests only.

    `which` is "installed" or "shipped" (with why, when an installed one is not used).
    """
    store = store or CatalogStore()
    shipped_version, _ = _shipped_version()
    version = store.current()
    if version is None:
        return shipped_version, "shipped"
    date = store.manifest(version).get("date")
    if _shipped_is_newer(date if isinstance(date, str) else None):
        return shipped_version, f"shipped (newer than the installed current {version})"
    return version, "installed"
