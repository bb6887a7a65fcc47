"""Turn jsonschema errors into sentences that say what was expected and how to fix it.

jsonschema's own messages ("Additional properties are not allowed ('x' was unexpected)",
"'a' does not match '^[a-z]...'") are written for schema authors; these are for the person
editing the manifest: the field, the value, the allowed values, and a "did you mean" when a
value is close to one that is allowed.
"""

from __future__ import annotations

import difflib
import json
import typing as t
from dataclasses import dataclass

from jsonschema.exceptions import ValidationError, best_match

from checker.loader.model import describe_kind

REGION_FORMAT = "llm-policy-region"
_KINDS = {"string": "a string", "integer": "a whole number", "number": "a number"}
_KINDS |= {"boolean": "true or false", "object": "a mapping", "array": "a list", "null": "null"}
Parts: t.TypeAlias = "tuple[str | int, ...]"


@dataclass(frozen=True)
class Finding:
    """One explained error: where (path parts), what to say, and facts used to merge findings."""

    parts: Parts
    message: str
    missing: str | None = None  # a missing required field's name
    suggestion: str | None = None  # the field an unknown field is probably a typo of


SHOWN_MAX = 80  # characters of a value quoted in a message; a 1 MiB value stays one line


def show(value: t.Any) -> str:
    """A value as the author would recognise it: 'text', true, null, 12, [a, b]."""
    if isinstance(value, str):
        if len(value) > SHOWN_MAX:
            head = show(value[: SHOWN_MAX - 20])
            return f"{head[:-1]}…{head[-1]} ({len(value)} characters)"
        return repr(value) if "'" not in value else json.dumps(value)
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= SHOWN_MAX else f"{text[: SHOWN_MAX - 20]}… ({len(text)} characters)"


def suggest(word: t.Any, choices: t.Iterable[t.Any]) -> str | None:
    """The closest allowed choice to a mistyped word, ignoring case, or None."""
    if not isinstance(word, str):
        return None
    options = {str(c).lower(): str(c) for c in choices}
    close = difflib.get_close_matches(word.lower(), list(options), n=1, cutoff=0.6)
    return options[close[0]] if close else None


def _did_you_mean(word: t.Any, choices: t.Iterable[t.Any]) -> str:
    close = suggest(word, choices)
    return f" — did you mean {show(close)}?" if close is not None and close != word else ""


def explain(
    error: ValidationError, schema: dict[str, t.Any], regions: t.Collection[str]
) -> list[Finding]:
    """Findings for one error (a `required` error can name several fields)."""
    if error.validator in ("anyOf", "oneOf") and error.context:
        # best_match over the error itself weighs each branch (e.g. by the instance's type).
        return explain(best_match([error]), schema, regions)
    parts: Parts = tuple(error.absolute_path)
    keyword, value = error.validator, error.instance
    expected: t.Any = error.validator_value
    subschema: t.Mapping[str, t.Any] = error.schema if isinstance(error.schema, dict) else {}
    when = _condition(error, schema)
    if keyword == "required" and isinstance(value, dict):
        return [
            Finding((*parts, name), f"missing required field '{name}'{_required_when(when)}", name)
            for name in expected
            if name not in value
        ]
    if keyword == "additionalProperties" and isinstance(value, dict):
        allowed = sorted(subschema.get("properties", {}))
        findings = []
        for name in value:
            if name in allowed:
                continue
            close = suggest(name, allowed)
            message = f"unknown field '{name}'" + (
                f" — did you mean '{close}'?"
                if close
                else f"; expected one of: {', '.join(allowed)}"
            )
            findings.append(Finding((*parts, name), message, suggestion=close))
        return findings
    if keyword == "not" and expected == {} and parts:  # the schema's way to forbid a field
        return [Finding(parts, f"field '{parts[-1]}' is not allowed{when or ' here'}")]
    said = _message(keyword, expected, value, subschema, when, regions)
    if said is None:  # jsonschema's own sentence quotes the whole value: keep it short
        said = error.message if len(error.message) <= 200 else error.message[:199] + "…"
    return [Finding(parts, said)]


