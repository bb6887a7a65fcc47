"""Lone surrogates (`"\\ud800"`): valid escapes, but no character; refused with a location."""

from __future__ import annotations

import typing as t

import pytest

from checker.loader import LoadFailure, SourceMap, load_manifest
from checker.loader.surrogates import lone_surrogate
from checker.loader.yaml_ import parse_yaml
from checker.loader.yaml_scalars import PurePythonYamlLoader
from checker.problems import Problem

Write = t.Callable[..., t.Any]
MESSAGE = "the escape \\{} is half of a UTF-16 surrogate pair, not a character"


@pytest.mark.parametrize(
    ("text", "path", "line", "escape"),
    [
        ('{"a": 1,\n "b": ["ok", "x\\ud800"]}', "b[1]", 2, "ud800"),
        ('{"a": {\n  "k\\udc80": 1}}', 'a["k\\udc80"]', 2, "udc80"),
        ('{"a": "\\udc80\\ud800"}', "a", 1, "udc80"),  # a pair in the wrong order
    ],
)
def test_json_lone_surrogates_are_located(
    write: Write, text: str, path: str, line: int, escape: str
) -> None:
    result = load_manifest(write(text, "llm-project.json"))
    assert isinstance(result, LoadFailure)
    (problem,) = result.problems
    assert problem.message.startswith(MESSAGE.format(escape))
    assert (problem.path, problem.line) == (path, line)


def test_a_complete_pair_is_a_character(write: Write) -> None:
    result = load_manifest(write('{"a": "\\ud83d\\ude00"}', "llm-project.json"))
    assert not isinstance(result, LoadFailure)
    assert result.data == {"a": "\U0001f600"}


def test_yaml_escapes_are_refused_by_either_parser(write: Write) -> None:
    # libyaml refuses the escape itself; the pure-Python parser builds it, and the check stops it.
    result = load_manifest(write('a: 1\nb: "x\\ud800"\n'))
    assert isinstance(result, LoadFailure) and result.problems[0].line == 2
    data, positions = parse_yaml('a: 1\nb: "x\\ud800"\n', loader_class=PurePythonYamlLoader)
    problem = lone_surrogate(data, SourceMap(positions))
    assert problem == Problem("b", problem.message if problem else "", 2, 1)
    assert problem is not None and problem.message.startswith(MESSAGE.format("ud800"))


def test_clean_data_has_no_problem() -> None:
    assert lone_surrogate({"a": ["x", {"b": "東京"}], "c": 1}, SourceMap()) is None
