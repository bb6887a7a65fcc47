"""Stand-ins and helpers for OPA fault tests: a real OPA on a free port, and an HTTP server
that answers like a broken or hostile OPA (500, malformed JSON, undefined, slow, redirects,
trickled or endless answers, decisions that do not add up).

A fake answers `GET /health`, `GET /v1/config` and the digest document (`data.llm.meta`) the
way OPA does, so a `--no-push` run reaches the decision query, where `mode` says what happens.
Its decisions, when it gives real ones, are those the embedded engine computes for the same
input with the shipped policies (the conformance suite holds the two engines equal), then
changed by `tamper` in the tests of what the checker must refuse.
"""

from __future__ import annotations

import functools
import json
import queue
import subprocess
import threading
import time
import typing as t
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.ports import free_port

TIME_LIMIT = 5.0  # seconds any failure may take to surface with the short timeouts used here
META = "/v1/data/llm/meta"
HUGE = 20 * 1024 * 1024  # an answer well past the checker's cap (8 MiB)
Tamper = t.Callable[[dict[str, t.Any], dict[str, t.Any]], dict[str, t.Any]]


def start_opa(binary: str, *args: str) -> tuple[subprocess.Popen[bytes], str]:
    """A real OPA server on a free loopback port, once it answers /health."""
    port = free_port()
    process = subprocess.Popen(
        [binary, "run", "--server", "--addr", f"127.0.0.1:{port}", "--skip-version-check", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=1):
                return process, url
        except OSError:
            time.sleep(0.05)
    process.kill()
    process.wait()
    pytest.fail("the OPA started for the test did not become healthy within 10s")


_questions: queue.SimpleQueue[tuple[dict[str, t.Any], queue.SimpleQueue[t.Any]]] = (
    queue.SimpleQueue()
)


def _decider() -> None:
    """Decides every fake's questions on one thread: a regorus engine stays on its thread."""
    from checker.engine.regorus_ import RegorusEngine
    from checker.policy_set import build_policy_set

    engine = RegorusEngine(build_policy_set())
    while True:
        manifest, answer = _questions.get()
        try:
            answer.put(engine.evaluate(manifest))
        except Exception as exc:  # handed to the asking handler
            answer.put(exc)


@functools.cache
def _start_decider() -> None:
    threading.Thread(target=_decider, name="fake OPA decisions", daemon=True).start()


def shipped_meta() -> dict[str, t.Any]:
    """The digest document of the shipped policies, as `llm-policy bundle build` writes it."""
    from checker.engine.provenance import meta_document
    from checker.policy_set import build_policy_set

    return meta_document(build_policy_set())


def real_decision(manifest: dict[str, t.Any]) -> dict[str, t.Any]:
    """The decision the shipped policies give `manifest` (the embedded engine's)."""
    _start_decider()
    answer: queue.SimpleQueue[t.Any] = queue.SimpleQueue()
    _questions.put((manifest, answer))
    found = answer.get(timeout=60)
    if isinstance(found, Exception):
        raise found
    return t.cast(dict[str, t.Any], found)


class FakeServer(ThreadingHTTPServer):
    """Answers /health, /v1/config and the digest document like OPA; each decision query the
    way `mode` says.

    Modes: `500`, `malformed`, `undefined`, `partial` (a decision missing keys), `slow` (no
    answer until released), `unhealthy` (every GET is a 500); `decide` (the real decision,
    passed through `tamper`); `redirect` (`redirect_status` to `redirect_to` plus the path, for
    the requests whose path starts with `redirect_path`); `trickle-body` and `trickle-headers`
    (a real decision, its first bytes one every `trickle_gap` seconds for `trickle_for` seconds,
    then the rest); `huge` (a real decision padded to 20 MiB, with a Content-Length) and
    `endless` (the same, without one).
    """

    def __init__(self, mode: str, **options: t.Any) -> None:
        super().__init__(("127.0.0.1", 0), FakeHandler)
        self.mode, self.posts, self.release = mode, 0, threading.Event()
        self.tamper: Tamper | None = options.pop("tamper", None)
        # None: no digest document, as on a server whose policies did not come from llm-policy
        self.meta: t.Any = options.pop("meta") if "meta" in options else shipped_meta()
        self.meta_bundles: dict[str, t.Any] = options.pop("meta_bundles", {})
        self.decision_bundles: dict[str, t.Any] = options.pop("decision_bundles", {})
        self.redirect_to: str = options.pop("redirect_to", "")
        self.redirect_status: int = options.pop("redirect_status", 302)
        self.redirect_path: str = options.pop("redirect_path", "/v1/data/llm/decision")
        self.trickle_gap: float = options.pop("trickle_gap", 0.5)
        self.trickle_for: float = options.pop("trickle_for", 6.0)
        self.fixed_input: dict[str, t.Any] | None = options.pop("fixed_input", None)
        self.seen: list[str] = []
        assert not options, f"unknown options {sorted(options)}"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


def _provenance(bundles: dict[str, t.Any]) -> dict[str, t.Any]:
    found = {name: {"revision": revision} for name, revision in bundles.items()}
    return {"version": "1.22.3", **({"bundles": found} if found else {})}


class FakeHandler(BaseHTTPRequestHandler):
    server: FakeServer

    def do_GET(self) -> None:
        self.server.seen.append(f"GET {self.path}")
        if self.redirected():
            return
        if self.server.mode == "unhealthy":
            self.reply(500, b"{}")
        elif self.path.split("?")[0] == META and self.server.meta is not None:
            body = {"result": self.server.meta, "provenance": _provenance(self.server.meta_bundles)}
            self.reply(200, json.dumps(body).encode())
        elif self.path.startswith("/v1/data/llm/decision") and self.server.fixed_input:
            self.decide(self.server.fixed_input)  # a decision asked by GET, as a 302 makes it
        else:
            self.reply(200, b"{}")

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.seen.append(f"PUT {self.path}")
        if not self.redirected():
            self.reply(204, b"")

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.seen.append(f"POST {self.path}")
        self.server.posts += 1
        if self.redirected():
            return
        mode = self.server.mode
        if mode == "slow":
            self.server.release.wait(TIME_LIMIT)
        replies = {
            "500": (500, b'{"code": "internal_error", "message": "boom"}'),
            "malformed": (200, b'{"result": {"pass": tr'),
            "undefined": (200, b"{}"),
            "partial": (200, b'{"result": {"pass": true}}'),
        }
        if mode in replies or mode == "slow":
            self.reply(*replies.get(mode, (200, b"{}")))
            return
        manifest = json.loads(body or b"{}").get("input", {})
        self.decide(self.server.fixed_input or manifest)

    def redirected(self) -> bool:
        if self.server.mode != "redirect" or not self.path.startswith(self.server.redirect_path):
            return False
        self.send_response(self.server.redirect_status)
        self.send_header("Location", self.server.redirect_to + self.path)
        self.send_header("Content-Length", "0")
        self.end_headers()
        return True

    def decide(self, manifest: dict[str, t.Any]) -> None:
        decision = real_decision(manifest)
        if self.server.tamper is not None:
            decision = self.server.tamper(decision, manifest)
        answer = {"result": decision, "provenance": _provenance(self.server.decision_bundles)}
        mode = self.server.mode
        if mode in ("huge", "endless"):
            answer["padding"] = "x" * HUGE
        body = json.dumps(answer).encode()
        if mode.startswith("trickle"):
            self.trickle(body, headers=mode == "trickle-headers")
        else:
            self.reply(200, body, length=mode != "endless")

    def trickle(self, body: bytes, *, headers: bool) -> None:
        """A whole answer, its first bytes slowly: each read is quick, the answer is late.

        `headers`: the status line and headers come a byte at a time; else they come at once
        and the body's first bytes a byte at a time.
        """
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        ).encode()
        answer = head + body
        sent = 0 if headers else len(head)
        self.close_connection = True
        try:
            self.wfile.write(answer[:sent])
            self.wfile.flush()
            ends = time.monotonic() + self.server.trickle_for
            while sent < len(answer) and time.monotonic() < ends:
                if self.server.release.wait(self.server.trickle_gap):
                    return
                self.wfile.write(answer[sent : sent + 1])
                self.wfile.flush()
                sent += 1
            self.wfile.write(answer[sent:])
            self.wfile.flush()
        except OSError:
            pass  # the client gave up, as it should

    def reply(self, status: int, body: bytes, *, length: bool = True) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            if length:
                self.send_header("Content-Length", str(len(body)))
            else:
                self.close_connection = True
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up first (the slow, huge and endless cases)

    def log_message(self, format: str, *args: t.Any) -> None:
        pass
