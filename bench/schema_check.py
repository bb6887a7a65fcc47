"""The validator's yes/no check (jsonschema-rs) beside jsonschema: `python -m bench.schema_check`.

Both are set up as `checker.validator` sets them up (the catalog's regions as a format, patterns
read as ECMA-262) and timed over the same generated manifests: CPU time per manifest, the best
of --repeat rounds, and the ratio. `--old REV` also times the hand-compiled check that
jsonschema-rs replaced (`checker/schema_fast.py`, read from git at REV). The import and set-up
costs are timed (CPU) in fresh interpreters, as a one-manifest run pays them.
"""

from __future__ import annotations

import argparse
import importlib
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import typing as t
from pathlib import Path

from bench.__main__ import CACHE
from bench.generate import ROOT, ensure
from checker.loader import LoadedManifest, load_manifest
from checker.policy_set import build_policy_set
from checker.validator import REGION_FORMAT, _fast, _region_format, _schema, _validator

Check = t.Callable[[t.Any], bool]
OLD_MODULE = "schema_fast_old"
_SETUP = {
    "jsonschema-rs": "from checker.validator import _fast; _fast(frozenset({'eu'}))",
    "jsonschema": "from checker.validator import _validator; _validator(frozenset({'eu'}))",
}


def _per_manifest_ms(check: Check, docs: list[t.Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for doc in docs:
            check(doc)
        best = min(best, time.process_time() - start)
    return best / len(docs) * 1000


def _fresh_ms(code: str, repeat: int) -> float:
    """CPU time of `python -c code` less that of importing the validator alone, best of `repeat`."""

    def best(text: str) -> float:
        times = []
        for _ in range(repeat):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run([sys.executable, "-c", text], check=True, cwd=ROOT)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            times.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        return min(times)

    return (best(code) - best("import checker.validator")) * 1000


def _old_check(folder: Path, regions: frozenset[str]) -> Check:
    sys.path.insert(0, str(folder))
    try:
        module = importlib.import_module(OLD_MODULE)
    finally:
        sys.path.remove(str(folder))
    check = module.compile_schema(_schema(), {REGION_FORMAT: _region_format(regions)})
    assert check is not None, "the old check did not compile the schema"
    return t.cast(Check, check)


def _write_old(rev: str, folder: Path) -> None:
    source = subprocess.run(
        ["git", "show", f"{rev}:checker/schema_fast.py"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    (folder / f"{OLD_MODULE}.py").write_text(source, encoding="utf-8")


def main(argv: t.Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.schema_check")
    parser.add_argument("-n", "--manifests", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--old", metavar="REV", help="also time schema_fast.py as of git REV")
    args = parser.parse_args(argv)
    files = sorted(ensure(CACHE, args.manifests).rglob("llm-project.yaml"))
    loaded = [m for m in map(load_manifest, files) if isinstance(m, LoadedManifest)]
    regions = frozenset(build_policy_set().data["catalog"]["regions"])
    rs, reference = _fast(regions), _validator(regions)
    docs = [m.data for m in loaded]
    verdicts = [reference.is_valid(d) for d in docs]
    assert [rs.is_valid(d) for d in docs] == verdicts, "the two disagree"
    valid = [d for d, ok in zip(docs, verdicts, strict=True) if ok]
    checks: list[tuple[str, Check]] = [("jsonschema-rs", rs.is_valid)]
    setup = dict(_SETUP)
    folder = Path(tempfile.mkdtemp(prefix="schema-check-"))
    if args.old:
        old = f"schema_fast.py ({args.old})"
        _write_old(args.old, folder)
        checks.append((old, _old_check(folder, regions)))
        setup[old] = (
            f"import sys; sys.path.insert(0, {str(folder)!r}); import {OLD_MODULE} as m; "
            "from checker.validator import _schema, _region_format as f; "
            f"m.compile_schema(_schema(), {{{REGION_FORMAT!r}: f(frozenset({{'eu'}}))}})"
        )
    checks.append(("jsonschema", reference.is_valid))
    print(f"{len(docs)} manifests, {len(valid)} valid; CPU ms per manifest (best of {args.repeat})")
    print("| check | all | valid only | import + set-up, fresh interpreter |")
    print("|---|---:|---:|---:|")
    rows = {}
    for name, check in checks:
        rows[name] = _per_manifest_ms(check, docs, args.repeat)
        fresh = f"{_fresh_ms(setup[name], args.repeat):.0f} ms"
        valid_ms = _per_manifest_ms(check, valid, args.repeat)
        print(f"| {name} | {rows[name]:.4f} | {valid_ms:.4f} | {fresh} |")
    shutil.rmtree(folder)
    for name, ms in rows.items():
        if name != "jsonschema-rs":
            print(f"jsonschema-rs is {ms / rows['jsonschema-rs']:.1f}x as fast as {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
