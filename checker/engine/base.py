"""The engine protocol: policies and data loaded once, then many manifests evaluated."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

# The query every engine answers for one manifest (see docs/design.md, "Decision").
DECISION_QUERY = "data.llm.decision.result"
DECISION_PATH = "llm/decision/result"


@dataclass(frozen=True)
class Provenance:
    """The policies and catalog an engine decides with, as report headers name them.

    The embedded engine's are the local policy set's; an OPA server's come from the digest
    document a bundle or a push put on it (`checker.engine.provenance`).
    """

    policy_digest: str
    catalog_digest: str
    catalog_version: str | None = None


@t.runtime_checkable
class Engine(t.Protocol):
    """Evaluates the decision for one manifest at a time.

    Implementations load the policies and data when built; `evaluate` is then called once per
    manifest. Any failure to evaluate raises `checker.errors.EngineError`, never returns a pass.
    """

    name: str

    @property
    def version(self) -> str:
        """The engine's version string, as reported in the JSON report."""
        ...

    @property
    def provenance(self) -> Provenance:
        """The policy and catalog digests the engine's decisions come from."""
        ...

    def evaluate(self, manifest: dict[str, t.Any]) -> dict[str, t.Any]:
        """Return the raw `data.llm.decision.result` object for `manifest` as the input."""
        ...

    def close(self) -> None:
        """Release processes or connections held by the engine."""
        ...
