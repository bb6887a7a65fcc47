"""One OPA server's REST API through opa-python-client: urllib3's retries, errors that name it."""

from __future__ import annotations

import re
import typing as t
from urllib.parse import urlsplit

import opa_client
import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import MaxRetryError
from urllib3.util.retry import Retry

from checker.errors import EngineError, UsageError

BACKOFF = 0.1  # urllib3's backoff factor: the retries wait 0, 0.2, 0.4, 0.8 ... seconds
RETRIED_STATUSES = frozenset({500, 502, 503, 504})
# Every method this client sends, and each is safe to send again: its POSTs are Data API queries
# (the decision), which read and write nothing; PUT and DELETE replace or remove a whole policy or
# document; its one PATCH adds a whole top-level document, which leaves the same state twice.
RETRIED_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})
_T = t.TypeVar("_T")


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
    return Retry(
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


class OpaConnection:
    """A client for one server, its URL as errors name it, and the retry policy."""

    def __init__(self, client: t.Any, url: str, *, timeout: float, retries: int) -> None:
        self.client, self.url = client, url
        self.timeout, self.retries = timeout, retries

    def error(self, problem: str, advice: str) -> EngineError:
        """An `EngineError` naming this server, what went wrong and what to do."""
        return EngineError(f"OPA server {self.url} {problem}: {advice}")

    def call(self, what: str, call: t.Callable[[], _T]) -> _T:
        """Run one client call (its session retries, see `retry_policy`); errors name the server."""
        try:
            return call()
        except requests.ConnectionError as exc:  # also a connect timeout, after the retries
            raise self.error(
                f"is unreachable ({_reason(exc)}) during {what}",
                "check the URL and that the server is running",
            ) from exc
        except requests.Timeout:  # a read timeout: never retried (see retry_policy)
            raise self.error(
                f"did not answer {what} within {self.timeout:g}s",
                "check the server's load, or allow more seconds in LLM_POLICY_OPA_TIMEOUT",
            ) from None
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

    def wait_healthy(self) -> None:
        """Probe GET /health until it answers 200, `retry_policy` bounding the probes and waits."""
        retry = retry_policy(self.retries)
        while not self.client.check_health():
            try:
                retry = retry.increment("GET", "/health")
            except MaxRetryError:
                raise self.error(
                    "is unreachable or unhealthy (GET /health)", "check the URL"
                ) from None
            retry.sleep()

    def close(self) -> None:
        """Close the HTTP session."""
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
    session.mount(f"{shown}/", HTTPAdapter(max_retries=retry_policy(retries)))
    # GET /health is a probe, one request: its callers decide how long to wait (wait_healthy by
    # the retry policy; the engine, for a server it started, by a deadline, polling every 50 ms).
    session.mount(f"{shown}/health", HTTPAdapter(max_retries=0))
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
