"""`llm-policy bundle build`: the real OPA inspects, verifies and runs what it writes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import tarfile
import typing as t
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from checker.engine.provenance import meta_document
from checker.policy_set import build_policy_set
from tests.acceptance.conftest import ROOT, RunLine
from tests.keys import write_pem_pair

ORG_POLICY = """package llm.rules.acme

import data.llm.rules.acme.helpers

# METADATA
# title: Only approved vendors
# description: ACME buys LLM APIs only from its approved vendors.
# custom:
#   id: ACME-001
#   severity: high
#   remediation: Use an approved provider.
deny contains f if {
	some i, m in input.spec.models
	m.hosting == "vendor-api"
	not helpers.approved(m.provider)
	msg := sprintf("provider %s is not approved", [m.provider])
	f := {"rule": "ACME-001", "scope": "model", "model": i, "path": "spec.models", "message": msg}
}
"""
# Organisation helpers live under the organisation's own rule area; its data in its folder.
ORG_HELPERS = "package llm.rules.acme.helpers\n\napproved(p) if p in data.acme.approved\n"


def opa(binary: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run OPA; its errors go to stdout or stderr by command, so stderr gets both."""
    return subprocess.run(
        [binary, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=60,
        check=check,
        cwd=ROOT,
    )


def inspect(binary: str, bundle: Path) -> dict[str, t.Any]:
    return t.cast(
        dict[str, t.Any], json.loads(opa(binary, "inspect", "--format", "json", str(bundle)).stdout)
    )


def members(bundle: Path) -> dict[str, bytes]:
    with tarfile.open(bundle) as tar:
        return {m.name: t.cast(t.IO[bytes], tar.extractfile(m)).read() for m in tar.getmembers()}


def rewrite(bundle: Path, out: Path, name: str, content: bytes) -> None:
    """A copy of `bundle` with one member's content replaced (a tampered bundle)."""
    with tarfile.open(bundle) as source, tarfile.open(out, "w:gz") as target:
        for member in source.getmembers():
            data = t.cast(t.IO[bytes], source.extractfile(member)).read()
            if member.name == name:
                data, member.size = content, len(content)
            target.addfile(member, io.BytesIO(data))


def write_rsa_pair(folder: Path) -> tuple[Path, Path]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return write_pem_pair(key, folder / "signing.pem", folder / "verification.pem")


def build(run_line: RunLine, out: Path, *extra: str) -> None:
    result = run_line(["llm-policy", "bundle", "build", "--out", str(out), *extra])
    assert result.exit_code == 0, result.stderr
    assert f"wrote {out}" in result.stderr


def test_the_bundle_is_what_opa_reads(run_line: RunLine, opa_binary: str, tmp_path: Path) -> None:
    build(run_line, tmp_path / "a.tar.gz")
    build(run_line, tmp_path / "b.tar.gz")
    # Reproducible: the same policies give the same bytes, so a digest identifies a bundle.
    assert (tmp_path / "a.tar.gz").read_bytes() == (tmp_path / "b.tar.gz").read_bytes()
    info = inspect(opa_binary, tmp_path / "a.tar.gz")
    policy_set = build_policy_set()
    assert info["manifest"]["revision"] == policy_set.digest
    assert info["manifest"]["roots"] == ["llm", "catalog", "settings"]
    files = members(tmp_path / "a.tar.gz")
    assert not [name for name in files if name.endswith("_test.rego")]
    assert sorted(n for n in files if n.endswith(".rego")) == sorted(
        name.removeprefix("policies/") for name in policy_set.sources
    )
    assert json.loads(files["catalog/data.json"]) == policy_set.data["catalog"]
    assert json.loads(files["settings/data.json"]) == policy_set.data["settings"]
    # The digest document a --no-push run reads, under the llm root the bundle already claims.
    assert json.loads(files["llm/meta/data.json"]) == meta_document(policy_set)
    namespaces = set(info["namespaces"])
    assert {"data.llm.decision", "data.llm.lib", "data.catalog", "data.settings"} <= namespaces
    opa(opa_binary, "check", "--strict", "-b", str(tmp_path / "a.tar.gz"))
    answer = opa(opa_binary, "eval", "-b", str(tmp_path / "a.tar.gz"), "-f", "raw", "data.llm.meta")
    catalog = policy_set.data["catalog"]
    assert json.loads(answer.stdout) == {
        "policyDigest": policy_set.digest,
        "catalogDigest": meta_document(policy_set)["catalogDigest"],
        "catalogVersion": catalog.get("version"),
    }


def test_revision_overlays_and_org_roots(
    run_line: RunLine, opa_binary: str, tmp_path: Path
) -> None:
    org = tmp_path / "org"
    (org / "rules").mkdir(parents=True)
    (org / "rules" / "acme.rego").write_text(ORG_POLICY)
    (org / "helpers.rego").write_text(ORG_HELPERS)
    (org / "acme").mkdir()
    (org / "acme" / "data.yaml").write_text("approved: [azure-openai]\n")
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text("settings: {gpuMemoryHeadroom: 1.2}\n")
    out = tmp_path / "org.tar.gz"
    build(
        run_line, out, "--revision", "2026-11-28.1", "--policies", str(org), "--data", str(overlay)
    )
    info = inspect(opa_binary, out)
    assert info["manifest"]["revision"] == "2026-11-28.1"
    # Without --revision, the same bundle wherever it is built and however the folder is spelled.
    absolute, relative = tmp_path / "absolute.tar.gz", tmp_path / "relative.tar.gz"
    build(run_line, absolute, "--policies", str(org), "--data", str(overlay))
    build(run_line, relative, "--policies", os.path.relpath(org, ROOT), "--data", str(overlay))
    assert relative.read_bytes() == absolute.read_bytes()
    assert info["manifest"]["roots"] == ["llm", "catalog", "settings", "acme"]
    files = members(out)
    assert {"org/1-org/rules/acme.rego", "org/1-org/helpers.rego"} <= set(files)
    assert json.loads(files["acme/data.json"]) == {"approved": ["azure-openai"]}
    assert json.loads(files["settings/data.json"])["gpuMemoryHeadroom"] == 1.2
    organised = build_policy_set([org], [overlay])
    assert json.loads(files["llm/meta/data.json"])["policyDigest"] == organised.digest
    # OPA compiles the whole bundle and evaluates the organisation rule against its own data.
    manifest = {
        "spec": {"models": [{"id": "gpt-4o", "hosting": "vendor-api", "provider": "openai"}]}
    }
    answer = subprocess.run(
        [opa_binary, "eval", "-b", str(out), "--stdin-input", "--format", "raw",
         "[f.rule | some f in data.llm.rules.acme.deny]"],
        input=json.dumps(manifest), capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert json.loads(answer.stdout) == ["ACME-001"]


def test_a_signed_bundle_verifies_and_a_tampered_one_does_not(
    run_line: RunLine, opa_binary: str, tmp_path: Path
) -> None:
    private, public = write_rsa_pair(tmp_path)
    signed = tmp_path / "signed.tar.gz"
    build(run_line, signed, "--signing-key", str(private))
    assert ".signatures.json" in members(signed)
    verify = ["build", "-o", str(tmp_path / "checked.tar.gz"), "-b"]
    assert opa(opa_binary, *verify, str(signed), "--verification-key", str(public))
    unsigned = tmp_path / "unsigned.tar.gz"
    build(run_line, unsigned)
    refused = opa(
        opa_binary, *verify, str(unsigned), "--verification-key", str(public), check=False
    )
    assert "missing .signatures.json" in refused.stdout
    tampered = tmp_path / "tampered.tar.gz"
    rewrite(signed, tampered, "settings/data.json", b'{"gpuMemoryHeadroom": 0.01}')
    refused = opa(
        opa_binary, *verify, str(tampered), "--verification-key", str(public), check=False
    )
    assert refused.returncode != 0 and "digest mismatch" in refused.stdout
    (tmp_path / "other").mkdir()
    _, other = write_rsa_pair(tmp_path / "other")
    refused = opa(opa_binary, *verify, str(signed), "--verification-key", str(other), check=False)
    assert refused.returncode != 0 and "verification" in refused.stdout.lower()


@pytest.mark.parametrize("algorithm", ["HS256", "ES256", "PS384"])
def test_other_algorithms(
    run_line: RunLine, opa_binary: str, tmp_path: Path, algorithm: str
) -> None:
    key_file, verification = tmp_path / "key", tmp_path / "verification.pem"
    if algorithm == "HS256":
        secret = "a shared secret of at least thirty-two bytes"
        key_file.write_text(secret)
        verification_key = secret
    else:
        key: t.Any = (
            ec.generate_private_key(ec.SECP256R1())
            if algorithm == "ES256"
            else rsa.generate_private_key(public_exponent=65537, key_size=2048)
        )
        write_pem_pair(key, key_file, verification)
        verification_key = str(verification)
    out = tmp_path / "bundle.tar.gz"
    build(run_line, out, "--signing-key", str(key_file), "--signing-alg", algorithm,
          "--signing-key-id", "fleet")  # fmt: skip
    opa(opa_binary, "build", "-o", str(tmp_path / "checked.tar.gz"), "-b", str(out),
        "--verification-key", verification_key, "--verification-key-id", "fleet",
        "--signing-alg", algorithm)  # fmt: skip


def test_a_key_that_does_not_fit_the_algorithm(run_line: RunLine, tmp_path: Path) -> None:
    key = tmp_path / "secret"
    key.write_text("not a PEM key")
    result = run_line(
        [
            "llm-policy",
            "bundle",
            "build",
            "--out",
            str(tmp_path / "b.tar.gz"),
            "--signing-key",
            str(key),
        ]
    )
    assert result.exit_code == 2
    assert "cannot sign with RS256" in result.stderr and "PEM private key" in result.stderr
    assert not (tmp_path / "b.tar.gz").exists()


def test_a_missing_output_folder(run_line: RunLine, tmp_path: Path) -> None:
    result = run_line(["llm-policy", "bundle", "build", "--out", str(tmp_path / "no" / "b.tar.gz")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
