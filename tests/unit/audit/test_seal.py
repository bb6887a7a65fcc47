from __future__ import annotations

import hashlib
import shutil
import subprocess

import pytest

from checker.audit.seal import parse_seal, seal_digest, seal_files, seal_text

HASH_A, HASH_B = "a" * 64, "b" * 64


def test_seal_is_sorted_sha256sum_lines_and_parses_back():
    text = seal_text({"b.md": HASH_B, "a.json": HASH_A})
    assert text == f"{HASH_A}  a.json\n{HASH_B}  b.md\n"
    assert parse_seal(text) == {"a.json": HASH_A, "b.md": HASH_B}
    assert seal_digest(text.encode()) == "sha256:" + hashlib.sha256(text.encode()).hexdigest()


@pytest.mark.parametrize(
    "text",
    [
        f"{HASH_A} a.json\n",  # one space
        f"{HASH_A[:-1]}  a.json\n",  # short hash
        f"{HASH_A.upper()}  a.json\n",
        f"{HASH_A}  ../a.json\n",  # no paths
        f"{HASH_A}  a.json\n{HASH_B}  a.json\n",  # twice
        "audit.json: OK\n",
    ],
)
def test_malformed_seals_are_rejected(text):
    with pytest.raises(ValueError, match="line"):
        parse_seal(text)


def test_sha256sum_accepts_the_seal(tmp_path):
    if shutil.which("sha256sum") is None:
        pytest.skip("sha256sum (coreutils) not installed")
    (tmp_path / "audit.json").write_text("{}\n")
    (tmp_path / "audit.md").write_text("# x\n")
    (tmp_path / "audit.sha256").write_text(seal_files(tmp_path, ["audit.json", "audit.md"]))
    done = subprocess.run(
        ["sha256sum", "-c", "audit.sha256"], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (tmp_path / "audit.md").write_text("# y\n")
    done = subprocess.run(
        ["sha256sum", "-c", "audit.sha256"], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 1 and "audit.md: FAILED" in done.stdout
