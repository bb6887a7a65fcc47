"""Print the wrong or missing citations of the shipped examples and generated manifests.

    .venv/bin/python -m tests.conformance.ref_report [RULE-PREFIX] [GENERATED-COUNT]

A working aid for rule authors (test_references.py is the test): embedded engine only, problems
of rules whose id starts with RULE-PREFIX (default: all), one line each, most frequent first.
"""

from __future__ import annotations

import sys
import tempfile
import typing as t
from collections import Counter
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings

from checker.engine.regorus_ import RegorusEngine
from checker.metadata import read_metadata
from checker.policy_set import build_policy_set
from checker.run import catalog_regions
from checker.runner import Runner
from tests.conformance.manifests import manifests
from tests.conformance.references import reference_problems
from tests.conformance.test_engines import EXAMPLES


def main(prefix: str = "", count: int = 200) -> int:
    ps = build_policy_set()
    rules = read_metadata(ps.sources)
    runner = Runner(RegorusEngine(ps), rules, regions=catalog_regions(ps))
    seen: Counter[str] = Counter()

    def check(path: Path) -> None:
        result = runner.check(path)
        manifest = yaml.safe_load(path.read_text(encoding="utf-8"))
        for problem in reference_problems(result, manifest, ps.data, rules):
            if problem.startswith(prefix):
                seen[f"{problem}  [{path.parent.name}]"] += 1

    for path in EXAMPLES:
        check(path)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "generated" / "llm-project.yaml"
        path.parent.mkdir()

        @settings(
            max_examples=count,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(manifest=manifests(ps.data))
        def generated(manifest: dict[str, t.Any]) -> None:
            path.write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")
            check(path)

        generated()
    for line, n in seen.most_common():
        print(f"{n:5d}  {line}")
    return 1 if seen else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    sys.exit(main(args[0] if args else "", int(args[1]) if len(args) > 1 else 200))
