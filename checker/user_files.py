"""The tool's own files (waivers, configuration): read safely, checked by a JSON Schema.

They are read with the manifest loader (safe YAML, duplicate keys refused, dates kept as text,
positions kept), so a mistake is reported as `file:line:column: field: message`, and a file that
does not validate is a usage error (exit 2): a broken waiver or setting must never be ignored.
"""

from __future__ import annotations

import functools
import json
import typing as t
from dataclasses import replace
from pathlib import Path

from checker.errors import EngineError, UsageError
from checker.loader import LoadFailure, SourceMap, format_path, load_manifest
from checker.loader.model import EMPTY_MESSAGE
from checker.problems import Problem
from checker.resources import resource_dir

if t.TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

MAX_BYTES = 1024 * 1024


@functools.cache
def load_schema(name: str) -> dict[str, t.Any]:
    """A schema shipped in `schemas/`, by file name."""
    path = resource_dir("schemas") / name
    try:
        return t.cast(dict[str, t.Any], json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise EngineError(f"schema {path} cannot be read ({exc}); reinstall llm-policy") from exc


def _message(error: ValidationError) -> str:
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "pattern" and "patternErrorMessage" in schema:
        return str(schema["patternErrorMessage"])
    if error.validator == "additionalProperties":
        allowed = ", ".join(sorted(schema.get("properties", {})))
        return f"{error.message}; allowed here: {allowed}"
    if error.validator == "anyOf" and isinstance(error.instance, dict):
        names = [sorted(s.get("required", [])) for s in schema.get("anyOf", ())]
        wanted = " or ".join(n[0] for n in names if n)
        return f"needs {wanted}" if wanted else error.message
    return error.message


def schema_problems(
    data: t.Any, schema_name: str, source_map: SourceMap | None = None
) -> list[Problem]:
    """Every way `data` fails the schema, located when a source map is given."""
    # Imported here: jsonschema costs ~50 ms, and a run without these files never needs it.
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(load_schema(schema_name))
    problems = []
    for error in validator.iter_errors(data):
        path = format_path(error.absolute_path)
        where = source_map.locate(path) if source_map is not None else None
        line, column = where if where else (None, None)
        problems.append(Problem(path, _message(error), line, column))
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0, p.path))


def describe(file: Path | str, problems: t.Iterable[Problem]) -> str:
    """Problems as `file:line:column: field: message` lines."""
    lines = []
    for p in problems:
        where = f"{file}:{p.line}:{p.column}" if p.line is not None else str(file)
        lines.append(f"{where}: {p.path + ': ' if p.path else ''}{p.message}")
    return "\n".join(lines)


def load_checked(path: Path, schema_name: str, what: str) -> tuple[dict[str, t.Any], SourceMap]:
    """Read a YAML/JSON file of ours and check it; a `UsageError` says what and where."""
    loaded = load_manifest(path, max_bytes=MAX_BYTES)
    if isinstance(loaded, LoadFailure):
        # The loader's wording is about manifests; an empty file needs no hint about apiVersion.
        problems = [
            replace(p, message="file is empty") if p.message == EMPTY_MESSAGE else p
            for p in loaded.problems
        ]
        raise UsageError(f"{what} {path} cannot be read:\n{describe(path, problems)}")
    problems = schema_problems(loaded.data, schema_name, loaded.source_map)
    if problems:
        raise UsageError(f"{what} {path} is not valid:\n{describe(path, problems)}")
    return loaded.data, loaded.source_map
