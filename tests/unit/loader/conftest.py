from __future__ import annotations

import typing as t
from pathlib import Path

import pytest

from checker.loader import LoadedManifest, LoadFailure, load_manifest
from checker.problems import Problem

Write = t.Callable[..., Path]


@pytest.fixture
def write(tmp_path: Path) -> Write:
    """Write text (str) or raw bytes to a file in tmp_path and return its path."""

    def _write(content: str | bytes, name: str = "llm-project.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    return _write


@pytest.fixture
def load_ok(write: Write) -> t.Callable[..., LoadedManifest]:
    """Write content, load it, and insist that it loaded."""

    def _load(content: str | bytes, name: str = "llm-project.yaml") -> LoadedManifest:
        result = load_manifest(write(content, name))
        assert isinstance(result, LoadedManifest), result
        return result

    return _load


@pytest.fixture
def problems(write: Write) -> t.Callable[..., tuple[Problem, ...]]:
    """Write content, load it, and return the problems of the failure it must be."""

    def _problems(
        content: str | bytes, name: str = "llm-project.yaml", **kwargs: t.Any
    ) -> tuple[Problem, ...]:
        result = load_manifest(write(content, name), **kwargs)
        assert isinstance(result, LoadFailure), result
        assert result.problems
        return result.problems

    return _problems
