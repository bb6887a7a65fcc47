"""Checking many manifests on every core: worker processes, each with its own engine.

A regorus engine cannot be pickled or shared, so each worker compiles one from the policy set
when it starts, then checks chunks of paths. Results come back in input order, with a bounded
number of chunks in flight so a large run streams. Small runs stay in this process: starting
workers costs more than it saves below `PARALLEL_MIN` manifests.

This process owns its workers' lives. They ignore SIGINT (a terminal's Ctrl-C reaches the whole
group: this process stops them; a KeyboardInterrupt inside a worker could strike while it holds
the result queue's lock), die of SIGTERM as processes do, are killed as soon as a run ends
early (interrupted, terminated, an engine error, a worker lost), and on Linux are killed by the
kernel if this process dies without stopping them (PR_SET_PDEATHSIG): no worker outlives the
run holding its pipes.
"""

from __future__ import annotations

import collections
import contextlib
import copy
import os
import signal
import sys
import time
import typing as t

from checker.errors import EngineError

if t.TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor
    from pathlib import Path

    from checker.policy_set import PolicySet
    from checker.result import ManifestResult
    from checker.runner import Runner

# Below this many manifests, worker start-up (an interpreter and a compiled engine each) costs
# more than the second core gives back.
PARALLEL_MIN = 50
CHUNK_MAX = 64
# Chunks in flight per worker: enough to keep each busy while the parent collects results.
AHEAD = 4

_worker: Runner | None = None


CPU_MAX = "/sys/fs/cgroup/cpu.max"  # cgroup v2: "<quota> <period>", or "max <period>"


def default_jobs() -> int:
    """The cores this process may use: its CPU affinity, capped by a container's CPU quota."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    # A CI container limited to 2 CPUs on a 64-core host still sees 64 cores: more workers than
    # the quota allows only queue for it, each with its own compiled engine.
    try:
        with open(CPU_MAX, encoding="ascii") as handle:
            quota, period = handle.read().split()[:2]
        if quota != "max":
            cores = min(cores, max(1, -(-int(quota) // int(period))))
    except (OSError, ValueError):
        pass
    return cores


PR_SET_PDEATHSIG = 1  # linux/prctl.h
_STOPPING = {signal.SIGINT, signal.SIGTERM}
# How long killed workers may take to be gone before the pool is unblocked anyway.
STOP_WAIT = 5.0


def _start(runner: Runner, policy_set: PolicySet | None, parent: int) -> None:
    global _worker
    # Forked with the parent's handlers (the CLI's SIGTERM handler raises), and with both signals
    # held back by the parent until the handlers are the worker's own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPPING)
    _die_with(parent)
    if policy_set is not None:
        from checker.engine.regorus_ import RegorusEngine

        runner.engine = RegorusEngine(policy_set)
    _worker = runner


def _die_with(parent: int) -> None:
    """Have the kernel kill this worker when `parent` dies, even by SIGKILL (Linux only)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # no libc to ask: the parent still stops its workers
        return
    if os.getppid() != parent:  # it died before the call above: nobody wants our results
        os._exit(1)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Kill every worker now (a run that ended early needs none of their results).

    Then see to it that the pool's own threads can still finish: a worker killed while it was
    writing results leaves half a message in the result pipe, on which the pool's manager thread
    would wait forever (this process holds the pipe's other writing end, so no end-of-file
    comes), and `shutdown` with it. Once the workers are gone, that end is closed: the manager
    reads end-of-file, marks the pool broken and ends.
    """
    from multiprocessing.connection import wait

    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(Exception):  # already gone
            process.kill()
    sentinels = []
    for process in processes:
        with contextlib.suppress(ValueError):  # never started, or already closed
            sentinels.append(process.sentinel)
    deadline = time.monotonic() + STOP_WAIT
    while sentinels and time.monotonic() < deadline:  # SIGKILL takes effect in milliseconds
        for ready in wait(sentinels, timeout=max(0.0, deadline - time.monotonic())):
            sentinels.remove(t.cast(int, ready))
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    if writer is not None:
        with contextlib.suppress(OSError):
            writer.close()


@contextlib.contextmanager
def _signals_held() -> t.Iterator[None]:
    """Hold SIGINT and SIGTERM back in this thread while it forks the workers (delivered after).

    A worker must not meet them before `_start` has set its own handlers.
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _check(paths: list[Path]) -> list[ManifestResult]:
    assert _worker is not None, "worker used before its initializer ran"
    return [_worker.check(path) for path in paths]


def _parallel_ok(runner: Runner, jobs: int, count: int) -> bool:
    # An OPA server is already concurrent, and is reached over a connection that does not fork.
    embedded = runner.engine is None or runner.engine.name == "regorus"
    return jobs > 1 and count >= PARALLEL_MIN and embedded


def run_jobs(
    runner: Runner,
    policy_set: PolicySet,
    paths: t.Sequence[Path],
    *,
    jobs: int,
) -> t.Iterator[ManifestResult]:
    """Results for `paths` in their order, from `jobs` worker processes (or this one).

    A worker that dies, or an engine error in one, stops the run with `EngineError` (exit 3).
    """
    if not _parallel_ok(runner, jobs, len(paths)):
        yield from runner.run(paths)
        return
    # Imported here: a small run (a pre-commit hook) never pays for multiprocessing.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    template = copy.copy(runner)
    template.engine = None
    compile_from = policy_set if runner.engine is not None else None
    size = max(1, min(CHUNK_MAX, len(paths) // (jobs * AHEAD) or 1))
    chunks = [list(paths[i : i + size]) for i in range(0, len(paths), size)]
    # fork starts a worker in milliseconds and shares the loaded modules; elsewhere the platform
    # default (spawn) pickles the runner and policy set instead.
    method = "fork" if sys.platform == "linux" else None
    pool = ProcessPoolExecutor(
        max_workers=min(jobs, len(chunks)),
        mp_context=multiprocessing.get_context(method),
        initializer=_start,
        initargs=(template, compile_from, os.getpid()),
    )
    pending: collections.deque[Future[list[ManifestResult]]] = collections.deque()
    try:
        queue = iter(chunks)
        with _signals_held():  # the first submit forks every worker (and starts the pool's threads)
            for chunk in queue:
                pending.append(pool.submit(_check, chunk))
                if len(pending) >= jobs * AHEAD:
                    break
        while pending:
            done = pending.popleft().result()
            for chunk in queue:
                pending.append(pool.submit(_check, chunk))
                break
            yield from done
    except BrokenProcessPool as exc:
        _stop(pool)
        raise EngineError(f"a worker process stopped unexpectedly: {exc}") from exc
    except BaseException:  # Ctrl-C, SIGTERM, an engine error, the caller closing early
        _stop(pool)
        raise
    finally:
        # After _stop this only reaps the killed workers; after a whole run it lets them exit.
        pool.shutdown(wait=True, cancel_futures=True)
