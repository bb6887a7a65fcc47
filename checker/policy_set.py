"""The policies and catalog data an engine evaluates: shipped, organisation and overlay files.

A `PolicySet` is built once per run from the shipped `policies/` bundle root, any `--policies DIR`
and any `--data FILE` overlays. Data files follow OPA's bundle convention: a file named
`data.json` or `data.yaml` at `a/b/` is the document at `data.a.b`.

The merged `data.settings` is checked against `schemas/settings.schema.json`, the one place a
setting's type, range and default are written: the shipped `settings/data.yaml` holds every
setting at that default, so neither the rules nor `checker.recommendation` keep fallbacks.
"""

from __future__ import annotations

import functools
import hashlib
import json
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

from checker.catalog.checks import catalog_sources, check_lifecycle
from checker.catalog.model import Catalog, Choice
from checker.data_files import deep_merge, read_data_file
from checker.errors import UsageError
from checker.loader import parse_path
from checker.parse_cache import parsed
from checker.policy_guard import check_organisation_data, check_organisation_packages, check_overlay
from checker.resources import resource_dir
from checker.user_files import load_schema, schema_problems

DATA_FILE_NAMES = ("data.json", "data.yaml", "data.yml")
SHIPPED_POLICIES = resource_dir("policies")
SETTINGS_SCHEMA = "settings.schema.json"


@dataclass(frozen=True)
class PolicySet:
    """Rego sources (path -> text) and the merged data document, with their digest."""

    sources: dict[str, str]
    tests: dict[str, str]
    data: dict[str, t.Any]
    roots: tuple[Path, ...] = field(default=())
    #: each source's name independent of where the run happens (`org<N>/<path in folder>`)
    stable_names: dict[str, str] = field(default_factory=dict)
    #: `data.settings` as the shipped policies give it, before any organisation file or overlay
    shipped_settings: dict[str, t.Any] = field(default_factory=dict)
    #: setting -> the organisation file or overlay that last set it (shipped ones are absent)
    setting_origins: dict[str, str] = field(default_factory=dict)

    @functools.cached_property
    def digest(self) -> str:
        """sha256 over every policy source and the merged data, the same from any folder.

        Computed once: a run reads it for the engine's provenance, the result cache's key and
        the report header, and each time cost a serialisation of the whole catalog.
        """
        h = hashlib.sha256()
        named = {self.stable_names.get(name, name): text for name, text in self.sources.items()}
        for name in sorted(named):
            h.update(name.encode() + b"\0" + named[name].encode() + b"\0")
        h.update(json.dumps(self.data, sort_keys=True, separators=(",", ":")).encode())
        return "sha256:" + h.hexdigest()


def _nest(parts: t.Sequence[str], value: t.Any) -> dict[str, t.Any]:
    for part in reversed(parts):
        value = {part: value}
    return t.cast(dict[str, t.Any], value)


@functools.cache
def setting_defaults() -> dict[str, t.Any]:
    """Every setting the schema describes, at its default (what `settings/data.yaml` ships)."""
    properties = load_schema(SETTINGS_SCHEMA)["properties"]
    return {name: spec["default"] for name, spec in properties.items()}


def _settings_problems(settings: t.Any) -> list[list[str]]:
    """[path, message] for each way `settings` fails the schema (empty: valid)."""
    return [[p.path, p.message] for p in schema_problems(settings, SETTINGS_SCHEMA)]


def check_settings(settings: t.Any, origins: t.Mapping[str, Path] | None = None) -> None:
    """Raise `UsageError` naming each bad setting, and the file that set it when `origins` says.

    `origins` maps a top-level setting (and "" for the `settings` document itself) to the data
    file that last gave it a value.
    """
    # The verdict is cached by content: the same settings validated before (every run with the
    # shipped ones) need no jsonschema, whose import alone costs about a third of a quick check.
    text = json.dumps([load_schema(SETTINGS_SCHEMA), settings], sort_keys=True, default=repr)
    problems = parsed("settings-problems", text, lambda _: _settings_problems(settings))
    if not problems:
        return
    origins = origins or {}
    lines = []
    for path, message in problems:
        parts = parse_path(path)
        origin = origins.get(str(parts[0]) if parts else "") or origins.get("")
        where = f"{origin}: " if origin else ""
        name = f"settings.{path}" if path and not path.startswith("[") else f"settings{path}"
        lines.append(f"{where}{name}: {message}")
    raise UsageError(
        f"invalid settings (schemas/{SETTINGS_SCHEMA} describes each one):\n" + "\n".join(lines)
    )


def _note_settings(document: dict[str, t.Any], path: Path, origins: dict[str, Path]) -> None:
    """Record `path` as the file that last set each setting in `document` (a whole data tree)."""
    if "settings" not in document:
        return
    origins[""] = path
    settings = document["settings"]
    if isinstance(settings, dict):
        origins.update(dict.fromkeys(settings, path))


