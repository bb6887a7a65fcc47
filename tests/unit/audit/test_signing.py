from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from checker.audit.signing import (
    is_public_half,
    load_private_key,
    load_public_key,
    public_key_path,
    sign,
    signature_valid,
    verify_instructions,
)
from checker.errors import UsageError
from tests.keys import write_keypair


def test_round_trip_and_wrong_key(tmp_path):
    private, public = write_keypair(tmp_path, "a")
    _, other = write_keypair(tmp_path, "b")
    signature = sign(private, b"seal")
    assert len(signature) == 64
    assert sign(private, b"seal") == signature  # deterministic: reports stay reproducible
    assert signature_valid(public, b"seal", signature)
    assert not signature_valid(public, b"seal!", signature)
    assert not signature_valid(other, b"seal", signature)
    assert not signature_valid(public, b"seal", b"\0" * 64)
    assert not signature_valid(public, b"seal", b"short")


def test_other_key_types_and_files_are_usage_errors(tmp_path):
    ec_private, ec_public = write_keypair(tmp_path, "ec", ec.generate_private_key(ec.SECP256R1()))
    with pytest.raises(UsageError, match="not an Ed25519 key"):
        load_private_key(ec_private)
    with pytest.raises(UsageError, match="not an Ed25519 public key"):
        load_public_key(ec_public)
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("hello\n")
    with pytest.raises(UsageError, match="not a PEM private key"):
        load_private_key(garbage)
    with pytest.raises(UsageError, match="not a PEM public key"):
        load_public_key(garbage)
    with pytest.raises(UsageError, match="cannot read"):
        load_private_key(tmp_path / "missing.pem")
    private, _ = write_keypair(tmp_path, "ok")
    with pytest.raises(UsageError, match="not a PEM public key"):
        load_public_key(private)  # the private half given to verify


def test_encrypted_private_keys_are_refused(tmp_path):
    key = ed25519.Ed25519PrivateKey.generate()
    path = tmp_path / "enc.pem"
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"pw"),
        )
    )
    with pytest.raises(UsageError, match="encrypted keys are not supported"):
        load_private_key(path)


def test_the_verify_command_names_the_public_key_beside_the_private_one(tmp_path):
    private, public = write_keypair(tmp_path, "audit-key")
    out = tmp_path / "my audit"
    assert public_key_path(private) == public
    assert is_public_half(public, private)
    assert verify_instructions(out, None) == [f"check with: llm-policy verify '{out}'"]
    assert verify_instructions(out, private) == [
        f"check with: llm-policy verify '{out}' --key {public}"
    ]


def test_without_its_public_half_beside_it_the_command_has_a_placeholder(tmp_path):
    private, public = write_keypair(tmp_path, "audit-key")
    public.unlink()
    command, where = verify_instructions(tmp_path / "out", private)
    assert command.endswith("--key PUBLIC-KEY.pem")
    assert f"no {public} beside {private}" in where
    assert f"openssl pkey -in {private} -pubout -out {public}" in where
    _, other = write_keypair(tmp_path, "other")
    public.write_bytes(other.read_bytes())  # another key pair's public key
    assert not is_public_half(public, private)
    _, where = verify_instructions(tmp_path / "out", private)
    assert f"{public} is not the public half of {private}" in where
    public.write_text("not a key\n")
    assert not is_public_half(public, private)
