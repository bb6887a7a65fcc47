from __future__ import annotations

import hashlib
import os
import re
import time
import typing as t
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.loader import LoadedManifest, LoadFailure, load_manifest
from checker.loader.model import MAX_DEPTH
from checker.loader.source_map import format_path
from checker.loader.yaml_ import parse_yaml
from checker.loader.yaml_scalars import (
    EXPONENT_FLOAT,
    YAML_TAG,
    ManifestYamlLoader,
    PurePythonYamlLoader,
)
from checker.loader.yaml_tree import MAX_ALIAS_VALUES
from checker.problems import Problem
from tests.unit.loader.parsing import one, parse_problems

# The structural checks must hold with libyaml and with the pure-Python fallback alike.
LOADERS = pytest.mark.parametrize(
    "loader", [ManifestYamlLoader, PurePythonYamlLoader], ids=["libyaml", "python"]
)

MANIFEST = """\
apiVersion: llm-policy/v1
kind: LLMProject
metadata:
  name: claims-triage
  owner: claims@example.com
spec:
  models:
    - id: llama-3.1-70b
      hosting: self-hosted
    - id: gpt-4o
      region: eu
"""


def test_uses_libyaml_when_available() -> None:
    if hasattr(yaml, "CSafeLoader"):
        assert issubclass(ManifestYamlLoader, yaml.CSafeLoader)
    assert issubclass(ManifestYamlLoader, yaml.constructor.SafeConstructor)


def test_loads_data_positions_and_digest(write: t.Callable[..., Path]) -> None:
    path = write(MANIFEST)
    result = load_manifest(path)
    assert isinstance(result, LoadedManifest)
    assert result.path == path
    assert result.data["metadata"] == {"name": "claims-triage", "owner": "claims@example.com"}
    assert result.data["spec"]["models"][1] == {"id": "gpt-4o", "region": "eu"}
    assert result.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert result.source_map.locate("metadata.owner") == (5, 3)
    assert result.source_map.locate("spec.models[1]") == (10, 7)
    assert result.source_map.locate("spec.models[1].region") == (11, 7)


@LOADERS
def test_values_are_json_compatible(loader: t.Any) -> None:
    data, _ = parse_yaml(
        "date: 2024-07-23\nstamp: 2001-12-14t21:59:43.10-05:00\nint: 31\nbool: true\n"
        "none: ~\nfloat: 1.5e3\nquoted: '12'\nstr: !!str 42\n",
        loader_class=loader,
    )
    assert data == {
        "date": "2024-07-23",  # timestamps stay the text the author wrote
        "stamp": "2001-12-14t21:59:43.10-05:00",
        "int": 31,
        "bool": True,
        "none": None,
        "float": 1500.0,
        "quoted": "12",
        "str": "42",
    }


@LOADERS
def test_duplicate_key_names_both_lines(loader: t.Any) -> None:
    problem = one("metadata:\n  name: a\n  owner: b\n  name: c\n", loader)
    assert problem == Problem("metadata.name", "duplicate key 'name' (first at line 2)", 4, 3)


@LOADERS
def test_every_duplicate_and_tag_is_reported_in_order(loader: t.Any) -> None:
    found = parse_problems("a: 1\na: 2\nb: !vault secret\nb: 3\n", loader)
    assert [(p.message, p.line) for p in found] == [
        ("duplicate key 'a' (first at line 1)", 2),
        (
            "tag '!vault' is not allowed: a manifest holds plain data (strings, numbers, "
            "booleans, lists and mappings); remove the tag",
            3,
        ),
        ("duplicate key 'b' (first at line 3)", 4),
    ]


@LOADERS
@pytest.mark.parametrize(
    ("text", "shown", "line"),
    [
        (
            "a: !!python/object/apply:os.system ['echo pwned']\n",
            "!!python/object/apply:os.system",
            1,
        ),
        ("x: 1\nb: !!python/name:builtins.eval ''\n", "!!python/name:builtins.eval", 2),
        ("b: !!binary aGVsbG8=\n", "!!binary", 1),
        ("b: !!set {a, b}\n", "!!set", 1),
        ("b: !!omap [a: 1]\n", "!!omap", 1),
        ("b: !custom {a: 1}\n", "!custom", 1),
    ],
)
def test_object_building_and_unknown_tags_are_refused(
    loader: t.Any, text: str, shown: str, line: int
) -> None:
    problem = one(text, loader)
    assert problem.message.startswith(f"tag '{shown}' is not allowed: a manifest holds plain data")
    assert (problem.path, problem.line) == ("b" if text.find("b:") >= 0 else "a", line)


def test_python_tags_are_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"a: !!python/object/apply:os.system ['touch {marker}']\n"
    parse_problems(text)
    parse_problems(text, PurePythonYamlLoader)
    assert not marker.exists()


