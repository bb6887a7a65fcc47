"""Policy engines: the embedded regorus engine (default) and a real OPA server."""

from __future__ import annotations

import math
import os
import typing as t

import click

from checker.engine.base import DECISION_PATH, DECISION_QUERY, Engine, Provenance
from checker.errors import UsageError

if t.TYPE_CHECKING:
    from checker.policy_set import PolicySet

ENGINE_NAMES = ("regorus", "opa")
# Seconds an OPA server may take per request; the environment sets it for every command.
TIMEOUT_VARIABLE = "LLM_POLICY_OPA_TIMEOUT"

__all__ = [
    "DECISION_PATH",
    "DECISION_QUERY",
    "ENGINE_NAMES",
    "Engine",
    "Provenance",
    "build_engine",
]


def build_engine(
    name: str,
    policy_set: PolicySet,
    *,
    opa_url: str | None = None,
    push: bool = True,
    timeout: float | None = None,
) -> Engine:
    """Build the named engine; the OPA client is imported only when it is asked for.

    The embedded engine compiles the policies on its first `evaluate` (`checker.engine.lazy`):
    a policy that does not compile is an `EngineError` from there, inside the command.

    `timeout` (seconds per OPA request) defaults to $LLM_POLICY_OPA_TIMEOUT, else 10. What an
    OPA server's engine notices (policies other than the local ones) is a warning on stderr.
    """
    if name == "regorus":
        # Compiled on the first decision: a run of result-cache hits compiles nothing.
        from checker.engine.lazy import LazyRegorusEngine

        return LazyRegorusEngine(policy_set)
    if name == "opa":
        from checker.engine.opa import build_opa_engine

        seconds = opa_timeout() if timeout is None else timeout
        engine = build_opa_engine(policy_set, url=opa_url, push=push, timeout=seconds)
        for notice in engine.notices:
            click.echo(f"warning: {notice}", err=True)
        return t.cast(Engine, engine)
    raise UsageError(f"unknown engine {name!r}: choose one of {', '.join(ENGINE_NAMES)}")


def opa_timeout() -> float:
    """$LLM_POLICY_OPA_TIMEOUT in seconds, 10 when unset; not a positive number: `UsageError`."""
    text = os.environ.get(TIMEOUT_VARIABLE, "").strip()
    if not text:
        return 10.0
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and seconds > 0):
        raise UsageError(f"{TIMEOUT_VARIABLE}={text!r}: give the seconds as a positive number")
    return seconds
