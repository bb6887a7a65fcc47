"""Which commit the audited manifests came from, and whether the tree matched it.

Git runs in the manifests' common folder. No git, no repository, or git refusing the folder (a
"dubious ownership" checkout) all record the commit as unknown rather than failing the audit.
"""

from __future__ import annotations

import os
import subprocess
import typing as t
from dataclasses import dataclass
from pathlib import Path

UNKNOWN = "unknown"
GIT_TIMEOUT = 30


@dataclass(frozen=True)
class GitState:
    """The commit the manifests came from, and whether the tree matched it.

    `commit` is "unknown" and `dirty` None when git could not tell; `uncommitted` lists the
    audited manifests that differ from the commit (modified, untracked or ignored).
    """

    commit: str = UNKNOWN
    dirty: bool | None = None
    uncommitted: tuple[str, ...] = ()


def _git(folder: Path, *args: str) -> str | None:
    # GIT_OPTIONAL_LOCKS=0: `status` must not take index.lock while others commit.
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT,
            env=env,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _common_folder(manifests: t.Sequence[Path]) -> Path:
    folders = [str(Path(os.path.abspath(p)).parent) for p in manifests]
    return Path(os.path.commonpath(folders)) if folders else Path.cwd()


def read_git_state(manifests: t.Sequence[Path], shown: t.Sequence[str]) -> GitState:
    """The git state of the repository holding `manifests` (`shown` are their display paths)."""
    folder = _common_folder(manifests)
    head = _git(folder, "rev-parse", "--verify", "HEAD")
    top = _git(folder, "rev-parse", "--show-toplevel")
    if head is None or top is None:
        return GitState()
    # Untracked files elsewhere (say, this report's own folder) do not make the tree dirty...
    tree = _git(folder, "status", "--porcelain", "--untracked-files=no")
    # ...but an audited manifest that is untracked or ignored is not in the commit.
    absolute = [os.path.realpath(p) for p in manifests]
    listed = _git(
        folder, "status", "--porcelain", "-z", "--untracked-files=all", "--ignored", "--", *absolute
    )
    if tree is None or listed is None:
        return GitState(commit=head.strip())
    root = Path(os.path.realpath(top.strip()))
    # -z: entries are "XY path", NUL-separated and unquoted (a rename adds its old path).
    changed = {os.path.normcase(str(root / entry[3:])) for entry in listed.split("\0") if entry}
    uncommitted = tuple(
        sorted(s for a, s in zip(absolute, shown, strict=True) if os.path.normcase(a) in changed)
    )
    return GitState(
        commit=head.strip(),
        dirty=bool(tree.strip()) or bool(uncommitted),
        uncommitted=uncommitted,
    )
