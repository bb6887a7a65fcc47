from __future__ import annotations

import datetime as dt
import typing as t
from pathlib import Path

import pytest

from checker import parse_cache
from checker.metadata import read_metadata
from checker.policy_set import build_policy_set


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LLM_POLICY_CACHE", str(tmp_path))
    return tmp_path / "parsed"


def counting(value: t.Any) -> tuple[list[str], t.Callable[[str], t.Any]]:
    calls: list[str] = []

    def parse(text: str) -> t.Any:
        calls.append(text)
        return value

    return calls, parse


def test_the_second_parse_of_the_same_text_comes_from_the_cache(cache: Path) -> None:
    calls, parse = counting({"a": [1, 2.5, True, None, "x"]})
    first = parse_cache.parsed("kind", "a: [1, 2.5, true, null, x]", parse)
    second = parse_cache.parsed("kind", "a: [1, 2.5, true, null, x]", parse)
    assert first == second == {"a": [1, 2.5, True, None, "x"]}
    assert len(calls) == 1
    assert len(list(cache.rglob("*.json"))) == 1


def test_changed_text_or_another_kind_is_a_new_key(cache: Path) -> None:
    calls, parse = counting({"a": 1})
    parse_cache.parsed("kind", "a: 1", parse)
    parse_cache.parsed("kind", "a: 1 ", parse)
    parse_cache.parsed("other", "a: 1", parse)
    assert len(calls) == 3


@pytest.mark.parametrize("value", [{"d": dt.date(2026, 1, 2)}, {1: "integer key"}, float("nan")])
def test_values_json_would_change_are_never_cached(cache: Path, value: t.Any) -> None:
    calls, parse = counting(value)
    parse_cache.parsed("kind", "text", parse)
    assert parse_cache.parsed("kind", "text", parse) is value
    assert len(calls) == 2
    assert not list(cache.rglob("*.json"))


def test_a_corrupt_entry_is_parsed_again(cache: Path) -> None:
    calls, parse = counting({"a": 1})
    parse_cache.parsed("kind", "a: 1", parse)
    for entry in cache.rglob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    assert parse_cache.parsed("kind", "a: 1", parse) == {"a": 1}
    assert len(calls) == 2


def test_off_means_no_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM_POLICY_CACHE", "off")
    monkeypatch.setenv("HOME", str(tmp_path))
    calls, parse = counting({"a": 1})
    parse_cache.parsed("kind", "a: 1", parse)
    parse_cache.parsed("kind", "a: 1", parse)
    assert len(calls) == 2
    assert not list(tmp_path.rglob("*.json"))


def test_an_unwritable_cache_only_means_parsing_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("LLM_POLICY_CACHE", str(blocker))  # a file: no folder can be made in it
    calls, parse = counting({"a": 1})
    assert parse_cache.parsed("kind", "a: 1", parse) == {"a": 1}
    assert parse_cache.parsed("kind", "a: 1", parse) == {"a": 1}
    assert len(calls) == 2


def test_policy_set_and_rules_are_the_same_from_the_cache(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LLM_POLICY_CACHE", "off")
    plain = build_policy_set()
    plain_rules = read_metadata(plain.sources)
    monkeypatch.setenv("LLM_POLICY_CACHE", str(cache.parent))
    for _ in range(2):  # the first run fills the cache, the second reads it
        cached = build_policy_set()
        assert cached.data == plain.data
        assert cached.digest == plain.digest
        assert read_metadata(cached.sources) == plain_rules
    assert list(cache.rglob("*.json"))
