"""Catalog folders with one fact changed, keys, and bundles built or tampered with, for tests."""

from __future__ import annotations

import io
import json
import shutil
import tarfile
import typing as t
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ec, rsa

from checker.bundles.archive import build_tarball
from checker.bundles.signing import SIGNATURES, Signing, signatures_file
from checker.catalog.model import shipped_catalog_dir
from tests.keys import write_pem_pair

NEW_VERSION, NEW_DATE = "2027.01.15", "2027-01-15"
# The fact the new catalog changes: Llama 3.1 70B at int4 needs 170 GB instead of 42.
GPU_LINE = "  gpuMemoryGb: {fp16: 168, int8: 84, int4: 42}"
GPU_NEW = "  gpuMemoryGb: {fp16: 168, int8: 84, int4: 170}"

# A manifest the changed fact decides differently: 160 GB holds 42 GB, not 170.
MANIFEST = """\
apiVersion: llm-policy/v1
kind: LLMProject
metadata:
  name: gpu-bound-assistant
  owner: platform@example.com
spec:
  useCase: {purpose: chat-assistant, audience: internal, domains: [general]}
  data: {classification: internal}
  residency: {allowedRegions: [eu], crossBorderTransfer: forbidden}
  deployment:
    environment: private-cloud
    gpuMemoryGb: 160
    selfHostingPlatform: true
  models:
    - id: llama-3.1-70b
      hosting: self-hosted
      region: eu
      quantization: int4
"""


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not unique in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def set_version(folder: Path, version: str, date: str) -> None:
    (folder / "data.yaml").write_text(f'version: "{version}"\ndate: "{date}"\n', encoding="utf-8")


def changed_catalog(folder: Path, version: str = NEW_VERSION, date: str = NEW_DATE) -> Path:
    """A copy of the shipped catalog with a new version and date and the GPU figure changed."""
    shutil.copytree(shipped_catalog_dir(), folder)
    set_version(folder, version, date)
    models = folder / "models" / "data.yaml"
    text = models.read_text(encoding="utf-8")
    start = text.index("\nllama-3.1-70b:\n")
    end = text.index("\n\n", start + 1)
    block = text[start:end]
    assert block.count(GPU_LINE) == 1, "the shipped Llama 3.1 70B GPU figures moved"
    models.write_text(text[:start] + block.replace(GPU_LINE, GPU_NEW) + text[end:])
    return folder


def rsa_keys(folder: Path, name: str = "catalog") -> tuple[Path, Path]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return write_pem_pair(key, folder / f"{name}.pem", folder / f"{name}.pub.pem")


def ec_keys(folder: Path, name: str = "catalog-ec") -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    return write_pem_pair(key, folder / f"{name}.pem", folder / f"{name}.pub.pem")


def files_of(archive: bytes) -> dict[str, bytes]:
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
        out = {}
        for member in tar.getmembers():
            handle = tar.extractfile(member)
            assert handle is not None
            out[member.name] = handle.read()
        return out


def tampered(archive: bytes, name: str, change: t.Callable[[t.Any], t.Any]) -> bytes:
    """The bundle with one JSON file changed and its old signature kept."""
    files = files_of(archive)
    files[name] = json.dumps(change(json.loads(files[name]))).encode()
    return build_tarball(files)


def resigned(
    archive: bytes, private_key: Path, change: t.Callable[[dict[str, bytes]], None]
) -> bytes:
    """The bundle with its files changed by `change`, then signed again with the key."""
    files = files_of(archive)
    files.pop(SIGNATURES, None)
    change(files)
    files[SIGNATURES] = signatures_file(files, Signing("RS256", private_key.read_bytes()))
    return build_tarball(files)
