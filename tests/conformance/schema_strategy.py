"""Hypothesis strategies derived from a JSON Schema (the constructs the manifest schema uses).

`build_strategy(schema, overrides=...)` walks the schema and returns a strategy for instances of
it. `overrides` maps a JSON pointer into the schema (`/$defs/regionCode`,
`/$defs/model/properties/id`) to a strategy used there instead, so a caller can steer values
toward the catalog without restating the schema's shape.

Handled: `type` object (properties, required, `additionalProperties` false or a schema), string
(enum, const, pattern, min/maxLength), integer and number (minimum, exclusiveMinimum, maximum),
boolean, array (items, minItems, maxItems, uniqueItems), `$ref` to `#/$defs/...`, and `allOf` of
`if`/`then` on objects, where `then` may require properties, forbid them (`not: {}`) or narrow
them to an `enum`. Anything else raises `UnsupportedSchema`, so a schema change that the builder
would silently ignore fails the suite instead.
"""

from __future__ import annotations

import json
import math
import typing as t

from hypothesis import strategies as st
from jsonschema import Draft202012Validator

Strategy = st.SearchStrategy[t.Any]

# Keywords that only describe; they do not constrain what the builder must generate.
_ANNOTATIONS = frozenset(
    {"$schema", "$id", "$defs", "title", "description", "default", "examples", "format"}
    | {"patternErrorMessage"}
)
_KNOWN = _ANNOTATIONS | {
    "type", "properties", "required", "additionalProperties", "items", "enum", "const",
    "pattern", "minLength", "maxLength", "minimum", "exclusiveMinimum", "maximum", "minItems",
    "maxItems", "uniqueItems", "allOf", "$ref",
}  # fmt: skip
MAX_ITEMS = 4  # arrays without maxItems: enough to combine findings, small enough to be quick
MAX_TEXT = 24
MAX_NUMBER = 10**10
# Printable ASCII without space: free text and regex classes stay readable in a failing example.
TEXT_ALPHABET = st.characters(min_codepoint=0x21, max_codepoint=0x7E)


class UnsupportedSchema(Exception):
    """The schema uses a construct the builder does not generate for."""


def build_strategy(
    schema: dict[str, t.Any],
    *,
    overrides: t.Mapping[str, Strategy] | None = None,
    pointer: str = "",
) -> Strategy:
    """A strategy for instances of `schema`, or of its part at `pointer` (e.g. `/$defs/model`).

    `schema` is the whole document, for its `$defs`.
    """
    return _Builder(schema, overrides or {})._ref(f"#{pointer}")


class _Builder:
    def __init__(self, root: dict[str, t.Any], overrides: t.Mapping[str, Strategy]) -> None:
        self.root, self.overrides = root, overrides

    def node(self, node: dict[str, t.Any], pointer: str) -> Strategy:
        if pointer in self.overrides:
            return self.overrides[pointer]
        unknown = set(node) - _KNOWN
        if unknown:
            raise UnsupportedSchema(f"{pointer or '/'}: {', '.join(sorted(unknown))}")
        if "$ref" in node:
            return self._ref(node["$ref"])
        if "const" in node:
            return st.just(node["const"])
        if "enum" in node:
            return st.sampled_from(node["enum"])
        kind = node.get("type")
        if kind == "object":
            return self._object(node, pointer)
        if kind == "array":
            return self._array(node, pointer)
        if kind == "string":
            return _string(node)
        if kind in ("integer", "number"):
            return _number(node, integer=kind == "integer")
        if kind == "boolean":
            return st.booleans()
        raise UnsupportedSchema(f"{pointer or '/'}: type {kind!r}")

    def _ref(self, ref: str) -> Strategy:
        if not ref.startswith("#"):
            raise UnsupportedSchema(f"$ref {ref}: only local references")
        target: t.Any = self.root
        for part in filter(None, ref[2:].split("/")):
            target = target[part]
        return self.node(target, ref[1:])

    def _array(self, node: dict[str, t.Any], pointer: str) -> Strategy:
        items = self.node(node.get("items", {}), f"{pointer}/items")
        return st.lists(
            items,
            min_size=node.get("minItems", 0),
            max_size=node.get("maxItems", max(MAX_ITEMS, node.get("minItems", 0))),
            unique_by=_canonical if node.get("uniqueItems") else None,
        )

    def _object(self, node: dict[str, t.Any], pointer: str) -> Strategy:
        props = node.get("properties", {})
        extra = node.get("additionalProperties", True)
        if not props and isinstance(extra, dict):
            return st.dictionaries(
                st.text(TEXT_ALPHABET, min_size=1, max_size=12),
                self.node(extra, f"{pointer}/additionalProperties"),
                max_size=MAX_ITEMS,
            )
        required = set(node.get("required", ()))
        if not required <= set(props):
            raise UnsupportedSchema(f"{pointer}: a required property without a schema")
        values = {k: self.node(v, f"{pointer}/properties/{k}") for k, v in props.items()}
        base = st.fixed_dictionaries(
            {k: s for k, s in values.items() if k in required},
            optional={k: s for k, s in values.items() if k not in required},
        )
        conditions = [
            _condition(clause, f"{pointer}/allOf/{i}", values)
            for i, clause in enumerate(node.get("allOf", ()))
        ]
        if not conditions:
            return base

        @st.composite
        def conditional(draw: st.DrawFn) -> dict[str, t.Any]:
            value = dict(draw(base))
            for applies, then in conditions:
                if applies(value):
                    value = then(draw, value)
            return value

        return conditional()


