"""A catalog: the `data.catalog` document, where it came from, and its version and date.

A catalog folder is laid out as `policies/catalog/` is (OPA's data convention): `data.yaml` at
its top holds `version` and `date`, and `<document>/data.yaml` (or `.json`) holds each document
(`models/data.yaml` is `data.catalog.models`). An installed catalog and an extracted bundle keep
the same tree under `catalog/`, in JSON.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import typing as t
from dataclasses import dataclass
from pathlib import Path

from checker.data_files import deep_merge, read_data_file
from checker.errors import UsageError
from checker.resources import resource_dir

# The documents every catalog holds (the rules read each one; a missing one fails closed, which
# is never what an update means to do, so a catalog without one is refused).
DOCUMENTS = ("models", "licenses", "providers", "regions", "regulation", "lifecycle", "aliases")
DATA_FILE_NAMES = ("data.json", "data.yaml", "data.yml")
# A version names a folder in the user cache: no separator, no leading dot, short.
VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z._+-]{0,63}")
RESERVED = ("current", "shipped")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
SHIPPED = "shipped"


class Choice(enum.Enum):
    """What `build_policy_set` decides with when it is given no catalog of its own."""

    #: the catalog in force: a pinned one, else the installed current one, else the shipped one
    IN_FORCE = "in force"


def shipped_catalog_dir() -> Path:
    """The shipped catalog folder (`policies/catalog`)."""
    return resource_dir("policies") / "catalog"


def is_version(value: str) -> bool:
    """Whether `value` can be a catalog version (and so the name of an installed folder)."""
    return VERSION.fullmatch(value) is not None and value not in RESERVED


def is_iso_date(value: t.Any) -> bool:
    """A `YYYY-MM-DD` text that is a real day, or a date YAML read as one."""
    if isinstance(value, dt.datetime):
        return False
    if isinstance(value, dt.date):
        return True
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Catalog:
    """The `data.catalog` document, how to name where it came from, and the folder of its files.

    `root` is the folder holding `data.yaml` and `<document>/data.yaml` (or `.json`); None for a
    catalog read from a bundle in memory.
    """

    data: dict[str, t.Any]
    origin: str
    root: Path | None = None

    @property
    def version(self) -> str | None:
        """`data.catalog.version`, when it is text."""
        value = self.data.get("version")
        return value if isinstance(value, str) else None

    @property
    def date(self) -> str | None:
        """`data.catalog.date`, when it is text."""
        value = self.data.get("date")
        return value if isinstance(value, str) else None

    def file_of(self, document: str) -> str:
        """The file that holds `document` ("" for the version and date), as messages name it."""
        if self.root is not None:
            folder = self.root / document if document else self.root
            for name in DATA_FILE_NAMES:
                if (folder / name).is_file():
                    return str(folder / name)
        return f"{self.origin} ({document or 'version'})"

    def describe(self) -> str:
        """`2026.12.01 (2026-12-01, the shipped catalog)`, for messages and text reports."""
        version = self.version or "unversioned"
        when = f"{self.date}, " if self.date else ""
        return f"{version} ({when}{self.origin})"


def catalog_root(folder: Path) -> Path:
    """The catalog tree in `folder`: the folder itself, or its `catalog/`.

    An installed catalog, an extracted bundle and a `policies/` folder hold it in `catalog/`.
    """
    own = any((folder / name).is_file() for name in DATA_FILE_NAMES) or (folder / "models").is_dir()
    if not own and (folder / "catalog").is_dir():
        return folder / "catalog"
    return folder


def load_folder(folder: Path, origin: str | None = None) -> Catalog:
    """The catalog in a folder (see the module docstring); no data file at all is a usage error."""
    root = catalog_root(folder)
    data: dict[str, t.Any] = {}
    found = False
    for path in sorted(root.rglob("data.*")):
        rel = path.relative_to(root)
        if path.name not in DATA_FILE_NAMES or any(p.startswith(".") for p in rel.parts):
            continue
        if not path.is_file():
            continue
        document = read_data_file(path, "catalog data")
        if not isinstance(document, dict):
            raise UsageError(f"{path}: a catalog data file must hold an object")
        for part in reversed(rel.parent.parts):
            document = {part: document}
        data = deep_merge(data, document)
        found = True
    if not found:
        raise UsageError(
            f"{folder}: no catalog here (a catalog folder holds data.yaml and models/data.yaml,"
            " licenses/data.yaml, ... as policies/catalog does)"
        )
    return Catalog(data, origin or str(folder), root)


def shipped_catalog() -> Catalog:
    """The catalog this llm-policy ships with."""
    return load_folder(shipped_catalog_dir(), "the shipped catalog")


def shipped_version() -> tuple[str | None, str | None]:
    """The shipped catalog's version and date, from its small `data.yaml` alone."""
    for name in DATA_FILE_NAMES:
        path = shipped_catalog_dir() / name
        if path.is_file():
            head = read_data_file(path, "catalog data")
            if isinstance(head, dict):
                version, date = head.get("version"), head.get("date")
                return (
                    version if isinstance(version, str) else None,
                    date if isinstance(date, str) else None,
                )
    return None, None