@LOADERS
@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("a: .nan\n", "'.nan' is not a finite number; write an ordinary number", 1),
        ("a: 1\nb: -.inf\n", "'-.inf' is not a finite number; write an ordinary number", 2),
        ("a: 1.0e999\n", "'1.0e999' is not a finite number; write an ordinary number", 1),
        ("a: !!int nope\n", "'nope' is not a valid integer", 1),
        ("a: !!bool maybe\n", "'maybe' is not a valid boolean", 1),
        ("a: " + "9" * 5000 + "\n", "'" + "9" * 37 + "...' is not a valid integer", 1),
        # Found by atheris: an explicit tag on an empty or sign-only value raised IndexError.
        ("a: 1\nb: !!float\n", "'' is not a valid number", 2),
        ("a: !!int\n", "'' is not a valid integer", 1),
        ("a: !!int +\n", "'+' is not a valid integer", 1),
    ],
)
def test_numbers_without_a_json_value_are_refused(
    loader: t.Any, text: str, message: str, line: int
) -> None:
    problem = one(text, loader)
    assert (problem.message, problem.line, problem.column) == (message, line, 4)


@LOADERS
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1: x\n", "key '1' is read as a number, not a string; quote it: \"1\""),
        ("yes: x\n", "key 'yes' is read as a boolean, not a string; quote it: \"yes\""),
        ("null: x\n", "key 'null' is read as null, not a string; quote it: \"null\""),
        ("? [a, b]\n: x\n", "a mapping key must be a string, not a list"),
        ("<<: {a: 1}\n", "merge keys ('<<') are not supported; write the fields out"),
    ],
)
def test_keys_must_be_strings(loader: t.Any, text: str, message: str) -> None:
    problem = one("ok: 1\n" + text, loader)
    assert (problem.message, problem.line) == (message, 2)


def test_quoted_keys_and_plain_text_values_that_look_special_are_fine() -> None:
    data, _ = parse_yaml("'1': x\nmerge: <<\nequals: =\n")
    assert data == {"1": "x", "merge": "<<", "equals": "="}


@LOADERS
def test_several_documents_are_refused(loader: t.Any) -> None:
    problem = one("a: 1\n---\nb: 2\n", loader)
    assert problem.message == (
        "several YAML documents in one file (another starts at line 2); keep one manifest per file"
    )
    assert problem.line == 2


def test_a_broken_second_document_is_still_reported_as_a_second_document() -> None:
    assert one("a: 1\n---\n[b: 2\n").message.startswith("several YAML documents")


@LOADERS
def test_a_trailing_bare_separator_is_harmless(loader: t.Any) -> None:
    assert parse_yaml("---\na: 1\n---\n", loader_class=loader)[0] == {"a": 1}


@LOADERS
@pytest.mark.parametrize(("text", "line"), [("", 1), ("# only a comment\n\n", 1), ("\n---\n", 3)])
def test_empty_files_are_refused(loader: t.Any, text: str, line: int) -> None:
    problem = one(text, loader)
    assert problem.message == "file is empty; a manifest starts with 'apiVersion: llm-policy/v1'"
    assert problem.line == line


@pytest.mark.parametrize(
    ("text", "kind"), [("- a\n- b\n", "a list"), ("just text\n", "a string"), ("null\n", "null")]
)
def test_root_must_be_a_mapping(problems: t.Callable[..., t.Any], text: str, kind: str) -> None:
    (problem,) = problems("# comment\n" + text)
    assert problem.message == (
        f"the document must be a mapping of fields (apiVersion, kind, metadata, spec), not {kind}"
    )
    assert (problem.line, problem.column) == (2, 1)


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        (
            "a: [1, 2\nb: 3\n",
            "invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at "
            "line 1); close the list with ']' or separate items with ','",
            2,
            2,
        ),
        (
            "a:\n\tb: 1\n",
            "invalid YAML: found character that cannot start any token; "
            "indent with spaces; YAML does not allow tabs there",
            2,
            1,
        ),
        (
            "a: b: c\n",
            "invalid YAML: mapping values are not allowed in this context; "
            "quote a value that contains ': ', or fix the indentation",
            1,
            5,
        ),
        ("a: 1\n b: 2\n", "invalid YAML: mapping values are not allowed in this context", 2, 3),
    ],
)
def test_syntax_errors_carry_the_problem_position(
    text: str, message: str, line: int, column: int
) -> None:
    problem = one(text)
    assert problem.message.startswith(message)
    assert (problem.path, problem.line, problem.column) == ("", line, column)


def test_control_characters_are_located() -> None:
    problem = one("a: 1\nb: x\x07y\n")
    assert problem.message.startswith("invalid character U+0007 (")
    assert (problem.line, problem.column) == (2, 5)


