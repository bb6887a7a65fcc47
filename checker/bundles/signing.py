"""Bundle signing as OPA verifies it: `.signatures.json` holds one JWT listing every file's hash.

OPA hashes `.rego` and other plain files as bytes, and structured files (`data.json`,
`.manifest`) over a canonical form of their JSON: objects with keys in order, no whitespace,
strings as Go's encoder writes them and numbers as written in the file. The JWT is signed with
PyJWT, with the key id both in the header (`kid`) and, for older OPAs, as the `keyid` claim.
"""

from __future__ import annotations

import hashlib
import json
import typing as t
from dataclasses import dataclass

from checker.errors import UsageError

SIGNATURES = ".signatures.json"
STRUCTURED = ("data.json", "data.yaml", ".manifest")  # file names OPA hashes as JSON values
ALGORITHMS = (*(f"{kind}{bits}" for kind in ("RS", "PS", "ES", "HS") for bits in (256, 384, 512)),)
DEFAULT_KEY_ID = (
    "default"  # what `opa run --verification-key` assumes without --verification-key-id
)


@dataclass(frozen=True)
class Signing:
    """How to sign: the algorithm, the key (PEM private key, or the HMAC secret), its id, scope."""

    algorithm: str
    key: bytes
    key_id: str = DEFAULT_KEY_ID
    scope: str = ""


def file_hash(name: str, content: bytes) -> str:
    """The SHA-256 OPA computes for a bundle file, in hex."""
    if name.rsplit("/", 1)[-1] in STRUCTURED:
        content = _canonical(json.loads(content, parse_float=_Literal, parse_int=_Literal))
    return hashlib.sha256(content).hexdigest()


def signatures_file(files: t.Mapping[str, bytes], signing: Signing) -> bytes:
    """The `.signatures.json` for `files` (every file of the bundle but itself)."""
    import jwt  # imported here: only signing needs PyJWT and cryptography

    if signing.algorithm not in ALGORITHMS:
        raise UsageError(
            f"unknown signing algorithm {signing.algorithm}: use {', '.join(ALGORITHMS)}"
        )
    bits = int(signing.algorithm[2:])
    if signing.algorithm.startswith("HS") and len(signing.key) < bits // 8:
        # RFC 7518 3.2: a shorter HMAC key is guessable; OPA would accept it, we do not.
        raise UsageError(
            f"the HMAC secret for {signing.algorithm} must be at least {bits // 8} bytes"
            f" (it has {len(signing.key)})"
        )
    payload: dict[str, t.Any] = {
        "files": [
            {"name": name, "hash": file_hash(name, files[name]), "algorithm": "SHA-256"}
            for name in sorted(files)
        ],
        "keyid": signing.key_id,
    }
    if signing.scope:
        payload["scope"] = signing.scope
    key: t.Any = signing.key
    try:
        token = jwt.encode(
            payload, key, algorithm=signing.algorithm, headers={"kid": signing.key_id}
        )
    except (ValueError, TypeError, jwt.exceptions.PyJWTError) as exc:
        kind = "an HMAC secret" if signing.algorithm.startswith("HS") else "a PEM private key"
        raise UsageError(
            f"cannot sign with {signing.algorithm}: {exc} (the signing key must be {kind})"
        ) from exc
    return json.dumps({"signatures": [token]}, indent=2).encode() + b"\n"


class _Literal(str):
    """A JSON number kept as written: OPA hashes the literal, not a float's re-spelling."""


def _canonical(value: t.Any) -> bytes:
    if isinstance(value, dict):
        items = (_string(k) + b":" + _canonical(v) for k, v in sorted(value.items(), key=_utf8_key))
        return b"{" + b",".join(items) + b"}"
    if isinstance(value, list):
        return b"[" + b",".join(_canonical(v) for v in value) + b"]"
    if isinstance(value, _Literal):
        return str(value).encode()
    if isinstance(value, str):
        return _string(value)
    return json.dumps(value).encode()  # true, false, null


def _utf8_key(item: tuple[str, t.Any]) -> bytes:
    return item[0].encode()  # Go sorts keys as bytes


def _string(text: str) -> bytes:
    # Go's encoder (HTML escaping off) matches Python's with ensure_ascii=False but for these.
    out = (
        json.dumps(text, ensure_ascii=False)
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
    return out.encode()
