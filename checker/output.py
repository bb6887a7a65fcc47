"""Writing reports without replacing what a report must not replace, and never half-written.

What the target is decides how it is written:

- a regular file, or a new name: a temporary file beside it, flushed, fsynced and renamed over
  it, so a failure, Ctrl-C or SIGTERM leaves the previous file whole and no temporary file;
- a symlink: followed (at most `MAX_LINKS` links) to the file it names, which is replaced as
  above; the link itself stays. A link to nothing, to a folder or in a loop is a usage error;
- a character device (`/dev/null`, a terminal) or a named pipe: opened and written, no
  temporary file (a rename would replace the device with a regular file). A pipe is opened
  without blocking, so a pipe that nobody reads is a usage error instead of a hang;
- a name of one of this process's descriptors (`/dev/stdout`, `/dev/stderr`, `/dev/fd/N`,
  `/proc/self/fd/N`): written to that descriptor, whatever it is open on, as if the report went
  to stdout (opening the name again would truncate a file the shell opened for appending);
- anything else (a folder, a socket, a block device): a usage error naming the path.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import select
import stat
import sys
import typing as t
from pathlib import Path

from checker.errors import UsageError

# As the kernel's own limit on links followed in one lookup (MAXSYMLINKS).
MAX_LINKS = 40
_DESCRIPTOR = re.compile(r"/(?:dev/fd|proc/(?:self|thread-self|(?P<pid>[0-9]+))/fd)/(?P<fd>[0-9]+)")
_STANDARD = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
_OPEN_DEVICE = (
    os.O_WRONLY
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


def write_atomic(path: Path, text: str | bytes | t.Iterable[str]) -> None:
    """Write `text` to `path`: see the module docstring for what `path` may be.

    `text` is a str, bytes, or pieces of text written one after the other (a streamed report:
    the whole text is never held at once).
    """
    data: t.Iterable[bytes]
    if isinstance(text, (str, bytes)):
        data = (text.encode("utf-8") if isinstance(text, str) else text,)
    else:
        data = (piece.encode("utf-8") for piece in text)
    target = _follow(path)
    if isinstance(target, int):
        _write_descriptor(path, target, data)
        return
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        if target != path:
            raise UsageError(
                f"cannot write {path}: it is a symlink to {target}, which does not exist"
            ) from None
        info = None
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from exc
    if info is None or stat.S_ISREG(info.st_mode):
        _replace(path, target, data)
    elif stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
        _write_through(path, target, data)
    else:
        raise UsageError(f"cannot write {path}: {_refused(path, target, info.st_mode)}")


def _follow(path: Path) -> Path | int:
    """The file `path` names after its symlinks, or the descriptor number it names."""
    current = path
    for _ in range(MAX_LINKS + 1):
        descriptor = _descriptor(str(current))
        if descriptor is not None:
            return descriptor
        try:
            if not current.is_symlink():
                return current
            link = os.readlink(current)
        except OSError as exc:  # a path too long, a component that is not a folder
            raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from exc
        # Joined, never normalised: `..` after a symlinked folder is the kernel's to resolve.
        current = Path(current.parent, link)
    raise UsageError(f"cannot write {path}: a symlink loop (more than {MAX_LINKS} links)")


def _descriptor(name: str) -> int | None:
    if name in _STANDARD:
        return _STANDARD[name]
    found = _DESCRIPTOR.fullmatch(name)
    if found is None or (found["pid"] is not None and int(found["pid"]) != os.getpid()):
        return None
    return int(found["fd"])


def _refused(path: Path, target: Path, mode: int) -> str:
    what = (
        "a folder"
        if stat.S_ISDIR(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a block device"
        if stat.S_ISBLK(mode)
        else "not a regular file"
    )
    via = f"it is a symlink to {target}, which is " if target != path else "it is "
    return (
        f"{via}{what}; a report goes to a regular file, a character device such as /dev/null,"
        " or a named pipe"
    )


def _replace(path: Path, target: Path, data: t.Iterable[bytes]) -> None:
    """Write a temporary file beside `target`, then rename it over `target`."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"{path}: folder {folder} does not exist")
    tmp: Path | None = None
    try:
        # The name is chosen before the file is created (mkstemp names it after), so a signal
        # that lands right after creation still finds a name to remove.
        for _ in range(100):
            tmp = folder / f".{target.name}.{secrets.token_hex(6)}.tmp"
            try:
                fd = os.open(tmp, _CREATE, 0o600)
                break
            except FileExistsError:
                tmp = None
        else:
            raise FileExistsError(errno.EEXIST, "no free temporary file name", str(folder))
        # A report is an ordinary file: keep the old file's mode, else what the umask gives a
        # new file (later CI steps may run as another user).
        os.chmod(tmp, _mode_for(target))
        with os.fdopen(fd, "wb") as handle:
            for piece in data:
                handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(exc, OSError):  # unwritable folder, full disk, quota: the old file is whole
            raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from exc
        raise


def _write_through(path: Path, target: Path, data: t.Iterable[bytes]) -> None:
    """Open a character device or named pipe and write to it: no temporary file, no rename."""
    try:
        fd = os.open(target, _OPEN_DEVICE)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a named pipe with no reader: opening would block
            raise UsageError(f"cannot write {path}: no process is reading the named pipe") from None
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        mode = os.fstat(fd).st_mode
        if not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):  # replaced since it was looked at
            raise UsageError(f"cannot write {path}: it changed while being opened; try again")
        os.set_blocking(fd, True)  # non-blocking only to open; the reader sets the pace
        for piece in data:
            _write_all(fd, piece)
    except OSError as exc:  # /dev/full, a reader that went away (EPIPE)
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)


def _write_descriptor(path: Path, fd: int, data: t.Iterable[bytes]) -> None:
    """Write to one of this process's open descriptors (left open: it is not ours to close)."""
    for stream in (sys.stdout, sys.stderr):  # what was printed before comes first
        with contextlib.suppress(Exception):
            stream.flush()
    try:
        for piece in data:
            _write_all(fd, piece)
    except OSError as exc:
        if exc.errno == errno.EBADF:
            raise UsageError(
                f"cannot write {path}: descriptor {fd} is not open for writing"
            ) from None
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from exc


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        try:
            view = view[os.write(fd, view) :]
        except BlockingIOError:  # a descriptor someone else made non-blocking: wait, then on
            select.select([], [fd], [])


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
