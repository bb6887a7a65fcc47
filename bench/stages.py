"""Where one manifest's time goes, stage by stage, in one process: `python -m bench.stages`.

Each stage runs over the same generated manifests and reports its CPU time per manifest, next to
the floor (PyYAML's C loader) and to jsonschema, which the validator now runs only for invalid
manifests.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
import typing as t

import yaml

from bench.__main__ import CACHE
from bench.generate import ensure
from checker.engine.regorus_ import RegorusEngine
from checker.evaluation import build_decision, build_findings
from checker.loader import LoadedManifest, load_manifest
from checker.metadata import read_metadata
from checker.policy_set import build_policy_set
from checker.result import ManifestResult
from checker.run import catalog_regions
from checker.validator import _validator, validate


def _per_item(items: t.Sequence[t.Any], work: t.Callable[[t.Any], object]) -> float:
    start = time.process_time()
    for item in items:
        work(item)
    return (time.process_time() - start) / max(1, len(items)) * 1000


def main(argv: t.Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.stages")
    parser.add_argument("-n", "--manifests", type=int, default=1000)
    args = parser.parse_args(argv)
    files = sorted(ensure(CACHE, args.manifests).rglob("llm-project.yaml"))
    policy_set = build_policy_set()
    rules = read_metadata(policy_set.sources)
    regions = frozenset(catalog_regions(policy_set))
    engine = RegorusEngine(policy_set)

    texts = [p.read_text(encoding="utf-8") for p in files]
    loaded = [m for m in (load_manifest(p) for p in files) if isinstance(m, LoadedManifest)]
    valid = [m for m in loaded if not validate(m, regions=regions)]
    raws = [engine.evaluate(m.data) for m in valid]
    slow = _validator(regions)

    def result(pair: tuple[LoadedManifest, dict[str, t.Any]]) -> ManifestResult:
        findings = build_findings(pair[1], rules, pair[0].source_map, None, policy_set.data)
        return ManifestResult("m", decision=build_decision(pair[1], findings), findings=findings)

    results = [result(pair) for pair in zip(valid, raws, strict=True)]
    rows = [
        ("floor: yaml.load(CSafeLoader)", _per_item(texts, _floor)),
        ("read + parse with positions (checker.loader)", _per_item(files, load_manifest)),
        ("validate: compiled check (valid manifests)", _per_item(valid, _validate(regions))),
        ("validate: jsonschema iter_errors (for comparison)", _per_item(valid, _iter(slow))),
        (
            "evaluate: regorus data.llm.decision.result",
            _per_item(valid, lambda m: engine.evaluate(m.data)),
        ),
        ("findings + decision objects", _per_item(list(zip(valid, raws, strict=True)), result)),
        ("pickle + unpickle a result (--jobs)", _per_item(results, _round_trip)),
    ]
    print(f"{len(files)} manifests, {len(valid)} valid; CPU ms per manifest")
    print("| stage | ms |\n|---|---:|")
    for name, ms in rows:
        print(f"| {name} | {ms:.3f} |")
    return 0


def _floor(text: str) -> object:
    try:
        return yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return None


def _validate(regions: frozenset[str]) -> t.Callable[[LoadedManifest], object]:
    return lambda m: validate(m, regions=regions)


def _iter(validator: t.Any) -> t.Callable[[LoadedManifest], object]:
    return lambda m: list(validator.iter_errors(m.data))


def _round_trip(result: ManifestResult) -> object:
    return pickle.loads(pickle.dumps(result))


if __name__ == "__main__":
    sys.exit(main())
