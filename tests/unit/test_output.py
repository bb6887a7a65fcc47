"""write_atomic: text and bytes land whole, with an ordinary file's mode."""

from __future__ import annotations

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
