from __future__ import annotations

import json
import typing as t

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.loader import LoadedManifest
from checker.loader.json_ import parse_json
from checker.loader.model import MAX_DEPTH, ParseFailed
from checker.loader.source_map import format_path
from checker.problems import Problem

MANIFEST = """{
  "apiVersion": "llm-policy/v1",
  "metadata": {"name": "claims-triage", "labels": {"app.io/team": "claims"}},
  "spec": {
    "models": [
      {"id": "gpt-4o", "region": "eu"},
      {"id": "llama-3.1-70b", "hosting": "self-hosted"}
    ]
  }
}
"""


def one(text: str) -> Problem:
    with pytest.raises(ParseFailed) as caught:
        parse_json(text)
    assert len(caught.value.problems) == 1, caught.value.problems
    return caught.value.problems[0]


def test_json_files_load_with_positions(load_ok: t.Callable[..., LoadedManifest]) -> None:
    result = load_ok(MANIFEST, "svc.llm-project.json")
    assert result.data == json.loads(MANIFEST)
    locate = result.source_map.locate
    assert locate("") == (1, 1)
    assert locate("metadata.name") == (3, 16)
    assert locate('metadata.labels["app.io/team"]') == (3, 52)
    assert locate("spec.models[1]") == (7, 7)
    assert locate("spec.models[1].hosting") == (7, 31)
    assert locate("spec.models[1].quantization") == (7, 7)  # absent: the item that lacks it


def test_yaml_is_chosen_by_name_not_content(load_ok: t.Callable[..., LoadedManifest]) -> None:
    # JSON in a .yaml file is read as YAML (a superset here) and still loads.
    assert load_ok('{"a": [1, 2]}', "llm-project.yaml").data == {"a": [1, 2]}


def test_duplicate_keys_name_both_lines() -> None:
    problem = one('{\n  "metadata": {\n    "name": "a",\n    "name": "b"\n  }\n}')
    assert problem == Problem("metadata.name", "duplicate key 'name' (first at line 3)", 4, 5)


def test_escaped_keys_are_the_same_key() -> None:
    assert one('{"a": 1, "\\u0061": 2}').message == "duplicate key 'a' (first at line 1)"


def test_same_key_in_different_objects_is_fine() -> None:
    assert parse_json('{"a": {"x": 1}, "b": {"x": 2}, "c": [{"x": 1}, {"x": 2}]}')[0]["c"][1] == {
        "x": 2
    }


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [
        ('{"a": NaN}', "NaN is not valid JSON; write an ordinary number", 7),
        ('{"a": [1, -Infinity]}', "-Infinity is not valid JSON; write an ordinary number", 11),
        ('{"a": 1e999}', "number 1e999 is too large to be finite", 7),
    ],
)
def test_non_finite_numbers_are_refused(text: str, message: str, column: int) -> None:
    problem = one(text)
    assert (problem.message, problem.line, problem.column) == (message, 1, column)


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        (
            '{\n  "a": 1,\n}',
            "invalid JSON: expecting property name enclosed in double quotes "
            "(a trailing comma, or a name in '...'?)",
            3,
            1,
        ),
        ("{'a': 1}", "invalid JSON: expecting property name enclosed in double quotes", 1, 2),
        ('{"a": [1, 2,]}', "invalid JSON: expecting value (a trailing comma", 1, 13),
        ('{"a": 1}\n{"b": 2}', "invalid JSON: extra data (there is text after", 2, 1),
        ('{"a": "x', "invalid JSON: unterminated string starting at", 1, 7),
    ],
)
def test_syntax_errors_read_well_and_are_located(
    text: str, message: str, line: int, column: int
) -> None:
    problem = one(text)
    assert problem.message.startswith(message)
    assert (problem.path, problem.line, problem.column) == ("", line, column)


def test_empty_json_file() -> None:
    problem = one(" \n\n")
    assert problem.message == "file is empty; a manifest starts with 'apiVersion: llm-policy/v1'"


def test_root_must_be_an_object(problems: t.Callable[..., tuple[Problem, ...]]) -> None:
    (problem,) = problems("\n  [1, 2]", "llm-project.json")
    assert problem.message.endswith("not a list")
    assert (problem.line, problem.column) == (2, 3)


def test_nesting_limit_is_checked_before_json_recurses() -> None:
    assert parse_json('{"a": ' + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "}")
    problem = one('{"a": ' + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "}")
    assert problem.message == "nesting deeper than 64 levels; a manifest is never this deep"
    assert (problem.line, problem.column) == (1, 7 + MAX_DEPTH - 1)
    # Far past Python's recursion limit: still a problem value, not a RecursionError.
    assert one("[" * 200_000).message.startswith("nesting deeper than 64 levels")


def test_integers_too_long_for_python_are_problems() -> None:
    assert one('{"a": ' + "9" * 5000 + "}").message.startswith("invalid JSON:")


def test_binary_json_is_refused(problems: t.Callable[..., tuple[Problem, ...]]) -> None:
    (problem,) = problems(b'{"a": "\x00"}', "llm-project.json")
    assert problem.message.startswith("binary content")


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


def walk(
    value: t.Any, prefix: tuple[t.Any, ...] = ()
) -> t.Iterator[tuple[tuple[t.Any, ...], t.Any]]:
    if isinstance(value, dict):
        for key, child in value.items():
            yield (*prefix, key), key
            yield from walk(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield (*prefix, index), child
            yield from walk(child, (*prefix, index))


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.text(max_size=8), json_values, max_size=5),
    st.sampled_from([None, 0, 2]),
    st.booleans(),
)
def test_every_key_and_item_is_located_exactly(
    data: t.Any, indent: int | None, ascii: bool
) -> None:
    text = json.dumps(data, indent=indent, ensure_ascii=ascii)
    parsed, positions = parse_json(text)
    assert parsed == data
    lines = text.split("\n")
    for path, target in walk(data):
        line, column = positions[format_path(path)]
        rest = lines[line - 1][column - 1 :]
        if isinstance(path[-1], str):  # a key: the position is its opening quote
            assert rest.startswith(json.dumps(target, ensure_ascii=ascii) + ":")
        else:  # an item: the position is where its value starts
            assert rest.startswith(json.dumps(target, ensure_ascii=ascii)[:1])
