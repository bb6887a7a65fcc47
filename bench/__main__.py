"""`python -m bench` (or bench/run): generate manifests, time every contender, print and save.

bench/run                      # 10,000 manifests, results in bench/results.json
bench/run -n 2000 --repeat 1   # a quicker run: one round instead of three
bench/run --no-conftest --no-opa
bench/run --large 0             # without the 100,000-manifest rows
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import typing as t
from pathlib import Path

from bench import contenders, report
from bench.generate import ensure
from bench.measure import run, wait_for_idle

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("LLM_POLICY_CACHE", Path.home() / ".cache" / "llm-policy")) / "bench"


def _tool(script: str) -> str | None:
    try:
        out = subprocess.run([str(ROOT / script)], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"bench: {script} failed, leaving it out: {exc}", file=sys.stderr)
        return None
    return out.stdout.strip().splitlines()[-1]


def _llm_policy() -> tuple[str, ...]:
    script = Path(sys.executable).parent / "llm-policy"
    return (str(script),) if script.is_file() else (sys.executable, "-m", "checker.cli.main")


def _jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _setup(args: argparse.Namespace, count: int) -> contenders.Setup:
    folder = ensure(CACHE, count, seed=args.seed)
    files = sorted(folder.rglob("llm-project.yaml"))
    work = CACHE / "work"
    work.mkdir(parents=True, exist_ok=True)
    return contenders.Setup(
        manifests=folder,
        count=len(files),
        parseable=contenders.parseable(files),
        work=work,
        llm_policy=_llm_policy(),
        conftest=None if args.no_conftest else _tool("bench/install-conftest"),
        opa=None if args.no_opa else _tool("scripts/install-opa"),
        loop_sample=args.loop_sample,
    )


def _environment(extra: t.Mapping[str, str]) -> dict[str, str]:
    # As installed: Python keeps compiled bytecode (some shells and tools turn that off, which
    # would make every run compile every module again).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, **extra}


def _measure(
    c: contenders.Contender, repeat: int, cwd: Path, warm: bool = True, idle_wait: float = 0.0
) -> list[t.Any]:
    env = _environment(c.env)
    if warm:  # a first, untimed run fills the OS file cache, bytecode and the parse cache
        run(c.argv, cwd=cwd, env=env)
    runs = []
    for _ in range(repeat):
        idle = wait_for_idle(timeout=idle_wait) if idle_wait else 1.0
        if c.fresh is not None:  # a cold result cache: nothing checked before
            shutil.rmtree(c.fresh, ignore_errors=True)
        runs.append(run(c.argv, cwd=cwd, env=env))
        if idle < 0.9:
            print(f"  (started with the machine {idle:.0%} idle)", file=sys.stderr)
    best = min(r.seconds for r in runs)
    print(f"  {c.name}: {best:.2f} s, {max(r.peak_rss_mb for r in runs):.0f} MB", file=sys.stderr)
    return runs


def main(argv: t.Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench", description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--manifests", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="rounds (each contender's best kept)")
    parser.add_argument("--latency-runs", type=int, default=21)
    parser.add_argument("--loop-sample", type=int, default=40, help="files for the opa loop")
    parser.add_argument("--no-conftest", action="store_true")
    parser.add_argument("--no-opa", action="store_true")
    parser.add_argument(
        "--large",
        type=int,
        default=100_000,
        help="manifests for the large rows (floor, cold, warm; one round); 0 leaves them out",
    )
    parser.add_argument(
        "--idle-wait",
        type=float,
        default=120.0,
        help="before each timed run, wait up to this many seconds for an idle machine",
    )
    parser.add_argument("-o", "--out", type=Path, default=ROOT / "bench" / "results.json")
    args = parser.parse_args(argv)

    jobs = _jobs()
    load_before = os.getloadavg()  # other work on the machine skews wall times; CPU less so
    setup = _setup(args, args.manifests)
    print(f"bench: {setup.count} manifests in {setup.manifests}", file=sys.stderr)
    # Compiled bytecode and the parse cache, as on any machine that ran llm-policy before.
    run((*setup.llm_policy, "check", str(ROOT / "examples")), cwd=ROOT, env=_environment({}))
    # The quarter run (--jobs 1 on N/4 manifests) shows whether time is linear in manifests.
    quarter = _setup(args, max(1, args.manifests // 4))
    q_contender = contenders.throughput(quarter, jobs)[1]
    listed = [*contenders.throughput(setup, jobs), q_contender]
    # Warm-up: the floor's first run reads the files into the OS cache for everyone.
    run(listed[0].argv, cwd=ROOT, env=_environment(listed[0].env))
    for c in listed:
        if c.prefill:  # the warm row's cache: the same run once, untimed
            run(c.argv, cwd=ROOT, env=_environment(c.env))
    # Round robin: each round runs every contender once, so a burst of other work on the
    # machine falls on all of them alike; the best round of each is kept.
    runs: list[list[t.Any]] = [[] for _ in listed]
    for round_ in range(args.repeat):
        print(f"round {round_ + 1} of {args.repeat}", file=sys.stderr)
        for i, c in enumerate(listed):
            runs[i].extend(_measure(c, 1, ROOT, warm=False, idle_wait=args.idle_wait))
    floor_per = min(r.seconds for r in runs[0]) / listed[0].manifests
    rows = [report.row(c, r, floor_per) for c, r in zip(listed[:-1], runs[:-1], strict=True)]
    q_row = report.row(q_contender, runs[-1], floor_per)
    one, many = rows[1], rows[2]
    scaling = {
        "jobs": jobs,
        "speedup": one.seconds / many.seconds,
        "ms_per_manifest_at_n": 1000 * one.seconds / one.manifests,
        "ms_per_manifest_at_quarter": 1000 * q_row.seconds / q_row.manifests,
        "cpu_ms_per_manifest_at_n": 1000 * one.cpu_seconds / one.manifests,
        "cpu_ms_per_manifest_at_quarter": 1000 * q_row.cpu_seconds / q_row.manifests,
        "quarter_manifests": q_row.manifests,
    }

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "one").mkdir()
        shutil.copy(ROOT / "examples/internal-assistant/llm-project.yaml", Path(tmp) / "one")
        wait_for_idle(timeout=args.idle_wait)
        latency = [
            report.latency_row(c, _measure(c, args.latency_runs, Path(tmp)))
            for c in contenders.one_file(setup, Path("one/llm-project.yaml"))
        ]

    large_rows: list[report.Row] = []
    if args.large:
        big = dataclasses.replace(_setup(args, args.large), conftest=None, opa=None)
        print(f"bench: {big.count} manifests in {big.manifests}", file=sys.stderr)
        big_listed = contenders.large(big, jobs)
        run(big_listed[0].argv, cwd=ROOT, env=_environment({}))  # into the OS file cache
        run(big_listed[2].argv, cwd=ROOT, env=_environment(big_listed[2].env))  # fill warm
        big_runs = [_measure(c, 1, ROOT, warm=False, idle_wait=args.idle_wait) for c in big_listed]
        big_floor = min(r.seconds for r in big_runs[0]) / big_listed[0].manifests
        large_rows = [
            report.row(c, r, big_floor) for c, r in zip(big_listed, big_runs, strict=True)
        ]

    targets = report.verdicts(rows, latency, scaling, large_rows)
    print(report.table(rows))
    if large_rows:
        print()
        print(report.table(large_rows))
    print()
    print(report.latency_table(latency))
    print()
    print(
        f"scaling: --jobs {jobs} is {scaling['speedup']:.2f}x --jobs 1; --jobs 1 costs "
        f"{scaling['ms_per_manifest_at_n']:.2f} ms/manifest at {one.manifests} and "
        f"{scaling['ms_per_manifest_at_quarter']:.2f} at {q_row.manifests} (CPU: "
        f"{scaling['cpu_ms_per_manifest_at_n']:.2f} and "
        f"{scaling['cpu_ms_per_manifest_at_quarter']:.2f})"
    )
    for v in targets:
        verdict = "MET   " if v["met"] else "MISSED"
        print(f"{verdict} {v['target']}: {v['value']:.3f} (bound {v['bound']:.3f})")
    busy = os.getloadavg()
    print(f"load average before {load_before[0]:.2f}, after {busy[0]:.2f}", file=sys.stderr)
    result = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {
            "cpus": jobs,
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_average_before": load_before,
            "load_average_after": os.getloadavg(),
        },
        "manifests": setup.count,
        "repeat": args.repeat,
        "throughput": report.as_json(rows),
        "large": report.as_json(large_rows),
        "latency": latency,
        "scaling": scaling,
        "targets": targets,
    }
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
