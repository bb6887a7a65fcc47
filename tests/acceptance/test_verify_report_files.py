"""`verify` covers every sealed report file alike: a flipped byte or a missing file is named.

Parametrised over `checker.audit.REPORT_FILES`, so a report file added there (audit.oscal.json,
audit.pdf) is covered without a new test: the seal must list it and verify must name it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.audit import REPORT_FILES, SEAL_NAME
from checker.cli.main import main
from tests.acceptance.conftest import ROOT

TIMESTAMP = "2025-01-31T12:00:00Z"


def run(*argv: str) -> tuple[int, str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        done = CliRunner().invoke(main, list(argv), catch_exceptions=False)
    return done.exit_code, done.stdout


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report-files") / "audit"
    code, output = run(
        "audit", "examples/internal-assistant", "--out", str(out), "--timestamp", TIMESTAMP
    )
    assert code == 0, output
    return out


@pytest.fixture
def report(pristine, tmp_path) -> Path:
    return shutil.copytree(pristine, tmp_path / "audit")


def test_the_seal_lists_exactly_the_report_files(pristine):
    sealed = [line.split("  ", 1)[1] for line in (pristine / SEAL_NAME).read_text().splitlines()]
    assert sealed == sorted(REPORT_FILES)
    code, out = run("verify", str(pristine))
    assert code == 0, out
    for name in REPORT_FILES:
        assert re.search(rf"^  ok +{re.escape(name)} +sha256 ", out, re.M), name


@pytest.mark.parametrize("name", REPORT_FILES)
def test_a_flipped_byte_is_named(report, name):
    path = report / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    code, out = run("verify", str(report))
    assert code == 1, out
    assert re.search(rf"^  ALTERED +{re.escape(name)} +sha256 is ", out, re.M), out
    assert out.splitlines()[-1].startswith(f"ALTERED: {name}"), out
    for other in REPORT_FILES:
        if other != name:
            assert re.search(rf"^  ok +{re.escape(other)} +sha256 ", out, re.M), other


@pytest.mark.parametrize("name", REPORT_FILES)
def test_a_missing_file_is_named(report, name):
    (report / name).unlink()
    code, out = run("verify", str(report))
    assert code == 1, out
    assert re.search(rf"^  ALTERED +{re.escape(name)} +missing from the report folder", out, re.M)
