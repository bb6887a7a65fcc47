"""The results folder: a lock while a run key's file is written, and its bound in bytes."""

from __future__ import annotations

import contextlib
import os
import typing as t
from pathlib import Path


@contextlib.contextmanager
def locked(folder: Path) -> t.Iterator[None]:
    """Hold an exclusive lock on `folder` (where there is `flock`; else no lock)."""
    try:
        import fcntl

        fd = os.open(folder, os.O_RDONLY)
    except (ImportError, OSError):
        yield
        return
    try:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def prune(folder: Path, limit: int, *, keep: Path | None = None) -> int:
    """Delete the least recently used files in `folder` beyond `limit` bytes; how many.

    `keep` (this run's file) stays. Files in subfolders (the per-entry layout of format 1)
    count and go too, oldest first.
    """
    files: list[tuple[float, int, str]] = []
    try:
        top = list(os.scandir(folder))
    except OSError:
        return 0
    for item in top:
        with contextlib.suppress(OSError):
            if item.is_dir(follow_symlinks=False):
                for inner in os.scandir(item.path):
                    status = inner.stat(follow_symlinks=False)
                    files.append((status.st_mtime, status.st_size, inner.path))
            else:
                status = item.stat(follow_symlinks=False)
                files.append((status.st_mtime, status.st_size, item.path))
    total = sum(size for _, size, _ in files)
    removed = 0
    for _, size, path in sorted(files):
        if total <= limit:
            break
        if keep is not None and path == str(keep):
            continue
        with contextlib.suppress(OSError):
            os.unlink(path)
            removed += 1
        total -= size
    return removed
