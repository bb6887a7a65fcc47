"""Fixtures shared by every test: the real OPA binary and free loopback ports."""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INSTALL_TIMEOUT = 900  # a first build from source takes a minute or two


def free_port() -> int:
    """A TCP port on 127.0.0.1 with nothing listening on it when asked."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def opa_binary() -> str:
    """The real OPA 1.x binary, found or built once per session by scripts/install-opa.

    Skips the OPA tests when it cannot be had, except in CI, where that is a failure.
    """
    path, problem = "", ""
    try:
        done = subprocess.run(
            [str(ROOT / "scripts" / "install-opa")],
            capture_output=True,
            text=True,
            timeout=INSTALL_TIMEOUT,
            check=False,
        )
        lines = done.stdout.strip().splitlines()
        path = lines[-1] if done.returncode == 0 and lines else ""
        problem = done.stderr.strip()[-2000:]
    except (OSError, subprocess.TimeoutExpired) as exc:
        problem = str(exc)
    if path and os.access(path, os.X_OK):
        return path
    reason = f"opa not available: run scripts/install-opa ({problem or 'it printed no path'})"
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(reason)
    pytest.skip(reason)
