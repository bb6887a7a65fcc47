"""One OPA server's REST API through opa-python-client: urllib3's retries, errors that name it.

What a server answers is read under three limits before the client sees it: a redirect is never
followed (`GuardedAdapter`), an answer is at most `MAX_ANSWER_BYTES`, and one call (every retry
and every byte of it) ends within the timeout (`OpaConnection.call`).
"""

from __future__ import annotations

import gc
import queue
import re
import threading
import time
import typing as t
from urllib.parse import urlsplit

import opa_client
import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import MaxRetryError
from urllib3.util.retry import Retry

from checker.errors import EngineError, UsageError

# The largest answer read from a server: a decision is a few kilobytes, the largest policy
# listing a few hundred. Larger is not an OPA answering llm-policy's queries.
MAX_ANSWER_BYTES = 8 * 1024 * 1024
CHUNK = 64 * 1024
BACKOFF = 0.1  # urllib3's backoff factor: the retries wait 0, 0.2, 0.4, 0.8 ... seconds
RETRIED_STATUSES = frozenset({500, 502, 503, 504})
# Every method this client sends, and each is safe to send again: its POSTs are Data API queries
# (the decision), which read and write nothing; PUT and DELETE replace or remove a whole policy or
# document; its one PATCH adds a whole top-level document, which leaves the same state twice.
RETRIED_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})
_T = t.TypeVar("_T")


class _Attempts(threading.local):
    """When the latest attempt of the call this thread runs started (`OpaConnection.call`)."""

    started: list[float] | None = None


_attempts = _Attempts()


class AttemptRetry(Retry):
    """urllib3's `Retry`, which also tells the call's deadline that a new attempt starts."""

    def sleep(self, response: t.Any = None) -> None:
        """Wait out the backoff; the next attempt then has the whole timeout again."""
        super().sleep(response)
        if _attempts.started is not None:
            _attempts.started[0] = time.monotonic()


def retry_policy(retries: int) -> Retry:
    """What a connection retries, `retries` times in all at most, with exponential backoff.

    - A connection that fails (refused, unresolvable, connect timeout): nothing reached the
      server, so any request may be sent again.
    - An answer of 500, 502, 503 or 504: the server says it failed; resent for the methods in
      `RETRIED_METHODS` (all of ours, see there). The last answer is returned, for its message.
      urllib3 decides on the status alone, so an OPA evaluation error (500) is asked again too.
    - Never a read error: urllib3 counts a read timeout and a connection lost after the request
      went out alike. A timeout is a slow server, and asking again would multiply the wait; a lost
      answer leaves unknown whether the server acted.
    - Never a `Retry-After` wait: a server's "in an hour" must not stall a run.
    """
    return AttemptRetry(
        total=retries,
        connect=retries,
        read=False,
        status=retries,
        other=0,
        allowed_methods=RETRIED_METHODS,
        status_forcelist=RETRIED_STATUSES,
        backoff_factor=BACKOFF,
        raise_on_status=False,
        respect_retry_after_header=False,
    )


class Refused(Exception):
    """An answer refused before the client reads it: a redirect, or one too large.

    Not a `requests.RequestException`: the client takes those for "unhealthy" in its health
    probe, and a refused answer must reach `OpaConnection.call`, which names the server.
    """


class Redirected(Refused):
    """A 3xx answer: llm-policy talks to the server it was given, never to another."""

    def __init__(self, status: int, location: str) -> None:
        super().__init__(f"redirected (HTTP {status} to {location[:200]!r})")


class TooLarge(Refused):
    """An answer of more than `MAX_ANSWER_BYTES`."""

    def __init__(self, how: str) -> None:
        super().__init__(f"sent an answer larger than the {MAX_ANSWER_BYTES} bytes allowed ({how})")


class RefusedAnswer(EngineError):
    """An answer the checker will not read: refused, or not whole by the deadline (`call`)."""


class GuardedAdapter(HTTPAdapter):
    """Sends a request and reads the whole answer: never a redirect, never a large answer.

    requests follows redirects after the adapter returns; raising here means it never sees one.
    The body is read in chunks (decompressed, if the server compressed it) and given up past
    `MAX_ANSWER_BYTES`, so an endless answer cannot fill the memory.
    """

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: t.Any = None,
        verify: t.Any = True,
        cert: t.Any = None,
        proxies: dict[str, str] | None = None,
    ) -> requests.Response:
        """See `HTTPAdapter.send`; the answer comes back read, whatever `stream` asked."""
        response = super().send(
            request, stream=True, timeout=timeout, verify=verify, cert=cert, proxies=proxies
        )
        try:
            if 300 <= response.status_code < 400:
                raise Redirected(response.status_code, response.headers.get("Location", "nowhere"))
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > MAX_ANSWER_BYTES:
                raise TooLarge(f"Content-Length {int(declared)}")
            body = bytearray()
            for chunk in response.iter_content(CHUNK):
                body += chunk
                if len(body) > MAX_ANSWER_BYTES:
                    raise TooLarge("given up after reading past the limit")
            response._content = bytes(body)
        except BaseException:
            response.close()
            raise
        return response


