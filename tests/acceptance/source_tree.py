"""A copy of this checkout's committed tree, for tests that build or install it as a user would.

`git archive HEAD` is what `pip install "llm-policy @ git+URL@<commit>"`, a pre-commit `rev:` or a
`uses: ...@<commit>` gets: the committed files, not the work tree's edits or its build artefacts
(.venv, *.egg-info, build/). The work tree is only read. Without git (a source tarball) the tree
is copied, leaving out what .gitignore names.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from .conftest import ROOT

IN_CI = os.environ.get("CI", "").lower() in ("true", "1")
IGNORED = shutil.ignore_patterns(
    ".git", ".venv", "__pycache__", "*.egg-info", ".mypy_cache", ".ruff_cache", ".pytest_cache",
    ".hypothesis", "build", "dist", ".cache",
)  # fmt: skip


def unavailable(reason: str) -> None:
    """Skip, saying why; in CI (CI=true) fail instead: these tests must run there."""
    if IN_CI:
        pytest.fail(f"CI needs this: {reason}")
    pytest.skip(f"NOT RUN: {reason}")


def export_head(dest: Path) -> Path:
    """Write the committed tree of this checkout (HEAD) into `dest` and return `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        shutil.copytree(ROOT, dest, ignore=IGNORED, dirs_exist_ok=True)
        return dest
    archive = subprocess.run(
        [git, "-C", str(ROOT), "archive", "--format=tar", "HEAD"],
        capture_output=True,
        check=False,
        timeout=120,
    )
    if archive.returncode != 0:
        pytest.fail(f"git archive HEAD failed: {archive.stderr.decode(errors='replace')}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.10.12 and later
            tar.extractall(dest, filter="data")
        else:  # pragma: no cover - our own archive, from our own HEAD
            tar.extractall(dest)
    return dest
