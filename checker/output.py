"""Writing reports: atomically, so a failure or Ctrl-C never leaves a half-written file."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from checker.errors import UsageError


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write `text` (str or bytes) to `path` through a temporary file beside it, then rename."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"{path}: folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:  # a folder the user may not write to: say so, not a traceback
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        # mkstemp creates 0600; a report is an ordinary file: keep the old file's mode, else
        # what the umask gives a new file (later CI steps may run as another user).
        os.chmod(tmp, _mode_for(path))
        if isinstance(text, bytes):
            with os.fdopen(fd, "wb") as binary:
                binary.write(text)
                binary.flush()
                os.fsync(binary.fileno())
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):  # a full disk, a quota: the old file is still whole
            raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from exc
        raise


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
