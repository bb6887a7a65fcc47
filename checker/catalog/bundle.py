"""Catalog bundles: the catalog tree as a reproducible tar.gz, signed as OPA bundles are.

A catalog bundle holds:

- `.manifest`: `{"kind": "llm-policy-catalog", "format": 1, "version", "date", "digest",
  "tool"}`; `format` says how the rest is laid out, and a bundle of a newer format than this
  tool reads (`FORMAT`) is refused rather than half understood;
- `catalog/data.json` (`version`, `date`) and `catalog/<document>/data.json` for each document
  (`catalog/models/data.json` is `data.catalog.models`);
- `.signatures.json`: one JWT over the SHA-256 of every other file, made by
  `checker.bundles.signing` exactly as `llm-policy bundle build --signing-key` makes it.

Reading one is bounded (size, number of files, plain files only, names inside the bundle and
of the layout above); verifying one checks the JWT with a public key given out of band (the
algorithms that key type allows, never the one the token names alone) and that the signed file
list is exactly the bundle's files with their hashes.
"""

from __future__ import annotations

import io
import json
import re
import tarfile
import typing as t
import zlib
from dataclasses import dataclass

from checker import __version__
from checker.bundles.archive import build_tarball
from checker.bundles.signing import SIGNATURES, Signing, file_hash, signatures_file
from checker.catalog.checks import check_catalog
from checker.catalog.model import Catalog
from checker.errors import UsageError
from checker.header import catalog_digest

