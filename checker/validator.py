"""Validate a loaded manifest against the published JSON Schema (draft 2020-12).

Each schema error becomes a `Problem` with a dotted path, the line and column from the source
map, and a sentence a person can act on (see `checker.schema_messages`). Region codes are
checked against the catalog's known set through the schema's `llm-policy-region` format, so
the schema itself stays open to codes a catalog adds.

Most manifests are valid, and a valid one needs no explanation: jsonschema-rs answers "valid?"
in a fraction of the time, and jsonschema (imported only then) runs for the ones that fail, to
say why. The two read `pattern` alike, as ECMA-262 (what JSON Schema specifies and editors
use): `ecma_regex` gives jsonschema that reading, where Python's `re` differs. A test holds the
two validators to the same verdict on thousands of documents.
"""

from __future__ import annotations

import copy
import functools
import json
import re
import sys
import typing as t

from checker.errors import EngineError
from checker.loader import LoadedManifest, format_path
from checker.problems import Problem
from checker.resources import resource_dir

if t.TYPE_CHECKING:
    import jsonschema_rs
    from jsonschema import Draft202012Validator

    from checker.schema_messages import Finding

# jsonschema's format module builds rfc3987-syntax's lark grammars on import when that package is
# installed (2.6 s of CPU, in every worker that meets an invalid manifest); no format of
# jsonschema's is checked here (`FormatChecker(formats=())`), so it is left out.
if "jsonschema" not in sys.modules:
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

SCHEMA_NAME = "manifest.schema.json"
# The schema's format for catalog region codes (as schema_messages.REGION_FORMAT, kept apart so
# that a valid manifest never imports jsonschema).
REGION_FORMAT = "llm-policy-region"
_REGION_SHAPE = re.compile(r"[a-z]{2}(-[a-z]+)?")
_NO_LINE = 1 << 30
# ECMA-262's WhiteSpace and LineTerminator, what `\s` matches there (Python's `\s` also takes
# \x1c-\x1f and \x85, and not \ufeff), and what `.` does not match (Python's: only \n).
_ECMA_SPACE = r"\t\n\x0b\f\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_ECMA_DOT = r"[^\n\r\u2028\u2029]"


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


@functools.lru_cache(maxsize=64)
def ecma_regex(pattern: str) -> re.Pattern[str]:
    """A JSON Schema `pattern` (ECMA-262, no flags) compiled for Python's `re` to read alike.

    Rewritten: `$` (Python's also matches before a final newline) to `\\Z`, `.`, `\\s` and
    `\\S` to ECMA's classes; `re.ASCII` makes `\\d` and `\\w` ASCII as in ECMA. The rest
    is written the same in both. ValueError for what the two would not read alike: `[]`,
    `[^]`, `\\S` in a class, `\\b` and `\\B`.
    """
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            escaped = pattern[i + 1]
            if escaped == "s":
                out.append(_ECMA_SPACE if in_class else f"[{_ECMA_SPACE}]")
            elif escaped == "S" and not in_class:
                out.append(f"[^{_ECMA_SPACE}]")
            elif escaped == "S" or (escaped in "bB" and not in_class):
                # \S in a class has no Python spelling; jsonschema-rs reads \b as Unicode.
                raise ValueError(f"pattern {pattern!r}: \\{escaped} here is not supported")
            else:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern.startswith(("[]", "[^]"), i):
                raise ValueError(f"pattern {pattern!r}: [] and [^] are not supported")
            if pattern.startswith("[^", i):
                out.append("[^")
                i += 2
                continue
        elif char == "$":
            char = r"\Z"
        elif char == ".":
            char = _ECMA_DOT
        out.append(char)
        i += 1
    return re.compile("".join(out), re.ASCII)


def _region_format(regions: frozenset[str]) -> t.Callable[[object], bool]:
    # A code of the wrong shape already fails the schema's pattern; say it only once.
    return lambda value: (
        not isinstance(value, str) or not _REGION_SHAPE.fullmatch(value) or value in regions
    )


@functools.lru_cache(maxsize=16)
def _fast(regions: frozenset[str]) -> jsonschema_rs.Validator:
    import jsonschema_rs

    formats = {REGION_FORMAT: _region_format(regions)} if regions else {}
    return jsonschema_rs.Draft202012Validator(
        _schema(),
        formats=formats,
        validate_formats=bool(formats),  # as jsonschema's FormatChecker below: ours, or none
        pattern_options=jsonschema_rs.RegexOptions(),  # linear time: no ReDoS from a value
        offline=True,  # every $ref is local: never a network fetch
    )


@functools.cache
def _validator_class() -> t.Any:
    from jsonschema import Draft202012Validator, ValidationError, validators

    def pattern(validator: t.Any, regex: str, instance: t.Any, schema: t.Any) -> t.Any:
        if not isinstance(instance, str):
            return
        # A string over its maxLength fails that keyword already. Matching it too would let a
        # huge value make a backtracking pattern run for minutes (a 60 kB owner took 16 s).
        if len(instance) > schema.get("maxLength", len(instance)):
            return
        if not ecma_regex(regex).search(instance):
            yield ValidationError(f"{instance!r} does not match {regex!r}")

    extend: t.Any = validators.extend  # untyped in jsonschema
    return extend(Draft202012Validator, {"pattern": pattern})


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
    try:
        if _fast(known).is_valid(manifest.data):
            return []
    except ValueError:  # a value JSON cannot hold (the loader makes none): jsonschema says
        pass
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
