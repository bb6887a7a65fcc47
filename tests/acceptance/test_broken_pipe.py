"""A reader that goes away (`llm-policy … | head`) stops the command quietly, as SIGPIPE would."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.acceptance.conftest import EXAMPLES, ROOT

# Far more than a pipe holds (64 KiB), so the command is still writing when the reader leaves.
COPIES = 300


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("many")
    source = (EXAMPLES / "eu-residency-breach" / "llm-project.yaml").read_text()
    name = "support-ticket-router"
    assert f"name: {name}" in source
    for i in range(COPIES):
        (root / f"m{i:03}").mkdir()
        text = source.replace(f"name: {name}", f"name: router-{i:03}")
        (root / f"m{i:03}" / "llm-project.yaml").write_text(text)
    return root


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_reader_that_closes_early_gets_no_traceback(many, fmt):
    argv = ["check", str(many), "-f", fmt, "--jobs", "1", "--no-config"]
    command = [sys.executable, "-c", "from checker.cli.main import main; main()", *argv]
    with subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.readline()
        process.stdout.close()  # the reader goes away after one line
        err = process.stderr.read().decode()
        code = process.wait(timeout=300)
    assert code == 141, err
    assert err == ""
