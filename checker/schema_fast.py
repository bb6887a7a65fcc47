"""A yes/no check of a JSON Schema, compiled once, so that valid manifests skip jsonschema.

jsonschema explains errors well, but costs about 0.6 ms a manifest and 50 ms to import. Most
manifests are valid, and a valid one needs no explanation: `compile_schema` turns the schema into
nested closures that only answer "valid?", for the keywords the manifest schema uses. Any other
keyword makes it return None, and every manifest then goes through jsonschema. When the check
says "invalid", the validator runs jsonschema for the messages; so this check only has to agree
with jsonschema on *which* documents are valid (a test holds the two to that).
"""

from __future__ import annotations

import operator
import re
import typing as t

Check = t.Callable[[t.Any], bool]
Format = t.Callable[[t.Any], bool]

# Keywords that never change validity (draft 2020-12 annotations, and our message extension).
_ANNOTATIONS = frozenset(
    {"$schema", "$id", "$comment", "$defs", "title", "description", "default", "examples"}
    | {"deprecated", "readOnly", "writeOnly", "patternErrorMessage"}
)
_TYPES: dict[str, Check] = {
    "object": lambda x: isinstance(x, dict),
    "array": lambda x: isinstance(x, list),
    "string": lambda x: isinstance(x, str),
    "boolean": lambda x: isinstance(x, bool),
    "null": lambda x: x is None,
    "number": lambda x: isinstance(x, (int, float)) and not isinstance(x, bool),
    "integer": lambda x: (
        not isinstance(x, bool)
        and (isinstance(x, int) or (isinstance(x, float) and x.is_integer()))
    ),
}

# Bounds: keyword -> (the kind of instance it applies to, the measure, the comparison).
_BOUNDS: dict[str, tuple[t.Callable[[t.Any], bool], t.Callable[[t.Any], t.Any], t.Any]] = {
    "minimum": (_TYPES["number"], lambda x: x, operator.ge),
    "maximum": (_TYPES["number"], lambda x: x, operator.le),
    "exclusiveMinimum": (_TYPES["number"], lambda x: x, operator.gt),
    "exclusiveMaximum": (_TYPES["number"], lambda x: x, operator.lt),
    "minLength": (_TYPES["string"], len, operator.ge),
    "maxLength": (_TYPES["string"], len, operator.le),
    "minItems": (_TYPES["array"], len, operator.ge),
    "maxItems": (_TYPES["array"], len, operator.le),
    "minProperties": (_TYPES["object"], len, operator.ge),
    "maxProperties": (_TYPES["object"], len, operator.le),
}


class Unsupported(Exception):
    """The schema uses a keyword this module does not implement."""


def equal(one: t.Any, two: t.Any) -> bool:
    """JSON equality as jsonschema has it: `true` is not `1`, and `[1]` is not `[True]`."""
    if isinstance(one, bool) or isinstance(two, bool):
        return type(one) is type(two) and one == two
    if isinstance(one, list) and isinstance(two, list):
        return len(one) == len(two) and all(equal(a, b) for a, b in zip(one, two, strict=True))
    if isinstance(one, dict) and isinstance(two, dict):
        return one.keys() == two.keys() and all(equal(one[k], two[k]) for k in one)
    return bool(one == two)


