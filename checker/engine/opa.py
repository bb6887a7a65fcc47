"""The OPA engine: decisions from an OPA server's REST API, on a given URL or a private local one.

Without a URL the engine starts `opa run --server` on a free loopback port (`opa_server`) and
stops it in `close()`. With a URL it uses that server, pushing the policy set first (`opa_push`)
unless the server is fed by bundles. Every failure is an `EngineError` (exit 3) that names the
server and what to do.

The server is trusted for nothing it does not show. Before the first decision the engine reads
the digest document a bundle or a push put on it (`checker.engine.provenance`): the report names
the server's policy and catalog digests, and a warning says when they are not the local ones.
Each decision is asked with its provenance, the bundle revisions it was decided with: if they
are not those seen with the digest document, the server switched policies during the run. Each
answer must be a well-formed decision (`checker.engine.decision_shape`).
"""

from __future__ import annotations

import atexit
import time
import typing as t
from functools import partial

from opa_client.errors import PolicyNotFoundError

from checker.engine import opa_push
from checker.engine.base import DECISION_PATH, DECISION_QUERY, Provenance
from checker.engine.decision_shape import check_decision
from checker.engine.opa_connection import OpaConnection, RefusedAnswer, build_connection
from checker.engine.opa_server import (
    INSTALL_HINT,
    STARTUP_TIMEOUT,
    LocalServer,
    find_binary,
    start_server,
)
from checker.engine.provenance import (
    META_PATH,
    META_QUERY,
    differences,
    local_provenance,
    read_meta,
)
from checker.errors import EngineError
from checker.policy_set import PolicySet

# What each query asks besides its answer: OPA's errors for failing built-ins (see evaluate) and
# the revisions of the bundles that answered.
DECISION_PARAMS = {"strict-builtin-errors": "true", "provenance": "true"}
BUNDLE_HINT = (
    "build the server's bundle with `llm-policy bundle build` (it carries the digest document),"
    " or let the checker push its policies (drop --no-push)"
)


class OpaEngine:
    """The `Engine` on an OPA server; build it with `build_opa_engine`."""

    name = "opa"

    def __init__(self, conn: OpaConnection, server: LocalServer | None = None) -> None:
        self.url = conn.url
        self._conn, self._server = conn, server
        self._version = "unknown"
        self._provenance: Provenance | None = None
        self._bundles: dict[str, t.Any] = {}
        #: what a person should know that is not an error (the server's policies differ)
        self.notices: tuple[str, ...] = ()
        atexit.register(self.close)  # an exception on the way out must not leak the server

    @property
    def version(self) -> str:
        """The server's version from its /v1/config labels, or "unknown"."""
        return self._version

    @property
    def provenance(self) -> Provenance:
        """The policy and catalog digests the server's digest document states."""
        if self._provenance is None:
            raise EngineError(f"OPA server {self.url}: its digest document was not read yet")
        return self._provenance

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
            self._conn.client.query_rule, manifest, DECISION_PATH, query_params=DECISION_PARAMS
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
        decision = check_decision(body["result"], manifest, source=f"OPA server {self.url}")
        bundles = self._revisions(body, "the decision")
        if bundles != self._bundles:
            raise self._conn.error(
                f"decided with other bundles than it held when its digest document was read"
                f" ({_revisions_text(self._bundles)}, now {_revisions_text(bundles)})",
                "it activated another revision during the run, so the report could not name the"
                " policies of every decision; run again once the rollout is over",
            )
        return decision

    def _revisions(self, body: dict[str, t.Any], what: str) -> dict[str, t.Any]:
        """The bundle revisions an answer's provenance names ({} on a server fed by pushes)."""
        provenance = body.get("provenance")
        bundles = provenance.get("bundles", {}) if isinstance(provenance, dict) else None
        if not isinstance(bundles, dict) or not all(
            isinstance(b, dict) and isinstance(b.get("revision", ""), str) for b in bundles.values()
        ):
            raise self._conn.error(
                f"answered {what} without its provenance (the bundle revisions it was decided"
                f" with): {str(provenance)[:120]!r}",
                "check that it is an OPA server",
            )
        return {str(name): b.get("revision", "") for name, b in bundles.items()}

    def _read_provenance(self) -> None:
        """Read the digest document; without one this server's policies are not llm-policy's."""
        read = partial(self._conn.client.get_data, META_PATH, query_params={"provenance": "true"})
        try:
            body = self._conn.call(f"reading its digest document ({META_QUERY})", read)
        except PolicyNotFoundError as exc:
            code, message = str(exc.expression), str(exc.message)[:200]
            said = f" ({code}: {message})" if code != "PolicyNotFoundError" else ""
            raise self._conn.error(
                f"has no llm-policy digest document at {META_QUERY}{said}, so nothing says which"
                " policies and catalog its decisions come from",
                BUNDLE_HINT,
            ) from None
        try:
            self._provenance = read_meta(body.get("result"))
        except ValueError as exc:
            raise self._conn.error(
                f"holds a malformed digest document ({exc})", BUNDLE_HINT
            ) from None
        self._bundles = self._revisions(body, f"reading {META_QUERY}")

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
        while not self._conn.healthy():
            if self._server.exited or time.monotonic() > deadline:
                raise EngineError(f"OPA server {self.url} did not start: {self._server.log_tail()}")
            time.sleep(0.05)

    def _load_version(self) -> None:
        try:
            config = self._conn.call("reading its configuration", self._conn.client.get_config)
        except RefusedAnswer:
            raise  # a redirect, an endless or a late answer: not a server to use
        except EngineError:
            return  # the version is informational; a server that hides its config still works
        result = config.get("result") if isinstance(config, dict) else None
        labels = result.get("labels") if isinstance(result, dict) else None
        version = labels.get("version") if isinstance(labels, dict) else None
        if isinstance(version, str) and len(version) <= 100 and version.isprintable():
            self._version = version


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
        engine._read_provenance()
        local = local_provenance(policy_set)
        differs = differences(engine.provenance, local)
        if differs and (push or url is None):
            raise engine._conn.error(
                f"holds other policies than the checker pushed ({'; '.join(differs)})",
                "another client pushed to it meanwhile; run again, or give each run a server",
            )
        if differs:
            engine.notices = (
                f"OPA server {engine.url} decides with other policies than the local ones"
                f" ({'; '.join(differs)}): the report names the server's",
            )
    except BaseException:
        engine.close()
        raise
    return engine


def _revisions_text(bundles: t.Mapping[str, t.Any]) -> str:
    if not bundles:
        return "no bundle"
    return ", ".join(f"{name} {revision}" for name, revision in sorted(bundles.items()))[:300]
