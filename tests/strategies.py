"""Hostile variations of manifests for the property suite: mutations, odd strings, raw bytes.

Valid manifests come from the schema (tests/conformance/manifests.py, steered toward the
catalog). Here they are broken the way people and attackers break them: a field dropped,
renamed or given another type, a value replaced by an odd string, the text itself cut or
spliced, or no manifest at all but random bytes.
"""

from __future__ import annotations

import copy
import json
import typing as t

import yaml
from hypothesis import strategies as st

from tests.conformance.manifests import manifests

Path_ = tuple[str | int, ...]

ODD_LIST = (
    "",
    " ",
    "\x1b]0;pwned\x07",
    "\n\nPASS forged.yaml (fake)",
    "\u202e\u2066",
    "\ud800",  # a lone surrogate
    "*alias",
    "&anchor x",
    "!!python/object/apply:os.system ['true']",
    "{",
    "- a",
    "null",
    "NaN",
    "1e400",
    "9" * 5000,
    "x" * 70_000,
    "a@" + "a." * 2000 + "@",
    "東京 ✓ é",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "[x](https://evil.example)",
)
ODD_STRINGS = st.one_of(st.sampled_from(ODD_LIST), st.text(max_size=40))
ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    ODD_STRINGS,
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


def _paths(value: t.Any, path: Path_ = ()) -> list[Path_]:
    """Every path into a value, the root excluded."""
    found: list[Path_] = []
    items: t.Iterable[tuple[str | int, t.Any]] = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, item in items:
        found.append((*path, key))
        found.extend(_paths(item, (*path, key)))
    return found


def _parent(data: t.Any, path: Path_) -> t.Any:
    for key in path[:-1]:
        data = data[key]
    return data


@st.composite
def mutated(draw: st.DrawFn, data: dict[str, t.Any]) -> dict[str, t.Any]:
    """A schema-valid manifest with one to three fields dropped, renamed, retyped or made odd."""
    manifest = copy.deepcopy(draw(manifests(data)))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(manifest)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, key = _parent(manifest, path), path[-1]
        action = draw(st.sampled_from(["drop", "rename", "retype", "odd"]))
        if action == "drop":
            del parent[key]
        elif action == "rename" and isinstance(parent, dict):
            parent[draw(ODD_STRINGS | st.just(str(key).upper()))] = parent.pop(key)
        elif action == "retype":
            parent[key] = draw(ANY_VALUE)
        else:
            parent[key] = draw(ODD_STRINGS)
    return manifest


@st.composite
def odd_free_text(draw: st.DrawFn, data: dict[str, t.Any]) -> dict[str, t.Any]:
    """A valid manifest with odd text wherever the schema takes any string, so it reaches the
    policies: the description, a label's key and value, and a self-hosted model's id."""
    manifest = copy.deepcopy(draw(manifests(data)))
    odd = st.sampled_from(ODD_LIST)
    manifest["metadata"]["description"] = draw(odd)
    manifest["metadata"]["labels"] = {draw(odd): draw(odd)}
    models = manifest["spec"].setdefault("models", [])
    models[:1] = [{"id": draw(odd), "hosting": "self-hosted", "region": "eu"}]
    return manifest


def serialise(manifest: t.Any, as_json: bool) -> bytes:
    """A manifest as a JSON or YAML file's bytes (lone surrogates kept as escapes)."""
    if as_json:
        return json.dumps(manifest, indent=1).encode()
    return yaml.safe_dump(manifest, allow_unicode=False, sort_keys=False).encode()


SPLICES = [b"\x00", b"\xff", b"\t", b"'", b'"', b"&a ", b"*a", b"{", b"[", b"---\n", b"\n  ", b": "]
SPLICES += [b"\xe2\x80\xae", b"!!python/name:os.system ", b"\r", b"%YAML 1.1\n"]
SPLICES += [b"!!float ", b"!!int "]  # an explicit tag on an empty value once raised


@st.composite
def spliced(draw: st.DrawFn, text: bytes) -> bytes:
    """The file's bytes with a few cuts, insertions and flips: a truncated or garbled file."""
    data = bytearray(text)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["cut", "insert", "flip"]))
        if kind == "cut":
            del data[at : at + draw(st.integers(1, 40))]
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from(SPLICES))
        elif data:
            data[min(at, len(data) - 1)] ^= draw(st.integers(1, 255))
    return bytes(data)


RANDOM_FILES = st.one_of(
    st.binary(max_size=2048),
    st.builds(
        lambda head, tail: head + tail,
        st.sampled_from([b"apiVersion: ", b"{", b"\xef\xbb\xbf", b"---\n", b"- "]),
        st.binary(max_size=512),
    ),
)