def _load_root(
    root: Path,
    prefix: str,
    sources: dict[str, str],
    tests: dict[str, str],
    origins: dict[str, Path],
    *,
    organisation: bool = False,
) -> dict[str, t.Any]:
    if not root.is_dir():
        raise UsageError(f"{root}: policy directory not found (pass a folder of .rego files)")
    data: dict[str, t.Any] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        if path.suffix == ".rego":
            key = f"{prefix}/{rel.as_posix()}"
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise UsageError(f"{path}: cannot read policy: {exc}") from exc
            target = tests if path.name.endswith("_test.rego") else sources
            if key in target:  # an organisation folder named like the shipped one, same file
                raise UsageError(f"{path}: has the name of a policy already loaded ({key})")
            target[key] = text
        elif path.name in DATA_FILE_NAMES:
            document = read_data_file(path)
            if not isinstance(document, dict):
                raise UsageError(f"{path}: a data file must hold an object")
            if organisation:
                check_organisation_data(path, rel.parent.parts)
            nested = _nest(rel.parent.parts, document)
            _note_settings(nested, path, origins)
            data = deep_merge(data, nested)
    return data


def _chosen_catalog(catalog: Catalog | Choice | None, shipped: Path) -> Catalog | None:
    """The catalog that replaces the one under `shipped` (None: keep that one).

    `catalog` itself, or for `Choice.IN_FORCE` the catalog in force (`checker.catalog.select`)
    when `shipped` is the tool's own policies folder.
    """
    if catalog is not Choice.IN_FORCE:
        return catalog
    if shipped.resolve() != SHIPPED_POLICIES.resolve():
        return None  # another revision's policies (impact) keep their own catalog
    from checker.catalog.select import catalog_in_force

    return catalog_in_force()


def build_policy_set(
    extra_policies: t.Sequence[Path] = (),
    data_files: t.Sequence[Path] = (),
    *,
    shipped: Path = SHIPPED_POLICIES,
    catalog: Catalog | Choice | None = Choice.IN_FORCE,
) -> PolicySet:
    """Load the shipped policies, then organisation policy folders, then data overlays in order.

    `catalog` replaces the catalog under `shipped` (a `--catalog` or installed one); None keeps
    it; the default is the catalog in force (`checker.catalog.select.catalog_in_force`: a pinned
    or installed one, for the tool's own policies only). Overlays merge over it.

    The merged settings must match the settings schema; a bad one is a `UsageError` naming it and
    the file that gave it. A lifecycle date that is not an ISO date or null is a `UsageError`
    naming the entry and its file (`checker.catalog.checks`).
    """
    chosen = _chosen_catalog(catalog, shipped)
    sources: dict[str, str] = {}
    tests: dict[str, str] = {}
    roots = (shipped, *extra_policies)
    data: dict[str, t.Any] = {}
    stable_names: dict[str, str] = {}
    origins: dict[str, Path] = {}
    for index, root in enumerate(roots):
        # Organisation files keep the path the user gave, so errors point at their files; the
        # digest uses `org<N>/...` instead, so it does not depend on where the run happens.
        prefix = "policies" if index == 0 else root.as_posix().rstrip("/")
        before = set(sources)
        loaded = _load_root(root, prefix, sources, tests, origins, organisation=index > 0)
        data = deep_merge(data, loaded)
        if index == 0:
            if chosen is not None:
                data["catalog"] = chosen.data
            shipped_sources = dict(sources)
            shipped_settings = dict(data.get("settings") or {})
            origins.clear()
        else:
            added = set(sources) - before
            check_organisation_packages(shipped_sources, {n: sources[n] for n in sorted(added)})
            stable_names.update({name: f"org{index}{name[len(prefix) :]}" for name in added})
    for path in data_files:
        if not path.is_file():
            raise UsageError(f"{path}: data file not found (--data takes a YAML or JSON file)")
        overlay = read_data_file(path)
        if not isinstance(overlay, dict):
            raise UsageError(f"{path}: a data overlay must be an object, e.g. {{catalog: ...}}")
        check_overlay(path, overlay)
        _note_settings(overlay, path, origins)
        data = deep_merge(data, overlay)
    if "settings" in data:
        check_settings(data["settings"], origins)
    check_lifecycle(
        data.get("catalog") or {},
        lambda: [*catalog_sources(chosen, shipped), *((path, ()) for path in data_files)],
    )
    return PolicySet(
        sources=sources,
        tests=tests,
        data=data,
        roots=tuple(roots),
        stable_names=stable_names,
        shipped_settings=shipped_settings,
        setting_origins={k: str(v) for k, v in origins.items() if k},
    )
