"""audit.sha256: the seal over the report files, in the format `sha256sum -c` reads.

Each line is `<hex sha256>  <file name>`, sorted by name. The seal's own sha256 is the report's
overall digest; an Ed25519 signature (signing.py) is taken over the seal's bytes.
"""

from __future__ import annotations

import re
import typing as t
from pathlib import Path

from checker.audit.policy_files import sha256_hex

_LINE = re.compile(r"(?P<hash>[0-9a-f]{64}) [ *](?P<name>[^/\\\n]+)")


def seal_text(hashes: t.Mapping[str, str]) -> str:
    """The seal for `hashes` (file name -> hex sha256)."""
    return "".join(f"{hashes[name]}  {name}\n" for name in sorted(hashes))


def seal_files(folder: Path, names: t.Iterable[str]) -> str:
    """The seal over the files `names` in `folder`."""
    return seal_text({name: sha256_hex((folder / name).read_bytes()) for name in names})


def parse_seal(text: str) -> dict[str, str]:
    """File name -> hex sha256 from a seal; ValueError for a line that is not `<hash>  <name>`."""
    hashes: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = _LINE.fullmatch(line)
        if match is None:
            raise ValueError(f"line {number} is not '<sha256>  <file>': {line[:80]!r}")
        if match["name"] in hashes:
            raise ValueError(f"line {number} names {match['name']} a second time")
        hashes[match["name"]] = match["hash"]
    return hashes


def seal_digest(seal: bytes) -> str:
    """The report's overall digest: the sha256 of the seal file."""
    return "sha256:" + sha256_hex(seal)