class _Compiler:
    def __init__(self, root: dict[str, t.Any], formats: t.Mapping[str, Format]) -> None:
        self.root = root
        self.formats = formats
        self.refs: dict[str, Check] = {}

    def ref(self, pointer: str) -> Check:
        if not pointer.startswith("#/"):
            raise Unsupported(f"$ref {pointer}")
        if pointer not in self.refs:
            target: t.Any = self.root
            for part in pointer[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            self.refs[pointer] = lambda x: False  # a recursive reference: replaced below
            compiled = self.compile(target)
            self.refs[pointer] = compiled
        return lambda x: self.refs[pointer](x)

    def compile(self, schema: t.Any) -> Check:
        if schema is True or schema == {}:
            return lambda x: True
        if schema is False:
            return lambda x: False
        if not isinstance(schema, dict):
            raise Unsupported(f"schema {schema!r:.40}")
        checks = [self.keyword(key, value, schema) for key, value in schema.items()]
        live = [c for c in checks if c is not None]
        return lambda x: all(c(x) for c in live)

    def keyword(self, key: str, value: t.Any, schema: dict[str, t.Any]) -> Check | None:
        if key in _ANNOTATIONS or key in ("then", "else"):
            return None
        if key in _BOUNDS:
            applies, measure, compare = _BOUNDS[key]
            return lambda x: not applies(x) or bool(compare(measure(x), value))
        method = getattr(self, "k_" + key.lstrip("$"), None)
        if method is None:
            raise Unsupported(key)
        return t.cast("Check | None", method(value, schema))

    # One method per keyword: each returns the check it adds (None when it adds none).
    def k_ref(self, value: str, _: t.Any) -> Check:
        return self.ref(value)

    def k_type(self, value: str | list[str], _: t.Any) -> Check:
        tests = [_TYPES[name] for name in ([value] if isinstance(value, str) else value)]
        return lambda x: any(test(x) for test in tests)

    def k_enum(self, value: list[t.Any], _: t.Any) -> Check:
        return lambda x: any(equal(x, v) for v in value)

    def k_const(self, value: t.Any, _: t.Any) -> Check:
        return lambda x: equal(x, value)

    def k_properties(self, value: dict[str, t.Any], _: t.Any) -> Check:
        props = [(name, self.compile(sub)) for name, sub in value.items()]
        return lambda x: not isinstance(x, dict) or all(c(x[k]) for k, c in props if k in x)

    def k_additionalProperties(self, value: t.Any, schema: dict[str, t.Any]) -> Check:
        if "patternProperties" in schema:
            raise Unsupported("patternProperties")
        known, extra = frozenset(schema.get("properties", ())), self.compile(value)
        return lambda x: (
            not isinstance(x, dict) or all(extra(v) for k, v in x.items() if k not in known)
        )

    def k_required(self, value: list[str], _: t.Any) -> Check:
        return lambda x: not isinstance(x, dict) or all(k in x for k in value)

    def k_items(self, value: t.Any, schema: dict[str, t.Any]) -> Check:
        if "prefixItems" in schema:
            raise Unsupported("prefixItems")
        each = self.compile(value)
        return lambda x: not isinstance(x, list) or all(each(v) for v in x)

    def k_uniqueItems(self, value: bool, _: t.Any) -> Check | None:
        if not value:
            return None
        return lambda x: (
            not isinstance(x, list)
            or not any(equal(a, b) for i, a in enumerate(x) for b in x[i + 1 :])
        )

    def k_pattern(self, value: str, schema: dict[str, t.Any]) -> Check:
        search, longest = re.compile(value).search, schema.get("maxLength")
        # Never match a string that is over its maxLength: it fails that keyword anyway, and a
        # huge value could make a backtracking pattern run for minutes.
        return lambda x: (
            not isinstance(x, str)
            or ((longest is None or len(x) <= longest) and search(x) is not None)
        )

    def k_format(self, value: str, _: t.Any) -> Check | None:
        return self.formats.get(value)  # formats nobody checks are annotations

    def k_allOf(self, value: list[t.Any], _: t.Any) -> Check:
        parts = [self.compile(s) for s in value]
        return lambda x: all(p(x) for p in parts)

    def k_not(self, value: t.Any, _: t.Any) -> Check:
        inner = self.compile(value)
        return lambda x: not inner(x)

    def k_if(self, value: t.Any, schema: dict[str, t.Any]) -> Check:
        test = self.compile(value)
        then, otherwise = (
            self.compile(schema.get("then", True)),
            self.compile(schema.get("else", True)),
        )
        return lambda x: then(x) if test(x) else otherwise(x)


def compile_schema(schema: dict[str, t.Any], formats: t.Mapping[str, Format]) -> Check | None:
    """A function telling whether a document is valid, or None if the schema is beyond it.

    `formats` are the format checks in force (name -> check); other formats are annotations,
    as they are for a jsonschema `FormatChecker` that does not know them.
    """
    try:
        return _Compiler(schema, formats).compile(schema)
    except (Unsupported, KeyError, TypeError, re.error):
        return None
