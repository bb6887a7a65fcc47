"""Validate a loaded manifest against the published JSON Schema (draft 2020-12).

Each schema error becomes a `Problem` with a dotted path, the line and column from the source
map, and a sentence a person can act on (see `checker.schema_messages`). Region codes are
checked against the catalog's known set through the schema's `llm-policy-region` format, so
the schema itself stays open to codes a catalog adds.
"""

from __future__ import annotations

import copy
import functools
import json
import re
import typing as t

from jsonschema import Draft202012Validator, FormatChecker, validators

from checker.errors import EngineError
from checker.loader import LoadedManifest, format_path
from checker.problems import Problem
from checker.resources import resource_dir
from checker.schema_messages import REGION_FORMAT, Finding, explain

SCHEMA_NAME = "manifest.schema.json"
_REGION_SHAPE = re.compile(r"^[a-z]{2}(-[a-z]+)?$")
_NO_LINE = 1 << 30


def load_schema() -> dict[str, t.Any]:
    """The manifest JSON Schema as a fresh dict (callers may change their copy freely)."""
    return copy.deepcopy(_schema())


@functools.cache
def _schema() -> dict[str, t.Any]:
    # The canonical file is the repository's schemas/ (what editors point at); installed
    # packages carry a copy (see setup.py).
    path = resource_dir("schemas") / SCHEMA_NAME
    if not path.is_file():
        raise EngineError(f"the manifest schema is missing ({path}); reinstall llm-policy")
    return t.cast(dict[str, t.Any], json.loads(path.read_text(encoding="utf-8")))


_PATTERN = Draft202012Validator.VALIDATORS["pattern"]


def _bounded_pattern(validator: t.Any, pattern: str, instance: t.Any, schema: t.Any) -> t.Any:
    # A string over its maxLength fails that keyword already. Matching it too would let a huge
    # value make a backtracking pattern run for minutes (a 60 kB owner took 16 s): skip it.
    if isinstance(instance, str) and len(instance) > schema.get("maxLength", len(instance)):
        return
    yield from _PATTERN(validator, pattern, instance, schema)


_extend: t.Any = validators.extend  # untyped in jsonschema
_Validator = _extend(Draft202012Validator, {"pattern": _bounded_pattern})


@functools.lru_cache(maxsize=16)
def _validator(regions: frozenset[str]) -> Draft202012Validator:
    checker = FormatChecker(formats=())  # only our own format: no surprise network or parsing
    if regions:
        # A code of the wrong shape already fails the schema's pattern; say it only once.
        checker.checks(REGION_FORMAT)(
            lambda value: (
                not isinstance(value, str) or not _REGION_SHAPE.match(value) or value in regions
            )
        )
    return t.cast(Draft202012Validator, _Validator(_schema(), format_checker=checker))


def validate(manifest: LoadedManifest, *, regions: t.Collection[str] = ()) -> list[Problem]:
    """Schema problems of a loaded manifest, sorted by position; empty when it is valid.

    `regions` is the set of region codes the catalog knows; when given, any other code is a
    problem (with a suggestion). When empty, only the shape of a code is checked.
    """
    known = frozenset(regions)
    schema = _schema()
    findings: list[Finding] = []
    for error in _validator(known).iter_errors(manifest.data):
        findings.extend(explain(error, schema, known))
    # A misspelt required field shows up twice: as unknown and as missing. Say it once.
    suggested = {(f.parts[:-1], f.suggestion) for f in findings if f.suggestion is not None}
    kept = [f for f in findings if f.missing is None or (f.parts[:-1], f.missing) not in suggested]
    problems: dict[tuple[str, str], Problem] = {}
    for finding in kept:
        path = format_path(finding.parts)
        line, column = manifest.source_map.locate(path) or (None, None)
        problems.setdefault((path, finding.message), Problem(path, finding.message, line, column))
    return sorted(
        problems.values(),
        key=lambda p: (p.line or _NO_LINE, p.column or _NO_LINE, p.path, p.message),
    )
