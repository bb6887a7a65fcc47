"""Read a manifest's bytes within a size limit and decode them as UTF-8 text, or say why not."""

from __future__ import annotations

import codecs
import errno
import os
import stat
import typing as t
from pathlib import Path

from checker.loader.model import fail, position_of

# UTF-32 first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def read_bounded(path: Path, max_bytes: int) -> bytes:
    """Return the file's bytes, refusing directories, unreadable files and files over `max_bytes`.

    The size is checked with `stat` before reading, and the read itself is capped too, because
    pipes and device files (`/dev/zero`) report a size of 0.
    """
    try:
        if path.is_dir():
            fail("is a directory, not a manifest file; pass the directory to search it instead")
        status = path.stat()
        if status.st_size > max_bytes:
            fail(_too_big(status.st_size, max_bytes))
        with _open_fifo(path) if stat.S_ISFIFO(status.st_mode) else path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except PermissionError:
        fail("permission denied: cannot read the file (check its permissions)")
    except FileNotFoundError:
        fail("no such file")
    except OSError as exc:
        if exc.errno == errno.EISDIR:
            fail("is a directory, not a manifest file")
        fail(f"cannot read the file: {exc.strerror or exc}")
    if len(raw) > max_bytes:
        fail(_too_big(None, max_bytes))
    return raw


def _open_fifo(path: Path) -> t.BinaryIO:
    # A named pipe with no writer would block `open` forever; opened without blocking, it reads
    # as empty. Reads then block again, so `cat x | llm-policy check /dev/stdin` still works.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def _too_big(size: int | None, max_bytes: int) -> str:
    actual = f"{size} bytes" if size is not None else "larger than that"
    return f"file is too large for a manifest ({actual}; the limit is {max_bytes} bytes)"


def decode_text(raw: bytes) -> str:
    """Decode UTF-8 (a leading BOM is allowed), refusing binary content and other encodings."""
    if raw.startswith(_WIDE_BOMS):
        fail("file is UTF-16 or UTF-32 encoded; save it as UTF-8", 1, 1)
    nul = raw.find(b"\0")
    if nul >= 0:
        line, column = _byte_position(raw, nul)
        fail(f"binary content (a NUL byte at line {line}); a manifest is UTF-8 text", line, column)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _byte_position(raw, exc.start)
        message = f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at line {line}); save it as UTF-8"
        fail(message, line, column)


def _byte_position(raw: bytes, index: int) -> tuple[int, int]:
    # Columns count characters, so decode the valid prefix of the line before measuring it.
    prefix = raw[:index].decode("utf-8-sig", errors="replace")
    return position_of(prefix, len(prefix))