FORMAT = 1
KIND = "llm-policy-catalog"
MANIFEST = ".manifest"
MAX_FILES = 1000
MAX_UNPACKED = 256 * 1024 * 1024
_DOCUMENT = re.compile(r"catalog(/[A-Za-z0-9_-]+)?/data\.json")
_SEGMENT = re.compile(r"[A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Verification:
    """How to verify a signature: the key file's bytes and, optionally, the one algorithm.

    Without `algorithm`, a PEM public key allows the algorithms of its type (RSA: RS* and PS*;
    EC: the ES* of its curve); an HMAC secret needs `algorithm` (HS256, HS384 or HS512).
    """

    key: bytes
    algorithm: str | None = None
    source: str = "the verification key"


def _json(value: t.Any) -> bytes:
    # Dates YAML read as dates become text: a bundle holds plain JSON.
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode()


def bundle_files(catalog: Catalog) -> dict[str, bytes]:
    """Every file of the catalog's bundle but `.signatures.json` (path -> content)."""
    files: dict[str, bytes] = {}
    head: dict[str, t.Any] = {}
    for key, value in sorted(catalog.data.items()):
        if isinstance(value, dict):
            if not _SEGMENT.fullmatch(key):
                raise UsageError(f"{catalog.file_of(key)}: catalog.{key} cannot name a folder")
            files[f"catalog/{key}/data.json"] = _json(value)
        else:
            head[key] = value
    files["catalog/data.json"] = _json(head)
    # The digest of the data as it reads back from the bundle (dates as text).
    digest = catalog_digest(json.loads(_json(catalog.data)))
    manifest = {
        "kind": KIND,
        "format": FORMAT,
        "version": catalog.version,
        "date": catalog.date,
        "digest": digest,
        "tool": f"llm-policy {__version__}",
    }
    files[MANIFEST] = _json(manifest)
    return files


def build_catalog_bundle(catalog: Catalog, signing: Signing | None = None) -> bytes:
    """The bundle's bytes: reproducible (the same catalog gives the same bytes), maybe signed."""
    check_catalog(catalog, require_version=True)
    files = bundle_files(catalog)
    if signing is not None:
        files[SIGNATURES] = signatures_file(files, signing)
    return build_tarball(files)


def _member_name(raw: str, origin: str) -> str:
    name = raw.removeprefix("./")
    parts = name.split("/")
    if name.startswith("/") or "\\" in name or any(p in ("", ".", "..") for p in parts):
        raise UsageError(f"{origin}: refused: the bundle holds a file named {raw!r}")
    return name


def read_bundle(raw: bytes, origin: str) -> dict[str, bytes]:
    """The bundle's files (name -> content); anything but a catalog bundle's files is refused."""
    files: dict[str, bytes] = {}
    total = 0
    try:
        with tarfile.open(fileobj=io.BytesIO(raw), mode="r:gz") as tar:
            for member in tar:
                if member.isdir():
                    continue
                if not member.isfile():
                    raise UsageError(
                        f"{origin}: refused: {member.name!r} is not a plain file (a link or"
                        " device); a catalog bundle holds plain files only"
                    )
                name = _member_name(member.name, origin)
                total += member.size
                if len(files) >= MAX_FILES or total > MAX_UNPACKED:
                    raise UsageError(
                        f"{origin}: refused: more than {MAX_FILES} files or"
                        f" {MAX_UNPACKED // (1024 * 1024)} MiB unpacked"
                    )
                if name in files:
                    raise UsageError(f"{origin}: refused: {name} is in the bundle twice")
                handle = tar.extractfile(member)
                files[name] = handle.read() if handle is not None else b""
    except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
        raise UsageError(
            f"{origin}: not a catalog bundle (a tar.gz), or it was cut short: {exc}"
        ) from exc
    unexpected = sorted(
        n for n in files if n not in (MANIFEST, SIGNATURES) and not _DOCUMENT.fullmatch(n)
    )
    if unexpected:
        raise UsageError(
            f"{origin}: refused: files a catalog bundle does not hold: {', '.join(unexpected[:5])}"
        )
    return files


def read_manifest(files: t.Mapping[str, bytes], origin: str) -> dict[str, t.Any]:
    """The bundle's `.manifest`, refused unless it is a catalog bundle of a format we read."""
    if MANIFEST not in files:
        raise UsageError(
            f"{origin}: not a catalog bundle: it has no {MANIFEST} (make one with"
            " llm-policy catalog build)"
        )
    try:
        manifest = json.loads(files[MANIFEST])
    except ValueError as exc:
        raise UsageError(f"{origin}: {MANIFEST} is not JSON: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("kind") != KIND:
        raise UsageError(
            f"{origin}: not a catalog bundle ({MANIFEST} has no kind {KIND!r}; a policy bundle"
            " of llm-policy bundle build is not a catalog bundle)"
        )
    found = manifest.get("format")
    if isinstance(found, bool) or not isinstance(found, int) or found < 1:
        raise UsageError(f"{origin}: {MANIFEST} format {found!r} is not a format number")
    if found > FORMAT:
        raise UsageError(
            f"{origin}: refused: catalog bundle format {found} is newer than this llm-policy"
            f" {__version__} reads (format {FORMAT}); upgrade llm-policy to use this catalog"
        )
    return manifest


def _algorithms(verification: Verification) -> tuple[list[str], t.Any]:
    """The algorithms the key allows, and the key as PyJWT takes it."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    if verification.algorithm and verification.algorithm.startswith("HS"):
        return [verification.algorithm], verification.key
    try:
        key = serialization.load_pem_public_key(verification.key)
    except (ValueError, TypeError) as exc:
        raise UsageError(
            f"{verification.source}: not a PEM public key ({exc}); an HMAC secret needs"
            " --verification-alg HS256, HS384 or HS512"
        ) from exc
    if isinstance(key, rsa.RSAPublicKey):
        allowed = [f"{kind}{bits}" for kind in ("RS", "PS") for bits in (256, 384, 512)]
    elif isinstance(key, ec.EllipticCurvePublicKey):
        curves = {"secp256r1": "ES256", "secp384r1": "ES384", "secp521r1": "ES512"}
        allowed = [curves[key.curve.name]] if key.curve.name in curves else []
    else:
        allowed = []
    if verification.algorithm:
        allowed = [a for a in allowed if a == verification.algorithm]
    if not allowed:
        raise UsageError(
            f"{verification.source}: this key cannot verify"
            f" {verification.algorithm or 'a bundle signature'} (RSA keys: RS*/PS*, EC P-256,"
            " P-384, P-521 keys: ES256/384/512)"
        )
    return allowed, key


def _signed_files(files: t.Mapping[str, bytes], origin: str) -> str:
    if SIGNATURES not in files:
        raise UsageError(
            f"{origin}: refused: the bundle is not signed (no {SIGNATURES}); sign it with"
            " llm-policy catalog build --signing-key"
        )
    try:
        document = json.loads(files[SIGNATURES])
        tokens = document["signatures"]
    except (ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"{origin}: refused: {SIGNATURES} is malformed ({exc})") from exc
    if not isinstance(tokens, list) or len(tokens) != 1 or not isinstance(tokens[0], str):
        raise UsageError(f"{origin}: refused: {SIGNATURES} must hold exactly one signature")
    return tokens[0]


def verify_signature(files: t.Mapping[str, bytes], verification: Verification, origin: str) -> None:
    """Refuse the bundle unless its signature verifies and covers exactly its files."""
    import jwt

    token = _signed_files(files, origin)
    algorithms, key = _algorithms(verification)
    try:
        payload = jwt.decode(token, key, algorithms=algorithms)
    except jwt.InvalidSignatureError as exc:
        raise UsageError(
            f"{origin}: refused: the signature does not verify with {verification.source}"
        ) from exc
    except (jwt.PyJWTError, ValueError, TypeError) as exc:
        raise UsageError(f"{origin}: refused: the signature cannot be verified: {exc}") from exc
    listed = payload.get("files") if isinstance(payload, dict) else None
    if not isinstance(listed, list):
        raise UsageError(f"{origin}: refused: the signature lists no files")
    signed: dict[str, str] = {}
    for item in listed:
        ok = isinstance(item, dict) and isinstance(item.get("name"), str)
        if not ok or str(item.get("algorithm", "")).upper() != "SHA-256":
            raise UsageError(f"{origin}: refused: the signature lists a file it does not hash")
        if item["name"] in signed:
            raise UsageError(f"{origin}: refused: the signature lists {item['name']} twice")
        signed[item["name"]] = str(item.get("hash", "")).lower()
    present = set(files) - {SIGNATURES}
    problems = [f"{n} is not covered by the signature" for n in sorted(present - set(signed))]
    problems += [f"{n} is signed but not in the bundle" for n in sorted(set(signed) - present)]
    for name in sorted(present & set(signed)):
        try:
            now = file_hash(name, files[name])
        except ValueError:
            now = ""
        if now != signed[name]:
            problems.append(f"{name} was changed after it was signed (its hash differs)")
    if problems:
        raise UsageError(f"{origin}: refused: " + "; ".join(problems))


def catalog_of(files: t.Mapping[str, bytes], origin: str) -> Catalog:
    """The catalog a bundle holds (its manifest read first), checked as `check_catalog` does."""
    manifest = read_manifest(files, origin)
    data: dict[str, t.Any] = {}
    for name in sorted(files):
        if not _DOCUMENT.fullmatch(name):
            continue
        try:
            document = json.loads(files[name])
        except ValueError as exc:
            raise UsageError(f"{origin}: {name} is not JSON: {exc}") from exc
        if not isinstance(document, dict):
            raise UsageError(f"{origin}: {name} must hold an object")
        parts = name.split("/")[1:-1]
        if parts:
            data[parts[0]] = document
        else:
            data.update({k: v for k, v in document.items() if k not in data})
    catalog = Catalog(data, origin)
    for key in ("version", "date"):
        if manifest.get(key) != data.get(key):
            raise UsageError(
                f"{origin}: refused: {MANIFEST} says {key} {manifest.get(key)!r}, the catalog"
                f" {data.get(key)!r}"
            )
    if manifest.get("digest") != catalog_digest(data):
        raise UsageError(f"{origin}: refused: the catalog's digest is not the one {MANIFEST} names")
    check_catalog(catalog, require_version=True)
    return catalog
