"""Validate a loaded manifest against the published JSON Schema (draft 2020-12).

Each schema error becomes a `Problem` with a dotted path, the line and column from the source
map, and a sentence a person can act on (see `checker.schema_messages`). Region codes are
checked against the catalog's known set through the schema's `llm-policy-region` format, so
the schema itself stays open to codes a catalog adds.

Most manifests are valid, and a valid one needs no explanation: a compiled yes/no check
(`checker.schema_fast`) passes those in a fraction of the time, and jsonschema (imported only
then) runs for the ones that fail, to say why.
"""

from __future__ import annotations

import copy
import functools
import json
import re
import typing as t

from checker.errors import EngineError
from checker.loader import LoadedManifest, format_path
from checker.problems import Problem
from checker.resources import resource_dir
from checker.schema_fast import Check, compile_schema

if t.TYPE_CHECKING:
    from jsonschema import Draft202012Validator

    from checker.schema_messages import Finding

SCHEMA_NAME = "manifest.schema.json"
# The schema's format for catalog region codes (as schema_messages.REGION_FORMAT, kept apart so
# that a valid manifest never imports jsonschema).
REGION_FORMAT = "llm-policy-region"
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


def _region_format(regions: frozenset[str]) -> Check:
    # A code of the wrong shape already fails the schema's pattern; say it only once.
    return lambda value: (
        not isinstance(value, str) or not _REGION_SHAPE.match(value) or value in regions
    )


@functools.lru_cache(maxsize=16)
def _fast(regions: frozenset[str]) -> Check | None:
    return compile_schema(_schema(), {REGION_FORMAT: _region_format(regions)} if regions else {})


@functools.cache
def _validator_class() -> t.Any:
    from jsonschema import Draft202012Validator, validators

    pattern = Draft202012Validator.VALIDATORS["pattern"]

    def bounded_pattern(validator: t.Any, regex: str, instance: t.Any, schema: t.Any) -> t.Any:
        # A string over its maxLength fails that keyword already. Matching it too would let a
        # huge value make a backtracking pattern run for minutes (a 60 kB owner took 16 s).
        if isinstance(instance, str) and len(instance) > schema.get("maxLength", len(instance)):
            return
        yield from pattern(validator, regex, instance, schema)

    extend: t.Any = validators.extend  # untyped in jsonschema
    return extend(Draft202012Validator, {"pattern": bounded_pattern})


@functools.lru_cache(maxsize=16)
def _validator(regions: frozenset[str]) -> Draft202012Validator:
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())  # only our own format: no surprise network or parsing
    if regions:
        checker.checks(REGION_FORMAT)(_region_format(regions))
    return t.cast("Draft202012Validator", _validator_class()(_schema(), format_checker=checker))


def validate(manifest: LoadedManifest, *, regions: t.Collection[str] = ()) -> list[Problem]:
    """Schema problems of a loaded manifest, sorted by position; empty when it is valid.

    `regions` is the set of region codes the catalog knows; when given, any other code is a
    problem (with a suggestion). When empty, only the shape of a code is checked.
    """
    known = frozenset(regions)
    fast = _fast(known)
    if fast is not None and fast(manifest.data):
        return []
    from checker.schema_messages import explain

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
