"""The policies and catalog data an engine evaluates: shipped, organisation and overlay files.

A `PolicySet` is built once per run from the shipped `policies/` bundle root, any `--policies DIR`
and any `--data FILE` overlays. Data files follow OPA's bundle convention: a file named
`data.json` or `data.yaml` at `a/b/` is the document at `data.a.b`.
"""

from __future__ import annotations

import hashlib
import json
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from checker.errors import UsageError
from checker.parse_cache import parsed
from checker.resources import resource_dir
from checker.yaml_safe import safe_load

DATA_FILE_NAMES = ("data.json", "data.yaml", "data.yml")
SHIPPED_POLICIES = resource_dir("policies")


@dataclass(frozen=True)
class PolicySet:
    """Rego sources (path -> text) and the merged data document, with their digest."""

    sources: dict[str, str]
    tests: dict[str, str]
    data: dict[str, t.Any]
    roots: tuple[Path, ...] = field(default=())
    #: each source's name independent of where the run happens (`org<N>/<path in folder>`)
    stable_names: dict[str, str] = field(default_factory=dict)

    @property
    def digest(self) -> str:
        """sha256 over every policy source and the merged data, the same from any folder."""
        h = hashlib.sha256()
        named = {self.stable_names.get(name, name): text for name, text in self.sources.items()}
        for name in sorted(named):
            h.update(name.encode() + b"\0" + named[name].encode() + b"\0")
        h.update(json.dumps(self.data, sort_keys=True, separators=(",", ":")).encode())
        return "sha256:" + h.hexdigest()


def deep_merge(base: dict[str, t.Any], overlay: dict[str, t.Any]) -> dict[str, t.Any]:
    """Merge `overlay` into a copy of `base`; objects merge key by key, anything else replaces."""
    merged = dict(base)
    for key, value in overlay.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _read_data_file(path: Path) -> t.Any:
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".json":
            return json.loads(text)
        return parsed("data-yaml", text, safe_load)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        raise UsageError(f"{path}: cannot read data file: {exc}") from exc


def _nest(parts: t.Sequence[str], value: t.Any) -> dict[str, t.Any]:
    for part in reversed(parts):
        value = {part: value}
    return t.cast(dict[str, t.Any], value)


def _load_root(
    root: Path, prefix: str, sources: dict[str, str], tests: dict[str, str]
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
            (tests if path.name.endswith("_test.rego") else sources)[key] = text
        elif path.name in DATA_FILE_NAMES:
            document = _read_data_file(path)
            if not isinstance(document, dict):
                raise UsageError(f"{path}: a data file must hold an object")
            data = deep_merge(data, _nest(rel.parent.parts, document))
    return data


def build_policy_set(
    extra_policies: t.Sequence[Path] = (),
    data_files: t.Sequence[Path] = (),
    *,
    shipped: Path = SHIPPED_POLICIES,
) -> PolicySet:
    """Load the shipped policies, then organisation policy folders, then data overlays in order."""
    sources: dict[str, str] = {}
    tests: dict[str, str] = {}
    roots = (shipped, *extra_policies)
    data: dict[str, t.Any] = {}
    stable_names: dict[str, str] = {}
    for index, root in enumerate(roots):
        # Organisation files keep the path the user gave, so errors point at their files; the
        # digest uses `org<N>/...` instead, so it does not depend on where the run happens.
        prefix = "policies" if index == 0 else root.as_posix().rstrip("/")
        before = set(sources)
        data = deep_merge(data, _load_root(root, prefix, sources, tests))
        if index:
            stable_names.update(
                {name: f"org{index}{name[len(prefix) :]}" for name in set(sources) - before}
            )
    for path in data_files:
        if not path.is_file():
            raise UsageError(f"{path}: data file not found (--data takes a YAML or JSON file)")
        overlay = _read_data_file(path)
        if not isinstance(overlay, dict):
            raise UsageError(f"{path}: a data overlay must be an object, e.g. {{catalog: ...}}")
        data = deep_merge(data, overlay)
    return PolicySet(
        sources=sources, tests=tests, data=data, roots=tuple(roots), stable_names=stable_names
    )
