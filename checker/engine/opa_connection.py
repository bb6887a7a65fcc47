"""One OPA server's REST API through opa-python-client: bounded retries, errors that name it."""

from __future__ import annotations

import re
import time
import typing as t
from urllib.parse import urlsplit

import opa_client
import requests

from checker.errors import EngineError, UsageError

BACKOFF = 0.1  # seconds before the first retry; doubles each time
_T = t.TypeVar("_T")


class OpaConnection:
    """A client for one server, its URL as errors name it, and the retry policy."""

    def __init__(self, client: t.Any, url: str, *, timeout: float, retries: int) -> None:
        self.client, self.url = client, url
        self.timeout, self.retries = timeout, retries

    def error(self, problem: str, advice: str) -> EngineError:
        """An `EngineError` naming this server, what went wrong and what to do."""
        return EngineError(f"OPA server {self.url} {problem}: {advice}")

    def call(self, what: str, call: t.Callable[[], _T]) -> _T:
        """Run one client call, retrying connection errors and 5xx with exponential backoff."""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(BACKOFF * 2 ** (attempt - 1))
            try:
                return call()
            except requests.ConnectionError as exc:  # also a connect timeout: nothing was sent
                problem = f"is unreachable ({_reason(exc)}) during {what}"
                advice = "check the URL and that the server is running"
            except requests.Timeout:  # a slow server is not retried: that would multiply the wait
                raise self.error(
                    f"did not answer {what} within {self.timeout:g}s",
                    "check the server's load, or allow more seconds in LLM_POLICY_OPA_TIMEOUT",
                ) from None
            except requests.HTTPError as exc:
                status = exc.response.status_code if exc.response is not None else 0
                evaluation = _evaluation_errors(exc.response)
                text = evaluation or (exc.response.text[:300] if exc.response is not None else "")
                problem = f"answered {what} with HTTP {status} {text}".rstrip()
                advice = "check the server's logs" if status >= 500 else "check its API and auth"
                if evaluation:  # the policy failed, not the server: asking again gives the same
                    raise self.error(problem, "fix the policy") from exc
                if status < 500:
                    raise self.error(problem, advice) from exc
            # JSONDecodeError, or JSON of another shape than OPA's that the client trips on.
            except (ValueError, AttributeError, KeyError) as exc:
                raise self.error(
                    f"sent a malformed answer to {what} ({exc})", "check that it is an OPA server"
                ) from exc
            except requests.exceptions.InvalidJSONError as exc:  # NaN or the like in the request
                raise EngineError(f"cannot send {what} to OPA as JSON: {exc}") from exc
            except requests.RequestException as exc:
                raise self.error(f"failed {what} ({exc})", "check the URL") from exc
        raise self.error(problem, advice)

    def wait_healthy(self) -> None:
        """Poll GET /health, with the retries and backoff of `call`, until the server answers."""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(BACKOFF * 2 ** (attempt - 1))
            if self.client.check_health():
                return
        raise self.error("is unreachable or unhealthy (GET /health)", "check the URL")

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
    # retries=0: `call` retries itself, so POST queries and 503 are covered and counts add up.
    client = opa_client.create_opa_client(
        host=host, port=port, ssl=https, timeout=timeout, retries=0
    )
    client._session.trust_env = trust_env
    shown = f"{parts.scheme}://{host}:{port}"
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
