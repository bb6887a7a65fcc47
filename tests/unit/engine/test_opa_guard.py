"""What the OPA connection reads: no redirect, no answer past the cap, nothing past the deadline.

Each test runs one client call through `OpaConnection.call` against a loopback server that
answers the way the test says (`Script`), and checks both the error and what the server saw.
"""

from __future__ import annotations

import gc
import gzip
import threading
import time
import typing as t
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from checker.engine.base import DECISION_PATH
from checker.engine.opa_connection import (
    MAX_ANSWER_BYTES,
    OpaConnection,
    RefusedAnswer,
    build_connection,
)

DECISION = b'{"result": {"pass": true}}'


@dataclass(frozen=True)
class Answer:
    """One answer: `delay` seconds of silence, then the answer, `trickle` ("headers": all of it;
    "body": the body) sent a byte every `gap` seconds."""

    status: int = 200
    body: bytes = DECISION
    headers: dict[str, str] = field(default_factory=dict)
    length: bool = True
    delay: float = 0.0
    trickle: str = ""
    gap: float = 0.2

    def head(self) -> bytes:
        fields = {"Content-Type": "application/json", **self.headers}
        if self.length:
            fields["Content-Length"] = str(len(self.body))
        lines = [f"HTTP/1.1 {self.status} X", *(f"{k}: {v}" for k, v in fields.items())]
        return ("\r\n".join([*lines, "Connection: close", "", ""])).encode()


class Script(ThreadingHTTPServer):
    """Answers each request with the next of `answers` (the last one again when they run out)."""

    def __init__(self, answers: list[Answer]) -> None:
        super().__init__(("127.0.0.1", 0), ScriptHandler)
        self.answers: list[Answer] = answers
        self.seen: list[str] = []
        self.release = threading.Event()
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def next(self, line: str) -> Answer:
        with self.lock:
            self.seen.append(line)
            return self.answers[min(len(self.seen), len(self.answers)) - 1]


class ScriptHandler(BaseHTTPRequestHandler):
    server: Script
    protocol_version = "HTTP/1.1"

    def handle_one(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        reply = self.server.next(f"{self.command} {self.path}")
        self.close_connection = True
        if self.server.release.wait(reply.delay):
            return
        head = reply.head()
        whole = head + reply.body
        sent = {"": len(whole), "headers": 0, "body": len(head)}[reply.trickle]
        try:
            self.wfile.write(whole[:sent])
            self.wfile.flush()
            while sent < len(whole):
                if self.server.release.wait(reply.gap):
                    return
                self.wfile.write(whole[sent : sent + 1])
                self.wfile.flush()
                sent += 1
        except OSError:
            pass  # the client gave up

    do_GET = do_POST = do_PUT = handle_one

    def log_message(self, format: str, *args: t.Any) -> None:
        pass


@pytest.fixture
def script() -> Iterator[t.Callable[..., Script]]:
    servers: list[Script] = []

    def start(*answers: Answer) -> Script:
        server = Script(list(answers))
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.release.set()
        server.shutdown()
        server.server_close()


def answer(status: int = 200, body: bytes = DECISION, **options: t.Any) -> Answer:
    headers = {k.replace("_", "-"): v for k, v in options.pop("headers", {}).items()}
    return Answer(status, body, headers, **options)


def connect(server: Script, timeout: float = 2.0, retries: int = 2) -> OpaConnection:
    return build_connection(server.url, timeout=timeout, retries=retries)


def decide(conn: OpaConnection) -> t.Any:
    return conn.call(
        "the decision query", partial(conn.client.query_rule, {"name": "a"}, DECISION_PATH)
    )


# --- redirects --------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirected_decision_is_refused_and_not_followed(
    script: t.Callable[..., Script], status: int
) -> None:
    good = script(answer())
    server = script(
        answer(status, b"", headers={"Location": f"{good.url}/v1/data/llm/decision/result"})
    )
    conn = connect(server)
    with pytest.raises(RefusedAnswer, match=rf"redirected \(HTTP {status} to '{good.url}/v1/"):
        decide(conn)
    conn.close()
    assert server.seen == ["POST /v1/data/llm/decision/result"]
    assert good.seen == []


def test_a_redirected_write_and_health_check_are_refused(script: t.Callable[..., Script]) -> None:
    server = script(answer(307, b"", headers={"Location": "http://127.0.0.1:1/elsewhere"}))
    conn = connect(server)
    write = partial(conn.client.update_or_create_data, {"limit": 10}, "settings")
    with pytest.raises(RefusedAnswer, match=r"during loading data\.settings"):
        conn.call("loading data.settings", write)
    # The client's own health probe takes request errors for "unhealthy"; a redirect is not one.
    with pytest.raises(RefusedAnswer, match=r"redirected .* during the health check"):
        conn.healthy()
    conn.close()