class _Worker:
    """A daemon thread running a connection's calls one at a time.

    A thread started per call cost a millisecond of a decision's six on a busy two-core
    machine; handing the call to this one costs a tenth of that.
    """

    def __init__(self, name: str) -> None:
        self._jobs: queue.SimpleQueue[t.Callable[[], None] | None] = queue.SimpleQueue()
        threading.Thread(target=self._serve, args=(self._jobs,), name=name, daemon=True).start()

    @staticmethod
    def _serve(jobs: queue.SimpleQueue[t.Callable[[], None] | None]) -> None:
        while (job := jobs.get()) is not None:
            job()

    def submit(self, job: t.Callable[[], None]) -> None:
        """Run `job` after the ones before it."""
        self._jobs.put(job)

    def retire(self) -> None:
        """End the thread once its current job returns (at once if it has none)."""
        self._jobs.put(None)


class _Call:
    """One call on the worker thread, as its caller waits for it.

    While it runs, the cyclic garbage collector is off (the caller only waits): objects some
    libraries bind to the thread that made them (a regorus engine) must not be collected on
    the worker, where dropping them fails. The caller turns it on again when the call ends;
    if the caller gave the call up, the worker does, once the call returns.
    """

    def __init__(self, call: t.Callable[[], t.Any]) -> None:
        self.call = call
        self.outcome: list[tuple[bool, t.Any]] = []
        self.done = threading.Event()
        self.started = [time.monotonic()]  # the latest attempt's start, moved on by AttemptRetry
        self._lock = threading.Lock()
        self._abandoned = False
        self._paused = gc.isenabled()
        if self._paused:
            gc.disable()

    def run(self) -> None:
        """On the worker: the call, its outcome kept for the caller."""
        _attempts.started = self.started
        try:
            self.outcome.append((True, self.call()))
        except BaseException as exc:  # handed to the caller, which re-raises it
            self.outcome.append((False, exc))
        finally:
            with self._lock:
                self.done.set()
                if self._abandoned:
                    self._resume()

    def finish(self) -> bool:
        """On the caller, done waiting: whether it gives the call up (it has not ended).

        An ended call resumes collection here; one given up, on the worker when it returns.
        """
        with self._lock:
            self._abandoned = not self.done.is_set()
            if not self._abandoned:
                self._resume()
            return self._abandoned

    def _resume(self) -> None:
        if self._paused:
            self._paused = False
            gc.enable()


