"""Checking many manifests on every core: worker processes, each with its own engine.

A regorus engine cannot be pickled or shared, so each worker compiles one from the policy set
when it starts, then checks chunks of paths. Results come back in input order, with a bounded
number of chunks in flight so a large run streams. Small runs stay in this process: starting
workers costs more than it saves below `PARALLEL_MIN` manifests.
"""

from __future__ import annotations

import collections
import copy
import os
import sys
import typing as t

from checker.errors import EngineError

if t.TYPE_CHECKING:
    from concurrent.futures import Future
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


def _start(runner: Runner, policy_set: PolicySet | None) -> None:
    global _worker
    if policy_set is not None:
        from checker.engine.regorus_ import RegorusEngine

        runner.engine = RegorusEngine(policy_set)
    _worker = runner


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
        initargs=(template, compile_from),
    )
    pending: collections.deque[Future[list[ManifestResult]]] = collections.deque()
    try:
        queue = iter(chunks)
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
        raise EngineError(f"a worker process stopped unexpectedly: {exc}") from exc
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