Condition = tuple[
    t.Callable[[t.Any], bool], t.Callable[[st.DrawFn, dict[str, t.Any]], dict[str, t.Any]]
]


def _condition(clause: dict[str, t.Any], pointer: str, values: dict[str, Strategy]) -> Condition:
    """(does `if` hold for an object, make the object satisfy `then`)."""
    if set(clause) != {"if", "then"}:
        raise UnsupportedSchema(f"{pointer}: allOf entries must be if/then")
    then = clause["then"]
    if set(then) - {"required", "properties"}:
        raise UnsupportedSchema(f"{pointer}/then: only required and properties")
    # A required property is drawn as the parent object draws it (overrides included).
    adds = {key: values[key] for key in then.get("required", ())}
    drops, narrows = set(), {}
    for key, sub in then.get("properties", {}).items():
        if sub == {"not": {}}:
            drops.add(key)
        elif set(sub) == {"enum"}:
            narrows[key] = st.sampled_from(sub["enum"])
        else:
            raise UnsupportedSchema(f"{pointer}/then/properties/{key}: only not {{}} or enum")

    def apply(draw: st.DrawFn, value: dict[str, t.Any]) -> dict[str, t.Any]:
        for key, strategy in adds.items():
            if key not in value:
                value[key] = draw(strategy)
        for key in drops:
            value.pop(key, None)
        for key, strategy in narrows.items():
            if key in value:
                value[key] = draw(strategy)
        return value

    return Draft202012Validator(clause["if"]).is_valid, apply


def _string(node: dict[str, t.Any]) -> Strategy:
    low, high = node.get("minLength", 0), node.get("maxLength")
    if "pattern" in node:
        strategy = st.from_regex(node["pattern"], fullmatch=True, alphabet=TEXT_ALPHABET)
        return strategy.filter(lambda s: low <= len(s) <= (high or len(s)))
    return st.text(TEXT_ALPHABET, min_size=low, max_size=min(high or MAX_TEXT, MAX_TEXT))


def _number(node: dict[str, t.Any], *, integer: bool) -> Strategy:
    low = node.get("minimum", node.get("exclusiveMinimum"))
    exclusive = "exclusiveMinimum" in node and "minimum" not in node
    high = node.get("maximum", MAX_NUMBER)
    least = None if low is None else math.floor(low) + 1 if exclusive else math.ceil(low)
    ints = st.integers(min_value=least, max_value=high)
    if integer:
        return ints
    floats = st.floats(
        min_value=low,
        max_value=high,
        exclude_min=exclusive,
        allow_nan=False,
        allow_infinity=False,
        allow_subnormal=False,
    )
    return st.one_of(ints, floats)


def _canonical(value: t.Any) -> str:
    return json.dumps(value, sort_keys=True)
