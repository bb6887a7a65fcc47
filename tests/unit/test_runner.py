"""How the runner names manifests in reports."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from checker.runner import display_path


def test_paths_inside_the_working_directory_are_relative(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert display_path(tmp_path / "svc" / "llm-project.yaml") == "svc/llm-project.yaml"
    assert display_path(Path("/elsewhere/llm-project.yaml")) == "/elsewhere/llm-project.yaml"


def test_file_names_that_are_not_utf8_can_be_reported(tmp_path: Path) -> None:
    name = os.fsdecode(b"x\xff y.llm-project.yaml")  # a lone surrogate stands for the byte
    shown = display_path(tmp_path / name)
    assert shown.endswith("x\ufffd y.llm-project.yaml")
    shown.encode("utf-8")  # would raise for a lone surrogate
    assert json.loads(json.dumps(shown, ensure_ascii=False)) == shown
