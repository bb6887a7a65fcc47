"""Catalog bundles: the layout, reproducible bytes, and what verification and reading refuse."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import tarfile
from pathlib import Path

import pytest

from checker.bundles.archive import build_tarball
from checker.bundles.signing import SIGNATURES, Signing, file_hash
from checker.catalog.bundle import (
    FORMAT,
    Verification,
    build_catalog_bundle,
    catalog_of,
    read_bundle,
    read_manifest,
    verify_signature,
)
from checker.catalog.model import DOCUMENTS, load_folder, shipped_catalog
from checker.errors import UsageError
from checker.header import catalog_digest
from tests.catalog_bundles import changed_catalog, ec_keys, files_of, rsa_keys


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return rsa_keys(tmp_path_factory.mktemp("keys"))


@pytest.fixture(scope="module")
def signed(keys: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> bytes:
    catalog = load_folder(changed_catalog(tmp_path_factory.mktemp("c") / "catalog"))
    return build_catalog_bundle(catalog, Signing("RS256", keys[0].read_bytes()))


def verify(archive: bytes, key: Path, algorithm: str | None = None) -> None:
    verify_signature(read_bundle(archive, "b"), Verification(key.read_bytes(), algorithm), "b")


def test_layout_manifest_and_reproducible_bytes() -> None:
    catalog = shipped_catalog()
    archive = build_catalog_bundle(catalog)
    assert archive == build_catalog_bundle(shipped_catalog())
    files = files_of(archive)
    documents = [d for d in catalog.data if isinstance(catalog.data[d], dict)]
    assert sorted(documents) == sorted(DOCUMENTS)
    assert set(files) == {
        ".manifest",
        "catalog/data.json",
        *(f"catalog/{d}/data.json" for d in documents),
    }
    version = {"version": "2026.12.01.2", "date": "2026-12-01"}
    assert json.loads(files["catalog/data.json"]) == version
    manifest = json.loads(files[".manifest"])
    assert manifest["kind"] == "llm-policy-catalog" and manifest["format"] == FORMAT
    assert manifest["digest"] == catalog_digest(catalog.data)
    back = catalog_of(files, "b")
    assert back.data == catalog.data and back.version == "2026.12.01.2"


def test_a_signature_verifies_with_the_public_key(signed: bytes, keys: tuple[Path, Path]) -> None:
    verify(signed, keys[1])
    verify(signed, keys[1], "RS256")
    with pytest.raises(UsageError, match="this key cannot verify ES256"):
        verify(signed, keys[1], "ES256")
    with pytest.raises(UsageError, match="cannot be verified"):
        verify(signed, keys[1], "PS256")  # the key allows PS256; the token is RS256


def test_ec_and_hmac_signatures(tmp_path: Path) -> None:
    catalog = load_folder(changed_catalog(tmp_path / "catalog"))
    private, public = ec_keys(tmp_path)
    verify(build_catalog_bundle(catalog, Signing("ES256", private.read_bytes())), public)
    secret = tmp_path / "secret"
    secret.write_bytes(b"s" * 32)
    archive = build_catalog_bundle(catalog, Signing("HS256", secret.read_bytes()))
    verify(archive, secret, "HS256")
    with pytest.raises(UsageError, match="needs --verification-alg HS256"):
        verify(archive, secret)


def test_a_token_signed_with_the_public_key_as_an_hmac_secret_is_refused(
    signed: bytes, keys: tuple[Path, Path]
) -> None:
    # The classic confusion: an attacker who has the public key makes an HS256 token with it.
    files = read_bundle(signed, "b")
    payload = {
        "files": [
            {"name": n, "hash": file_hash(n, c), "algorithm": "SHA-256"}
            for n, c in files.items()
            if n != SIGNATURES
        ]
    }

    def b64(data: bytes) -> bytes:
        return base64.urlsafe_b64encode(data).rstrip(b"=")

    head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64(json.dumps(payload).encode())
    mac = hmac.new(keys[1].read_bytes(), head + b"." + body, hashlib.sha256).digest()
    token = (head + b"." + body + b"." + b64(mac)).decode()
    files[SIGNATURES] = json.dumps({"signatures": [token]}).encode()
    with pytest.raises(UsageError, match="cannot be verified"):
        verify_signature(files, Verification(keys[1].read_bytes()), "b")


def test_every_file_must_be_signed_and_unchanged(signed: bytes, keys: tuple[Path, Path]) -> None:
    files = files_of(signed)
    key = Verification(keys[1].read_bytes())
    changed = {**files, "catalog/data.json": b'{"version":"2027.01.15","date":"2099-01-01"}'}
    with pytest.raises(UsageError, match=r"catalog/data\.json was changed after it was signed"):
        verify_signature(changed, key, "b")
    missing = {k: v for k, v in files.items() if k != "catalog/aliases/data.json"}
    with pytest.raises(UsageError, match=r"aliases/data\.json is signed but not in the bundle"):
        verify_signature(missing, key, "b")
    with pytest.raises(UsageError, match="must hold exactly one signature"):
        verify_signature({**files, SIGNATURES: b'{"signatures": []}'}, key, "b")


def _tar(members: list[tarfile.TarInfo], content: bytes = b"{}") -> bytes:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w:gz") as tar:
        for info in members:
            tar.addfile(info, io.BytesIO(content) if info.isfile() else None)
    return raw.getvalue()


def test_reading_refuses_what_a_catalog_bundle_never_holds() -> None:
    def member(name: str, kind: bytes = tarfile.REGTYPE) -> tarfile.TarInfo:
        info = tarfile.TarInfo(name)
        info.type, info.size = kind, 2 if kind == tarfile.REGTYPE else 0
        if kind == tarfile.SYMTYPE:
            info.linkname = "/etc/passwd"
        return info

    for bad, message in (
        ([member("../catalog/data.json")], "holds a file named"),
        ([member("/catalog/data.json")], "holds a file named"),
        ([member("catalog/link", tarfile.SYMTYPE)], "is not a plain file"),
        ([member("catalog/models/x.rego")], "files a catalog bundle does not hold"),
        ([member("catalog/a/b/data.json")], "files a catalog bundle does not hold"),
        ([member(".manifest"), member("./.manifest")], "is in the bundle twice"),
    ):
        with pytest.raises(UsageError, match=message):
            read_bundle(_tar(bad), "b")
    with pytest.raises(UsageError, match="not a catalog bundle"):
        read_bundle(b"not a tarball", "b")
    whole = build_tarball({".manifest": b"{}"})
    with pytest.raises(UsageError, match="cut short"):
        read_bundle(whole[: len(whole) // 2], "b")


def test_the_manifest_says_what_it_is() -> None:
    with pytest.raises(UsageError, match=r"it has no \.manifest"):
        read_manifest({}, "b")
    with pytest.raises(UsageError, match="a policy bundle of llm-policy bundle build"):
        read_manifest({".manifest": b'{"revision": "x", "roots": []}'}, "b")
    for value in ("2", "true", "0", '"1"'):
        manifest = f'{{"kind": "llm-policy-catalog", "format": {value}}}'.encode()
        with pytest.raises(UsageError, match="format"):
            read_manifest({".manifest": manifest}, "b")
    ok = b'{"kind": "llm-policy-catalog", "format": 1}'
    assert read_manifest({".manifest": ok}, "b")["format"] == 1
