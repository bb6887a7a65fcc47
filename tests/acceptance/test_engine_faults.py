"""Engine faults through the real CLI: exit 3 with a message, never a pass, no report written.

The engine-level behaviour (retries, timeouts, which error for which answer) is tested in
tests/unit/engine/test_opa.py; here each fault goes through `llm-policy check`, as a pipeline
would meet it. Servers are the real OPA, or local HTTP servers that misbehave (loopback only).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import typing as t
import urllib.request
from pathlib import Path

import pytest

from tests.acceptance.conftest import EXAMPLES
from tests.conftest import free_port
from tests.opa_fakes import start_opa
from tests.unprivileged import LLM_POLICY

PASSING = str(EXAMPLES / "internal-assistant")
BROKEN = "package llm.rules.broken\n\ndeny contains f if {\n\tf := y\n}\n"
DIVIDE = """\
package llm.rules.div

# METADATA
# title: Divides by zero
# custom:
#   id: ORG-DIV-001
#   severity: low
deny contains f if {
\tx := 1 / 0
\tf := {"rule": "ORG-DIV-001", "scope": "project", "path": "spec", "message": sprintf("%v", [x])}
}
"""
PREVIOUS = '{"previous": "report"}'
# How long a run may take to show progress: generous, as a loaded two-core machine is slow to
# start an interpreter, compile the policies and answer the first queries.
PROGRESS_DEADLINE = 60.0


def assert_no_pass(result: t.Any, *needles: str) -> None:
    """Exit 3, the message on stderr, nothing on stdout, and no traceback."""
    assert result.exit_code == 3, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "error: could not evaluate:" in result.stderr
    for needle in needles:
        assert needle in result.stderr
    assert "Traceback" not in result.stderr and "Stack backtrace" not in result.stderr


@pytest.fixture
def org(tmp_path: Path) -> t.Callable[[str], str]:
    def write(text: str) -> str:
        folder = tmp_path / "org"
        folder.mkdir(exist_ok=True)
        (folder / "org.rego").write_text(text)
        return str(folder)

    return write


@pytest.mark.parametrize("engine", ["regorus", "opa"])
def test_a_policy_that_does_not_compile(run_line, org, opa_binary, monkeypatch, engine):
    monkeypatch.setenv("LLM_POLICY_OPA", opa_binary)
    argv = ["llm-policy", "check", PASSING, "--policies", org(BROKEN), "--engine", engine]
    assert_no_pass(run_line(argv), "org.rego:4", "y")


@pytest.mark.parametrize("engine", ["regorus", "opa"])
def test_a_policy_that_errors_at_run_time(run_line, org, opa_binary, monkeypatch, engine):
    monkeypatch.setenv("LLM_POLICY_OPA", opa_binary)
    argv = ["llm-policy", "check", PASSING, "--policies", org(DIVIDE), "--engine", engine]
    assert_no_pass(run_line(argv), "divide by zero")


def test_an_opa_server_that_is_down(run_line):
    url = f"http://127.0.0.1:{free_port()}"
    started = time.monotonic()
    assert_no_pass(
        run_line(["llm-policy", "check", PASSING, "--engine", "opa", "--opa-url", url]),
        f"OPA server {url} is unreachable",
    )
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("500", "answered the decision query with HTTP 500"),
        ("malformed", "sent a malformed answer to the decision query"),
        ("slow", "did not answer the decision query within 0.5s"),
        ("undefined", "has no decision at"),
        ("partial", "returned a malformed decision"),
    ],
)
def test_an_opa_server_that_misbehaves(run_line, fake, tmp_path, mode, message):
    server = fake(mode)
    out = tmp_path / "report.json"
    out.write_text(PREVIOUS)
    argv = [
        "llm-policy",
        "check",
        PASSING,
        "--engine",
        "opa",
        "--opa-url",
        server.url,
        "--no-push",
        "-f",
        "json",
        "-o",
        str(out),
    ]
    started = time.monotonic()
    result = run_line(argv, env={"LLM_POLICY_OPA_TIMEOUT": "0.5"})
    assert_no_pass(result, server.url, message)
    assert time.monotonic() - started < 10
    assert out.read_text() == PREVIOUS


def test_a_bad_timeout_is_a_usage_error(run_line):
    argv = ["llm-policy", "check", PASSING, "--engine", "opa", "--opa-url", "http://127.0.0.1:1"]
    for bad in ("soon", "0", "-1", "nan"):
        result = run_line(argv, env={"LLM_POLICY_OPA_TIMEOUT": bad})
        assert result.exit_code == 2 and "LLM_POLICY_OPA_TIMEOUT" in result.stderr


def many_manifests(root: Path, count: int) -> Path:
    tree = root / "many"
    source = EXAMPLES / "restricted-to-vendor" / "llm-project.yaml"
    for i in range(count):
        (tree / f"s{i:04}").mkdir(parents=True)
        shutil.copy(source, tree / f"s{i:04}" / "llm-project.yaml")
    return tree


def wait_for_progress(
    cli: subprocess.Popen[str], progressed: t.Callable[[], bool], what: str
) -> None:
    """Poll until `progressed()` while `cli` still runs; fail if it ends first or never shows it."""
    deadline = time.monotonic() + PROGRESS_DEADLINE
    while not progressed():
        if cli.poll() is not None:
            _, stderr = cli.communicate()
            pytest.fail(f"the run ended (exit {cli.returncode}) before {what}: {stderr}")
        if time.monotonic() > deadline:
            pytest.fail(f"no sign within {PROGRESS_DEADLINE:g}s that {what}")
        time.sleep(0.02)


_METRIC = re.compile(r"^http_request_duration_seconds_count\{(?P<labels>[^}]*)\} (?P<n>\S+)$")


def decisions_answered(url: str) -> int:
    """Decision queries (POST /v1/data/...) the OPA server at `url` has answered, from /metrics.

    The checker's push writes with PUT and PATCH, so only its queries are counted.
    """
    with urllib.request.urlopen(f"{url}/metrics", timeout=5) as answer:
        text = answer.read().decode()
    total = 0
    for line in text.splitlines():
        found = _METRIC.match(line)
        if found and {'handler="v1/data"', 'method="post"'} <= set(found["labels"].split(",")):
            total += int(float(found["n"]))
    return total


def workers_io(pid: int) -> dict[int, tuple[int, int]]:
    """Bytes read and written so far (`rchar`, `wchar` in /proc) by each child process of `pid`."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            if int(stat[stat.rindex(")") + 2 :].split()[1]) != pid:
                continue
            io = dict(line.split(": ") for line in (entry / "io").read_text().splitlines())
            found[int(entry.name)] = (int(io["rchar"]), int(io["wchar"]))
        except (OSError, ValueError, KeyError):
            continue  # gone meanwhile, or not ours to read
    return found


