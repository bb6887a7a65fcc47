"""The benchmark's own parts: the manifests it generates and how it measures a command."""

from __future__ import annotations

import sys
from pathlib import Path

from bench.contenders import parseable
from bench.generate import generate
from bench.measure import run
from checker.loader import LoadedManifest, load_manifest
from checker.validator import validate


def test_generated_manifests_are_varied_mostly_valid_and_reproducible(tmp_path: Path) -> None:
    # Enough manifests that each way of breaking one comes up (which do depends on the catalog,
    # since the generator draws models from it; the seed keeps it the same on every run).
    paths = generate(tmp_path / "a", 600, seed=3)
    again = generate(tmp_path / "b", 600, seed=3)
    assert [p.read_bytes() for p in paths] == [p.read_bytes() for p in again]
    loaded = [load_manifest(p) for p in paths]
    good = [m for m in loaded if isinstance(m, LoadedManifest) and not validate(m)]
    assert 0.9 * len(paths) <= len(good) < len(paths)  # a few are broken on purpose
    models = {m["id"] for g in good for m in g.data["spec"].get("models", ())}
    regions = {r for g in good for r in g.data["spec"]["residency"]["allowedRegions"]}
    assert len(models) >= 15 and len(regions) >= 8
    assert len(parseable(paths)) < len(paths)  # some do not even parse


def test_a_measurement_times_the_command_and_sees_its_memory() -> None:
    grow = "import time; x = b'x' * (64 * 2**20); time.sleep(0.3); print(len(x))"
    measured = run([sys.executable, "-c", grow])
    assert measured.returncode == 0
    assert measured.peak_rss_mb >= 64
    assert measured.seconds > 0 and measured.cpu_seconds > 0
