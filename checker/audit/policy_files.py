"""The sha256 of every file behind a policy digest, so `verify` can name the one that changed.

A file is named `<folder>/<path in folder>`: the shipped bundle is `policies`, an organisation
folder is named as `--policies` gave it, and a `--data` file is named as given.
"""

from __future__ import annotations

import hashlib
import typing as t
from pathlib import Path

from checker.policy_set import DATA_FILE_NAMES


def sha256_hex(data: bytes) -> str:
    """The hex sha256 of `data`."""
    return hashlib.sha256(data).hexdigest()


def _policy_files(root: Path) -> t.Iterator[tuple[str, Path]]:
    # The files build_policy_set reads: Rego sources (not tests) and data documents, hidden
    # folders skipped.
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        rego = path.suffix == ".rego" and not path.name.endswith("_test.rego")
        if rego or path.name in DATA_FILE_NAMES:
            yield rel.as_posix(), path


def policy_file_hashes(
    folders: t.Sequence[tuple[str, Path]], data_files: t.Sequence[tuple[str, Path]] = ()
) -> dict[str, str]:
    """Name -> hex sha256 of every policy and data file, sorted by name.

    `folders` are (name, folder) pairs, the shipped bundle first; `data_files` are the `--data`
    overlays as (name, file).
    """
    hashes = {
        f"{name.rstrip('/')}/{rel}": sha256_hex(path.read_bytes())
        for name, root in folders
        for rel, path in _policy_files(root)
    }
    hashes.update((name, sha256_hex(path.read_bytes())) for name, path in data_files)
    return dict(sorted(hashes.items()))
