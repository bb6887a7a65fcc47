"""Find the manifest files a run should check, from the paths given on the command line.

Files named explicitly are always taken, whatever their name: the user asked for them.
Directories are searched recursively for the spec's file names, skipping hidden directories
(`.git`, `.venv`...) and `node_modules`, and never following symlinked directories, which
could loop or lead out of the tree (the same default as git, find and ripgrep).

The search keeps its own stack of folders instead of recursing (`os.walk` recurses on Python
3.11, so a tree 1,000 folders deep ended the run with an unexpected RecursionError): any depth
is searched. A folder whose path is longer than the system allows (PATH_MAX, 4,096 bytes on
Linux; a tree about 2,000 folders deep) is a usage error naming it, as an unreadable folder is:
a manifest there could be found by walking with folder descriptors, but not opened, reported or
checked again by its path, so the run stops instead of skipping it or failing it later.
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
# A folder path longer than SHOWN_MAX is shown by its start and its last SHOWN_TAIL characters.
SHOWN_MAX, SHOWN_TAIL = 240, 60


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
        try:
            is_dir = stat.S_ISDIR(os.stat(path).st_mode)
        except OSError as exc:
            if exc.errno not in _MISSING:  # a path too long, a parent folder we may not enter
                raise UsageError(f"cannot read {path}: {exc.strerror}") from exc
            raise UsageError(f"no such file or directory: {path}{_why_missing(path)}") from None
        if is_dir:
            found.extend(_search(path))
        else:
            found.append(path)
    unique: dict[tuple[int, int] | str, Path] = {}
    for path in sorted(found, key=lambda p: p.as_posix()):
        unique.setdefault(_identity(path), path)
    return sorted(unique.values(), key=lambda p: p.as_posix())


# What `Path.exists` takes for "not there": a missing path, a file used as a folder, a loop.
_MISSING = frozenset({errno.ENOENT, errno.ENOTDIR, errno.ELOOP})


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
    """The manifest files below `root`, depth first, from a stack of folders (no recursion)."""
    start = os.fspath(root)
    stack = [start]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:  # the listing itself or any read of it: never skipped silently
            raise UsageError(_unreadable(start, folder, exc)) from exc
        for entry in entries:
            try:
                is_dir = entry.is_dir(follow_symlinks=False)  # a symlinked folder is not entered
            except OSError:
                is_dir = False
            if is_dir:
                if not entry.name.startswith(".") and entry.name not in SKIPPED_DIRS:
                    stack.append(entry.path)
            elif is_manifest_name(entry.name):
                path = Path(folder, entry.name)
                if not _is_special(path):
                    yield path


def _unreadable(root: str, folder: str, error: OSError) -> str:
    if error.errno != errno.ENAMETOOLONG:
        return f"cannot read directory {folder}: {error.strerror}"
    size = len(os.fsencode(folder))
    shown = folder
    if len(folder) > SHOWN_MAX:  # 4 KB of d/d/d/... says less than where it starts and ends
        tail = folder[-SHOWN_TAIL:]
        tail = tail[tail.find(os.sep) :]
        below = folder[len(root) :].count(os.sep)
        shown = f"{root}{os.sep}…{tail} ({below:,} folders below {root})"
    return (
        f"cannot read directory {shown}: its path of {size:,} bytes is too long for the system"
        f" (PATH_MAX is {_path_max(root):,}, counting the final NUL); check it from a folder"
        " nearer to it"
    )


def _path_max(root: str) -> int:
    try:
        return os.pathconf(root, "PC_PATH_MAX")
    except (OSError, ValueError, AttributeError):  # no pathconf, or no such limit known
        return 4096


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
