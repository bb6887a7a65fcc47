"""The OPA engine: decisions from an OPA server's REST API, on a given URL or a private local one.

Without a URL the engine starts `opa run --server` on a free loopback port and stops it in
`close()`. With a URL it uses that server, pushing the policy set first unless the server is fed
by bundles. Every failure is an `EngineError` (exit 3) that names the server and what to do.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import typing as t
from functools import partial
from pathlib import Path
from urllib.parse import quote, urlsplit

import opa_client
import requests
from opa_client.errors import (
    DeletePolicyError,
    PatchDataError,
    PolicyNotFoundError,
    RegoParseError,
    TypeException,
)

from checker.engine.base import DECISION_PATH, DECISION_QUERY
from checker.errors import EngineError, UsageError
from checker.policy_set import PolicySet

OPA_VERSION = "v1.22.3"  # the build scripts/install-opa makes; keep the two in step
ID_PREFIX = "llm-policy/"  # our policy ids on a server, so a push replaces only its own modules
DECISION_KEYS = frozenset(
    {"violations", "warnings", "selfHosted", "vendorApi", "models", "preference"}
    | {"preferenceReasons", "recommendation", "pass"}
)
STARTUP_TIMEOUT = 30.0
STOP_GRACE = 3.0
BACKOFF = 0.1  # seconds before the first retry; doubles each time
INSTALL_HINT = "run scripts/install-opa, or pass --opa-url to use a running OPA server"
# What the client raises when OPA refuses a write (TypeException: an empty policy file).
_REJECTIONS = (RegoParseError, DeletePolicyError, PatchDataError, TypeException)
_T = t.TypeVar("_T")
Op = tuple[str, t.Callable[[], object]]


class _Stalled(EngineError):
    """OPA rejected every remaining write of a push."""


class OpaEngine:
    """The `Engine` on an OPA server; build it with `build_opa_engine`."""

    name = "opa"

    def __init__(
        self,
        client: t.Any,
        url: str,
        *,
        timeout: float,
        retries: int,
        process: subprocess.Popen[bytes] | None = None,
        log: t.IO[bytes] | None = None,
    ) -> None:
        self.url = url
        self._client, self._timeout, self._retries = client, timeout, retries
        self._process, self._log = process, log
        self._version = "unknown"
        atexit.register(self.close)  # an exception on the way out must not leak the server

    @property
    def version(self) -> str:
        """The server's version from its /v1/config labels, or "unknown"."""
        return self._version

    @property
    def pid(self) -> int | None:
        """The process id of the OPA server this engine started and still runs, if any."""
        return self._process.pid if self._process is not None else None

    def evaluate(self, manifest: dict[str, t.Any]) -> dict[str, t.Any]:
        """Return the decision for `manifest`; raise `EngineError` unless OPA computed one."""
        query = partial(self._client.query_rule, manifest, DECISION_PATH)
        try:
            body = self._call("the decision query", query)
        except TypeError as exc:  # the manifest held something JSON cannot carry
            raise EngineError(f"cannot send the manifest to OPA as JSON: {exc}") from exc
        if not isinstance(body, dict) or "result" not in body:
            raise self._error(
                f"has no decision at {DECISION_QUERY} (undefined)",
                "load llm-policy's policies into it (let the checker push them, or use a bundle)",
            )
        result = body["result"]
        missing = DECISION_KEYS - set(result) if isinstance(result, dict) else DECISION_KEYS
        if missing:
            raise self._error(
                f"returned a malformed decision (missing {', '.join(sorted(missing))})",
                "check that its llm.decision package is llm-policy's",
            )
        return t.cast(dict[str, t.Any], result)

    def close(self) -> None:
        """Close the connection and stop the server if this engine started it (idempotent)."""
        atexit.unregister(self.close)
        self._client.close_connection()
        process, self._process = self._process, None
        if process is not None:
            process.terminate()
            try:
                process.wait(STOP_GRACE)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._log is not None:
            self._log.close()

    def __enter__(self) -> OpaEngine:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _error(self, problem: str, advice: str) -> EngineError:
        return EngineError(f"OPA server {self.url} {problem}: {advice}")

    def _call(self, what: str, call: t.Callable[[], _T]) -> _T:
        """Run one client call, retrying connection errors and 5xx with exponential backoff."""
        for attempt in range(self._retries + 1):
            if attempt:
                time.sleep(BACKOFF * 2 ** (attempt - 1))
            try:
                return call()
            except requests.ConnectionError as exc:  # also a connect timeout: nothing was sent
                problem = f"is unreachable ({_reason(exc)}) during {what}"
                advice = "check the URL and that the server is running"
            except requests.Timeout:  # a slow server is not retried: that would multiply the wait
                raise self._error(
                    f"did not answer {what} within {self._timeout:g}s",
                    "check the server's load, or allow a longer timeout",
                ) from None
            except requests.HTTPError as exc:
                status = exc.response.status_code if exc.response is not None else 0
                text = exc.response.text[:300] if exc.response is not None else ""
                problem = f"answered {what} with HTTP {status} {text}".rstrip()
                advice = "check the server's logs" if status >= 500 else "check its API and auth"
                if status < 500:
                    raise self._error(problem, advice) from exc
            # JSONDecodeError, or JSON of another shape than OPA's that the client trips on.
            except (ValueError, AttributeError, KeyError) as exc:
                raise self._error(
                    f"sent a malformed answer to {what} ({exc})", "check that it is an OPA server"
                ) from exc
            except requests.exceptions.InvalidJSONError as exc:  # NaN or the like in the request
                raise EngineError(f"cannot send {what} to OPA as JSON: {exc}") from exc
            except requests.RequestException as exc:
                raise self._error(f"failed {what} ({exc})", "check the URL") from exc
        raise self._error(problem, advice)

    def _settle(self, ops: list[Op]) -> None:
        """Run writes, going round again for rejected ones while any others succeed.

        OPA compiles every module on each write, so a module calling a helper that is not loaded
        yet is rejected; going round orders modules by dependency without parsing any Rego.
        """
        pending = ops
        while pending:
            rejected: list[tuple[str, t.Callable[[], object], str]] = []
            for label, op in pending:
                try:
                    self._call(label, op)
                except _REJECTIONS as exc:
                    rejected.append((label, op, _opa_message(exc)))
            if len(rejected) == len(pending):
                details = "; ".join(f"{label}: {message}" for label, _, message in rejected)
                raise _Stalled(
                    f"OPA server {self.url} rejected the policy set ({details}): fix the policies"
                )
            pending = [(label, op) for label, op, _ in rejected]

    def _push(self, policy_set: PolicySet) -> None:
        client = self._client
        data_ops: list[Op] = [
            # The client only PUTs objects; any other top-level value goes in as a JSON patch.
            (f"loading data.{key}", partial(client.update_or_create_data, value, quote(key, "")))
            if isinstance(value, dict)
            else (f"loading data.{key}", partial(client.patch_data, "", [_add(key, value)]))
            for key, value in policy_set.data.items()
        ]
        self._settle(data_ops)
        wanted = {ID_PREFIX + name: text for name, text in policy_set.sources.items()}
        ours = self._our_policies()
        if set(ours) == set(wanted) and all(self._raw(i) == wanted[i] for i in ours):
            return  # already loaded (e.g. by a parallel run): rewriting would only open a gap
        puts = [
            (f"loading {i.removeprefix(ID_PREFIX)}", _put(client, i, s)) for i, s in wanted.items()
        ]
        try:
            try:
                self._settle(puts + _deletes(client, set(ours) - set(wanted)))
            except _Stalled:
                if not ours:
                    raise
                # Modules of an older push can block the new ones (a helper changed its arity,
                # say): clear ours and load afresh.
                self._settle(_deletes(client, self._our_policies()))
                self._settle(puts)
        except EngineError:
            # Leave none of ours rather than a mix that another client could take for the whole
            # set: with nothing loaded its queries are undefined, an error, never a pass.
            with contextlib.suppress(EngineError):
                self._settle(_deletes(client, self._our_policies()))
            raise

    def _our_policies(self) -> list[str]:
        ids = self._call("listing policies", self._client.get_policies_list)
        return [i for i in ids if isinstance(i, str) and i.startswith(ID_PREFIX)]

    def _raw(self, policy_id: str) -> object:
        try:
            body = self._call(
                "reading a policy", partial(self._client.get_policy, quote(policy_id))
            )
        except PolicyNotFoundError:  # removed meanwhile: it differs, so the set gets pushed
            return None
        return body.get("result", {}).get("raw") if isinstance(body, dict) else None

    def _wait_healthy(self) -> None:
        """Poll /health until the server answers: retries for a URL, a deadline for our own."""
        if self._process is None:
            for attempt in range(self._retries + 1):
                if attempt:
                    time.sleep(BACKOFF * 2 ** (attempt - 1))
                if self._client.check_health():
                    return
            raise self._error("is unreachable or unhealthy (GET /health)", "check the URL")
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not self._client.check_health():
            if self._process.poll() is not None or time.monotonic() > deadline:
                raise EngineError(f"OPA server {self.url} did not start: {self._log_tail()}")
            time.sleep(0.05)

    def _log_tail(self) -> str:
        code = self._process.poll() if self._process is not None else None
        status = f"exited with {code}" if code is not None else f"no answer in {STARTUP_TIMEOUT:g}s"
        if self._log is None:
            return status
        self._log.seek(0)
        output = self._log.read().decode(errors="replace").strip()[-1000:]
        return f"{status}: {output}" if output else status

    def _load_version(self) -> None:
        try:
            labels = self._client.get_config().get("result", {}).get("labels", {})
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
        engine = _start_local(_find_binary(opa_binary), timeout, retries)
    else:
        client, url = _client_for(url, timeout)
        engine = OpaEngine(client, url, timeout=timeout, retries=retries)
    try:
        engine._wait_healthy()
        engine._load_version()
        if engine.pid is not None and engine.version.startswith("0."):
            raise EngineError(
                f"OPA {engine.version} is too old (Rego v1 needs 1.x): {INSTALL_HINT}"
            )
        if push or url is None:
            engine._push(policy_set)
    except BaseException:
        engine.close()
        raise
    return engine