@LOADERS
def test_aliases_expand_to_independent_copies(loader: t.Any) -> None:
    data, positions = parse_yaml(
        "base: &m {hosting: vendor-api, region: eu}\nmodels:\n  - *m\n  - *m\n", loader_class=loader
    )
    assert data["models"] == [data["base"], data["base"]]
    data["models"][0]["region"] = "us"
    assert data["models"][1]["region"] == "eu"
    assert positions["models[1]"] == (4, 5)  # the alias, not the anchor


def billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        prev, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@LOADERS
def test_alias_bombs_stop_early(loader: t.Any) -> None:
    started = time.perf_counter()
    problem = one(billion_laughs(), loader)
    assert time.perf_counter() - started < 2
    assert problem.message == (
        f"aliases expand to more than {MAX_ALIAS_VALUES} values (at '*d'), which looks like "
        "an alias bomb; write the values out"
    )
    # a: 10 values, b: 9 x 10 expanded, c: 9 x 91, d: 9 x 820: the first '*d' passes 10,000.
    assert (problem.line, problem.column) == (5, 8)


@LOADERS
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: *nowhere\n", "alias '*nowhere' refers to no anchor; define '&nowhere' before it"),
        ("a: &x [1, *x]\n", "alias '*x' is used inside the value it names (a recursive alias)"),
    ],
)
def test_broken_aliases(loader: t.Any, text: str, message: str) -> None:
    problem = one(text, loader)
    assert (problem.message, problem.line) == (message, 1)


def nested(depth: int) -> str:
    return "".join(f"{'  ' * level}k{level}:\n" for level in range(depth)) + "  " * depth + "v\n"


@LOADERS
def test_nesting_limit(loader: t.Any) -> None:
    assert parse_yaml(nested(MAX_DEPTH), loader_class=loader)[0]["k0"]
    problem = one(nested(MAX_DEPTH + 1), loader)
    assert problem.message == "nesting deeper than 64 levels; a manifest is never this deep"
    assert (problem.line, problem.column) == (MAX_DEPTH + 1, 2 * MAX_DEPTH + 1)


def test_nesting_limit_counts_alias_expansion() -> None:
    anchor = "deep: &d " + "[" * 40 + "]" * 40 + "\n"
    assert one(anchor + "use: " + "[" * 30 + "*d" + "]" * 30 + "\n").message.startswith(
        "nesting deeper than 64 levels"
    )


def test_extreme_flow_nesting_does_not_crash() -> None:
    problem = one("a: " + "[" * 100_000)
    assert problem.message == "nesting deeper than 64 levels; a manifest is never this deep"
    assert problem.line == 1


def test_crlf_line_endings_keep_line_numbers(problems: t.Callable[..., t.Any]) -> None:
    (problem,) = problems(b"a: 1\r\nb: 2\r\na: 3\r\n")
    assert (problem.message, problem.line) == ("duplicate key 'a' (first at line 1)", 3)


# NEL, the Unicode line separators and bidi controls are refused raw (test_yaml_dialect.py), and
# PyYAML's emitter writes them raw with allow_unicode, so they cannot round-trip through it.
REFUSED_RAW = "\x85\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
text = st.text(st.characters(blacklist_characters=REFUSED_RAW, blacklist_categories=("Cs",)))
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | text,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(text.filter(lambda s: len(s) <= 8), children, max_size=4)
    ),
    max_leaves=20,
)


def paths(value: t.Any, prefix: tuple[t.Any, ...] = ()) -> t.Iterator[tuple[t.Any, ...]]:
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, child in items:
        yield (*prefix, key)
        yield from paths(child, (*prefix, key))


class Dumper(yaml.SafeDumper):
    """Quotes what our resolver reads as a number ('1e3') and what YAML 1.2 reads as one
    ('-.5', '0o17'), as a YAML 1.2 emitter would, and writes line breaks as escapes."""

    def represent_str(self, data: str) -> yaml.ScalarNode:
        if data.splitlines() != [data] or data != data.strip():
            return self.represent_scalar(YAML_TAG + "str", data, style='"')
        return super().represent_str(data)


Dumper.add_implicit_resolver(YAML_TAG + "float", EXPONENT_FLOAT, list("-+0123456789"))
Dumper.add_implicit_resolver(
    YAML_TAG + "float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+)$"),
    list("-+.0123456789"),
)
Dumper.add_representer(str, Dumper.represent_str)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(text.filter(lambda s: len(s) <= 8), json_values, max_size=5), st.booleans())
def test_round_trips_any_json_data_and_locates_every_path(data: t.Any, flow: bool) -> None:
    text = yaml.dump(data, Dumper=Dumper, default_flow_style=flow, allow_unicode=True, width=10**9)
    parsed, positions = parse_yaml(text)
    assert parsed == data
    for path in paths(data):
        assert format_path(path) in positions


def test_file_level_problems_come_back_as_values(tmp_path: Path) -> None:
    result = load_manifest(tmp_path / "missing.yaml")
    assert result == LoadFailure(tmp_path / "missing.yaml", (Problem("", "no such file"),))
    assert os.path.exists(tmp_path)
