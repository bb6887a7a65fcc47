"""Hostile manifests through the real CLI, in a subprocess: exit code, message, time, memory.

Each case of tests/hostile.py with an exit code runs here: `llm-policy check` on the files its
builder (tests/acceptance/hostile_files.py) writes, measured with `wait4` (the command's own
peak RSS, through a small launcher). No traceback, and no object-constructing payload ever runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import typing as t
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.acceptance.hostile_files import BUILDERS, PAYLOAD
from tests.hostile import INPUT_TEST, Case, cases
from tests.unprivileged import LLM_POLICY, Unprivileged

MAX_SECONDS = 10.0
MAX_RSS_MB = 500
CASES = cases(INPUT_TEST)


@dataclass(frozen=True)
class Run:
    """One finished `llm-policy` process and what it cost."""

    code: int
    stdout: str
    stderr: str
    seconds: float  # wall clock
    rss_mb: float  # peak resident set size

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


# The measured command runs as the child of this small launcher, not of the test process: a
# process forked from pytest keeps pytest's peak RSS in its own ru_maxrss even after exec (Linux
# records the old address space's high-water mark at exec), so a test process grown by earlier
# tests (WeasyPrint in the audit tests) would be charged to llm-policy. The launcher forks from a
# fresh interpreter, waits for the command, and writes the command's own rusage to a file.
LAUNCHER = """
import json, os, sys
out, argv = sys.argv[1], sys.argv[2:]
pid = os.fork()
if pid == 0:
    try:
        os.execvp(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(out, "w") as f:
    json.dump({"maxrss_kib": usage.ru_maxrss}, f)
code = os.waitstatus_to_exitcode(status)
os._exit(code if code >= 0 else 128 - code)
"""


def run_measured(argv: list[str], cwd: Path, prefix: t.Sequence[str] = ()) -> Run:
    """Run a command and measure that command alone (its own peak RSS, not the test process's)."""
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as scratch,
    ):
        usage_file = Path(scratch) / "rusage.json"
        env = {**os.environ, "NO_COLOR": "1", "HOME": str(cwd)}
        started = time.monotonic()
        launcher = [sys.executable, "-c", LAUNCHER, str(usage_file)]
        process = subprocess.Popen(
            [*launcher, *prefix, *argv],
            cwd=cwd,
            stdout=out,
            stderr=err,
            env=env,
            start_new_session=True,  # a hang is killed as a group, the command with the launcher
        )
        try:
            status = _wait(process.pid, started)
        finally:
            if process.returncode is None and _alive(process.pid):
                os.killpg(process.pid, 9)
                os.waitpid(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        decode = {"encoding": "utf-8", "errors": "replace"}
        rusage = json.loads(usage_file.read_text())
        return Run(
            process.returncode,
            out.read().decode(**decode),
            err.read().decode(**decode),
            seconds,
            rusage["maxrss_kib"] / 1024,  # KiB on Linux
        )


def _wait(pid: int, started: float) -> int:
    # Poll, so a hang fails the test after the bound instead of hanging the suite.
    while time.monotonic() - started < MAX_SECONDS * 3:
        done_pid, status = os.waitpid(pid, os.WNOHANG)
        if done_pid == pid:
            return status
        time.sleep(0.02)
    os.killpg(pid, 9)
    pytest.fail(f"llm-policy did not finish within {MAX_SECONDS * 3:.0f}s")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def run_case(case: Case, folder: Path, prefix: t.Sequence[str] = ()) -> Run:
    args = BUILDERS[case.id](folder)
    return run_measured([str(LLM_POLICY), "check", *args], folder, prefix)


def test_every_input_case_has_a_builder() -> None:
    assert sorted(c.id for c in CASES) == sorted(BUILDERS)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input(case: Case, tmp_path: Path) -> None:
    if case.unprivileged:
        with Unprivileged() as box:
            run = run_case(case, box.root, box.prefix)
    else:
        run = run_case(case, tmp_path)
    assert run.code == case.exit, run.output
    assert case.says in run.output
    assert "Traceback" not in run.output and "unexpected" not in run.stderr
    assert run.seconds < MAX_SECONDS, f"took {run.seconds:.1f}s"
    assert run.rss_mb < MAX_RSS_MB, f"used {run.rss_mb:.0f} MB"
    assert not (tmp_path / PAYLOAD).exists(), "a YAML payload ran"
    assert "\x1b" not in run.output
    if case.id == "non-utf8-name":  # the report went to a file: it must be valid UTF-8 JSON
        report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
        assert report["results"][0]["manifest"] == "x\ufffd.llm-project.yaml"
        assert report["summary"]["passed"] == 1


def test_all_hostile_files_in_one_run_each_get_a_result_none_passes(tmp_path: Path) -> None:
    # One folder holding every builder's files that a tree search finds and that fails on its
    # own: one bad file never hides another, and the JSON report parses.
    failing = [c for c in CASES if c.exit == 1 and not c.unprivileged and c.id != "endless-device"]
    names, included = [], 0
    for case in failing:
        folder = tmp_path / case.id
        folder.mkdir()
        args = BUILDERS[case.id](folder)
        if any(a.startswith("-") for a in args):  # needs its own flags (--max-bytes)
            continue
        names += [f"{case.id}/{a}" for a in args]
        included += 1
    run = run_measured([str(LLM_POLICY), "check", *names, "--format", "json"], tmp_path)
    assert run.code == 1, run.stderr
    report = json.loads(run.stdout)
    assert report["summary"]["passed"] == 0
    assert report["summary"]["manifests"] == len(report["results"]) >= included
    assert all(r["valid"] is False or r["violations"] for r in report["results"])
    assert run.seconds < MAX_SECONDS * 2 and run.rss_mb < MAX_RSS_MB
