"""The OPA connection's retries (urllib3's `Retry`) against a loopback server that fails N times.

What is retried, and why (see `checker.engine.opa_connection.retry_policy`): a connection that
fails (nothing reached the server) and a 5xx answer (the server says it failed), for every method
the client sends, the decision POST included, since it is a query that writes nothing. A read
error is never retried: a timeout is a slow server, where asking again multiplies the wait, and
an answer lost after the request went out leaves unknown whether the server acted.
"""

from __future__ import annotations

import threading
import typing as t
from collections.abc import Iterator
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from urllib3.exceptions import MaxRetryError, NewConnectionError, ProtocolError, ReadTimeoutError

from checker.engine.base import DECISION_PATH
from checker.engine.opa_connection import OpaConnection, build_connection, retry_policy
from checker.errors import EngineError

RETRIES = 3
DECISION = b'{"result": {"pass": true}}'
EVALUATION_ERROR = (
    b'{"code": "internal_error", "errors": [{"code": "eval_builtin_error",'
    b' "message": "div: divide by zero", "location": {"file": "a.rego", "row": 3}}]}'
)


class FlakyServer(ThreadingHTTPServer):
    """Fails the first `failures` requests of each method the way `fault` says, then answers."""

    def __init__(self, fault: str, failures: int) -> None:
        super().__init__(("127.0.0.1", 0), FlakyHandler)
        self.fault, self.failures = fault, failures
        self.seen: dict[str, int] = {}
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class FlakyHandler(BaseHTTPRequestHandler):
    server: FlakyServer

    def answer(self, status: int, body: bytes) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with self.server.lock:
            count = self.server.seen.get(self.command, 0) + 1
            self.server.seen[self.command] = count
        if count > self.server.failures:
            self.reply(status, body)
        elif self.server.fault == "drop":  # the request arrived; the answer never leaves
            self.close_connection = True
        elif self.server.fault == "eval":
            self.reply(500, EVALUATION_ERROR)
        else:
            self.reply(int(self.server.fault), b'{"code": "unavailable", "message": "busy"}')

    def do_GET(self) -> None:
        self.answer(200, b"{}")

    def do_POST(self) -> None:
        self.answer(200, DECISION)

    def do_PUT(self) -> None:
        self.answer(204, b"")

    def reply(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: t.Any) -> None:
        pass


@pytest.fixture
def flaky() -> Iterator[t.Callable[[str, int], FlakyServer]]:
    servers: list[FlakyServer] = []

    def start(fault: str, failures: int) -> FlakyServer:
        server = FlakyServer(fault, failures)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def connect(server: FlakyServer) -> OpaConnection:
    return build_connection(server.url, timeout=2, retries=RETRIES)


def decide(conn: OpaConnection) -> t.Any:
    query = partial(conn.client.query_rule, {"name": "a"}, DECISION_PATH)
    return conn.call("the decision query", query)


@pytest.mark.parametrize(
    ("fault", "failures"),
    [("503", n) for n in range(RETRIES + 1)] + [(status, 1) for status in ("500", "502", "504")],
)
def test_a_decision_query_is_retried_until_it_is_answered(
    flaky: t.Callable[[str, int], FlakyServer], fault: str, failures: int
) -> None:
    server = flaky(fault, failures)
    conn = connect(server)
    try:
        assert decide(conn) == {"result": {"pass": True}}
    finally:
        conn.close()
    assert server.seen == {"POST": failures + 1}


def test_the_retries_are_bounded_and_the_error_names_the_server(
    flaky: t.Callable[[str, int], FlakyServer],
) -> None:
    server = flaky("503", RETRIES + 1)
    conn = connect(server)
    with pytest.raises(EngineError, match="answered the decision query with HTTP 503") as caught:
        decide(conn)
    conn.close()
    assert server.url in str(caught.value) and "busy" in str(caught.value)
    assert server.seen == {"POST": RETRIES + 1}


def test_a_decision_whose_answer_was_lost_is_not_sent_again(
    flaky: t.Callable[[str, int], FlakyServer],
) -> None:
    # The server read the query and closed without answering: a read error, never retried.
    server = flaky("drop", 1)
    conn = connect(server)
    with pytest.raises(EngineError, match="is unreachable") as caught:
        decide(conn)
    conn.close()
    assert server.url in str(caught.value)
    assert server.seen == {"POST": 1}


def test_an_evaluation_error_is_asked_again_and_then_named(
    flaky: t.Callable[[str, int], FlakyServer],
) -> None:
    # urllib3 decides on the status alone: OPA's 500 for a failing policy is retried like any
    # 500 (at most RETRIES times, a second in all), then reported as the policy's fault.
    server = flaky("eval", RETRIES + 1)
    conn = connect(server)
    with pytest.raises(EngineError, match=r"div: divide by zero \(a.rego:3\): fix the policy"):
        decide(conn)
    conn.close()
    assert server.seen == {"POST": RETRIES + 1}


def test_a_push_write_is_retried_too(flaky: t.Callable[[str, int], FlakyServer]) -> None:
    server = flaky("503", 2)
    conn = connect(server)
    write = partial(conn.client.update_or_create_data, {"limit": 10}, "settings")
    try:
        conn.call("loading data.settings", write)
    finally:
        conn.close()
    assert server.seen == {"PUT": 3}


@pytest.mark.parametrize("failures", [0, 2, RETRIES])
def test_health_is_probed_until_it_answers(
    flaky: t.Callable[[str, int], FlakyServer], failures: int
) -> None:
    server = flaky("500", failures)
    conn = connect(server)
    conn.wait_healthy()
    conn.close()
    assert server.seen == {"GET": failures + 1}


def test_an_unhealthy_server_is_named_after_the_retries(
    flaky: t.Callable[[str, int], FlakyServer],
) -> None:
    server = flaky("500", RETRIES + 1)
    conn = connect(server)
    with pytest.raises(EngineError, match="unhealthy") as caught:
        conn.wait_healthy()
    conn.close()
    assert server.url in str(caught.value)
    assert server.seen == {"GET": RETRIES + 1}


def test_one_health_probe_is_one_request(flaky: t.Callable[[str, int], FlakyServer]) -> None:
    # The engine polls its own server's /health against a deadline: a probe must not retry.
    server = flaky("500", 1)
    conn = connect(server)
    assert conn.client.check_health() is False
    conn.close()
    assert server.seen == {"GET": 1}


# --- the policy itself, error by error ----------------------------------------------------------


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "GET"])
def test_the_policy_retries_a_failed_connection_for_any_method(method: str) -> None:
    refused = NewConnectionError(None, "Connection refused")
    retry = retry_policy(2)
    for _ in range(2):
        retry = retry.increment(method, "/v1/data", error=refused)
    with pytest.raises(MaxRetryError):
        retry.increment(method, "/v1/data", error=refused)


@pytest.mark.parametrize(
    "error",
    [ReadTimeoutError(None, "/v1/data", "read timed out"), ProtocolError("Connection aborted")],
)
def test_the_policy_never_retries_a_read_error(error: Exception) -> None:
    with pytest.raises(type(error)):
        retry_policy(3).increment("POST", "/v1/data", error=error)


@pytest.mark.parametrize(
    ("status", "retried"), [(500, True), (503, True), (429, False), (400, False)]
)
def test_the_policy_retries_server_errors_only(status: int, retried: bool) -> None:
    assert retry_policy(3).is_retry("POST", status) is retried