def _message(
    keyword: t.Any,
    expected: t.Any,
    value: t.Any,
    subschema: t.Mapping[str, t.Any],
    when: str,
    regions: t.Collection[str],
) -> str | None:
    """The sentence for one keyword's error, or None to keep jsonschema's own."""
    if keyword == "enum":
        allowed = ", ".join(show(e) for e in expected)
        return f"{show(value)} is not one of {allowed}{when}{_did_you_mean(value, expected)}"
    if keyword == "const":
        return f"must be {show(expected)}, not {show(value)}"
    if keyword == "type":
        return _type_message(expected, value)
    is_region = subschema.get("format") == REGION_FORMAT
    if is_region and (keyword == "format" or (keyword == "pattern" and regions)):
        close = _did_you_mean(value, regions)
        known = f"; known codes: {', '.join(sorted(regions))}" if regions else ""
        return f"unknown region code {show(value)}" + (close or known)
    if keyword == "pattern":
        hint = subschema.get("patternErrorMessage") or f"it must match {expected}"
        return f"invalid value {show(value)}: {hint[:1].lower()}{hint[1:]}"
    if keyword == "minItems" and expected == 1:
        return "must not be empty: list at least one value"
    if keyword == "minItems":
        return f"must list at least {expected} values"
    if keyword == "maxItems" and isinstance(value, list):
        return f"lists {len(value)} values; the limit is {expected}"
    if keyword == "minLength":
        return "must not be empty" if expected == 1 else f"must be at least {expected} characters"
    if keyword == "maxLength":
        return f"is {len(value)} characters long; the limit is {expected}"
    if keyword == "uniqueItems":
        return f"lists {show(_first_repeat(value))} more than once"
    bounds = {"minimum": "at least", "exclusiveMinimum": "greater than", "maximum": "at most"}
    if keyword in bounds:
        return f"must be {bounds[keyword]} {expected}, not {show(value)}"
    return None


def _type_message(expected: t.Any, value: t.Any) -> str:
    wanted = [expected] if isinstance(expected, str) else list(expected)
    names = " or ".join(_KINDS.get(w, w) for w in wanted)
    got = describe_kind(value)
    if isinstance(value, (str, int, float)):
        got += f" {show(value)}"
    hint = ""
    if "string" in wanted and isinstance(value, bool):
        hint = "; YAML reads yes/no/on/off/true/false as booleans, so quote the value"
    elif "string" in wanted and isinstance(value, (int, float)):
        hint = f'; quote it: "{value}"'
    elif "boolean" in wanted and isinstance(value, str):
        hint = "; write true or false without quotes"
    elif "array" in wanted and isinstance(value, str):
        hint = f"; write a list: [{value}]"
    elif isinstance(value, str) and {"number", "integer"} & set(wanted):
        hint = "; write the number without quotes"
    elif value is None and "object" in wanted:
        hint = "; is the section empty?"
    return f"expected {names}, got {got}{hint}"


def _first_repeat(values: t.Sequence[t.Any]) -> t.Any:
    for index, value in enumerate(values):
        if value in values[:index]:
            return value
    return None


def _required_when(when: str) -> str:
    return f" (required{when})" if when else ""


def _condition(error: ValidationError, schema: dict[str, t.Any]) -> str:
    """' when hosting is 'vendor-api'' when the error comes from a simple if/then."""
    path = list(error.absolute_schema_path)
    if "then" not in path:
        return ""
    node: t.Any = schema
    try:
        for key in path[: len(path) - 1 - path[::-1].index("then")]:
            # jsonschema may or may not list '$ref' in the path: follow it when key is not here.
            while isinstance(node, dict) and key not in node and "$ref" in node:
                node = _resolve(schema, node["$ref"])
            if key != "$ref":
                node = node[key]
    except (KeyError, IndexError, TypeError):  # an unexpected shape: say less, never crash
        return ""
    condition = node.get("if", {}).get("properties", {}) if isinstance(node, dict) else {}
    clauses = [
        f"{field} is {show(sub['const'])}"
        for field, sub in condition.items()
        if isinstance(sub, dict) and "const" in sub
    ]
    return f" when {' and '.join(clauses)}" if clauses else ""


def _resolve(schema: dict[str, t.Any], ref: str) -> t.Any:
    node: t.Any = schema
    for key in ref.removeprefix("#/").split("/"):
        node = node[key]
    return node
