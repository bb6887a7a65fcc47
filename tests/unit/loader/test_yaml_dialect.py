"""The YAML dialect: what a person and a YAML 1.1 parser would read differently is refused.

Three classes, each with libyaml and with the pure-Python parser: characters readers do not see
(line breaks only YAML 1.1 knows, other C1 controls, bidi controls), numbers and booleans
spelled the ways readers disagree on, and one-word values padded by a block scalar.
"""

from __future__ import annotations

import re
import typing as t
from pathlib import Path

import jsonschema_rs
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.loader import LoadedManifest, LoadFailure, load_manifest
from checker.loader.yaml_ import parse_yaml
from checker.loader.yaml_characters import MAX_REPORTED
from checker.loader.yaml_scalars import ManifestYamlLoader, PurePythonYamlLoader
from checker.problems import Problem
from checker.validator import ecma_regex, load_schema
from tests.unit.loader.parsing import one, parse_problems

LOADERS = pytest.mark.parametrize(
    "loader", [ManifestYamlLoader, PurePythonYamlLoader], ids=["libyaml", "python"]
)
ROOT = Path(__file__).resolve().parents[3]
HIGH_RISK = (ROOT / "examples" / "hiring-high-risk" / "llm-project.yaml").read_text()
OVERSIGHT = "    humanOversight: false\n"
# What a reviewer sees: a note that oversight is still open, so a high-risk use without it.
# What YAML 1.1 reads: the note, a line break, and `humanOversight: true`.
HIDDEN = "    # humanOversight: to be agreed with the works council\u2028    humanOversight: true\n"


def value(text: str, loader: t.Any = ManifestYamlLoader) -> t.Any:
    return parse_yaml(f"a: {text}\n", loader_class=loader)[0]["a"]


# Characters readers do not see ------------------------------------------------------------


@LOADERS
def test_a_key_hidden_in_a_comment_after_a_line_separator_is_refused(loader: t.Any) -> None:
    assert HIGH_RISK.count(OVERSIGHT) == 1
    attack = HIGH_RISK.replace(OVERSIGHT, HIDDEN)
    line = attack[: attack.index("\u2028")].count("\n") + 1
    # The attack: cat, editors and review show one comment line, and YAML 1.1 reads a live key.
    shown = attack.split("\n")[line - 1]
    assert shown.lstrip().startswith("#") and "humanOversight: true" in shown
    assert yaml.load(attack, Loader=loader)["spec"]["useCase"]["humanOversight"] is True
    problem = one(attack, loader)
    assert problem == Problem(
        "",
        "invalid character U+2028 (LINE SEPARATOR: YAML 1.1 reads it as a line break, but "
        "editors, cat and code review show none); delete it, or if a value needs it, write the "
        'escape "\\u2028" in a double-quoted string',
        line,
        shown.index("\u2028") + 1,
    )


REFUSED = {
    "\x85": "NEXT LINE, a C1 control: YAML 1.1 reads it as a line break",
    "\u2028": "LINE SEPARATOR: YAML 1.1 reads it as a line break",
    "\u2029": "PARAGRAPH SEPARATOR: YAML 1.1 reads it as a line break",
    "\x80": "a C1 control character, invisible in editors and code review",
    "\x9b": "a C1 control character, invisible in editors and code review",  # CSI
    "\x9f": "a C1 control character, invisible in editors and code review",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE, a bidi control",
    "\u202a": "LEFT-TO-RIGHT EMBEDDING, a bidi control",
    "\u2066": "LEFT-TO-RIGHT ISOLATE, a bidi control",
    "\u2069": "POP DIRECTIONAL ISOLATE, a bidi control",
    "\r": "a carriage return without a line feed",
}
# Where the character is: outside quoted strings, and inside them too (the stricter reading).
PLACES = {
    "comment": "a: 1\n# note {c} b: 2\n",
    "plain": "a: 1\nb: x{c}y\n",
    "key": "a: 1\nb{c}c: 2\n",
    "single-quoted": "a: 1\nb: 'x{c}y'\n",
    "double-quoted": 'a: 1\nb: "x{c}y"\n',
    "block": "a: 1\nb: |\n  x{c}y\n",
}


