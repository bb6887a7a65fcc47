"""Project configuration: `.llm-policy.yaml` or `[tool.llm-policy]` in `pyproject.toml`.

Looked for in the current folder, or read from `--config FILE`; `--no-config` ignores it. The
file's values become click's `default_map` for the command being run (see
`checker.cli.command`), so click itself applies the precedence (a flag, then the file, then the
built-in default) and `Context.get_parameter_source` says where each value came from. Paths in the
file are relative to its folder. Having both files configure llm-policy is an error, as is any
unknown key or bad value (exit 2).
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

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_FILE = ".llm-policy.yaml"
PYPROJECT = "pyproject.toml"
SCHEMA = "config.schema.json"
# configuration key -> the click parameter it sets a default for
PARAMETERS: dict[str, str] = {
    "policies": "policies",
    "data": "data",
    "format": "fmt",
    "fail-on": "fail_on",
    "waivers": "waivers",
    "catalog": "catalog",
    "scan": "scan",
    "cache": "cache",
}
KEYS = tuple(PARAMETERS)
DEFAULTS: dict[str, t.Any] = {"policies": (), "data": (), "format": "text", "fail-on": "low"}


@dataclass(frozen=True)
class Config:
    """The configuration found (`path` None when there is none) and its values, paths resolved.

    `label` names it in `llm-policy config` and in reports: the file, and the table for
    `pyproject.toml`.
    """

    path: Path | None = None
    values: t.Mapping[str, t.Any] = field(default_factory=dict)
    label: str = ""

    def default_map(self, keys: t.Collection[str]) -> dict[str, t.Any]:
        """The values of `keys` as click defaults, by parameter name.

        `waivers: false` is `--no-waivers`. `catalog` goes with `data`: a command that takes
        the overlays takes the catalog they merge over.
        """
        out: dict[str, t.Any] = {}
        if "data" in keys and "catalog" not in keys:
            keys = (*keys, "catalog")
        for key in keys:
            if key not in self.values:
                continue
            value = self.values[key]
            if key == "waivers" and value is False:
                out["no_waivers"] = True
            else:
                out[PARAMETERS[key]] = value
        return out


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
    catalog = out.get("catalog")
    if isinstance(catalog, str) and _is_catalog_path(base, catalog):
        out["catalog"] = str(base / catalog)
    return out


def _is_catalog_path(base: Path, value: str) -> bool:
    """Whether a configured `catalog` is a path (kept relative to the file) or a version."""
    if value == "shipped":
        return False
    return (base / value).exists() or "/" in value or value.endswith((".tar.gz", ".tgz"))


def _yaml(path: Path) -> Config:
    data, _ = load_checked(path, SCHEMA, "configuration file")
    return Config(path, _resolved(path, data), str(path))


def find_config(folder: Path | None = None) -> Config:
    """The configuration in `folder` (default: the current one), from one file of the two."""
    folder = folder or Path()
    yaml_path, toml_path = folder / CONFIG_FILE, folder / PYPROJECT
    table = _pyproject(toml_path) if toml_path.is_file() else None
    if yaml_path.is_file():
        if table is not None:
            raise UsageError(
                f"llm-policy is configured in both {yaml_path} and {toml_path} [tool.llm-policy];"
                " keep one (or pick one with --config FILE)"
            )
        return _yaml(yaml_path)
    if table is not None:
        return Config(toml_path, _resolved(toml_path, table), f"{toml_path} [tool.llm-policy]")
    return Config()


def load_config(path: Path) -> Config:
    """`--config FILE`: a `.llm-policy.yaml`-style file, or a `pyproject.toml` with our table."""
    if not path.is_file():
        raise UsageError(f"--config {path}: no such file")
    if path.name == PYPROJECT or path.suffix == ".toml":
        table = _pyproject(path)
        if table is None:
            raise UsageError(f"--config {path}: it has no [tool.llm-policy] table")
        return Config(path, _resolved(path, table), f"{path} [tool.llm-policy]")
    return _yaml(path)
