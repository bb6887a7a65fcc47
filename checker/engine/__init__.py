"""Policy engines: the embedded regorus engine (default) and a real OPA server."""

from __future__ import annotations

import typing as t

from checker.engine.base import DECISION_PATH, DECISION_QUERY, Engine
from checker.errors import UsageError
from checker.policy_set import PolicySet

ENGINE_NAMES = ("regorus", "opa")

__all__ = ["DECISION_PATH", "DECISION_QUERY", "ENGINE_NAMES", "Engine", "build_engine"]


def build_engine(
    name: str,
    policy_set: PolicySet,
    *,
    opa_url: str | None = None,
    push: bool = True,
    timeout: float = 10.0,
) -> Engine:
    """Build the named engine; the OPA client is imported only when it is asked for."""
    if name == "regorus":
        from checker.engine.regorus_ import RegorusEngine

        return RegorusEngine(policy_set)
    if name == "opa":
        from checker.engine.opa import build_opa_engine

        return t.cast(Engine, build_opa_engine(policy_set, url=opa_url, push=push, timeout=timeout))
    raise UsageError(f"unknown engine {name!r}: choose one of {', '.join(ENGINE_NAMES)}")
