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
    from checker.result_cache import Miss
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


Task = t.Union["Path", "Miss"]


def _work(tasks: list[Task]) -> list[tuple[ManifestResult, bytes | None]]:
    """Each task's result: a path checked, or a cache miss evaluated with its cache line."""
    assert _worker is not None, "worker used before its initializer ran"
    from checker.result_cache import Miss, evaluate

    return [
        evaluate(_worker, task) if isinstance(task, Miss) else (_worker.check(task), None)
        for task in tasks
    ]


def _parallel_ok(runner: Runner, jobs: int, count: int) -> bool:
    # An OPA server is already concurrent, and is reached over a connection that does not fork.
    embedded = runner.engine is None or runner.engine.name == "regorus"
    return jobs > 1 and count >= PARALLEL_MIN and embedded


# With a result cache, the first misses are evaluated here: a re-run with a few edited files
# never starts a worker. Past this many (with PARALLEL_MIN paths still to look up), workers do.
POOL_AFTER = 8
# Hits held behind a miss still being evaluated, before this process waits for it.
HELD_MAX = 4096


def _items(runner: Runner, paths: t.Sequence[Path]) -> t.Iterator[ManifestResult | Task]:
    """Each path's result when this process has it (a hit), else the task for a worker."""
    from checker.result_cache import Miss, evaluate, probe

    cache = runner.cache
    if cache is None or runner.keep_facts:
        yield from paths
        return
    misses, pooled = 0, False
    for done, path in enumerate(paths):
        found = probe(runner, path)
        if found is None:  # unreadable or too large: said at once, nothing to cache
            yield runner.check_file(path)
        elif not isinstance(found, Miss):
            yield found
        elif pooled or (misses >= POOL_AFTER and len(paths) - done >= PARALLEL_MIN):
            pooled = True
            yield found
        else:
            misses += 1
            result, line = evaluate(runner, found)
            if line is not None:
                cache.add(found.key, line)
            yield result


class _Chunk:
    """Tasks for one worker call, in order; its future once submitted, its results once done."""

    def __init__(self) -> None:
        self.tasks: list[Task] = []
        self.future: Future[list[tuple[ManifestResult, bytes | None]]] | None = None
        self.results: list[ManifestResult] | None = None


def run_jobs(
    runner: Runner,
    policy_set: PolicySet,
    paths: t.Sequence[Path],
    *,
    jobs: int,
) -> t.Iterator[ManifestResult]:
    """Results for `paths` in their order, from `jobs` worker processes (or this one).

    With a result cache, this process looks every manifest up first: a hit is replayed here
    (never pickled to or from a worker), and only misses go to workers, which are started on
    the first chunk of misses (a run of hits starts none). A worker that dies, or an engine
    error in one, stops the run with `EngineError` (exit 3).
    """
    if not _parallel_ok(runner, jobs, len(paths)):
        yield from runner.run(paths)
        return
    # Imported here: a small run (a pre-commit hook) never pays for multiprocessing.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from checker.result import ManifestResult
    from checker.result_cache import Miss

    template = copy.copy(runner)
    template.engine = None
    template.cache = None  # workers evaluate misses; this process keeps the cache
    compile_from = policy_set if runner.engine is not None else None
    size = max(1, min(CHUNK_MAX, len(paths) // (jobs * AHEAD) or 1))
    # fork starts a worker in milliseconds and shares the loaded modules; elsewhere the platform
    # default (spawn) pickles the runner and policy set instead.
    method = "fork" if sys.platform == "linux" else None
    pool: ProcessPoolExecutor | None = None

    def submit(chunk: _Chunk) -> None:
        nonlocal pool
        assert chunk.future is None
        with _signals_held():  # a submit may fork workers (and start the pool's threads)
            if pool is None:
                # A policy that does not compile fails here, as the clear EngineError of a run
                # in one process, not in a worker's initializer (a traceback, then a broken pool).
                load = getattr(runner.engine, "load", None)
                if load is not None:
                    load()
                pool = ProcessPoolExecutor(
                    max_workers=min(jobs, -(-len(paths) // size)),
                    mp_context=multiprocessing.get_context(method),
                    initializer=_start,
                    initargs=(template, compile_from, os.getpid()),
                )
            chunk.future = pool.submit(_work, chunk.tasks)

    def collect(chunk: _Chunk) -> list[ManifestResult]:
        assert chunk.future is not None
        done = chunk.future.result()
        if runner.cache is not None:
            for task, (_, line) in zip(chunk.tasks, done, strict=True):
                if line is not None and isinstance(task, Miss):
                    runner.cache.add(task.key, line)
        return [result for result, _ in done]

    # Every result in input order: a hit as it is, a task as its place in its chunk (chunks
    # fill with misses whatever hits lie between them). The first is never a result: a result
    # ahead of every task is yielded at once.
    held: collections.deque[ManifestResult | tuple[_Chunk, int]] = collections.deque()
    open_chunk: _Chunk | None = None
    in_flight = 0  # chunks submitted and not yet collected

    def ready() -> bool:
        head = held[0]
        if isinstance(head, ManifestResult):
            return True
        chunk = head[0]
        return chunk.results is not None or (chunk.future is not None and chunk.future.done())

    def release(everything: bool) -> t.Iterator[ManifestResult]:
        """Yield the held results that are ready (all of them, waiting: `everything`)."""
        nonlocal open_chunk, in_flight
        # Wait for the oldest chunk when enough are in flight, or too many hits wait on it.
        while held and (everything or in_flight >= jobs * AHEAD or len(held) > HELD_MAX or ready()):
            head = held.popleft()
            if isinstance(head, ManifestResult):
                yield head
                continue
            chunk, index = head
            if chunk.results is None:
                if chunk is open_chunk:
                    submit(chunk)
                    open_chunk, in_flight = None, in_flight + 1
                chunk.results = collect(chunk)
                in_flight -= 1
            yield chunk.results[index]

    try:
        for item in _items(runner, paths):
            if isinstance(item, ManifestResult):
                if not held:
                    yield item
                    continue
                held.append(item)
                continue
            if open_chunk is None:
                open_chunk = _Chunk()
            open_chunk.tasks.append(item)
            held.append((open_chunk, len(open_chunk.tasks) - 1))
            if len(open_chunk.tasks) >= size:
                submit(open_chunk)
                open_chunk, in_flight = None, in_flight + 1
            yield from release(everything=False)
        if open_chunk is not None:  # the last chunk starts before this process waits
            submit(open_chunk)
            open_chunk, in_flight = None, in_flight + 1
        yield from release(everything=True)
    except BrokenProcessPool as exc:
        if pool is not None:
            _stop(pool)
        raise EngineError(f"a worker process stopped unexpectedly: {exc}") from exc
    except BaseException:  # Ctrl-C, SIGTERM, an engine error, the caller closing early
        if pool is not None:
            _stop(pool)
        raise
    finally:
        # After _stop this only reaps the killed workers; after a whole run it lets them exit.
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
