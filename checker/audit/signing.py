"""Ed25519 signatures over the seal, with the `cryptography` package (imported lazily).

The signature file holds the raw 64-byte signature, so `openssl pkeyutl -verify -rawin` can check
it without llm-policy. Ed25519 signatures are deterministic: a signed audit stays reproducible.
"""

from __future__ import annotations

import shlex
import typing as t
from pathlib import Path

from checker.errors import UsageError

if t.TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

KEYGEN_HINT = (
    "make one with: openssl genpkey -algorithm ed25519 -out audit-key.pem;"
    " openssl pkey -in audit-key.pem -pubout -out audit-key.pub.pem"
)


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the {what}: {exc.strerror or exc}") from exc


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """An unencrypted PEM Ed25519 private key; anything else is a usage error."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    try:
        key = load_pem_private_key(_read(path, "signing key"), password=None)
    except TypeError as exc:  # raised for an encrypted key without a password
        raise UsageError(f"{path}: encrypted keys are not supported; {KEYGEN_HINT}") from exc
    except ValueError as exc:
        raise UsageError(f"{path}: not a PEM private key ({exc}); {KEYGEN_HINT}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise UsageError(f"{path}: not an Ed25519 key; {KEYGEN_HINT}")
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    """A PEM Ed25519 public key; anything else is a usage error."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    try:
        key = load_pem_public_key(_read(path, "public key"))
    except ValueError as exc:
        raise UsageError(f"{path}: not a PEM public key ({exc}); {KEYGEN_HINT}") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise UsageError(f"{path}: not an Ed25519 public key; {KEYGEN_HINT}")
    return key


PUBLIC_PLACEHOLDER = "PUBLIC-KEY.pem"


def public_key_path(private: Path) -> Path:
    """Where the public half of `private` is kept by convention.

    audit-key.pem -> audit-key.pub.pem: the names docs/audit.md gives `openssl pkey -pubout`.
    """
    return private.with_name(private.name.removesuffix(".pem") + ".pub.pem")


def is_public_half(public: Path, private: Path) -> bool:
    """Whether `public` is a PEM Ed25519 public key of the private key at `private`."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    if not public.is_file():
        return False
    try:
        found = load_public_key(public)
    except UsageError:
        return False
    raw = (Encoding.Raw, PublicFormat.Raw)
    return found.public_bytes(*raw) == load_private_key(private).public_key().public_bytes(*raw)


def verify_instructions(out: Path, sign_key: Path | None) -> list[str]:
    """The exact `llm-policy verify` command for the report written to `out`.

    Signed with `sign_key`: with `--key` naming its public half when that is beside it, else a
    placeholder and where the public half comes from.
    """
    command = f"llm-policy verify {shlex.quote(str(out))}"
    if sign_key is None:
        return [f"check with: {command}"]
    public = public_key_path(sign_key)
    if is_public_half(public, sign_key):
        return [f"check with: {command} --key {shlex.quote(str(public))}"]
    where = (
        f"{public} is not the public half of {sign_key}"
        if public.exists()
        else f"no {public} beside {sign_key}"
    )
    make = f"openssl pkey -in {shlex.quote(str(sign_key))} -pubout -out {shlex.quote(str(public))}"
    return [
        f"check with: {command} --key {PUBLIC_PLACEHOLDER}",
        f"  {PUBLIC_PLACEHOLDER}: the public half of {sign_key} ({where}); make it with: {make}",
    ]


def sign(key_path: Path, data: bytes) -> bytes:
    """The raw Ed25519 signature of `data` with the private key at `key_path`."""
    return load_private_key(key_path).sign(data)


def signature_valid(key_path: Path, data: bytes, signature: bytes) -> bool:
    """Whether `signature` is `data` signed by the private half of the key at `key_path`."""
    from cryptography.exceptions import InvalidSignature

    key = load_public_key(key_path)
    try:
        key.verify(signature, data)
    except InvalidSignature:
        return False
    return True
