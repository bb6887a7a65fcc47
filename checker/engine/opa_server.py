"""A private OPA server: finding the binary, starting it on a free loopback port, stopping it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import typing as t
from pathlib import Path

from checker.engine.opa_version import OPA_VERSION
from checker.errors import EngineError

STARTUP_TIMEOUT = 30.0
STOP_GRACE = 3.0
INSTALL_HINT = "run scripts/install-opa, or pass --opa-url to use a running OPA server"


def find_binary(explicit: str | None) -> str:
    """The OPA binary to start.

    In order: `explicit`, $LLM_POLICY_OPA, `opa` on PATH, the build scripts/install-opa caches.
    """
    explicit = explicit or os.environ.get("LLM_POLICY_OPA") or None
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


class LocalServer:
    """An `opa run --server` process this run started; build it with `start_server`."""

    def __init__(self, process: subprocess.Popen[bytes], log: t.IO[bytes], url: str) -> None:
        self.url = url
        self._process: subprocess.Popen[bytes] | None = process
        self._log = log

    @property
    def pid(self) -> int | None:
        """The process id while the server runs under our control, else None."""
        return self._process.pid if self._process is not None else None

    @property
    def exited(self) -> bool:
        """Whether the process has ended (it failed to start, or was killed)."""
        return self._process is None or self._process.poll() is not None

    def log_tail(self) -> str:
        """Why the server is not answering: its exit status and the end of its output."""
        code = self._process.poll() if self._process is not None else None
        status = f"exited with {code}" if code is not None else f"no answer in {STARTUP_TIMEOUT:g}s"
        self._log.seek(0)
        output = self._log.read().decode(errors="replace").strip()[-1000:]
        return f"{status}: {output}" if output else status

    def stop(self) -> None:
        """Terminate the process (kill it after a grace period) and close its log; idempotent."""
        process, self._process = self._process, None
        if process is not None:
            process.terminate()
            try:
                process.wait(STOP_GRACE)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._log.close()


def start_server(binary: str) -> LocalServer:
    """Start `binary` as a server on a free 127.0.0.1 port; raise `EngineError` if it cannot run."""
    with socket.socket() as probe:  # a port free now; OPA's own error says so if it is taken
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # A file, not a pipe: an unread pipe could block OPA. It lives as long as the server.
    log = tempfile.TemporaryFile()  # noqa: SIM115
    command = [binary, "run", "--server", "--addr", f"127.0.0.1:{port}", "--log-level", "error"]
    command += ["--skip-version-check", "--shutdown-grace-period", "1"]
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    except OSError as exc:
        log.close()
        raise EngineError(f"cannot run OPA binary {binary}: {exc}: {INSTALL_HINT}") from exc
    return LocalServer(process, log, f"http://127.0.0.1:{port}")
