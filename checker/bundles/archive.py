"""A bundle as a tar.gz that is the same bytes for the same files (sorted, fixed time, owner)."""

from __future__ import annotations

import gzip
import io
import tarfile
import typing as t

FILE_MODE = 0o644


def build_tarball(files: t.Mapping[str, bytes]) -> bytes:
    """A gzipped tar of `files` (path -> content): reproducible, so its digest means something."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name in sorted(files):
            content = files[name]
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(content), FILE_MODE, 0
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(content))
    out = io.BytesIO()
    # mtime=0 and no file name: the gzip header carries nothing that changes between builds.
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0) as zipped:
        zipped.write(raw.getvalue())
    return out.getvalue()