def _start_local(binary: str, timeout: float, retries: int) -> OpaEngine:
    with socket.socket() as probe:  # a port free now; OPA's own error says so if it is taken
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # A file, not a pipe: an unread pipe could block OPA. It lives as long as the engine.
    log = tempfile.TemporaryFile()  # noqa: SIM115
    command = [binary, "run", "--server", "--addr", f"127.0.0.1:{port}", "--log-level", "error"]
    command += ["--skip-version-check", "--shutdown-grace-period", "1"]
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    except OSError as exc:
        log.close()
        raise EngineError(f"cannot run OPA binary {binary}: {exc}: {INSTALL_HINT}") from exc
    client, url = _client_for(f"http://127.0.0.1:{port}", timeout)
    # An HTTP(S)_PROXY from the environment must not carry loopback traffic to a proxy.
    client._session.trust_env = False
    return OpaEngine(client, url, timeout=timeout, retries=retries, process=process, log=log)


def _find_binary(explicit: str | None) -> str:
    if explicit is not None:
        if shutil.which(explicit) is None:
            raise EngineError(f"OPA binary {explicit} not found or not executable: {INSTALL_HINT}")
        return explicit
    cache = os.environ.get("LLM_POLICY_CACHE") or str(Path.home() / ".cache" / "llm-policy")
    cached = Path(cache, "opa", OPA_VERSION, "opa")
    found = shutil.which("opa") or (str(cached) if os.access(cached, os.X_OK) else None)
    if found is None:
        raise EngineError(f"no OPA binary on PATH or at {cached}: {INSTALL_HINT}")
    return found


