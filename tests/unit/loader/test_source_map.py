from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.loader import SourceMap, format_path, parse_path

SOURCE = SourceMap(
    {
        "": (1, 1),
        "spec": (5, 1),
        "spec.models": (9, 3),
        "spec.models[1]": (12, 7),
        "spec.models[1].region": (14, 7),
        'metadata.labels["app.io/name"]': (4, 5),
    }
)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("spec.models[1].region", (14, 7)),
        ("spec.models[1]", (12, 7)),
        ("spec.models[1].provider", (12, 7)),  # missing field: the item lacking it
        ("spec.models[7].region", (9, 3)),  # missing item: the list
        ("spec.useCase.purpose", (5, 1)),
        ("kind", (1, 1)),  # missing at the top: the document
        ("", (1, 1)),
        ('metadata.labels["app.io/name"]', (4, 5)),
        ("spec.models[x]", (9, 3)),  # unreadable rest: the longest readable prefix
    ],
)
def test_locate_exact_or_longest_prefix(path: str, expected: tuple[int, int]) -> None:
    assert SOURCE.locate(path) == expected


def test_locate_knows_nothing_in_an_empty_map() -> None:
    assert SourceMap().locate("spec") is None


@pytest.mark.parametrize(
    ("parts", "text"),
    [
        ((), ""),
        (("spec", "models", 1, "region"), "spec.models[1].region"),
        (("metadata", "labels", "app.io/name"), 'metadata.labels["app.io/name"]'),
        ((0, "a"), "[0].a"),
        (("a", "0"), 'a["0"]'),
        (("a", ""), 'a[""]'),
        (("a b", 'q"'), '["a b"]["q\\""]'),
        (("cost_center-2",), "cost_center-2"),
    ],
)
def test_format_and_parse(parts: tuple[str | int, ...], text: str) -> None:
    assert format_path(parts) == text
    assert parse_path(text) == parts


def test_parse_stops_at_what_it_cannot_read() -> None:
    assert parse_path("spec.models[1]region") == ("spec", "models", 1)
    assert parse_path("spec..x") == ("spec",)


@given(st.lists(st.one_of(st.text(), st.integers(min_value=0)), max_size=6))
def test_any_path_round_trips(parts: list[str | int]) -> None:
    assert parse_path(format_path(parts)) == tuple(parts)