# --- the size of an answer --------------------------------------------------------------------


def _padded(size: int) -> bytes:
    """The decision, `size` bytes long."""
    prefix, suffix = DECISION[:-1] + b', "x": "', b'"}'
    return prefix + b"x" * (size - len(prefix) - len(suffix)) + suffix


@pytest.mark.parametrize("length", [True, False])
def test_an_answer_at_the_cap_is_read(script: t.Callable[..., Script], length: bool) -> None:
    server = script(answer(body=_padded(MAX_ANSWER_BYTES), length=length))
    conn = connect(server, timeout=10)
    assert decide(conn)["result"] == {"pass": True}
    conn.close()


@pytest.mark.parametrize(
    ("body", "length", "headers", "how"),
    [
        (_padded(MAX_ANSWER_BYTES + 1), True, {}, f"Content-Length {MAX_ANSWER_BYTES + 1}"),
        (_padded(MAX_ANSWER_BYTES + 1), False, {}, "given up after reading past the limit"),
        # 20 MiB that compress to 20 kB: the cap counts what the answer decompresses to.
        (gzip.compress(_padded(20 << 20)), True, {"Content_Encoding": "gzip"}, "past the limit"),
    ],
)
def test_an_answer_past_the_cap_is_refused(
    script: t.Callable[..., Script], body: bytes, length: bool, headers: dict[str, str], how: str
) -> None:
    server = script(answer(body=body, length=length, headers=headers))
    conn = connect(server, timeout=10)
    with pytest.raises(RefusedAnswer, match=f"larger than the {MAX_ANSWER_BYTES} bytes") as caught:
        decide(conn)
    conn.close()
    assert how in str(caught.value) and server.url in str(caught.value)


# --- the deadline -----------------------------------------------------------------------------


@pytest.mark.parametrize("trickle", ["headers", "body"])
def test_a_trickled_answer_is_given_up_at_the_deadline(
    script: t.Callable[..., Script], trickle: str
) -> None:
    # A byte every 0.2 s: no read waits long, but the whole answer would take seconds.
    server = script(answer(trickle=trickle, gap=0.2))
    conn = connect(server, timeout=1.0)
    started = time.monotonic()
    with pytest.raises(RefusedAnswer, match=r"did not answer the decision query within 1s"):
        decide(conn)
    elapsed = time.monotonic() - started
    conn.close()
    assert 1.0 <= elapsed < 1.5


def test_each_retry_has_the_whole_timeout(script: t.Callable[..., Script]) -> None:
    # Two slow 503s, then the decision: 1.2 s in all, more than the timeout, but each attempt
    # ends within it.
    busy = answer(503, b'{"code": "unavailable"}', delay=0.6)
    server = script(busy, busy, answer())
    conn = connect(server, timeout=1.0, retries=2)
    started = time.monotonic()
    assert decide(conn) == {"result": {"pass": True}}
    conn.close()
    assert time.monotonic() - started > 1.0
    assert len(server.seen) == 3


# --- the worker thread and the garbage collector ----------------------------------------------


def test_no_collection_runs_on_the_worker(script: t.Callable[..., Script]) -> None:
    # A regorus engine dropped by the collector on another thread than its own fails
    # ("unsendable, but is being dropped on another thread"), so the collector is paused while
    # a call runs on the worker. With a threshold of 1, any allocation there would start one.
    server = script(answer(body=_padded(100_000)))
    conn = connect(server)
    here, seen = threading.current_thread(), []

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(threading.current_thread())

    threshold = gc.get_threshold()
    gc.callbacks.append(watch)
    gc.set_threshold(1)
    try:
        for _ in range(3):
            assert decide(conn)["result"] == {"pass": True}
        assert gc.isenabled()
    finally:
        gc.set_threshold(*threshold)
        gc.callbacks.remove(watch)
        conn.close()
    assert seen and all(thread is here for thread in seen)


def test_the_collector_resumes_after_a_call_given_up(script: t.Callable[..., Script]) -> None:
    server = script(answer(trickle="body", gap=0.2))
    conn = connect(server, timeout=0.5)
    with pytest.raises(RefusedAnswer, match="did not answer"):
        decide(conn)
    assert not gc.isenabled()  # the abandoned call still runs on its worker, stuck in a read
    server.release.set()  # the server gives up; the worker's call ends and resumes it
    deadline = time.monotonic() + 5
    while not gc.isenabled() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert gc.isenabled()
    conn.close()