@LOADERS
@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("char", REFUSED, ids=lambda c: f"U+{ord(c):04X}")
def test_characters_readers_do_not_see_are_refused_anywhere(
    loader: t.Any, place: str, char: str
) -> None:
    text = PLACES[place].format(c=char)
    problem = one(text, loader)
    second = text.split("\n")[1] if place != "block" else text.split("\n")[2]
    line = 2 if place != "block" else 3
    assert (problem.path, problem.line, problem.column) == ("", line, second.index(char) + 1)
    assert problem.message.startswith(f"invalid character U+{ord(char):04X} ({REFUSED[char]}")
    assert "delete it" in problem.message or "end lines with LF or CRLF" in problem.message


def test_positions_count_lines_as_a_person_does_and_every_character_is_named() -> None:
    found = parse_problems("a: 1\nb: x\u2028\x85y # z\u2029\nc: 3\r\n# \rd: 4\n")
    assert [(p.message[:24], p.line, p.column) for p in found] == [
        ("invalid character U+2028", 2, 5),
        ("invalid character U+0085", 2, 6),
        ("invalid character U+2029", 2, 12),
        ("invalid character U+000D", 4, 3),  # CRLF is a line ending; a CR alone is refused
    ]


def test_a_file_full_of_them_reports_the_first_ones() -> None:
    found = parse_problems("a: 1\n" + "# \u2028\n" * 500)
    assert len(found) == MAX_REPORTED
    assert [p.line for p in found] == list(range(2, 2 + MAX_REPORTED))


@LOADERS
def test_escapes_of_those_characters_stay_allowed(loader: t.Any) -> None:
    # An escape is visible to whoever reads the file: `\N`, `\L`, `\P` are YAML's own.
    text = 'a: "\\u2028\\x85\\N\\L\\P\\u202e\\r"\n'
    assert parse_yaml(text, loader_class=loader)[0] == {"a": "\u2028\x85\x85\u2028\u2029\u202e\r"}


@LOADERS
def test_ordinary_text_and_line_endings_are_fine(loader: t.Any) -> None:
    text = "# é 東京 ✓ 😀 שלום مرحبا\r\na: Zürich\u00a0Nord\r\nb: 'x\u200by'\r\n"
    data, _ = parse_yaml(text, loader_class=loader)
    assert data == {"a": "Zürich\u00a0Nord", "b": "x\u200by"}


def test_through_load_manifest_the_failure_is_located(write: t.Callable[..., Path]) -> None:
    path = write(HIGH_RISK.replace(OVERSIGHT, HIDDEN))
    result = load_manifest(path)
    assert isinstance(result, LoadFailure)
    ((line, column),) = [(p.line, p.column) for p in result.problems]
    assert (line, column) == (15, 58)


def test_json_is_not_the_yaml_dialect(write: t.Callable[..., Path]) -> None:
    # JSON has no comments and reads no U+2028 as a line break: the character is just text.
    result = load_manifest(write('{"a": "x\u2028y"}', "m.llm-project.json"))
    assert isinstance(result, LoadedManifest) and result.data == {"a": "x\u2028y"}


# Numbers and booleans -----------------------------------------------------------------------

