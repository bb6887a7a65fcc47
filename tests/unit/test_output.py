"""write_atomic: text and bytes land whole, with an ordinary file's mode."""

from __future__ import annotations

import os
import tempfile
import typing as t
from pathlib import Path

import pytest

from checker.errors import UsageError
from checker.output import write_atomic


def test_text_and_bytes(tmp_path: Path) -> None:
    write_atomic(tmp_path / "report.txt", "héllo\n")
    write_atomic(tmp_path / "bundle.tar.gz", b"\x1f\x8b\x00\xff")
    assert (tmp_path / "report.txt").read_text(encoding="utf-8") == "héllo\n"
    assert (tmp_path / "bundle.tar.gz").read_bytes() == b"\x1f\x8b\x00\xff"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle.tar.gz", "report.txt"]


def test_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        write_atomic(tmp_path / "nowhere" / "bundle.tar.gz", b"x")


@pytest.mark.parametrize("failure", [KeyboardInterrupt(), OSError(28, "No space left on device")])
def test_a_failed_write_leaves_the_old_file_whole_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    report = tmp_path / "report.json"
    report.write_text("previous")

    def interrupted(fd: int) -> None:  # after part of the new text reached the temp file
        assert any(p.name.endswith(".tmp") and p.stat().st_size for p in tmp_path.iterdir())
        raise failure

    monkeypatch.setattr(os, "fsync", interrupted)
    expected = KeyboardInterrupt if isinstance(failure, KeyboardInterrupt) else UsageError
    with pytest.raises(expected):
        write_atomic(report, "new " * 100_000)
    assert report.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_an_unwritable_folder_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(*_: object, **__: object) -> t.NoReturn:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(UsageError, match=r"cannot write .*report.json: Permission denied"):
        write_atomic(tmp_path / "report.json", "x")
