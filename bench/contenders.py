"""The commands the benchmark times, each checking (or only parsing) the same manifests.

- floor: PyYAML's C loader parsing every file in one process (bench/floor.py);
- llm-policy check, in one process (--jobs 1) and on every core (the default), each run with an
  empty result cache (cold: every manifest evaluated, and its entry written);
- llm-policy check warm: the same run again on unchanged files, every manifest a cache hit;
- conftest on the same Rego: policies/ plus bench/conftest/adapter.rego (package main, whose
  deny/warn rules forward the decision's findings), with the catalog as --data. conftest stops at
  the first file that is not YAML, so it is given the files that parse (all but the broken ones);
- OPA: `opa eval` once per file as a CI shell loop would (timed on a sample, the rate carried to
  N), and one `opa eval` over every manifest as one input (a JSON array, built untimed).
"""

from __future__ import annotations

import hashlib
import json
import sys
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
QUERY = "data.llm.decision.result"
# One evaluation per element of the input array, as one query.
ALL_ARGS = ("--format", "json", f"[r | some m in input; r := {QUERY} with input as m]")
SHELL_LOOP = 'for f in "$@"; do "$OPA" eval -d policies -i "$f" "$Q" >/dev/null || exit 2; done'


@dataclass(frozen=True)
class Setup:
    """Where everything is: the manifests, the tools, and a folder for outputs."""

    manifests: Path
    count: int
    parseable: tuple[Path, ...]
    work: Path
    llm_policy: tuple[str, ...]
    conftest: str | None = None
    opa: str | None = None
    loop_sample: int = 40


@dataclass(frozen=True)
class Contender:
    """One command to time; `manifests` is how many it checks (fewer when sampled)."""

    name: str
    argv: tuple[str, ...]
    manifests: int
    note: str = ""
    env: dict[str, str] = field(default_factory=dict)
    sampled: bool = False
    # A folder emptied before every run (a cold result cache), or None.
    fresh: Path | None = None
    # Run once, untimed, before the rounds (a warm result cache).
    prefill: bool = False


def parseable(paths: t.Iterable[Path]) -> tuple[Path, ...]:
    """The manifests that are YAML at all (conftest aborts a whole run on one that is not)."""
    kept = []
    for path in paths:
        try:
            yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        except yaml.YAMLError:
            continue
        kept.append(path)
    return tuple(kept)


def _all_input(setup: Setup) -> Path:
    target = setup.work / f"all-{setup.count}.json"
    if not target.is_file():
        docs = [
            yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            for p in setup.parseable
        ]
        target.write_text(json.dumps(docs), encoding="utf-8")
    return target


def _conftest(binary: str, root: Path) -> tuple[str, ...]:
    policies, adapter = root / "policies", root / "bench" / "conftest"
    flags = ("--no-color", "--policy", f"{policies}/llm", "--policy", str(adapter))
    return (binary, "test", *flags, "--data", str(policies))


def floor(setup: Setup) -> Contender:
    """Parsing only: the cost every contender pays at least."""
    argv = (sys.executable, str(ROOT / "bench" / "floor.py"), str(setup.manifests))
    return Contender("floor: PyYAML CSafeLoader, parse only", argv, setup.count)


def cold(setup: Setup, name: str, argv: tuple[str, ...]) -> Contender:
    """llm-policy with a result cache of its own, emptied before every run."""
    folder = setup.work / f"cache-{hashlib.sha256(name.encode()).hexdigest()[:12]}"
    return Contender(
        name, argv, setup.count, env={"XDG_CACHE_HOME": str(folder)}, fresh=folder / "llm-policy"
    )


def warm(setup: Setup, jobs: int, tag: str = "") -> Contender:
    """The default check again on unchanged files: its cache was filled by an untimed run."""
    folder = setup.work / f"cache-warm{tag}-{setup.count}"
    argv = (*setup.llm_policy, "check", str(setup.manifests), "-o", str(setup.work / "warm.txt"))
    return Contender(
        f"llm-policy check warm: unchanged re-run (default --jobs {jobs})",
        argv,
        setup.count,
        note="every manifest a result-cache hit",
        env={"XDG_CACHE_HOME": str(folder)},
        prefill=True,
    )


def throughput(setup: Setup, jobs: int) -> list[Contender]:
    """Every contender of the throughput table, the floor first."""
    check = (*setup.llm_policy, "check", str(setup.manifests))
    rows = [
        floor(setup),
        cold(
            setup,
            "llm-policy check --jobs 1",
            (*check, "--jobs", "1", "-o", str(setup.work / "jobs1.txt")),
        ),
        cold(
            setup,
            f"llm-policy check (default --jobs {jobs})",
            (*check, "-o", str(setup.work / "jobsN.txt")),
        ),
        cold(
            setup,
            f"llm-policy check --format json (--jobs {jobs})",
            (*check, "--format", "json", "-o", str(setup.work / "jobsN.json")),
        ),
        warm(setup, jobs),
    ]
    if setup.conftest:
        files = tuple(str(p) for p in setup.parseable)
        rows.append(
            Contender(
                "conftest test (same Rego via adapter)",
                (*_conftest(setup.conftest, ROOT), *files),
                len(files),
                note=f"{setup.count - len(files)} unparseable files left out",
            )
        )
    if setup.opa:
        sample = tuple(str(p) for p in setup.parseable[: setup.loop_sample])
        rows.append(
            Contender(
                "opa eval per file (CI shell loop)",
                ("bash", "-c", SHELL_LOOP, "bash", *sample),
                len(sample),
                note=f"timed on {len(sample)} files; rate carried to N",
                env={"OPA": setup.opa, "Q": QUERY},
                sampled=True,
            )
        )
        rows.append(
            Contender(
                "opa eval, all manifests as one input",
                (setup.opa, "eval", "-d", "policies", "-i", str(_all_input(setup)), *ALL_ARGS),
                len(setup.parseable),
                note="input JSON built beforehand (not timed)",
            )
        )
    return rows


def large(setup: Setup, jobs: int) -> list[Contender]:
    """The 100,000-manifest rows: the floor, a cold check and a warm one (text report)."""
    check = (*setup.llm_policy, "check", str(setup.manifests))
    return [
        floor(setup),
        cold(
            setup,
            f"llm-policy check {setup.count:,} manifests (default --jobs {jobs})",
            (*check, "-o", str(setup.work / "large.txt")),
        ),
        warm(setup, jobs, tag="-large"),
    ]


def one_file(setup: Setup, manifest: Path) -> list[Contender]:
    """Checking one manifest in a fresh process, as a pre-commit hook does.

    The first row evaluates (--no-cache: a hook runs on a file that just changed); the second is
    the same file unchanged, a result-cache hit.
    """
    check = (*setup.llm_policy, "check", str(manifest))
    rows = [
        Contender("llm-policy check one/llm-project.yaml --no-cache", (*check, "--no-cache"), 1),
        Contender("llm-policy check one/llm-project.yaml (cache hit)", check, 1),
    ]
    if setup.conftest:
        rows.append(
            Contender(
                "conftest test one file",
                (*_conftest(setup.conftest, ROOT), str(manifest)),
                1,
            )
        )
    if setup.opa:
        rows.append(
            Contender(
                "opa eval one file",
                (setup.opa, "eval", "-d", str(ROOT / "policies"), "-i", str(manifest), QUERY),
                1,
            )
        )
    return rows
