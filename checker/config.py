"""Project configuration: defaults for `check` from `.llm-policy.yaml` or `[tool.llm-policy]`.

Looked for in the current folder. Precedence: a flag on the command line, then the configuration
file, then the built-in default; `resolve` keeps where each value came from, which
`llm-policy config` prints. Paths in the file are relative to its folder. Having both files
configure llm-policy is an error, as is any unknown key or bad value (exit 2).
"""

from __future__ import annotations

import re
import sys
import typing as t
from dataclasses import dataclass, field, replace
from pathlib import Path

from checker.errors import UsageError
from checker.loader import SourceMap
from checker.user_files import describe, load_checked, schema_problems
from checker.waivers import DEFAULT_FILE as WAIVERS_FILE

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_FILE = ".llm-policy.yaml"
PYPROJECT = "pyproject.toml"
SCHEMA = "config.schema.json"
KEYS = ("policies", "data", "format", "fail-on", "waivers")
DEFAULTS: dict[str, t.Any] = {"policies": (), "data": (), "format": "text", "fail-on": "low"}


@dataclass(frozen=True)
class Setting:
    """An effective value and where it came from (a flag, a file, or the default)."""

    value: t.Any
    source: str


@dataclass(frozen=True)
class Config:
    """The configuration found (`path` None when there is none) and its values, paths resolved."""

    path: Path | None = None
    values: t.Mapping[str, t.Any] = field(default_factory=dict)
    label: str = ""


def _toml_positions(text: str) -> SourceMap:
    """Lines of the keys of `[tool.llm-policy]`, so TOML mistakes are reported with a line."""
    positions: dict[str, tuple[int, int]] = {}
    inside = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("["):
            inside = re.match(r'\s*\[\s*tool\s*\.\s*"?llm-policy"?\s*\]', line) is not None
            if inside:
                positions[""] = (number, 1)
        elif inside and (m := re.match(r'\s*"?([A-Za-z0-9_-]+)"?\s*=', line)):
            positions[m.group(1)] = (number, m.start(1) + 1)
    return SourceMap(positions)


def _pyproject(path: Path) -> dict[str, t.Any] | None:
    try:
        text = path.read_text(encoding="utf-8")
        table = tomllib.loads(text).get("tool", {}).get("llm-policy")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{path}: cannot read: {exc}") from exc
    if table is None:
        return None
    problems = schema_problems(table, SCHEMA, _toml_positions(text))
    if problems:
        named = [replace(p, path=f"[tool.llm-policy] {p.path}".strip()) for p in problems]
        shown = describe(path, named)
        raise UsageError(f"configuration in {path} is not valid:\n{shown}")
    return dict(table)


def _resolved(path: Path, values: t.Mapping[str, t.Any]) -> dict[str, t.Any]:
    base = path.parent
    out = dict(values)
    for key in ("policies", "data"):
        if key in out:
            out[key] = tuple(base / p for p in out[key])
    if isinstance(out.get("waivers"), str):
        out["waivers"] = base / out["waivers"]
    return out


def find_config(folder: Path | None = None) -> Config:
    """The configuration in `folder` (default: the current one), from one file of the two."""
    folder = folder or Path()
    yaml_path, toml_path = folder / CONFIG_FILE, folder / PYPROJECT
    table = _pyproject(toml_path) if toml_path.is_file() else None
    if yaml_path.is_file():
        if table is not None:
            raise UsageError(
                f"llm-policy is configured in both {yaml_path} and {toml_path} [tool.llm-policy];"
                " keep one"
            )
        data, _ = load_checked(yaml_path, SCHEMA, "configuration file")
        return Config(yaml_path, _resolved(yaml_path, data), str(yaml_path))
    if table is not None:
        return Config(toml_path, _resolved(toml_path, table), f"{toml_path} [tool.llm-policy]")
    return Config()


def resolve(config: Config, flags: t.Mapping[str, t.Any]) -> dict[str, Setting]:
    """Every setting with its source; a flag is given when its value is not None."""
    out: dict[str, Setting] = {}
    for key in KEYS:
        if flags.get(key) is not None:
            out[key] = Setting(flags[key], f"command line (--{key})")
        elif key in config.values:
            out[key] = Setting(config.values[key], config.label)
        elif key == "waivers":
            found = Path(WAIVERS_FILE)
            out[key] = (
                Setting(found, "default (found in the current folder)")
                if found.is_file()
                else Setting(False, f"default (no {WAIVERS_FILE} in the current folder)")
            )
        else:
            out[key] = Setting(DEFAULTS[key], "default")
    return out
