"""The compiled yes/no schema check agrees with jsonschema on which documents are valid."""

from __future__ import annotations

import copy
import random
import typing as t
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker

from checker.schema_fast import compile_schema, equal
from checker.validator import load_schema

ROOT = Path(__file__).resolve().parents[2]
REGIONS = frozenset({"eu", "us", "us-gov", "uk", "jp"})


def _region(value: t.Any) -> bool:
    return not isinstance(value, str) or value in REGIONS


def _reference() -> Draft202012Validator:
    checker = FormatChecker(formats=())
    checker.checks("llm-policy-region")(_region)
    return Draft202012Validator(load_schema(), format_checker=checker)


def _documents() -> list[t.Any]:
    docs = []
    for pattern in ("examples/*/llm-project.yaml", "tests/data/**/*.yaml"):
        for path in sorted(ROOT.glob(pattern)):
            try:
                docs.append(yaml.safe_load(path.read_text(encoding="utf-8")))
            except yaml.YAMLError:
                continue
    return [d for d in docs if isinstance(d, dict)]


# Replacement values of every JSON kind, including the ones jsonschema tells apart from numbers.
_ODD = [None, True, False, 0, 1, 1.0, 2.5, -3, "", "x", "eu", "EU", "gpt-4o", [], ["eu"], {}]


def _enum_values(schema: t.Any) -> list[t.Any]:
    """Every enum value in the schema: swapping one in often keeps a manifest valid."""
    if isinstance(schema, dict):
        found = list(schema.get("enum", ()))
        return found + [v for sub in schema.values() for v in _enum_values(sub)]
    if isinstance(schema, list):
        return [v for sub in schema for v in _enum_values(sub)]
    return []


def _mutate(doc: t.Any, rng: random.Random, values: list[t.Any]) -> t.Any:
    """One random change at a random place: replace, delete or add a value."""
    doc = copy.deepcopy(doc)
    node: t.Any = doc
    parent: t.Any = None
    key: t.Any = None
    for _ in range(rng.randint(1, 5)):
        children = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        if not children:
            break
        parent, (key, child) = node, rng.choice(children)
        if not isinstance(child, (dict, list)) or rng.random() < 0.3:
            break
        node = child
    if parent is None:
        return doc
    action = rng.randrange(3)
    if action == 0:
        parent[key] = rng.choice(values)
    elif action == 1:
        del parent[key]
    elif isinstance(parent, dict):
        parent[rng.choice(["extra", "clasification", "id", "hosting"])] = rng.choice(values)
    else:
        parent.append(copy.deepcopy(rng.choice(parent)))
    return doc


def test_the_manifest_schema_compiles() -> None:
    assert compile_schema(load_schema(), {"llm-policy-region": _region}) is not None


def test_agrees_with_jsonschema_on_examples_and_thousands_of_mutations() -> None:
    fast = compile_schema(load_schema(), {"llm-policy-region": _region})
    assert fast is not None
    reference = _reference()
    rng = random.Random(20261128)
    docs = _documents()
    values = _ODD + _enum_values(load_schema())
    cases = docs + [_mutate(rng.choice(docs), rng, values) for _ in range(4000)]
    verdicts = {True: 0, False: 0}
    for doc in cases:
        expected = reference.is_valid(doc)
        assert fast(doc) is expected, doc
        verdicts[expected] += 1
    assert min(verdicts.values()) > 50  # both answers are exercised


@pytest.mark.parametrize(
    "schema",
    [
        {"prefixItems": [{}]},
        {"$ref": "https://example.com/other.json"},
        {"dependentRequired": {"a": ["b"]}},
        {"properties": {"a": {"multipleOf": 3}}},
    ],
)
def test_unknown_keywords_leave_the_decision_to_jsonschema(schema: dict[str, t.Any]) -> None:
    assert compile_schema(schema, {}) is None


def test_equality_tells_booleans_from_numbers() -> None:
    assert not equal(True, 1)
    assert not equal([0], [False])
    assert equal({"a": [1, "x"]}, {"a": [1.0, "x"]})


def test_a_huge_string_is_never_matched_against_its_pattern() -> None:
    fast = compile_schema({"type": "string", "maxLength": 10, "pattern": "^(a+)+$"}, {})
    assert fast is not None
    assert not fast("a" * 100_000 + "!")


def test_the_validator_names_the_region_format_as_the_messages_do() -> None:
    from checker import schema_messages, validator

    assert validator.REGION_FORMAT == schema_messages.REGION_FORMAT
