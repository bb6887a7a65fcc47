"""An embedded engine collected on another thread is not dropped there.

regorus's Engine is pyo3 "unsendable": dropping it on a thread other than its maker's raises
inside the collector, which Python reports as an unraisable exception. A process pool's result
thread did exactly that in CI (test_result_cache), when an engine left in a reference cycle by an
earlier check was collected by that thread's allocations.
"""

from __future__ import annotations

import gc
import sys
import threading
import typing as t

import pytest

from checker.engine import regorus_
from checker.engine.regorus_ import RegorusEngine
from checker.errors import EngineError
from checker.loader import load_manifest
from checker.policy_set import build_policy_set
from tests.acceptance.conftest import EXAMPLES


def _engine_in_a_cycle() -> None:
    engine = RegorusEngine(build_policy_set())
    holder: dict[str, t.Any] = {"engine": engine}
    holder["self"] = holder  # only the collector frees this


def test_an_engine_collected_on_another_thread_waits_for_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    raised: list[t.Any] = []
    monkeypatch.setattr(sys, "unraisablehook", raised.append)
    gc.collect()
    gc.disable()  # nothing but the other thread's collection may free the cycle
    try:
        _engine_in_a_cycle()
        before = len(regorus_._STRANDED)
        other = threading.Thread(target=gc.collect)
        other.start()
        other.join()
    finally:
        gc.enable()
    assert [str(r.exc_value) for r in raised] == []
    assert len(regorus_._STRANDED) == before + 1
    # The next engine this thread builds drops it, here.
    RegorusEngine(build_policy_set()).close()
    assert all(owner != threading.get_ident() for owner, _ in regorus_._STRANDED)
    assert raised == []


def test_a_closed_engine_says_so_rather_than_evaluating() -> None:
    engine = RegorusEngine(build_policy_set())
    manifest = t.cast(t.Any, load_manifest(EXAMPLES / "internal-assistant" / "llm-project.yaml"))
    assert isinstance(engine.evaluate(manifest.data)["pass"], bool)
    engine.close()
    with pytest.raises(EngineError, match="closed"):
        engine.evaluate(manifest.data)
    with pytest.raises(EngineError, match="closed"):
        _ = engine.raw
