"""SIGTERM, as a CI runner sends it to the CLI alone (or to its group), stops a `--jobs` run
as Ctrl-C does: exit 143 with one line, the previous report whole, no temporary file, and no
worker left holding the job's pipes. Before, SIGTERM killed the CLI outright and its workers
lived on, each blocked on a queue whose other end it held itself.

Workers are found in /proc (psutil is not a dependency); the tests are Linux-only, as the
Ctrl-C test they follow (tests/acceptance/test_engine_faults.py) is.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.acceptance.test_engine_faults import (
    PREVIOUS,
    many_manifests,
    wait_for_progress,
    workers_io,
)
from tests.unprivileged import LLM_POLICY

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="watches the workers in /proc"
)
# How long the workers may take to go once the CLI has ended.
GONE_WITHIN = 10.0


def _stat(pid: int) -> list[str] | None:
    """Fields of /proc/PID/stat after the command name (state first), or None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()


def children(pid: int) -> dict[int, str]:
    """The live child processes of `pid`: pid -> start time (so a reused pid is not them)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields is not None and int(fields[1]) == pid and fields[0] != "Z":
                found[int(entry.name)] = fields[19]
    return found


def still_alive(processes: dict[int, str]) -> list[int]:
    """Those of `processes` that still run (not gone, not a zombie, not a new process)."""
    alive = []
    for pid, started in processes.items():
        fields = _stat(pid)
        if fields is not None and fields[0] != "Z" and fields[19] == started:
            alive.append(pid)
    return alive


def assert_gone(processes: dict[int, str], what: str) -> None:
    deadline = time.monotonic() + GONE_WITHIN
    while still_alive(processes):
        if time.monotonic() > deadline:
            pytest.fail(f"{what} {still_alive(processes)} still alive {GONE_WITHIN:g}s after")
        time.sleep(0.05)


def start_run(tmp_path: Path, count: int) -> tuple[subprocess.Popen[str], Path, dict[int, str]]:
    """A `--jobs 2 -o report.json` run over `count` manifests, once a worker sent results back.

    Returns the CLI, the report (holding PREVIOUS) and its workers.
    """
    tree = many_manifests(tmp_path, count)
    out = tmp_path / "report.json"
    out.write_text(PREVIOUS)
    cli = subprocess.Popen(
        [LLM_POLICY, "check", tree, "--jobs", "2", "-f", "json", "-o", out],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a group of its own, to clean up after a failure
    )
    # As soon as a worker has sent back its first chunk: where the workers write results and
    # take the next chunk, a signal that reached them used to leave the pool stuck.
    wait_for_progress(
        cli,
        lambda: any(written for _, written in workers_io(cli.pid).values()),
        "a worker sent back results",
    )
    workers = children(cli.pid)
    assert len(workers) == 2, workers
    assert cli.poll() is None, "the run ended before it could be stopped"
    return cli, out, workers


def finish(cli: subprocess.Popen[str], workers: dict[int, str]) -> tuple[str, str]:
    """Wait for the CLI to end and its workers to go, then read what it printed.

    Workers that lived on would hold the pipes open: reading first would wait for them.
    """
    cli.wait(timeout=30)
    assert_gone(workers, "workers of the stopped run")
    return cli.communicate(timeout=10)


def clean_up(cli: subprocess.Popen[str], workers: dict[int, str]) -> None:
    """Whatever a failed test left running."""
    for pid in still_alive(workers):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    if cli.poll() is None:
        with contextlib.suppress(OSError):
            os.killpg(cli.pid, signal.SIGKILL)
        cli.wait()


def test_sigterm_mid_run_stops_the_workers_and_keeps_the_previous_report(tmp_path: Path) -> None:
    # 3,000 manifests on two workers in chunks of 64: SIGTERM comes once a worker has sent back
    # its first chunk, so most of the run is still to do however fast the machine is.
    cli, out, workers = start_run(tmp_path, 3000)
    try:
        os.kill(cli.pid, signal.SIGTERM)  # the CLI alone, not its process group
        stdout, stderr = finish(cli, workers)
        assert cli.returncode == 143, stderr
        assert stderr.strip() == "terminated" and stdout == ""
        assert out.read_text() == PREVIOUS
        assert sorted(p.name for p in tmp_path.iterdir()) == ["many", "report.json"]
    finally:
        clean_up(cli, workers)


def test_sigterm_to_the_whole_group_is_the_same(tmp_path: Path) -> None:
    # As systemd or a container runtime sends it: the workers get it too, and leave it to the CLI.
    cli, out, workers = start_run(tmp_path, 3000)
    try:
        os.killpg(cli.pid, signal.SIGTERM)
        _, stderr = finish(cli, workers)
        assert cli.returncode == 143, stderr
        assert stderr.strip() == "terminated"
        assert out.read_text() == PREVIOUS
        assert sorted(p.name for p in tmp_path.iterdir()) == ["many", "report.json"]
    finally:
        clean_up(cli, workers)


def test_a_cli_killed_outright_takes_its_workers_with_it(tmp_path: Path) -> None:
    # SIGKILL leaves the CLI no chance to stop them: the kernel does (PR_SET_PDEATHSIG).
    cli, out, workers = start_run(tmp_path, 3000)
    try:
        os.kill(cli.pid, signal.SIGKILL)
        finish(cli, workers)
        assert cli.returncode == -signal.SIGKILL
        assert out.read_text() == PREVIOUS
    finally:
        clean_up(cli, workers)


def test_ctrl_c_as_a_worker_sends_its_first_results_is_clean(tmp_path: Path) -> None:
    # Where test_engine_faults' Ctrl-C test no longer aims: both workers writing results or
    # taking the next chunk. A KeyboardInterrupt in a worker there left a traceback, or the
    # result pipe half-written and the run never exiting (5 in 60 runs under load, fd28b0c);
    # killing the workers there without unblocking the pool hung 3 in 30 runs. The workers now
    # leave Ctrl-C to the CLI, which kills them and unblocks the pool: 0 in 160 runs, Ctrl-C
    # and SIGTERM, under load. One run here is a guard, not a reproduction of the race.
    cli, out, workers = start_run(tmp_path, 3000)
    try:
        os.killpg(cli.pid, signal.SIGINT)  # as a terminal sends it: the whole group
        _, stderr = finish(cli, workers)
        assert cli.returncode == 130, stderr
        assert stderr.strip() == "interrupted"
        assert out.read_text() == PREVIOUS
        assert sorted(p.name for p in tmp_path.iterdir()) == ["many", "report.json"]
    finally:
        clean_up(cli, workers)
