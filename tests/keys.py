"""Key pairs written as PEM files, for the signing tests (audit seals, OPA bundles)."""

from __future__ import annotations

import typing as t
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519


def write_pem_pair(key: t.Any, private: Path, public: Path) -> tuple[Path, Path]:
    """Write `key` (unencrypted PKCS#8) and its public key (SubjectPublicKeyInfo)."""
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    public.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return private, public


def write_keypair(folder: Path, name: str, key: t.Any = None) -> tuple[Path, Path]:
    """`<name>.pem` and `<name>.pub.pem` in `folder`; a new Ed25519 key unless one is given."""
    key = key or ed25519.Ed25519PrivateKey.generate()
    return write_pem_pair(key, folder / f"{name}.pem", folder / f"{name}.pub.pem")