class OpaConnection:
    """A client for one server, its URL as errors name it, and the retry policy."""

    def __init__(self, client: t.Any, url: str, *, timeout: float, retries: int) -> None:
        self.client, self.url = client, url
        self.timeout, self.retries = timeout, retries
        # The client's session, for the two requests it would send to a URL OPA redirects from.
        self.session: requests.Session = client._session
        self._worker: _Worker | None = None

    def error(self, problem: str, advice: str) -> EngineError:
        """An `EngineError` naming this server, what went wrong and what to do."""
        return EngineError(f"OPA server {self.url} {problem}: {advice}")

    def call(self, what: str, call: t.Callable[[], _T]) -> _T:
        """Run one client call (its session retries, see `retry_policy`); errors name the server.

        Each attempt has `timeout` seconds in all, from connecting to the last byte of the
        answer: a server that trickles an answer a byte at a time keeps each read short, so the
        call runs on the connection's worker thread and is given up at the deadline (the thread,
        stuck in a read, ends with the connection; it is a daemon, so it never holds the
        process). A retry (see `retry_policy`) starts the clock again after its backoff.
        """
        try:
            return self._within_deadline(what, call)
        except Refused as exc:
            raise RefusedAnswer(
                f"OPA server {self.url} {exc} during {what}: llm-policy reads nothing else from"
                " a server than a whole answer of its own (give the server's own URL, and check"
                " that it is OPA)"
            ) from None
        except requests.ConnectionError as exc:  # also a connect timeout, after the retries
            raise self.error(
                f"is unreachable ({_reason(exc)}) during {what}",
                "check the URL and that the server is running",
            ) from exc
        except requests.Timeout:  # a read timeout: never retried (see retry_policy)
            raise self._late(what) from None
        except requests.HTTPError as exc:  # a 5xx here is the last answer, after the retries
            status = exc.response.status_code if exc.response is not None else 0
            evaluation = _evaluation_errors(exc.response)
            text = evaluation or (exc.response.text[:300] if exc.response is not None else "")
            problem = f"answered {what} with HTTP {status} {text}".rstrip()
            advice = "check the server's logs" if status >= 500 else "check its API and auth"
            raise self.error(problem, "fix the policy" if evaluation else advice) from exc
        # JSONDecodeError, or JSON of another shape than OPA's that the client trips on.
        except (ValueError, AttributeError, KeyError) as exc:
            raise self.error(
                f"sent a malformed answer to {what} ({exc})", "check that it is an OPA server"
            ) from exc
        except requests.exceptions.InvalidJSONError as exc:  # NaN or the like in the request
            raise EngineError(f"cannot send {what} to OPA as JSON: {exc}") from exc
        except requests.RequestException as exc:
            raise self.error(f"failed {what} ({exc})", "check the URL") from exc

    def _within_deadline(self, what: str, call: t.Callable[[], _T]) -> _T:
        state = _Call(call)
        if self._worker is None:
            self._worker = _Worker(f"OPA {self.url}")
        self._worker.submit(state.run)
        abandoned = True
        try:
            while not state.done.is_set():
                left = state.started[0] + self.timeout - time.monotonic()
                if left <= 0:
                    break
                state.done.wait(left)
        finally:  # the deadline, or an interrupt (Ctrl-C) while waiting
            abandoned = state.finish()
            if abandoned:
                # Its thread may be stuck in a read: leave it to end with the connection, and
                # give the next call a thread of its own.
                self._worker.retire()
                self._worker = None
        if abandoned:
            raise self._late(what)
        ok, value = state.outcome[0]
        if not ok:
            raise value
        return t.cast(_T, value)

    def _late(self, what: str) -> RefusedAnswer:
        return RefusedAnswer(
            f"OPA server {self.url} did not answer {what} within {self.timeout:g}s: check the"
            " server's load, or allow more seconds in LLM_POLICY_OPA_TIMEOUT"
        )

    def healthy(self) -> bool:
        """One probe of GET /health: whether it answered 200 (a redirect is an `EngineError`)."""
        return bool(self.call("the health check (GET /health)", self.client.check_health))

    def wait_healthy(self) -> None:
        """Probe GET /health until it answers 200, `retry_policy` bounding the probes and waits."""
        retry = retry_policy(self.retries)
        while not self.healthy():
            try:
                retry = retry.increment("GET", "/health")
            except MaxRetryError:
                raise self.error(
                    "is unreachable or unhealthy (GET /health)", "check the URL"
                ) from None
            retry.sleep()

    def close(self) -> None:
        """Close the HTTP session and end the worker thread."""
        if self._worker is not None:
            self._worker.retire()
            self._worker = None
        self.client.close_connection()


def build_connection(
    url: str, *, timeout: float, retries: int, trust_env: bool = True
) -> OpaConnection:
    """A connection to `url` (http(s)://host[:port]); a malformed URL is a `UsageError`.

    `trust_env=False` ignores HTTP(S)_PROXY and the like: loopback traffic to a server this run
    started must not go through a proxy.
    """
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
    client = opa_client.create_opa_client(
        host=host, port=port, ssl=https, timeout=timeout, retries=0
    )
    session = client._session
    session.trust_env = trust_env
    shown = f"{parts.scheme}://{host}:{port}"
    session.max_redirects = 0  # GuardedAdapter refuses them first; this is the second lock
    # Every URL the session could reach, this server's or (it never follows one) another's.
    for prefix in ("http://", "https://"):
        session.mount(prefix, GuardedAdapter(max_retries=0))
    session.mount(f"{shown}/", GuardedAdapter(max_retries=retry_policy(retries)))
    # GET /health is a probe, one request: its callers decide how long to wait (wait_healthy by
    # the retry policy; the engine, for a server it started, by a deadline, polling every 50 ms).
    session.mount(f"{shown}/health", GuardedAdapter(max_retries=0))
    return OpaConnection(client, shown, timeout=timeout, retries=retries)


def _evaluation_errors(response: requests.Response | None) -> str:
    """OPA's evaluation errors in an answer ('div: divide by zero (org.rego:9)'), or ""."""
    try:
        errors = response.json().get("errors") if response is not None else None
    except (ValueError, AttributeError):
        return ""
    if not isinstance(errors, list):
        return ""
    said = []
    for error in errors[:5]:
        if isinstance(error, dict) and str(error.get("code", "")).startswith("eval_"):
            where = error.get("location") or {}
            at = f" ({where.get('file')}:{where.get('row')})" if isinstance(where, dict) else ""
            said.append(f"{error.get('message')}{at}")
    return "; ".join(said)


def _reason(exc: Exception) -> str:
    found = re.search(r"\[Errno -?\d+\] ([^'\")]+)", str(exc))
    return found.group(1).strip() if found else type(exc).__name__
