"""The store of installed catalogs: atomic installs, the `current` pointer, what is refused."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from checker.catalog import store as store_module
from checker.catalog.bundle import bundle_files
from checker.catalog.model import load_folder
from checker.catalog.store import INCOMING, CatalogStore, cache_home
from checker.errors import UsageError
from tests.catalog_bundles import changed_catalog


@pytest.fixture
def files(tmp_path: Path) -> dict[str, bytes]:
    return bundle_files(
        load_folder(changed_catalog(tmp_path / "catalog", "2027.01.15", "2027-01-15"))
    )


@pytest.fixture
def store(tmp_path: Path) -> CatalogStore:
    return CatalogStore(tmp_path / "cache" / "catalogs")


def entries(store: CatalogStore) -> list[str]:
    return sorted(p.name for p in store.root.iterdir()) if store.root.is_dir() else []


def test_the_cache_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cache_home({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "llm-policy"
    # a relative XDG_CACHE_HOME is ignored, as the XDG specification says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_home({"XDG_CACHE_HOME": "rel"}) == tmp_path / "home" / ".cache" / "llm-policy"
    assert cache_home({}) == tmp_path / "home" / ".cache" / "llm-policy"


def test_install_use_and_load(store: CatalogStore, files: dict[str, bytes]) -> None:
    assert store.current() is None and store.versions() == []
    assert store.install(files, "2027.01.15") is True
    assert entries(store) == ["2027.01.15"]  # installing is not using
    assert store.current() is None
    store.use("2027.01.15")
    assert store.current() == "2027.01.15"
    assert (store.root / "current").read_text() == "2027.01.15\n"
    catalog = store.load("2027.01.15")
    assert catalog.version == "2027.01.15" and catalog.date == "2027-01-15"
    assert catalog.data["models"]["llama-3.1-70b"]["gpuMemoryGb"]["int4"] == 170
    assert [i.date for i in store.installed()] == ["2027-01-15"]
    store.use(None)
    assert store.current() is None and store.versions() == ["2027.01.15"]


def test_the_same_files_again_are_no_change_other_files_are_refused(
    store: CatalogStore, files: dict[str, bytes]
) -> None:
    assert store.install(files, "2027.01.15") is True
    assert store.install(dict(files), "2027.01.15") is False
    changed = {**files, "catalog/data.json": files["catalog/data.json"] + b" "}
    with pytest.raises(UsageError, match=r"already installed .* with other content"):
        store.install(changed, "2027.01.15")


def test_an_install_that_fails_midway_leaves_nothing(
    store: CatalogStore, files: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    store.install(files, "2026.12.15")
    store.use("2026.12.15")
    written = []
    real = store_module._write_new

    def failing(path: Path, content: bytes) -> None:
        if len(written) == 3:
            raise OSError(28, "No space left on device")
        written.append(path)
        real(path, content)

    monkeypatch.setattr(store_module, "_write_new", failing)
    with pytest.raises(UsageError, match="No space left on device"):
        store.install(files, "2027.01.15")
    assert entries(store) == ["2026.12.15", "current"]  # no partial folder, no leftover
    assert store.current() == "2026.12.15"

    def interrupted(path: Path, content: bytes) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(store_module, "_write_new", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.install(files, "2027.01.15")
    assert entries(store) == ["2026.12.15", "current"]


def test_a_killed_install_leaves_only_a_hidden_folder_swept_later(
    store: CatalogStore, files: dict[str, bytes]
) -> None:
    store.root.mkdir(parents=True)
    stale, fresh = store.root / f"{INCOMING}old", store.root / f"{INCOMING}new"
    for folder in (stale, fresh):
        (folder / "catalog").mkdir(parents=True)
    hour_ago = time.time() - 2 * 3600
    os.utime(stale, (hour_ago, hour_ago))
    assert store.versions() == []  # never read as a catalog
    store.install(files, "2027.01.15")
    assert entries(store) == [f"{INCOMING}new", "2027.01.15"]  # a fresh one may be another install


def test_versions_and_pointers_that_are_refused(
    store: CatalogStore, files: dict[str, bytes]
) -> None:
    for bad in ("../x", "a/b", ".hidden", "", "current", "shipped", "x" * 65):
        with pytest.raises(UsageError, match="is not a catalog version"):
            store.folder(bad)
    with pytest.raises(UsageError, match=r"catalog 2027\.01\.15 is not installed"):
        store.use("2027.01.15")
    with pytest.raises(UsageError, match=r"is not installed .* \(installed: none\)"):
        store.load("2027.01.15")
    store.root.mkdir(parents=True)
    (store.root / "current").write_text("../../etc\n")
    with pytest.raises(UsageError, match="names no catalog version"):
        store.current()


def test_an_installed_catalog_whose_files_do_not_match_its_name_is_refused(
    store: CatalogStore, files: dict[str, bytes]
) -> None:
    store.install(files, "2027.01.15")
    os.rename(store.root / "2027.01.15", store.root / "2027.02.01")
    with pytest.raises(UsageError, match=r"holds catalog version '2027\.01\.15', not"):
        store.load("2027.02.01")
    (store.root / "2027.02.01" / ".manifest").write_text(
        '{"kind": "llm-policy-catalog", "format": 9}'
    )
    with pytest.raises(UsageError, match="format 9 is newer"):
        store.load("2027.02.01")
