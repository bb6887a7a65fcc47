"""Bundle file hashes are OPA's: canonical JSON for structured files, bytes for the rest."""

from __future__ import annotations

import base64
import hashlib
import json

import jwt
import pytest

from checker.bundles.signing import Signing, file_hash, signatures_file
from checker.errors import UsageError

# What OPA v1.22.3 recorded in .signatures.json for this data.json (`opa build --signing-key`):
# keys sorted, no whitespace, the number as written (1.0), U+2028 escaped, other text as UTF-8.
OPA_DATA = '{"a": {"s": "\u00e9\u2028", "k": 1.0}}'.encode()
OPA_DATA_HASH = "9235dd78f2526abf20e0b7d2d9c3105d83ae1b39dfea088943c714218bf167ea"


def test_structured_files_hash_like_opa() -> None:
    assert file_hash("data.json", OPA_DATA) == OPA_DATA_HASH
    assert file_hash("deep/er/data.json", OPA_DATA) == OPA_DATA_HASH
    # Whitespace, key order and escaping do not change the hash; the values do.
    spaced = json.dumps(json.loads(OPA_DATA), indent=4, ensure_ascii=True).encode()
    assert file_hash("data.json", spaced) == OPA_DATA_HASH
    assert file_hash(".manifest", spaced) == OPA_DATA_HASH
    assert file_hash("data.json", spaced.replace(b"1.0", b"2.0")) != OPA_DATA_HASH


def test_numbers_are_hashed_as_written() -> None:
    assert file_hash("data.json", b'{"k": 1.0}') != file_hash("data.json", b'{"k": 1}')
    assert file_hash("data.json", b'{"k": 1e21}') == hashlib.sha256(b'{"k":1e21}').hexdigest()


def test_other_files_hash_as_bytes() -> None:
    text = b"package a\n\nx := 1\n"
    assert file_hash("a/a.rego", text) == hashlib.sha256(text).hexdigest()
    assert file_hash("notes.json", b'{"b": 1}') == hashlib.sha256(b'{"b": 1}').hexdigest()


def test_the_token_lists_every_file_under_the_key_id() -> None:
    files = {"data.json": OPA_DATA, "a/a.rego": b"package a\n"}
    secret = b"a shared secret of at least thirty-two bytes"
    body = json.loads(signatures_file(files, Signing("HS256", secret, key_id="fleet")))
    (token,) = body["signatures"]
    claims = jwt.decode(token, secret, algorithms=["HS256"])
    assert claims["keyid"] == "fleet" and "scope" not in claims
    assert {f["name"]: f["hash"] for f in claims["files"]} == {
        "a/a.rego": hashlib.sha256(b"package a\n").hexdigest(),
        "data.json": OPA_DATA_HASH,
    }
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert (header["alg"], header["kid"]) == ("HS256", "fleet")


def test_scope_is_a_claim() -> None:
    secret = b"a shared secret for HS512, which wants at least sixty-four bytes of it"
    body = json.loads(signatures_file({}, Signing("HS512", secret, scope="write")))
    assert jwt.decode(body["signatures"][0], secret, algorithms=["HS512"])["scope"] == "write"


@pytest.mark.parametrize(
    ("algorithm", "key"), [("RS256", b"not a key"), ("XX1", b"k"), ("HS256", b"short secret")]
)
def test_bad_keys_and_algorithms_are_usage_errors(algorithm: str, key: bytes) -> None:
    with pytest.raises(UsageError):
        signatures_file({}, Signing(algorithm, key))