ACCEPTED = [
    ("0", 0),
    ("-0", 0),
    ("42", 42),
    ("-7", -7),
    ("700000000", 700000000),
    ("0.5", 0.5),
    ("-1.5", -1.5),
    ("1.10", 1.1),
    ("1e3", 1000.0),
    ("1E-3", 0.001),
    ("1.5e+3", 1500.0),
    ("true", True),
    ("True", True),
    ("TRUE", True),
    ("false", False),
    ("False", False),
    ("FALSE", False),
    ("null", None),
    ("~", None),
    ("", None),
    # Text to PyYAML and to YAML 1.2: kept as written (only the YAML 1.1 spec says boolean).
    ("y", "y"),
    ("n", "n"),
    ("Y", "Y"),
    ("N", "N"),
    ("0X1F", "0X1F"),
    ("1.2.3", "1.2.3"),
    ("2024-07-23", "2024-07-23"),
    ("+", "+"),
    (".", "."),
    # Quoted or tagged as text: what is written.
    ("'0750'", "0750"),
    ('"yes"', "yes"),
    ("'1:30'", "1:30"),
    ("!!str 0x1F", "0x1F"),
    ("!!float 1", 1.0),
    ("!!bool true", True),
]


@LOADERS
@pytest.mark.parametrize(("text", "expected"), ACCEPTED, ids=[a for a, _ in ACCEPTED])
def test_numbers_and_booleans_every_reader_agrees_on(
    loader: t.Any, text: str, expected: t.Any
) -> None:
    got = value(text, loader)
    assert got == expected and type(got) is type(expected)


Q = "or quote it if it is text"
REFUSED_NUMBERS = [
    (
        "0750000000",
        "'0750000000' has a leading zero, so YAML 1.1 reads it as the octal number 127926272; "
        f"write 750000000, {Q}",
    ),
    ("-017", "'-017' has a leading zero, so YAML 1.1 reads it as the octal number -15; write -17"),
    ("00", f"'00' is read as the number 0; write 0, {Q}"),
    ("0x1F", f"'0x1F' is the hexadecimal number 31; write 31, {Q}"),
    ("0x_1F", f"'0x_1F' is the hexadecimal number 31; write 31, {Q}"),
    ("0b1010", f"'0b1010' is the binary number 10; write 10, {Q}"),
    ("0o17", f"'0o17' is the number 15 in YAML 1.2 but text in YAML 1.1; write 15, {Q}"),
    (
        "1:30",
        f"'1:30' is a base-60 number to YAML 1.1, read as 90; write 90 if it is a number, {Q} "
        '(a time, say: "1:30")',
    ),
    ("12:30:00", "'12:30:00' is a base-60 number to YAML 1.1, read as 45000;"),
    ("-1:30", "'-1:30' is a base-60 number to YAML 1.1, read as -90;"),
    ("1:30.5", "'1:30.5' is a base-60 number to YAML 1.1, read as 90.5;"),
    ("+1", f"'+1' is read as the number 1, without its '+'; write 1, {Q}"),
    ("+1e3", f"'+1e3' is read as the number 1e3, without its '+'; write 1e3, {Q}"),
    (
        "1_000",
        "'1_000' is 1000 to YAML 1.1, which ignores '_' in numbers, and text to YAML 1.2; "
        f"write 1000, {Q}",
    ),
    ("1_000.5", "'1_000.5' is 1000.5 to YAML 1.1, which ignores '_' in numbers,"),
    (".5", f"'.5' is read as the number 0.5; write 0.5, {Q}"),
    ("5.", f"'5.' is read as the number 5.0; write 5.0, {Q}"),
    ("007.5", f"'007.5' is read as the number 7.5; write 7.5, {Q}"),
    ("-.5", f"'-.5' is the number -0.5 in YAML 1.2 but text in YAML 1.1; write -0.5, {Q}"),
    ("+.5", f"'+.5' is the number 0.5 in YAML 1.2 but text in YAML 1.1; write 0.5, {Q}"),
    (".5e3", f"'.5e3' is the number 0.5e3 in YAML 1.2 but text in YAML 1.1; write 0.5e3, {Q}"),
    ("089", f"'089' is the number 89 in YAML 1.2 but text in YAML 1.1; write 89, {Q}"),
    ("yes", f"'yes' is the boolean true in YAML 1.1 but text in YAML 1.2; write true, {Q} (\"yes"),
    ("Yes", "'Yes' is the boolean true in YAML 1.1 but text in YAML 1.2; write true,"),
    ("NO", "'NO' is the boolean false in YAML 1.1 but text in YAML 1.2; write false,"),
    ("on", "'on' is the boolean true in YAML 1.1 but text in YAML 1.2; write true,"),
    ("Off", "'Off' is the boolean false in YAML 1.1 but text in YAML 1.2; write false,"),
    # An explicit tag asks for the type, not for YAML 1.1's spelling of it.
    ("!!int 0750", "'0750' has a leading zero, so YAML 1.1 reads it as the octal number 488;"),
    ('!!int "0x10"', f"'0x10' is the hexadecimal number 16; write 16, {Q}"),
    ("!!bool yes", "'yes' is the boolean true in YAML 1.1 but text in YAML 1.2;"),
    ("!!float 1_0", "'1_0' is 10.0 to YAML 1.1, which ignores '_' in numbers,"),
]  # fmt: skip


@LOADERS
@pytest.mark.parametrize(("text", "message"), REFUSED_NUMBERS, ids=[a for a, _ in REFUSED_NUMBERS])
def test_numbers_and_booleans_readers_disagree_on_are_located_errors(
    loader: t.Any, text: str, message: str
) -> None:
    problem = one(f"ok: 1\na: {text}\n", loader)
    assert (problem.path, problem.line, problem.column) == ("a", 2, 4)
    assert problem.message.startswith(message)


@LOADERS
def test_the_value_is_never_silently_converted(loader: t.Any) -> None:
    # Every refused spelling is refused inside lists and flow mappings too, each one located.
    found = parse_problems("a: [1, 0750, yes]\nb: {c: 1:30, d: 2}\n", loader)
    assert [(p.path, p.line, p.column) for p in found] == [
        ("a[1]", 1, 8),
        ("a[2]", 1, 14),
        ("b.c", 2, 8),
    ]


@LOADERS
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0750: x\n", "key '0750' is read as a number, not a string; quote it: \"0750\""),
        ("on: x\n", "key 'on' is read as a boolean, not a string; quote it: \"on\""),
        ("1:30: x\n", "key '1:30' is read as a number, not a string; quote it: \"1:30\""),
    ],
)
def test_keys_that_are_not_text_keep_their_message(loader: t.Any, text: str, message: str) -> None:
    assert one(text, loader).message == message


@LOADERS
def test_keys_that_only_yaml_1_2_would_read_as_numbers_are_text(loader: t.Any) -> None:
    assert parse_yaml("0o17: a\ny: b\n-.5: c\n", loader_class=loader)[0] == {
        "0o17": "a",
        "y": "b",
        "-.5": "c",
    }


# One-word values padded by a block scalar -----------------------------------------------------

PADDED = [
    ("|\n  claims-triage\n", "as a block scalar ('|')", "'claims-triage\\n'"),
    (">\n  claims-triage\n", "as a block scalar ('>')", "'claims-triage\\n'"),
    ("|+\n  claims-triage\n\n", "as a block scalar ('|')", "'claims-triage\\n\\n'"),
    (">+\n  claims-triage\n", "as a block scalar ('>')", "'claims-triage\\n'"),
    ("|2\n  claims-triage\n", "as a block scalar ('|')", "'claims-triage\\n'"),
    ("|-\n  claims-triage  \n", "as a block scalar ('|')", "'claims-triage  '"),
    ('"claims-triage\n\n  "', "over several lines", "'claims-triage\\n'"),
    ("'claims-triage\n\n  '", "over several lines", "'claims-triage\\n'"),
    ('"claims-triage\n  "', "over several lines", "'claims-triage '"),
]


