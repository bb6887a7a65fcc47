"""Folder trees deeper than Python's recursion limit, through the real CLI: a result or a
located usage error, never `unexpected RecursionError` (os.walk recursed on Python 3.11)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import typing as t
from pathlib import Path

import pytest

from tests.acceptance.conftest import EXAMPLES
from tests.deep_trees import make_deep_tree, remove_deep_tree
from tests.unprivileged import LLM_POLICY

PASSING = (EXAMPLES / "internal-assistant" / "llm-project.yaml").read_bytes()


@pytest.fixture
def deep(tmp_path: Path) -> t.Iterator[Path]:
    """A folder for a deep tree, which is removed afterwards (pytest's clean-up would recurse)."""
    root = tmp_path / "tree"
    root.mkdir()
    yield root
    remove_deep_tree(root)


def llm_policy(*args: str | os.PathLike[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [LLM_POLICY, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_the_manifest_at_the_bottom_of_a_1500_deep_tree_is_checked(
    deep: Path, tmp_path: Path
) -> None:
    # Past the recursion limit, within PATH_MAX: every step (discovery, loading, the paths the
    # reports show) handles a 3,000-byte path.
    make_deep_tree(deep, 1500, PASSING)
    sarif = tmp_path / "report.sarif"
    done = llm_policy(
        "check",
        deep,
        "-f",
        "json",
        "--report",
        f"sarif={sarif}",
        "--report",
        f"text={tmp_path / 'report.txt'}",
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    [result] = report["results"]
    assert result["manifest"].endswith("/d" * 1500 + "/llm-project.yaml")
    assert report["summary"]["passed"] == 1
    assert json.loads(sarif.read_text())["runs"]
    assert "1 manifest: 1 passed" in (tmp_path / "report.txt").read_text()


def test_a_3000_deep_tree_is_a_usage_error_naming_the_folder_too_deep_for_the_system(
    deep: Path,
) -> None:
    # 3,000 levels need at least 6,000 bytes of path: past PATH_MAX (4,096), no file there can
    # be opened by its path. The run stops naming the folder; it skips nothing silently.
    make_deep_tree(deep, 3000, PASSING)
    done = llm_policy("check", deep)
    assert done.returncode == 2, done.stderr[-2000:]
    assert done.stdout == ""
    [line] = done.stderr.splitlines()
    assert re.fullmatch(
        rf"error: cannot read directory {re.escape(str(deep))}/…(/d)+ \(2,0\d\d folders below"
        rf" {re.escape(str(deep))}\): its path of 4,09\d bytes is too long for the system"
        r" \(PATH_MAX is 4,096, counting the final NUL\); check it from a folder nearer to it",
        line,
    ), line
