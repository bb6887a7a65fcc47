"""What a catalog must be: its documents, version and date, and lifecycle dates."""

from __future__ import annotations

import datetime as dt
import typing as t
from pathlib import Path

import pytest

from checker.catalog.checks import check_catalog, check_lifecycle, lifecycle_problems
from checker.catalog.model import Catalog, is_iso_date, is_version, shipped_catalog
from checker.errors import UsageError


def test_the_shipped_catalog_passes() -> None:
    check_catalog(shipped_catalog(), require_version=True)


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("2026-12-01", True),
        (dt.date(2026, 12, 1), True),
        (None, False),
        ("2026-13-01", False),
        ("2026-02-30", False),
        ("20261201", False),  # fromisoformat reads it on 3.11; the catalog writes YYYY-MM-DD
        ("2026-12-01T00:00:00", False),
        (dt.datetime(2026, 12, 1), False),
        ("early 2027", False),
        (20261201, False),
    ],
)
def test_iso_dates(value: t.Any, ok: bool) -> None:
    assert is_iso_date(value) is ok


def test_versions() -> None:
    assert is_version("2026.12.01") and is_version("2027.01.15-rc1+org")
    for bad in ("", ".x", "-x", "a/b", "a\\b", "current", "shipped", "v" * 65, "a b"):
        assert not is_version(bad), bad


def test_lifecycle_problems_name_each_entry() -> None:
    lifecycle = {
        "m1": {"p1": {"retiredOn": "2026-13-01", "deprecatedOn": None}, "p2": "retired"},
        "m2": ["not", "an", "object"],
        "m3": {"p1": {"deprecatedOn": "2026-01-01", "retiredOn": dt.date(2026, 6, 1)}},
    }
    problems = [(parts, message) for parts, _, message in lifecycle_problems(lifecycle)]
    assert problems == [
        (
            ("m1", "p1", "retiredOn"),
            "'2026-13-01' is not a date: write an ISO date (YYYY-MM-DD) or null",
        ),
        (("m1", "p2"), "must be an object (status, dates)"),
        (("m2",), "must be an object keyed by provider id"),
    ]


def test_a_bad_date_names_the_file_and_line_of_the_last_source_that_gave_it(tmp_path: Path) -> None:
    catalog_file = tmp_path / "lifecycle.yaml"
    catalog_file.write_text('gpt-4o:\n  openai:\n    retiredOn: "2026-12-32"\n')
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text("settings: {}\n")
    merged = {"lifecycle": {"gpt-4o": {"openai": {"retiredOn": "2026-12-32"}}}}
    sources = [(catalog_file, ("catalog", "lifecycle")), (overlay, ())]
    with pytest.raises(UsageError) as caught:
        check_lifecycle(merged, lambda: sources)
    assert f"{catalog_file}:3:5: lifecycle.gpt-4o.openai.retiredOn: '2026-12-32'" in str(
        caught.value
    )
    # the overlay wins when it gave the value
    overlay.write_text(
        'catalog:\n  lifecycle:\n    gpt-4o:\n      openai:\n        retiredOn: "2026-12-32"\n'
    )
    with pytest.raises(UsageError, match=rf"{overlay}:5:9: lifecycle"):
        check_lifecycle(merged, lambda: sources)
    # no file: the fallback names the catalog
    with pytest.raises(UsageError, match=r"bundle.tar.gz \(lifecycle\): lifecycle.gpt-4o"):
        check_lifecycle(merged, lambda: [], "bundle.tar.gz (lifecycle)")
    # sources are only read on the error path
    check_lifecycle({"lifecycle": {}}, lambda: pytest.fail("read without an error"))


def test_structure(tmp_path: Path) -> None:
    data = dict(shipped_catalog().data)
    del data["regions"]
    data["date"] = "01/12/2026"
    with pytest.raises(UsageError) as caught:
        check_catalog(Catalog(data, "test"), require_version=True)
    message = str(caught.value)
    assert "catalog test cannot be used" in message
    assert "catalog.regions is missing" in message
    assert "catalog.date '01/12/2026' is not a date" in message
    del data["version"], data["date"]
    check_catalog(Catalog({**data, "regions": {}}, "test"))  # a folder may be unversioned
    with pytest.raises(UsageError, match=r"catalog\.version is missing"):
        check_catalog(Catalog({**data, "regions": {}}, "test"), require_version=True)
