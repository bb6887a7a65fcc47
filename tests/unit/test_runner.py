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


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("{tmp}/work/a/llm-project.yaml", "a/llm-project.yaml"),
        ("{tmp}/work", "."),
        ("{tmp}/work/../work/./a//b.yaml", "a/b.yaml"),
        ("a/b.yaml", "a/b.yaml"),
        ("{tmp}/elsewhere/llm-project.yaml", "{tmp}/elsewhere/llm-project.yaml"),
        ("{tmp}/workshop/a.yaml", "{tmp}/workshop/a.yaml"),  # a name that starts like work's
        ("../elsewhere/c.yaml", "../elsewhere/c.yaml"),  # outside: as it was given
    ],
)
def test_display_path_is_relative_to_the_working_folder_when_inside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, shown: str
):
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    tmp = tmp_path.as_posix()
    assert display_path(Path(path.format(tmp=tmp))) == shown.format(tmp=tmp)


def test_display_path_from_the_root_folder(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir("/")
    assert display_path(Path("/x/y.yaml")) == "x/y.yaml"
    assert display_path(Path("/")) == "."
