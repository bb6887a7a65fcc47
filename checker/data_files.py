"""OPA data files (YAML or JSON) as the policy set and the catalog read them, and their merge."""

from __future__ import annotations

import json
import typing as t
from pathlib import Path

import yaml

from checker.errors import UsageError
from checker.parse_cache import parsed
from checker.yaml_safe import safe_load


def read_data_file(path: Path, what: str = "data file") -> t.Any:
    """One data file, YAML or JSON; one that cannot be read or parsed is a `UsageError`."""
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".json":
            return json.loads(text)
        return parsed("data-yaml", text, safe_load)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        raise UsageError(f"{path}: cannot read {what}: {exc}") from exc


def deep_merge(base: dict[str, t.Any], overlay: dict[str, t.Any]) -> dict[str, t.Any]:
    """Merge `overlay` into a copy of `base`; objects merge key by key, anything else replaces."""
    merged = dict(base)
    for key, value in overlay.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged
