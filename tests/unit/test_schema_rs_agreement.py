"""jsonschema-rs's yes/no agrees with jsonschema's verdict, each as the validator sets it up.

The validator trusts jsonschema-rs's "valid" and asks jsonschema only for the messages, so the
two must agree on every document: the schema's keywords, the `llm-policy-region` format
against the catalog (and without one), the `patternErrorMessage` annotation, and the patterns,
which both read as ECMA-262 (`validator.ecma_regex`; Python's `re` alone reads `$`, `.` and
`\\s` otherwise). Documents: the examples and test manifests, generated manifests
(tests/conformance/manifests.py) and mutations of both, with values of every JSON kind and the
characters on which regex dialects differ.
"""

from __future__ import annotations

import collections
import copy
import random
import typing as t
from pathlib import Path

import jsonschema_rs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

from checker import validator
from checker.loader import LoadedManifest, load_manifest
from checker.policy_set import build_policy_set
from checker.validator import REGION_FORMAT, ecma_regex, load_schema, validate
from tests.conformance.manifests import manifests

ROOT = Path(__file__).resolve().parents[2]
DATA = build_policy_set().data
REGIONS = frozenset(DATA["catalog"]["regions"])
SCHEMA = load_schema()
# Characters that regex dialects read differently (line ends, spaces, Unicode digits and
# letters) and the punctuation the patterns use.
TRICKY = (
    "\n", "\r", "\t", "\x0b", "\x0c", " ", "\x1c", "\x1f", "\x85", "\xa0", "\u1680", "\u2000",
    "\u200b", "\u2028", "\u2029", "\u202f", "\u3000", "\ufeff", "\u0661", "\u00e9", "\u212a",
    "\U0001f600", "-", ".", "@", "/", "_", "A", "z", "0",
)  # fmt: skip
ODD = (
    None, True, False, 0, 1, -1, 1.0, 0.5, -0.0, 1e-7, 10**25, -(10**25), 2**63, 2**64, 1e300,
    "", "x", "eu", "EU", "us-gov", "xx", "eu-west", "eu\n", [], ["eu"], {}, {"a": 1},
)  # fmt: skip
QUICK = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SEEN: collections.Counter[str] = collections.Counter()


def agree(doc: t.Any) -> None:
    """Both validators, with the catalog's regions and without, give `doc` one verdict."""
    for regions in (REGIONS, frozenset()):
        expected = validator._validator(regions).is_valid(doc)
        assert validator._fast(regions).is_valid(doc) is expected, (sorted(regions)[:3], doc)
        SEEN[f"{'catalog' if regions else 'shape'}-{'valid' if expected else 'invalid'}"] += 1


def _files() -> list[dict[str, t.Any]]:
    paths = [
        *sorted(ROOT.glob("examples/*/llm-project.yaml")),
        *sorted((ROOT / "tests" / "data").glob("*/*.yaml")),
    ]
    loaded = [load_manifest(p) for p in paths]
    return [m.data for m in loaded if isinstance(m, LoadedManifest)]


FILES = _files()
SPEC_EXAMPLE = ROOT / "tests" / "data" / "valid" / "spec-example.llm-project.yaml"


def _enum_values(schema: t.Any) -> list[t.Any]:
    """Every enum and const value in the schema: swapping one in often keeps a manifest valid."""
    if isinstance(schema, dict):
        found = list(schema.get("enum", ())) + ([schema["const"]] if "const" in schema else [])
        return found + [v for sub in schema.values() for v in _enum_values(sub)]
    if isinstance(schema, list):
        return [v for sub in schema for v in _enum_values(sub)]
    return []


VALUES = [*ODD, *_enum_values(SCHEMA), *sorted(REGIONS)]


def _places(doc: t.Any, at: tuple[t.Any, ...] = ()) -> t.Iterator[tuple[t.Any, ...]]:
    """The path of every value below the root."""
    children = (
        doc.items() if isinstance(doc, dict) else enumerate(doc) if isinstance(doc, list) else ()
    )
    for key, child in children:
        yield (*at, key)
        yield from _places(child, (*at, key))


def _get(doc: t.Any, path: tuple[t.Any, ...]) -> t.Any:
    for key in path:
        doc = doc[key]
    return doc


def _tweak(text: str, rng: random.Random) -> str:
    """`text` with a tricky character put at its start, its end or inside."""
    where = rng.choice([0, len(text), rng.randint(0, len(text))])
    return text[:where] + rng.choice(TRICKY) + text[where:]


def _mutate(doc: t.Any, rng: random.Random) -> t.Any:
    """A copy of `doc` with one to three random edits: replace, delete, add, tweak a value."""
    doc = copy.deepcopy(doc)
    for _ in range(rng.choice([1, 1, 2, 3])):
        places = list(_places(doc))
        if not places:
            break
        path = rng.choice(places)
        parent, key = _get(doc, path[:-1]), path[-1]
        action = rng.choice(["replace", "delete", "add", "tweak", "tweak", "alike", "alike"])
        value = parent[key]
        alike = [v for v in VALUES if type(v) is type(value)]
        if action == "alike" and alike:  # a value of the same kind: often still valid
            parent[key] = copy.deepcopy(rng.choice(alike))
        elif action == "tweak" and isinstance(value, str):
            parent[key] = _tweak(value, rng)
        elif action == "tweak" and isinstance(value, (int, float)) and not isinstance(value, bool):
            parent[key] = rng.choice([-value, value + 0.5, value * 10**20, float(value)])
        elif action == "delete":
            del parent[key]
        elif action == "add" and isinstance(parent, dict):
            name = rng.choice(["extra", "clasification", "id", "hosting", "region"])
            parent[name] = copy.deepcopy(rng.choice(VALUES))
        elif action == "add":
            parent.append(copy.deepcopy(rng.choice(parent)))
        else:
            parent[key] = copy.deepcopy(rng.choice(VALUES))
    return doc


def _spec_example() -> LoadedManifest:
    loaded = load_manifest(SPEC_EXAMPLE)
    assert isinstance(loaded, LoadedManifest)
    return loaded


def test_the_test_manifests_the_examples_and_thousands_of_mutations() -> None:
    assert len(FILES) > 30
    rng = random.Random(20261201)
    for doc in FILES:
        agree(doc)
    valid = [doc for doc in FILES if validator._validator(REGIONS).is_valid(doc)]
    for _ in range(3000):
        # Mostly valid ones: an edit of an invalid manifest seldom makes it valid.
        agree(_mutate(rng.choice(valid if rng.random() < 0.7 else FILES), rng))


# Generating a manifest costs far more than checking one: each is checked with mutations too.
MUTATIONS_EACH = 10


@settings(QUICK, max_examples=250)
@given(manifests(DATA), st.randoms(use_true_random=False))
def test_generated_manifests_and_mutations_of_them(
    doc: dict[str, t.Any], rng: random.Random
) -> None:
    agree(doc)
    for _ in range(MUTATIONS_EACH):
        agree(_mutate(doc, rng))


def test_both_verdicts_were_exercised_thousands_of_times() -> None:
    # Runs after the tests above (file order); alone, it has nothing to look at and skips.
    if not SEEN:
        pytest.skip("run with the rest of the module")
    assert sum(SEEN.values()) >= 2 * 5000, SEEN
    assert min(SEEN[k] for k in ("catalog-valid", "catalog-invalid", "shape-invalid")) > 300, SEEN


# --- the patterns, one at a time ----------------------------------------------------------------


def _patterns(schema: t.Any) -> list[str]:
    if isinstance(schema, dict):
        own = [schema["pattern"]] if isinstance(schema.get("pattern"), str) else []
        return own + [p for sub in schema.values() for p in _patterns(sub)]
    if isinstance(schema, list):
        return [p for sub in schema for p in _patterns(sub)]
    return []


# The schema's own, and others with the constructs whose meaning differs between the dialects.
PATTERNS = [
    *sorted(set(_patterns(SCHEMA))),
    *("^a.b$", r"^\d+$", r"^\w+$", r"^\S+$", r"^[\s]$", "x$", "^$", r"^[^\s.]+$", r"^[\d\w]$"),
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_each_pattern_reads_alike_in_both(pattern: str) -> None:
    rs = jsonschema_rs.Draft202012Validator({"pattern": pattern})
    python = ecma_regex(pattern)

    @settings(QUICK, max_examples=200)
    @given(
        st.one_of(
            st.text(st.sampled_from(TRICKY), max_size=8),
            st.from_regex(pattern, fullmatch=True),
        ),
        st.randoms(use_true_random=False),
        st.booleans(),
    )
    def check(text: str, rng: random.Random, tweak: bool) -> None:
        text = _tweak(text, rng) if tweak else text
        assert rs.is_valid(text) is (python.search(text) is not None), repr(text)

    check()


def test_python_re_alone_would_disagree() -> None:
    # Why ecma_regex exists: Python's `re` passes a name ending in a newline (`name: |` in YAML
    # gives one), which JSON Schema's dialect (ECMA-262) fails, and fails an owner holding \x85,
    # which is no space there.
    plain = Draft202012Validator(SCHEMA, format_checker=FormatChecker(formats=()))
    doc = _spec_example().data
    for field, value in (("name", "claims-triage\n"), ("owner", "a\x85b@example.com")):
        odd = copy.deepcopy(doc)
        odd["metadata"][field] = value
        ecma = value.endswith("@example.com")
        assert plain.is_valid(odd) is not ecma
        assert validator._fast(REGIONS).is_valid(odd) is ecma
        assert validator._validator(REGIONS).is_valid(odd) is ecma


def test_a_trailing_newline_in_a_name_is_a_problem(tmp_path: Path) -> None:
    source = SPEC_EXAMPLE.read_text()
    assert source.count("  name: claims-triage ") == 1
    path = tmp_path / "llm-project.yaml"
    path.write_text(source.replace("  name: claims-triage ", '  name: "claims-triage\\n" '))
    loaded = load_manifest(path)
    assert isinstance(loaded, LoadedManifest)
    (problem,) = validate(loaded, regions=REGIONS)
    assert problem.path == "metadata.name"
    assert "lowercase DNS label" in problem.message


def test_a_value_jsonschema_rs_cannot_take_goes_to_jsonschema(tmp_path: Path) -> None:
    # The loader never makes one; a caller passing other data still gets jsonschema's answer.
    base = _spec_example()
    odd = LoadedManifest(base.path, {**base.data, 1: "x"}, base.source_map, base.sha256)
    with pytest.raises(ValueError):
        validator._fast(REGIONS).is_valid(odd.data)
    assert validate(odd, regions=REGIONS)


def test_the_region_format_is_the_messages_one_and_checked_by_both() -> None:
    from checker import schema_messages

    assert REGION_FORMAT == schema_messages.REGION_FORMAT
    assert SCHEMA["$defs"]["regionCode"]["format"] == REGION_FORMAT
    unknown = next(c for c in ("xx", "qq", "zz") if c not in REGIONS)
    for check in (validator._fast(REGIONS), validator._validator(REGIONS)):
        doc = _spec_example().data
        assert check.is_valid(doc)
        doc["spec"]["residency"]["allowedRegions"] = [unknown]
        assert not check.is_valid(doc)


@pytest.mark.parametrize("pattern", ["[]", "[^]x", r"[\S]", r"\bword", r"a\B"])
def test_patterns_ecma_regex_cannot_translate_are_refused(pattern: str) -> None:
    with pytest.raises(ValueError, match="not supported"):
        ecma_regex(pattern)
