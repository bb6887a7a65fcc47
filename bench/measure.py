"""Run one command and measure it: wall time, and the peak memory of its whole process tree.

Peak memory is sampled every 50 ms as the sum of the resident set sizes of the process
and every descendant (worker processes included), and is at least the process's own high-water
mark (VmHWM, which sees peaks between samples). Forked workers share pages with their parent,
which this sum counts once per process: the figure is an upper bound. (The ru_maxrss that wait4
reports is not used: it includes the pages the child shared with this process before exec.)
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
import typing as t
from dataclasses import dataclass
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
# Scanning /proc for the process tree takes a few milliseconds of CPU: sampling more often would
# take a measurable share of a 2-core machine from the process being measured.
SAMPLE_SECONDS = 0.05


@dataclass(frozen=True)
class Measurement:
    """What one run of a command cost."""

    seconds: float
    cpu_seconds: float  # user + system, the process and the workers it waited for
    peak_rss_mb: float
    returncode: int
    # Cores busy with other work meanwhile (the machine's busy time less this run's CPU, over the
    # wall time): above ~0.1 on 2 cores, the wall time is slower than the program.
    others_cores: float = 0.0


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces: split after its last ')'.
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def tree_rss(root: int) -> int:
    """Bytes resident in `root` and all its descendants right now."""
    tree, todo, total = _children(), [root], 0
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                total += int(handle.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
        todo.extend(tree.get(pid, ()))
    return total


def _cpu_ticks() -> tuple[int, int]:
    with open("/proc/stat", encoding="ascii") as handle:
        fields = [int(x) for x in handle.readline().split()[1:]]
    return fields[3] + fields[4], sum(fields)  # idle + iowait, all


def wait_for_idle(*, at_least: float = 0.9, window: float = 2.0, timeout: float = 0.0) -> float:
    """Wait (up to `timeout` s) until the machine was idle `at_least` of a `window`; the share.

    On a machine shared with other work, a run timed while something else holds a core says
    little about this program, and nothing about how it scales across cores.
    """
    deadline = time.monotonic() + timeout
    while True:
        idle0, all0 = _cpu_ticks()
        time.sleep(window)
        idle1, all1 = _cpu_ticks()
        share = (idle1 - idle0) / max(1, all1 - all0)
        if share >= at_least or time.monotonic() >= deadline:
            return share


def high_water(pid: int) -> int:
    """Bytes at the process's resident high-water mark (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status", "rb") as handle:
            for line in handle:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def run(
    argv: t.Sequence[str],
    *,
    cwd: Path | None = None,
    stdout: Path | None = None,
    env: t.Mapping[str, str] | None = None,
) -> Measurement:
    """Run `argv` to completion (output to `stdout`, or discarded) and measure it."""
    out = open(stdout, "wb") if stdout is not None else subprocess.DEVNULL  # noqa: SIM115
    peak = 0
    done = threading.Event()
    ticks = os.sysconf("SC_CLK_TCK")
    idle0, all0 = _cpu_ticks()
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=subprocess.PIPE, env=env)

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, tree_rss(proc.pid), high_water(proc.pid))
                done.wait(SAMPLE_SECONDS)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        assert proc.stderr is not None
        with proc.stderr:
            errors = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if stdout is not None:
            t.cast(t.IO[bytes], out).close()
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{argv[0]} failed ({proc.returncode}): {errors.decode()[-2000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    idle1, all1 = _cpu_ticks()
    busy = ((all1 - all0) - (idle1 - idle0)) / ticks
    others = max(0.0, busy - cpu) / seconds
    return Measurement(seconds, cpu, peak / 2**20, proc.returncode, others)
