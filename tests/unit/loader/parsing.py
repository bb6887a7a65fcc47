"""Helpers the loader tests share: the problems a YAML text fails to parse with."""

from __future__ import annotations

import typing as t

import pytest

from checker.loader.model import ParseFailed
from checker.loader.yaml_ import parse_yaml
from checker.loader.yaml_scalars import ManifestYamlLoader
from checker.problems import Problem


def parse_problems(text: str, loader: t.Any = ManifestYamlLoader) -> tuple[Problem, ...]:
    """Every problem `text` fails to parse with (the test fails if it parses)."""
    with pytest.raises(ParseFailed) as caught:
        parse_yaml(text, loader_class=loader)
    return caught.value.problems


def one(text: str, loader: t.Any = ManifestYamlLoader) -> Problem:
    """The one problem `text` fails with."""
    found = parse_problems(text, loader)
    assert len(found) == 1, found
    return found[0]
