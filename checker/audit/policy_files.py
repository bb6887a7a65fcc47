"""The sha256 of every file behind a policy digest, so `verify` can name the one that changed.

Names follow `checker.policy_set`: `policies/<path>` for the shipped bundle,
`org<N>-<folder>/<path>` for the N-th `--policies` folder, and the display path of each `--data`
file.
"""

from __future__ import annotations

import hashlib
import typing as t
from pathlib import Path

from checker.policy_set import DATA_FILE_NAMES, PolicySet


def sha256_hex(data: bytes) -> str:
    """The hex sha256 of `data`."""
    return hashlib.sha256(data).hexdigest()


def _prefix(index: int, root: Path) -> str:
    # Mirrors build_policy_set's source names, so Rego and data files share one naming.
    return "policies" if index == 0 else f"org{index}-{root.name}"


def _data_files(root: Path) -> t.Iterator[tuple[str, Path]]:
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        hidden = any(part.startswith(".") for part in rel.parts)
        if path.name in DATA_FILE_NAMES and path.is_file() and not hidden:
            yield rel.as_posix(), path


def policy_file_hashes(
    policy_set: PolicySet, data_files: t.Sequence[tuple[str, Path]] = ()
) -> dict[str, str]:
    """Name -> sha256 of every Rego source and data file in `policy_set`, sorted by name.

    `data_files` are the `--data` overlays as (display path, path). Rego tests are left out:
    they are not part of the digest either.
    """
    hashes = {name: sha256_hex(text.encode()) for name, text in policy_set.sources.items()}
    for index, root in enumerate(policy_set.roots):
        for rel, path in _data_files(root):
            hashes[f"{_prefix(index, root)}/{rel}"] = sha256_hex(path.read_bytes())
    for shown, path in data_files:
        hashes[shown] = sha256_hex(path.read_bytes())
    return dict(sorted(hashes.items()))
