"""Which catalog a run decides with: a pin, the installed current one, or the shipped one."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.catalog.bundle import bundle_files
from checker.catalog.model import load_folder, shipped_version
from checker.catalog.select import catalog_in_force, describe_in_force, pinned, resolve
from checker.catalog.store import CatalogStore
from checker.errors import UsageError
from checker.policy_set import build_policy_set
from tests.catalog_bundles import changed_catalog


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CatalogStore:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return CatalogStore()


def install(store: CatalogStore, tmp_path: Path, version: str, date: str) -> None:
    catalog = load_folder(changed_catalog(tmp_path / version, version, date))
    store.install(bundle_files(catalog), version)
    store.use(version)


def test_the_installed_current_catalog_is_in_force(store: CatalogStore, tmp_path: Path) -> None:
    assert catalog_in_force(store) is None
    assert describe_in_force(store) == (shipped_version()[0], "shipped")
    install(store, tmp_path, "2027.01.15", "2027-01-15")
    found = catalog_in_force(store)
    assert found is not None and found.version == "2027.01.15"
    assert describe_in_force(store) == ("2027.01.15", "installed")
    assert build_policy_set().data["catalog"]["version"] == "2027.01.15"
    # another revision's policies (impact) keep their own catalog
    other = tmp_path / "policies"
    (other / "catalog").mkdir(parents=True)
    (other / "catalog" / "data.yaml").write_text('version: "old"\n')
    assert build_policy_set(shipped=other).data["catalog"] == {"version": "old"}
    # None keeps the shipped catalog
    assert build_policy_set(catalog=None).data["catalog"]["version"] == shipped_version()[0]


def test_an_installed_catalog_older_than_the_shipped_one_does_not_shadow_it(
    store: CatalogStore, tmp_path: Path
) -> None:
    install(store, tmp_path, "2026.01.01", "2026-01-01")
    assert catalog_in_force(store) is None
    version, which = describe_in_force(store)
    assert version == shipped_version()[0]
    assert which == "shipped (newer than the installed current 2026.01.01)"
    assert resolve("2026.01.01", store).version == "2026.01.01"  # a pin still reaches it


def test_a_pin_holds_for_its_block_only(store: CatalogStore, tmp_path: Path) -> None:
    folder = changed_catalog(tmp_path / "pinned", "2027.05.01", "2027-05-01")
    with pinned(str(folder)):
        assert build_policy_set().data["catalog"]["version"] == "2027.05.01"
        with pinned("shipped"):
            assert build_policy_set().data["catalog"]["version"] == shipped_version()[0]
    assert catalog_in_force(store) is None
    with pytest.raises(UsageError, match="not a version"), pinned("no/such/thing"):
        build_policy_set()
    assert catalog_in_force(store) is None
