"""The report's sign-off block, seal status and paper size, as audit.json records them.

`--prepared-by`, `--reviewed-by` and `--approved-by` each take a name, optionally followed by the
day it was signed: "Jane Doe 2026-12-01" or "Jane Doe, 2026-12-01". A role not given stays blank
in the report, a line to sign on paper; a name without a day leaves the date line blank.

The key fingerprint is the sha256 of the signing key's public half in DER
(SubjectPublicKeyInfo), so an auditor can compare it with
`openssl pkey -pubin -in audit-key.pub.pem -outform DER | sha256sum`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import typing as t
from pathlib import Path

from checker.errors import UsageError

ROLES = (
    ("preparedBy", "Prepared by"),
    ("reviewedBy", "Reviewed by"),
    ("approvedBy", "Approved by"),
)
PAPERS = ("a4", "letter")
_DATED = re.compile(r"^(?P<name>.*?)(?:^|[,\s]+)(?P<day>\d{4}-\d{2}-\d{2})$")


def parse_signer(value: str, flag: str) -> dict[str, str | None]:
    """`{"name", "date"}` from a flag's value; a usage error names the flag when it is unusable."""
    value = " ".join(value.split())
    match = _DATED.match(value)
    name, day = (match["name"].strip(" ,"), match["day"]) if match else (value, None)
    if day is not None:
        try:
            dt.date.fromisoformat(day)
        except ValueError as exc:
            raise UsageError(f"{flag}: {day} is not a date (YYYY-MM-DD)") from exc
    if not name:
        raise UsageError(f'{flag}: give a name, optionally with a date: "Jane Doe 2026-12-01"')
    return {"name": name, "date": day}


def sign_off(signers: t.Mapping[str, str | None]) -> dict[str, dict[str, str | None] | None]:
    """audit.json's `signOff`: each role's signer, or None for a blank line.

    `signers` maps a role key (preparedBy, reviewedBy, approvedBy) to the flag's value or None.
    """
    flags = {"preparedBy": "--prepared-by", "reviewedBy": "--reviewed-by"}
    flags["approvedBy"] = "--approved-by"
    out: dict[str, dict[str, str | None] | None] = {}
    for key, _ in ROLES:
        value = signers.get(key)
        out[key] = parse_signer(value, flags[key]) if value is not None else None
    return out


def key_fingerprint(sign_key: Path) -> str:
    """`sha256:<hex>` of the private key's public half in DER (SubjectPublicKeyInfo)."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    from checker.audit.signing import load_private_key

    der = (
        load_private_key(sign_key)
        .public_key()
        .public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    )
    return "sha256:" + hashlib.sha256(der).hexdigest()


def seal_status(sign_key: Path | None) -> dict[str, t.Any]:
    """audit.json's `seal`: whether the seal is signed, and the key's fingerprint when it is."""
    if sign_key is None:
        return {"signed": False, "keyFingerprint": None}
    return {"signed": True, "keyFingerprint": key_fingerprint(sign_key)}