def _client_for(url: str, timeout: float) -> tuple[t.Any, str]:
    """An opa-python-client for `url`, and the URL spelled as errors name it."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = -1
    if parts.scheme not in ("http", "https") or not parts.hostname or port == -1 or parts.query:
        raise UsageError(f"OPA URL {url!r}: expected http(s)://host[:port]")
    if parts.path.strip("/"):
        raise UsageError(f"OPA URL {url!r}: a path prefix is not supported, give only host:port")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    https = parts.scheme == "https"
    port = port or (443 if https else 80)
    # retries=0: the engine retries itself, so POST queries and 503 are covered and counts add up.
    client = opa_client.create_opa_client(
        host=host, port=port, ssl=https, timeout=timeout, retries=0
    )
    return client, f"{parts.scheme}://{host}:{port}"


def _put(client: t.Any, policy_id: str, text: str) -> t.Callable[[], object]:
    # rego_compat=False: the client would otherwise rewrite rejected Rego and load something else.
    return partial(client.update_policy_from_string, text, quote(policy_id), rego_compat=False)


def _deletes(client: t.Any, ids: t.Iterable[str]) -> list[Op]:
    return [(f"removing {i}", partial(client.delete_policy, quote(i))) for i in sorted(ids)]


def _add(key: str, value: object) -> dict[str, object]:
    pointer = key.replace("~", "~0").replace("/", "~1")
    return {"op": "add", "path": f"/{pointer}", "value": value}


def _reason(exc: Exception) -> str:
    found = re.search(r"\[Errno -?\d+\] ([^'\")]+)", str(exc))
    return found.group(1).strip() if found else type(exc).__name__


def _opa_message(exc: Exception) -> str:
    errors = getattr(exc, "errors", None) or []
    details = [
        f"{loc.get('file')}:{loc.get('row')}: {e.get('message')}"
        if isinstance(loc := e.get("location"), dict)
        else str(e.get("message"))
        for e in errors
        if isinstance(e, dict)
    ]
    if isinstance(exc, TypeException):
        return "the file is empty"
    # Ids appear in OPA's messages; the user knows the files by their source names.
    return ("; ".join(details) or str(getattr(exc, "message", exc))).replace(ID_PREFIX, "")