class MidChunk:
    """Whether each of `count` workers of `pid` has sent back a chunk and is half-way through the
    next one.

    A worker writes nothing until it returns its first chunk of results, and reads as it checks
    manifests: once it has read half as much again as it had when it first wrote, it is checking
    manifests, not between chunks. That is where a Ctrl-C is meant to land; both workers are in
    step (same manifests, same chunk size), so both are mid-chunk together.
    """

    def __init__(self, pid: int, count: int) -> None:
        self.pid, self.count = pid, count
        self.at_first_write: dict[int, int] = {}

    def __call__(self) -> bool:
        io = workers_io(self.pid)
        for child, (read, written) in io.items():
            if written:
                self.at_first_write.setdefault(child, read)
        return len(io) >= self.count and all(
            child in self.at_first_write and read >= 1.5 * self.at_first_write[child]
            for child, (read, _) in io.items()
        )


def test_a_real_opa_killed_mid_run(opa_binary, tmp_path):
    tree = many_manifests(tmp_path, 600)  # about 4 s of queries
    out = tmp_path / "report.json"
    out.write_text(PREVIOUS)
    opa, url = start_opa(opa_binary)
    try:
        cli = subprocess.Popen(
            [
                LLM_POLICY,
                "check",
                tree,
                "--engine",
                "opa",
                "--opa-url",
                url,
                "-f",
                "json",
                "-o",
                out,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            # A killed server refuses at once whatever the timeout; this one only has to let a
            # loaded machine's OPA compile the pushed policies (1 s was too short at load 12).
            env={**os.environ, "LLM_POLICY_OPA_TIMEOUT": "20"},
        )
        # Killed once it has answered some queries: the policies are pushed and the run is going.
        wait_for_progress(
            cli, lambda: decisions_answered(url) >= 20, "OPA answered 20 decision queries"
        )
        assert cli.poll() is None, "the run ended before OPA was killed"
        opa.kill()
        stdout, stderr = cli.communicate(timeout=30)
    finally:
        opa.kill()
        opa.wait(5)
    assert cli.returncode == 3, stderr
    assert f"OPA server {url} is unreachable" in stderr
    assert stdout == "" and "Traceback" not in stderr
    assert out.read_text() == PREVIOUS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["many", "report.json"]


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="watches the workers' progress in /proc"
)
def test_ctrl_c_mid_run_leaves_the_previous_report_and_no_temp_file(tmp_path):
    # 2,000 manifests on two workers, in chunks of 64: Ctrl-C comes in the workers' second chunk,
    # so most of the run is still to do however fast or loaded the machine is.
    tree = many_manifests(tmp_path, 2000)
    out = tmp_path / "report.json"
    out.write_text(PREVIOUS)
    cli = subprocess.Popen(
        [LLM_POLICY, "check", tree, "--jobs", "2", "-f", "json", "-o", out],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's Ctrl-C reaches
    )
    try:
        wait_for_progress(cli, MidChunk(cli.pid, 2), "both workers are checking a second chunk")
        assert cli.poll() is None, "the run ended before Ctrl-C"
        os.killpg(cli.pid, signal.SIGINT)  # the whole group: the CLI and its workers
        _, stderr = cli.communicate(timeout=30)
    finally:
        if cli.poll() is None:
            os.killpg(cli.pid, signal.SIGKILL)
            cli.wait()
    assert cli.returncode == 130, stderr
    assert stderr.strip() == "interrupted"
    assert out.read_text() == PREVIOUS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["many", "report.json"]
    deadline = time.monotonic() + 10  # no worker outlives it (they may take a moment to exit)
    while time.monotonic() < deadline:
        try:
            os.killpg(cli.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        pytest.fail("a worker of the interrupted run was still alive after 10 s")


def test_a_completed_run_replaces_the_report_whole(run_line, tmp_path):
    out = tmp_path / "report.json"
    out.write_text(PREVIOUS)
    result = run_line(["llm-policy", "check", PASSING, "-f", "json", "-o", str(out)])
    assert result.exit_code == 0
    assert json.loads(out.read_text())["summary"]["passed"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]
