"""One policy set, its rules, and both engines on it for the whole session.

The OPA engine is a real `opa run --server` started through `build_opa_engine` with the binary
scripts/install-opa gives (skips loudly without it, fails in CI).
"""

from __future__ import annotations

import typing as t
from collections.abc import Iterator

import pytest

from checker.engine.opa import build_opa_engine
from checker.engine.regorus_ import RegorusEngine
from checker.metadata import RuleMeta, read_metadata
from checker.policy_set import PolicySet, build_policy_set


class Recording:
    """An engine that keeps the last raw decision it returned, so tests see what Runner saw."""

    def __init__(self, engine: t.Any) -> None:
        self.engine, self.name, self.last = engine, engine.name, None

    @property
    def version(self) -> str:
        return str(self.engine.version)

    def evaluate(self, manifest: dict[str, t.Any]) -> dict[str, t.Any]:
        self.last = self.engine.evaluate(manifest)
        return t.cast(dict[str, t.Any], self.last)

    def close(self) -> None:
        self.engine.close()


@pytest.fixture(scope="session")
def policy_set() -> PolicySet:
    return build_policy_set()


@pytest.fixture(scope="session")
def rules(policy_set: PolicySet) -> dict[str, RuleMeta]:
    return read_metadata(policy_set.sources)


@pytest.fixture(scope="session")
def regorus(policy_set: PolicySet) -> Recording:
    return Recording(RegorusEngine(policy_set))


@pytest.fixture(scope="session")
def opa(policy_set: PolicySet, opa_binary: str) -> Iterator[Recording]:
    engine = build_opa_engine(policy_set, url=None, opa_binary=opa_binary)
    yield Recording(engine)
    engine.close()
