"""Folder trees thousands of levels deep: made and removed without paths longer than PATH_MAX.

`os.makedirs` and `shutil.rmtree` cannot: the first needs the whole path (at most 4,096 bytes),
the second recurses on Python 3.11 (a RecursionError at about 1,000 levels).
"""

from __future__ import annotations

import os
from pathlib import Path

NAME = "d"


def make_deep_tree(root: Path, depth: int, bottom: bytes | None = None) -> None:
    """`depth` nested folders `d` under `root`, and `bottom` as llm-project.yaml in the last."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(depth):
            os.mkdir(NAME, dir_fd=fd)
            child = os.open(NAME, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = child
        if bottom is not None:
            out = os.open(
                "llm-project.yaml", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644, dir_fd=fd
            )
            with os.fdopen(out, "wb") as handle:
                handle.write(bottom)
    finally:
        os.close(fd)


def remove_deep_tree(root: Path) -> None:
    """Remove `root/d/...`: down to the bottom by folder descriptors, then up by `..`."""
    if not (root / NAME).is_dir():
        return
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    depth = 0
    try:
        while True:  # down: one descriptor open at a time
            try:
                child = os.open(NAME, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
            except OSError:  # the bottom: no folder d below
                break
            os.close(fd)
            fd, depth = child, depth + 1
        for _ in range(depth):  # up: empty the folder, step to its parent, remove it
            for name in os.listdir(fd):
                if name == NAME:
                    os.rmdir(name, dir_fd=fd)
                else:
                    os.unlink(name, dir_fd=fd)
            parent = os.open("..", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = parent
        os.rmdir(NAME, dir_fd=fd)
    finally:
        os.close(fd)
