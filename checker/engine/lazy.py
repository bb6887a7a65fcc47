"""The embedded engine, compiled when it is first asked for a decision.

Compiling the policies costs more than the rest of a one-manifest check, and a run whose every
manifest is a result-cache hit (a pre-commit hook on an unchanged file) asks for no decision at
all. What a run reads before deciding (the engine's name, version and provenance, for the
result cache's run key and the report header) needs no compiled policy, so it is answered here
without one.

A policy that does not compile raises the same `EngineError` as before, from the first
`evaluate` or `query`: inside the command, where the CLI turns it into exit 3.
"""

from __future__ import annotations

import functools
import importlib.util
import typing as t
from pathlib import Path

from checker.engine.base import Provenance
from checker.engine.provenance import local_provenance

if t.TYPE_CHECKING:
    from checker.engine.regorus_ import RegorusEngine
    from checker.policy_set import PolicySet


@functools.cache
def installed_version() -> str:
    """`regorus_version()`, read without importing regorus: its native module loads in ~10 ms.

    The same dist-info folder beside the package names it; found where the import system would
    find the package. Anything unusual falls back to `regorus_version()` itself.
    """
    from checker.engine import regorus_

    spec = importlib.util.find_spec("regorus")
    if spec is not None and spec.origin:
        site = Path(spec.origin).resolve().parent.parent
        prefix = regorus_._DISTRIBUTION.replace("-", "_") + "-"
        for entry in site.glob(prefix + "*.dist-info"):
            return entry.name[len(prefix) : -len(".dist-info")]
    return regorus_.regorus_version()


class LazyRegorusEngine:
    """A `RegorusEngine` for `policy_set`, built on the first `evaluate`, `query` or `raw`."""

    name = "regorus"

    def __init__(self, policy_set: PolicySet) -> None:
        self._policy_set = policy_set
        self._provenance = local_provenance(policy_set)
        self._engine: RegorusEngine | None = None

    @property
    def built(self) -> bool:
        """Whether the policies have been compiled."""
        return self._engine is not None

    def load(self) -> RegorusEngine:
        """The compiled engine, compiling it now if no call has yet; `EngineError` if it fails."""
        if self._engine is None:
            from checker.engine.regorus_ import RegorusEngine

            self._engine = RegorusEngine(self._policy_set)
        return self._engine

    @property
    def version(self) -> str:
        """The installed regorus build's version (read without compiling anything)."""
        return self._engine.version if self._engine is not None else installed_version()

    @property
    def provenance(self) -> Provenance:
        """The local policy set's digests, as `RegorusEngine.provenance`."""
        return self._provenance

    @property
    def raw(self) -> t.Any:
        """The underlying `regorus.Engine`."""
        return self.load().raw

    def query(self, rule: str, manifest: dict[str, t.Any] | None = None) -> t.Any:
        """See `RegorusEngine.query`."""
        return self.load().query(rule, manifest)

    def evaluate(self, manifest: dict[str, t.Any]) -> dict[str, t.Any]:
        """See `Engine.evaluate`."""
        return self.load().evaluate(manifest)

    def close(self) -> None:
        """Release the engine, if it was ever built."""
        if self._engine is not None:
            self._engine.close()
