"""Find the manifest files a run should check, from the paths given on the command line.

Files named explicitly are always taken, whatever their name: the user asked for them.
Directories are searched recursively for the spec's file names, skipping hidden directories
(`.git`, `.venv`...) and `node_modules`, and never following symlinked directories, which
could loop or lead out of the tree (the same default as git, find and ripgrep).
"""

from __future__ import annotations

import errno
import os
import re
import stat
import typing as t
from pathlib import Path

from checker.errors import UsageError

# For a pre-commit hook's `files:` key (matched with re.search against repo-relative paths).
MANIFEST_PATTERN = r"(^|/)([^/]+\.)?llm-project\.(ya?ml|json)$"
_MANIFEST_NAME = re.compile(r"(?:[^/]+\.)?llm-project\.(?:ya?ml|json)")
SKIPPED_DIRS = frozenset({"node_modules", "__pycache__"})


def is_manifest_name(name: str) -> bool:
    """True for `llm-project.yaml|yml|json` and `<anything>.llm-project.yaml|yml|json`."""
    return _MANIFEST_NAME.fullmatch(name) is not None


def discover(paths: t.Sequence[Path]) -> list[Path]:
    """The manifests under `paths`, sorted, each file once (however many ways it was reached).

    Raises `UsageError` for a path that does not exist, and for a directory that cannot be
    listed: silently skipping part of a tree could let a manifest go unchecked.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(_search(path))
        elif path.exists():
            found.append(path)
        else:
            raise UsageError(f"no such file or directory: {path}{_why_missing(path)}")
    unique: dict[tuple[int, int] | str, Path] = {}
    for path in sorted(found, key=lambda p: p.as_posix()):
        unique.setdefault(_identity(path), path)
    return sorted(unique.values(), key=lambda p: p.as_posix())


def _why_missing(path: Path) -> str:
    """Why a path that is a symlink cannot be followed: a loop, or a target that is gone."""
    if not path.is_symlink():
        return ""
    try:
        path.resolve(strict=True)
    except RuntimeError:  # Python < 3.13 reports a loop this way
        return " (a symlink loop)"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return " (a symlink loop)"
    return f" (a broken symlink to {os.readlink(path)})"


def _search(root: Path) -> t.Iterator[Path]:
    def unreadable(error: OSError) -> t.NoReturn:
        raise UsageError(f"cannot read directory {error.filename}: {error.strerror}") from error

    for folder, dirs, files in os.walk(root, onerror=unreadable, followlinks=False):
        # Pruning in place is how os.walk is told not to descend.
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS]
        for name in files:
            if is_manifest_name(name) and not _is_special(Path(folder, name)):
                yield Path(folder, name)


def _is_special(path: Path) -> bool:
    """A FIFO, socket or device: opening a FIFO found in a tree could block the run forever."""
    try:
        return not stat.S_ISREG(path.stat().st_mode)
    except OSError:  # a broken link: keep it, so the loader reports it instead of a silent skip
        return False


def _identity(path: Path) -> tuple[int, int] | str:
    # The file itself, however it was reached (a symlink, `..`, another root): its device and
    # inode cost one stat call, where resolving the path walks every component (a second of CPU
    # for 10,000 manifests).
    try:
        info = os.stat(path)
    except OSError:  # broken link or a symlink loop: keep it as written
        return os.path.abspath(path)
    return (info.st_dev, info.st_ino)
