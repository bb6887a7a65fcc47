"""Walking the scanned roots: which files are read, which are skipped and why.

Streams: one directory listing at a time (sorted, so runs are reproducible), never the whole
tree in memory. Honours `.gitignore` files (gitwildmatch through `pathspec`; nested files too,
and those of the enclosing repository above the root); always leaves out version-control,
dependency and build folders (`SKIP_DIRS`). A directory reached twice through symlinks (a loop)
is skipped once with a note; so are files that are not regular files (FIFOs, devices).
"""

from __future__ import annotations

import os
import stat
import typing as t
from dataclasses import dataclass
from pathlib import Path

import pathspec

# Folders never scanned: vendored dependencies, build output, environments, VCS metadata.
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        ".venv",
        "venv",
        "site-packages",
        "vendor",
        "third_party",
        "dist",
        "build",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        "bower_components",
        ".next",
        ".terraform",
    }
)


@dataclass(frozen=True)
class Entry:
    """A file to consider (`skip` set: not to read, with the reason)."""

    path: Path
    skip: str | None = None


class _Ignore:
    """The .gitignore specs in force for one directory, outermost first."""

    def __init__(self, specs: tuple[tuple[Path, pathspec.GitIgnoreSpec], ...] = ()) -> None:
        self.specs = specs

    def child(self, directory: Path) -> _Ignore:
        spec = _load(directory / ".gitignore")
        return _Ignore((*self.specs, (directory, spec))) if spec is not None else self

    def ignored(self, path: Path, is_dir: bool) -> bool:
        # The deepest file with a matching pattern decides (a later `!pattern` re-includes).
        for base, spec in reversed(self.specs):
            try:
                rel = path.relative_to(base).as_posix()
            except ValueError:
                continue
            if is_dir:
                rel += "/"
            result = spec.check_file(rel)
            if result.include is not None:
                return bool(result.include)
        return False


def _load(file: Path) -> pathspec.GitIgnoreSpec | None:
    try:
        with file.open(encoding="utf-8", errors="replace") as handle:
            lines = handle.read(1 << 20).splitlines()
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _enclosing(root: Path) -> _Ignore:
    """The .gitignore files of the folders above `root` up to its repository's top (with .git).

    Empty when `root` is itself a repository's top or lies in none.
    """
    if (root / ".git").exists():
        return _Ignore()
    chain: list[Path] = []
    current = root.parent
    while True:
        chain.append(current)
        if (current / ".git").exists():
            break
        if current.parent == current:
            return _Ignore()
        current = current.parent
    ignore = _Ignore()
    for directory in reversed(chain):
        ignore = ignore.child(directory)
    return ignore


def walk(
    root: Path, exclude: t.Collection[Path], wanted: t.Callable[[str], bool]
) -> t.Iterator[Entry]:
    """The files under `root` whose name `wanted` accepts, with skip notes (lazily)."""
    excluded = {os.path.realpath(p) for p in exclude}
    try:
        info = os.stat(root)
    except OSError as exc:
        yield Entry(root, f"unreadable: {exc.strerror or exc}")
        return
    if not stat.S_ISDIR(info.st_mode):
        if not stat.S_ISREG(info.st_mode):
            yield Entry(root, "not a regular file")
        else:
            yield Entry(root)
        return
    seen: set[str] = set()
    stack: list[tuple[Path, _Ignore]] = [(root, _enclosing(root).child(root))]
    seen.add(os.path.realpath(root))
    while stack:
        directory, ignore = stack.pop()
        try:
            with os.scandir(directory) as listing:
                names = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            yield Entry(directory, f"unreadable folder: {exc.strerror or exc}")
            continue
        subdirs: list[tuple[Path, _Ignore]] = []
        for item in names:
            path = directory / item.name
            try:
                is_dir = item.is_dir()  # follows symlinks
            except OSError:
                is_dir = False
            if is_dir:
                if item.name in SKIP_DIRS or ignore.ignored(path, True):
                    continue
                real = os.path.realpath(path)
                if real in excluded:
                    continue
                if real in seen:
                    if item.is_symlink():
                        yield Entry(path, "symlink loop (folder already scanned)")
                    continue
                seen.add(real)
                subdirs.append((path, ignore.child(path)))
                continue
            if not wanted(item.name) or ignore.ignored(path, False):
                continue
            try:
                mode = os.stat(path).st_mode
            except OSError as exc:
                yield Entry(path, f"unreadable: {exc.strerror or exc}")
                continue
            yield Entry(path) if stat.S_ISREG(mode) else Entry(path, "not a regular file")
        stack.extend(reversed(subdirs))