@LOADERS
@pytest.mark.parametrize(("text", "how", "shown"), PADDED, ids=[p[0] for p in PADDED])
def test_a_one_word_value_padded_by_a_block_scalar_is_refused(
    loader: t.Any, text: str, how: str, shown: str
) -> None:
    problem = one("metadata:\n  name: " + text.replace("\n", "\n  "), loader)
    assert (problem.path, problem.line, problem.column) == ("metadata.name", 2, 9)
    assert problem.message == (
        f"'claims-triage' is written {how}, so the value is {shown}, not 'claims-triage'; "
        "write it on one line after the key"
    )


@LOADERS
def test_padding_is_refused_in_lists_keys_and_the_tools_own_files(loader: t.Any) -> None:
    text = (
        "waivers:\n  - rule: |\n      LLM-DATA-001\n    expires: >\n      2099-01-01\n"
        "models:\n  - id: |\n      gpt-4o\n? |\n  kind\n: LLMProject\n"
    )
    found = parse_problems(text, loader)
    assert [(p.path, p.line, p.column) for p in found] == [
        ("waivers[0].rule", 2, 11),
        ("waivers[0].expires", 4, 14),
        ("models[0].id", 7, 9),
        ("", 9, 3),
    ]
    assert found[3].message.startswith("'kind' is written as a block scalar ('|')")


@LOADERS
def test_an_empty_block_that_keeps_line_breaks_is_refused(loader: t.Any) -> None:
    problem = one("a: |+\n\n\nb: 1\n", loader)
    assert problem.message == (
        "this value is written as a block scalar ('|') but holds only line breaks or spaces "
        "('\\n\\n'); write '' if it is meant to be empty"
    )


@LOADERS
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("|-\n  claims-triage\n", "claims-triage"),  # what a reader sees is what is read
        (">-\n  claims-triage\n", "claims-triage"),
        ("|\n  Summarises claims.\n  Two lines.\n", "Summarises claims.\nTwo lines.\n"),
        (">\n  Summarises inbound\n  claims.\n", "Summarises inbound claims.\n"),
        ("|\n", ""),
        ("claims\n  triage\n", "claims triage"),  # a plain scalar folds to text with a space
        ('"eu\\n"\n', "eu\n"),  # an escape is visible: the schema's patterns judge it
        ("' eu'\n", " eu"),
    ],
)
def test_text_may_be_written_as_a_block(loader: t.Any, text: str, expected: str) -> None:
    assert parse_yaml(f"a: {text}", loader_class=loader)[0] == {"a": expected}


def _one_line_patterns(schema: t.Any) -> t.Iterator[str]:
    if isinstance(schema, dict):
        if isinstance(schema.get("pattern"), str) and schema["pattern"].endswith("$"):
            yield schema["pattern"]
        for child in schema.values():
            yield from _one_line_patterns(child)
    elif isinstance(schema, list):
        for child in schema:
            yield from _one_line_patterns(child)


PATTERNS = sorted(set(_one_line_patterns(load_schema())))


@pytest.mark.parametrize("pattern", PATTERNS)
@settings(max_examples=25, deadline=None, derandomize=True, database=None)
@given(data=st.data())
def test_the_manifest_patterns_fail_a_trailing_line_break_in_both_validators(
    pattern: str, data: st.DataObject
) -> None:
    # The escape `"eu\n"` reaches the schema. Both validators read `$` as ECMA-262 does (the end
    # of the text), so every one-line manifest pattern fails it; Python's `re.search`, which
    # jsonschema uses unless told otherwise (the tool's own files), passes it: why the loader
    # refuses a padded one-word value itself rather than trusting a `$`.
    word = data.draw(st.from_regex(ecma_regex(pattern), fullmatch=True).filter(str.isprintable))
    rs = jsonschema_rs.Draft202012Validator({"type": "string", "pattern": pattern})
    assert ecma_regex(pattern).search(word) and rs.is_valid(word)
    for padded in (word + "\n", word + "\n\n"):
        assert ecma_regex(pattern).search(padded) is None
        assert not rs.is_valid(padded)
    assert re.search(pattern, word + "\n"), "Python's $ passes a final line break"
    assert len(PATTERNS) >= 5
