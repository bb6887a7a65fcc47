from __future__ import annotations

import hashlib

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from checker.audit.signoff import parse_signer, seal_status, sign_off
from checker.errors import UsageError
from tests.keys import write_keypair


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Jane Doe 2026-12-01", {"name": "Jane Doe", "date": "2026-12-01"}),
        ("Jane Doe, 2026-12-01", {"name": "Jane Doe", "date": "2026-12-01"}),
        ("  Jane   Doe  ", {"name": "Jane Doe", "date": None}),
        ("CISO office 2", {"name": "CISO office 2", "date": None}),
    ],
)
def test_a_signer_is_a_name_and_an_optional_day(value, expected):
    assert parse_signer(value, "--prepared-by") == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Jane 2026-13-40", "--approved-by: 2026-13-40 is not a date"),
        ("2026-12-01", "--approved-by: give a name"),
        ("   ", "--approved-by: give a name"),
    ],
)
def test_an_unusable_signer_is_a_usage_error_naming_the_flag(value, message):
    with pytest.raises(UsageError, match=message):
        parse_signer(value, "--approved-by")


def test_roles_not_given_stay_blank():
    assert sign_off({"reviewedBy": "Ravi Patel"}) == {
        "preparedBy": None,
        "reviewedBy": {"name": "Ravi Patel", "date": None},
        "approvedBy": None,
    }
    with pytest.raises(UsageError, match="--reviewed-by"):
        sign_off({"reviewedBy": ""})


def test_seal_status_names_the_public_key_fingerprint(tmp_path):
    assert seal_status(None) == {"signed": False, "keyFingerprint": None}
    private, public = write_keypair(tmp_path, "audit-key")
    status = seal_status(private)
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    der = load_pem_public_key(public.read_bytes()).public_bytes(
        Encoding.DER, PublicFormat.SubjectPublicKeyInfo
    )
    assert status == {"signed": True, "keyFingerprint": "sha256:" + hashlib.sha256(der).hexdigest()}
