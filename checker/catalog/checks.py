"""What a catalog must be before a run decides with it, or `catalog update` installs it.

Each problem is a `UsageError` (exit 2) that names the entry and the file (with the line when
the file can be read with positions); a catalog that fails is never used or installed, so the
catalog in force stays in force.

- every document the rules read is there, as an object (`model.DOCUMENTS`);
- `version` can name a folder (`model.VERSION`) and `date` is an ISO date;
- every lifecycle `deprecatedOn` / `retiredOn` is an ISO date or null: the governance rules
  compare them with the run's day, and a date Rego cannot parse would silently never match;
- no alias names two models (`checker.aliases` builds the index and refuses a clash).
"""

from __future__ import annotations

import typing as t
from pathlib import Path

from checker.catalog.model import (
    DATA_FILE_NAMES,
    DOCUMENTS,
    Catalog,
    is_iso_date,
    is_version,
)
from checker.data_files import read_data_file
from checker.errors import UsageError
from checker.loader import LoadedManifest, format_path, load_manifest

LIFECYCLE_DATES = ("deprecatedOn", "retiredOn")
_MAX_BYTES = 64 * 1024 * 1024  # a catalog file read again only to say on which line it errs
_MISSING = object()

# (file, where its document sits in the data tree): ("catalog", "lifecycle") for a catalog's
# lifecycle file, () for a --data overlay
Source: t.TypeAlias = "tuple[Path, tuple[str, ...]]"


def check_structure(catalog: Catalog, *, require_version: bool = False) -> None:
    """Every document present as an object; a valid version and date (required for bundles)."""
    problems = []
    for document in DOCUMENTS:
        value = catalog.data.get(document)
        if not isinstance(value, dict):
            what = "is missing" if value is None else "must be an object keyed by id"
            problems.append(f"{catalog.file_of(document)}: catalog.{document} {what}")
    head = catalog.file_of("")
    version, date = catalog.data.get("version"), catalog.data.get("date")
    if version is None:
        if require_version:
            problems.append(f'{head}: catalog.version is missing (e.g. version: "2027.01.15")')
    elif not isinstance(version, str) or not is_version(version):
        problems.append(
            f"{head}: catalog.version {version!r} is not a version: letters, digits, '.', '_',"
            " '+' and '-', starting with a letter or digit, at most 64 (e.g. \"2027.01.15\")"
        )
    if date is None:
        if require_version:
            problems.append(f'{head}: catalog.date is missing (e.g. date: "2027-01-15")')
    elif not is_iso_date(date):
        problems.append(f"{head}: catalog.date {date!r} is not a date: write YYYY-MM-DD")
    if problems:
        raise UsageError(f"catalog {catalog.origin} cannot be used:\n" + "\n".join(problems))


def lifecycle_problems(lifecycle: t.Any) -> list[tuple[tuple[str, ...], t.Any, str]]:
    """(path under data.catalog.lifecycle, value, message) for each malformed entry or date."""
    if lifecycle is None:
        return []
    if not isinstance(lifecycle, dict):
        return [((), lifecycle, "must be an object keyed by catalog model id")]
    problems: list[tuple[tuple[str, ...], t.Any, str]] = []
    for model, providers in lifecycle.items():
        if not isinstance(providers, dict):
            problems.append(((model,), providers, "must be an object keyed by provider id"))
            continue
        for provider, entry in providers.items():
            if not isinstance(entry, dict):
                problems.append(((model, provider), entry, "must be an object (status, dates)"))
                continue
            for field in LIFECYCLE_DATES:
                value = entry.get(field)
                if value is not None and not is_iso_date(value):
                    message = f"{value!r} is not a date: write an ISO date (YYYY-MM-DD) or null"
                    problems.append(((model, provider, field), value, message))
    return problems


def _lookup(document: t.Any, parts: t.Sequence[str]) -> t.Any:
    for part in parts:
        if not isinstance(document, dict) or part not in document:
            return _MISSING
        document = document[part]
    return document


def _same(found: t.Any, value: t.Any) -> bool:
    # The positions loader keeps every date as text; the data loader may have read a date.
    return found is not _MISSING and (found == value or str(found) == str(value))


def _locate(parts: tuple[str, ...], value: t.Any, sources: t.Sequence[Source]) -> str | None:
    """`file:line:column` (or the file) of the last source that gave `value` at `parts`."""
    for file, prefix in reversed(sources):
        if parts[: len(prefix)] != prefix or not file.is_file():
            continue
        inner = parts[len(prefix) :]
        loaded = load_manifest(file, max_bytes=_MAX_BYTES)
        if isinstance(loaded, LoadedManifest):
            if _same(_lookup(loaded.data, inner), value):
                where = loaded.source_map.locate(format_path(inner))
                return f"{file}:{where[0]}:{where[1]}" if where else str(file)
            continue
        try:  # a file the strict loader refuses: name it without a line
            if _same(_lookup(read_data_file(file), inner), value):
                return str(file)
        except UsageError:
            continue
    return None


def check_lifecycle(
    catalog: t.Mapping[str, t.Any],
    sources: t.Callable[[], t.Sequence[Source]],
    fallback: str = "",
) -> None:
    """Refuse lifecycle dates that are not ISO dates or null, naming each entry and its file.

    `catalog` is the merged `data.catalog`; `sources` lists, on the error path only, the files
    that may have given it (the catalog's lifecycle file, then the overlays, in merge order);
    `fallback` names the catalog when no file holds the value (a bundle read in memory).
    """
    problems = lifecycle_problems(catalog.get("lifecycle"))
    if not problems:
        return
    candidates = sources()
    lines = []
    for parts, value, message in problems:
        full = ("catalog", "lifecycle", *parts)
        where = _locate(full, value, candidates)
        name = format_path(full[1:])
        where = where or fallback
        lines.append(f"{where}: {name}: {message}" if where else f"data.catalog.{name}: {message}")
    raise UsageError("invalid catalog lifecycle dates:\n" + "\n".join(lines))


def catalog_sources(catalog: Catalog | None, shipped: Path) -> list[Source]:
    """The lifecycle file of `catalog` (or of the catalog under the policies folder `shipped`)."""
    root = catalog.root if catalog is not None else shipped / "catalog"
    if root is None:
        return []
    return [(root / "lifecycle" / name, ("catalog", "lifecycle")) for name in DATA_FILE_NAMES]


def check_aliases(catalog: Catalog) -> None:
    """No alias under two models (`checker.aliases`), the error naming this catalog's file."""
    from checker.aliases import ALIASES_FILE, build_alias_index

    try:
        build_alias_index(catalog.data)
    except UsageError as exc:
        message = str(exc).removeprefix(f"{ALIASES_FILE}: ")
        raise UsageError(f"{catalog.file_of('aliases')}: {message}") from exc


def check_catalog(catalog: Catalog, *, require_version: bool = False) -> None:
    """Every check above on one catalog, before it is used or installed."""
    check_structure(catalog, require_version=require_version)
    check_lifecycle(
        catalog.data, lambda: catalog_sources(catalog, Path()), catalog.file_of("lifecycle")
    )
    check_aliases(catalog)
