"""Finding the OPA binary; its version is written once, and install-opa and the engine agree."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from checker.engine.opa_server import find_binary
from checker.engine.opa_version import OPA_VERSION

ROOT = Path(__file__).resolve().parents[3]


def fake_cache(tmp_path: Path) -> Path:
    """A cache holding a stand-in `opa` at the place both sides derive from OPA_VERSION."""
    binary = tmp_path / "opa" / OPA_VERSION / "opa"
    binary.parent.mkdir(parents=True)
    binary.write_text("#!/bin/sh\necho 'Version: fake'\n")
    binary.chmod(0o755)
    return binary


def test_the_version_is_a_release_tag() -> None:
    assert re.fullmatch(r"v1\.\d+\.\d+", OPA_VERSION)


def test_install_script_reads_the_version_from_the_package(tmp_path: Path) -> None:
    if shutil.which("opa", path="/usr/bin:/bin"):
        pytest.skip("an opa in /usr/bin or /bin would be found before the cache")
    binary = fake_cache(tmp_path)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LLM_POLICY_CACHE": str(tmp_path)}
    done = subprocess.run(
        [str(ROOT / "scripts" / "install-opa")],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == str(binary.resolve())
    assert OPA_VERSION not in (ROOT / "scripts" / "install-opa").read_text()


def test_the_engine_finds_the_same_cached_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    binary = fake_cache(tmp_path)
    monkeypatch.delenv("LLM_POLICY_OPA", raising=False)  # scripts/test sets it
    monkeypatch.setenv("LLM_POLICY_CACHE", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert find_binary(None) == str(binary)
    assert os.access(binary, os.X_OK)


def test_llm_policy_opa_names_the_binary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_cache(tmp_path)
    chosen = tmp_path / "chosen-opa"
    chosen.write_text("#!/bin/sh\n")
    chosen.chmod(0o755)
    monkeypatch.setenv("LLM_POLICY_CACHE", str(tmp_path))
    monkeypatch.setenv("LLM_POLICY_OPA", str(chosen))
    assert find_binary(None) == str(chosen)
