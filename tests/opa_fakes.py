"""Stand-ins and helpers for OPA fault tests: a real OPA on a free port, and an HTTP server
that answers like a broken OPA (500, malformed JSON, undefined, slow)."""

from __future__ import annotations

import subprocess
import threading
import time
import typing as t
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.ports import free_port

TIME_LIMIT = 5.0  # seconds any failure may take to surface with the short timeouts used here


def start_opa(binary: str) -> tuple[subprocess.Popen[bytes], str]:
    """A real OPA server on a free loopback port, once it answers /health."""
    port = free_port()
    process = subprocess.Popen(
        [binary, "run", "--server", "--addr", f"127.0.0.1:{port}", "--skip-version-check"],
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


class FakeServer(ThreadingHTTPServer):
    """Answers /health and /v1/config like OPA, and every POST the way `mode` says."""

    def __init__(self, mode: str) -> None:
        super().__init__(("127.0.0.1", 0), FakeHandler)
        self.mode, self.posts, self.release = mode, 0, threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class FakeHandler(BaseHTTPRequestHandler):
    server: FakeServer

    def do_GET(self) -> None:
        self.reply(500 if self.server.mode == "unhealthy" else 200, b"{}")

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.posts += 1
        mode = self.server.mode
        if mode == "slow":
            self.server.release.wait(TIME_LIMIT)
        replies = {
            "500": (500, b'{"code": "internal_error", "message": "boom"}'),
            "malformed": (200, b'{"result": {"pass": tr'),
            "undefined": (200, b"{}"),
            "partial": (200, b'{"result": {"pass": true}}'),
        }
        self.reply(*replies.get(mode, (200, b"{}")))

    def reply(self, status: int, body: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up first (the slow case)

    def log_message(self, format: str, *args: t.Any) -> None:
        pass
