from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checker import parallel
from checker.errors import EngineError
from checker.parallel import PARALLEL_MIN, default_jobs, run_jobs
from checker.policy_set import build_policy_set
from checker.result import ManifestResult
from checker.runner import Runner

ROOT = Path(__file__).resolve().parents[2]


class Echo(Runner):
    """A runner that only names the path, after a random pause: workers finish out of order."""

    def check(self, path: Path, *, evaluate: bool = True) -> ManifestResult:
        time.sleep(random.random() / 1000)
        return ManifestResult(manifest=f"{path}:{os.getpid()}")


class Crashing(Runner):
    def check(self, path: Path, *, evaluate: bool = True) -> ManifestResult:
        os._exit(7)


class Failing(Runner):
    def check(self, path: Path, *, evaluate: bool = True) -> ManifestResult:
        raise EngineError(f"{path}: the decision is undefined")


def paths(count: int) -> list[Path]:
    return [Path(f"m{i:04d}.llm-project.yaml") for i in range(count)]


def test_results_come_back_in_input_order_from_the_workers() -> None:
    results = list(run_jobs(Echo(None, {}), build_policy_set(), paths(300), jobs=2))
    names = [r.manifest.split(":")[0] for r in results]
    assert names == [str(p) for p in paths(300)]
    assert str(os.getpid()) not in {r.manifest.split(":")[1] for r in results}


def test_a_small_run_stays_in_this_process() -> None:
    results = list(run_jobs(Echo(None, {}), build_policy_set(), paths(PARALLEL_MIN - 1), jobs=2))
    assert {r.manifest.split(":")[1] for r in results} == {str(os.getpid())}


def test_one_job_stays_in_this_process() -> None:
    results = list(run_jobs(Echo(None, {}), build_policy_set(), paths(200), jobs=1))
    assert {r.manifest.split(":")[1] for r in results} == {str(os.getpid())}


def test_a_worker_that_dies_stops_the_run_with_an_engine_error() -> None:
    with pytest.raises(EngineError, match="worker process stopped"):
        list(run_jobs(Crashing(None, {}), build_policy_set(), paths(100), jobs=2))


def test_an_engine_error_in_a_worker_reaches_the_caller() -> None:
    with pytest.raises(EngineError, match="undefined"):
        list(run_jobs(Failing(None, {}), build_policy_set(), paths(100), jobs=2))


def test_default_jobs_is_the_usable_cores() -> None:
    assert 1 <= default_jobs() <= (os.cpu_count() or 1)


@pytest.mark.parametrize(
    ("cpu_max", "expected"),
    [("150000 100000\n", 2), ("50000 100000\n", 1), ("max 100000\n", None), ("junk", None)],
)
def test_a_container_cpu_quota_caps_the_default_jobs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cpu_max: str, expected: int | None
) -> None:
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _: set(range(64)), raising=False)
    (tmp_path / "cpu.max").write_text(cpu_max, encoding="ascii")
    monkeypatch.setattr(parallel, "CPU_MAX", str(tmp_path / "cpu.max"))
    assert default_jobs() == (64 if expected is None else expected)


# A text check of one manifest (a pre-commit hook) loads none of these.
NOT_FOR_A_TEXT_CHECK = (
    "jsonschema",
    "jinja2",
    "opa_client",
    "requests",
    "multiprocessing",
    "concurrent.futures.process",
    "importlib.metadata",
    "checker.engine.opa",
    "checker.reporters.json_",
    "checker.reporters.sarif",
    "checker.reporters.junit",
    "checker.reporters.github",
    "checker.reporters.markdown",
)


def test_a_text_check_of_one_valid_manifest_imports_only_what_it_needs(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from checker.cli.main import main\n"
        "try:\n"
        "    main(['check', sys.argv[1]])\n"
        "except SystemExit as exit:\n"
        "    code = exit.code\n"
        f"names = {NOT_FOR_A_TEXT_CHECK!r}\n"
        "print(code, sorted(n for n in names if n in sys.modules))\n"
    )
    manifest = ROOT / "examples" / "internal-assistant" / "llm-project.yaml"
    out = subprocess.run(
        [sys.executable, "-c", script, str(manifest)],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert out.stdout.splitlines()[-1] == "0 []", out.stdout + out.stderr


class Signals(Runner):
    """Whether SIGINT is ignored, SIGTERM is the default and neither blocked, in the worker."""

    def check(self, path: Path, *, evaluate: bool = True) -> ManifestResult:
        handlers = (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM))
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, set())
        mine = handlers == (signal.SIG_IGN, signal.SIG_DFL) and not blocked & {
            signal.SIGINT,
            signal.SIGTERM,
        }
        return ManifestResult(manifest=f"{path}:{mine}")


def test_workers_leave_ctrl_c_to_this_process_and_die_of_sigterm() -> None:
    # Forked with this process's handlers (the CLI's SIGTERM handler raises): a Ctrl-C to the
    # whole group must not interrupt a worker half-way through writing its results, and a
    # SIGTERM ends it as it ends any process (the pool's own terminate() relies on it).
    results = list(run_jobs(Signals(None, {}), build_policy_set(), paths(100), jobs=2))
    assert {r.manifest.split(":")[1] for r in results} == {"True"}


# The first chunk is quick; every later manifest takes two minutes.
STUCK = """
import os, sys, time
from pathlib import Path
from checker.parallel import run_jobs
from checker.policy_set import build_policy_set
from checker.result import ManifestResult
from checker.runner import Runner

class Stuck(Runner):
    def check(self, path, *, evaluate=True):
        if path.name >= "m0025":  # after the first chunk (of 25)
            time.sleep(120)
        return ManifestResult(manifest=str(path))

paths = [Path(f"m{i:04d}") for i in range(200)]
results = run_jobs(Stuck(None, {}), build_policy_set(), paths, jobs=2)
next(results)
workers = [int(p) for p in os.listdir("/proc") if p.isdigit()
           and open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()[1] == str(os.getpid())]
started = time.monotonic()
results.close()  # as when the consumer stops early (an interrupted or failed report)
print(round(time.monotonic() - started, 1), workers, flush=True)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds the workers in /proc")
def test_a_run_closed_early_kills_its_workers_instead_of_waiting_for_them() -> None:
    done = subprocess.run(
        [sys.executable, "-c", STUCK], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    took, workers = done.stdout.split(" ", 1)
    assert float(took) < 10, "closing waited for the workers' chunks"
    assert len(eval(workers)) == 2
    for pid in eval(workers):
        assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text()


def test_a_policy_that_does_not_compile_fails_in_this_process_not_in_a_worker(
    capfd: pytest.CaptureFixture[str],
) -> None:
    # The embedded engine compiles on its first decision; with workers, this process must not
    # leave that to their initializers (a traceback per worker, then a broken pool).
    import dataclasses

    from checker.engine.lazy import LazyRegorusEngine

    shipped = build_policy_set()
    broken = dataclasses.replace(
        shipped,
        sources={**shipped.sources, "broken.rego": "package llm.rules.broken\n\ndeny contains"},
    )
    runner = Echo(LazyRegorusEngine(broken), {})
    with pytest.raises(EngineError, match="does not compile"):
        list(run_jobs(runner, broken, paths(100), jobs=2))
    assert "Traceback" not in capfd.readouterr().err
