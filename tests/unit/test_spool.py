"""ResultSpool: results past a few in memory go to disk and come back in order, as often as read."""

from __future__ import annotations

from checker.problems import Problem
from checker.result import ManifestResult
from checker.spool import ResultSpool


def results(n: int) -> list[ManifestResult]:
    return [
        ManifestResult(manifest=f"m{i}.yaml", errors=(Problem("spec", f"bad {i}", i, 1),))
        for i in range(n)
    ]


def test_small_runs_stay_in_memory():
    spool = ResultSpool(results(3), keep=10)
    assert spool._file is None
    assert list(spool) == results(3)
    assert len(spool) == 3 and spool


def test_large_runs_spill_to_disk_and_read_back_in_order_every_time():
    spool = ResultSpool(results(25), keep=10)
    assert spool._file is not None
    assert len(spool) == 25
    assert list(spool) == results(25)
    assert list(spool) == results(25)  # a second pass reads the file again
    # two iterations at once (a reporter reading the run inside another loop over it)
    pairs = [(a.manifest, b.manifest) for a, b in zip(spool, spool, strict=True)]
    assert pairs[-1] == ("m24.yaml", "m24.yaml")
    assert results(25)[20] in spool


def test_an_empty_spool_is_false_and_close_removes_the_file():
    assert not ResultSpool()
    spool = ResultSpool(results(5), keep=1)
    spool.close()
    assert spool._file is None
