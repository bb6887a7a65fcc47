"""The OPA engine: decisions from an OPA server's REST API, on a given URL or a private local one.

Without a URL the engine starts `opa run --server` on a free loopback port (`opa_server`) and
stops it in `close()`. With a URL it uses that server, pushing the policy set first (`opa_push`)
unless the server is fed by bundles. Every failure is an `EngineError` (exit 3) that names the
server and what to do.
"""

from __future__ import annotations

import atexit
import time
import typing as t
from functools import partial

import requests

from checker.engine import opa_push
from checker.engine.base import DECISION_PATH, DECISION_QUERY
from checker.engine.opa_connection import OpaConnection, build_connection
from checker.engine.opa_server import (
    INSTALL_HINT,
    STARTUP_TIMEOUT,
    LocalServer,
    find_binary,
    start_server,
)
from checker.errors import EngineError
from checker.policy_set import PolicySet

DECISION_KEYS = frozenset(
    {"violations", "warnings", "selfHosted", "vendorApi", "models", "preference"}
    | {"preferenceReasons", "recommendation", "pass"}
)


class OpaEngine:
    """The `Engine` on an OPA server; build it with `build_opa_engine`."""

    name = "opa"

    def __init__(self, conn: OpaConnection, server: LocalServer | None = None) -> None:
        self.url = conn.url
        self._conn, self._server = conn, server
        self._version = "unknown"
        atexit.register(self.close)  # an exception on the way out must not leak the server

    @property
    def version(self) -> str:
        """The server's version from its /v1/config labels, or "unknown"."""
        return self._version

    @property
    def pid(self) -> int | None:
        """The process id of the OPA server this engine started and still runs, if any."""
        return self._server.pid if self._server is not None else None

    def evaluate(self, manifest: dict[str, t.Any]) -> dict[str, t.Any]:
        """Return the decision for `manifest`; raise `EngineError` unless OPA computed one."""
        # Without strict-builtin-errors OPA makes a failing built-in (1 / 0, a bad regex)
        # undefined, so the deny rule holding it silently finds nothing: a pass by mistake.
        # regorus stops on such errors; with this OPA does too (HTTP 500, exit 3).
        query = partial(
            self._conn.client.query_rule,
            manifest,
            DECISION_PATH,
            query_params={"strict-builtin-errors": "true"},
        )
        try:
            body = self._conn.call("the decision query", query)
        except TypeError as exc:  # the manifest held something JSON cannot carry
            raise EngineError(f"cannot send the manifest to OPA as JSON: {exc}") from exc
        if not isinstance(body, dict) or "result" not in body:
            raise self._conn.error(
                f"has no decision at {DECISION_QUERY} (undefined)",
                "load llm-policy's policies into it (let the checker push them, or use a bundle)",
            )
        result = body["result"]
        missing = DECISION_KEYS - set(result) if isinstance(result, dict) else DECISION_KEYS
        if missing:
            raise self._conn.error(
                f"returned a malformed decision (missing {', '.join(sorted(missing))})",
                "check that its llm.decision package is llm-policy's",
            )
        return t.cast(dict[str, t.Any], result)

    def close(self) -> None:
        """Close the connection and stop the server if this engine started it (idempotent)."""
        atexit.unregister(self.close)
        self._conn.close()
        if self._server is not None:
            self._server.stop()

    def __enter__(self) -> OpaEngine:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _wait_healthy(self) -> None:
        """Retries for a URL; for our own server, a deadline unless the process ends first."""
        if self._server is None:
            self._conn.wait_healthy()
            return
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not self._conn.client.check_health():
            if self._server.exited or time.monotonic() > deadline:
                raise EngineError(f"OPA server {self.url} did not start: {self._server.log_tail()}")
            time.sleep(0.05)

    def _load_version(self) -> None:
        try:
            labels = self._conn.client.get_config().get("result", {}).get("labels", {})
        except (requests.RequestException, ValueError, AttributeError):
            return  # the version is informational; a server that hides its config still works
        if isinstance(labels, dict) and isinstance(labels.get("version"), str):
            self._version = labels["version"]


def build_opa_engine(
    policy_set: PolicySet,
    *,
    url: str | None,
    push: bool = True,
    opa_binary: str | None = None,
    timeout: float = 10.0,
    retries: int = 3,
) -> OpaEngine:
    """Connect to the OPA server at `url` (or start a local one), load the policy set, and check.

    `push=False` trusts the server to hold the policies already (bundles); `timeout` is per
    request in seconds; `retries` bounds the retries of connection errors and 5xx answers.
    """
    if url is None:
        server = start_server(find_binary(opa_binary))
        try:
            conn = build_connection(server.url, timeout=timeout, retries=retries, trust_env=False)
        except BaseException:
            server.stop()
            raise
        engine = OpaEngine(conn, server)
    else:
        engine = OpaEngine(build_connection(url, timeout=timeout, retries=retries))
    try:
        engine._wait_healthy()
        engine._load_version()
        if engine.pid is not None and engine.version.startswith("0."):
            raise EngineError(
                f"OPA {engine.version} is too old (Rego v1 needs 1.x): {INSTALL_HINT}"
            )
        if push or url is None:
            opa_push.push(engine._conn, policy_set)
    except BaseException:
        engine.close()
        raise
    return engine
