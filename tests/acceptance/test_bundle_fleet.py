"""A fleet server fed by a signed bundle: `check --engine opa --no-push` decides as the default.

A local HTTP service plays the control plane: it serves the bundle `llm-policy bundle build`
wrote and receives OPA's status reports and decision logs. A real OPA polls it for the bundle,
verifies the signature, activates it and says so through the status API; then the CLI checks
every example against that server without pushing anything, and the decision logs arrive with
the fields docs/examples/system-log-mask.rego masks erased.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import threading
import time
import typing as t
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from checker.policy_set import build_policy_set
from tests.acceptance.conftest import ROOT, RunLine
from tests.acceptance.test_bundle import write_rsa_pair
from tests.conftest import free_port

BUNDLE = "llm-policy"
WAIT = 30.0  # seconds any step may take before the test fails (OPA polls every 1-2 s)
MASK = ROOT / "docs" / "examples" / "system-log-mask.rego"


class ControlPlane(ThreadingHTTPServer):
    """Serves one bundle; keeps every status report and decision log OPA posts."""

    def __init__(self, bundle: bytes) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.bundle = bundle
        self.statuses: list[dict[str, t.Any]] = []
        self.decisions: list[dict[str, t.Any]] = []
        self.changed = threading.Condition()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def wait_for(self, what: str, test: t.Callable[[], t.Any]) -> t.Any:
        deadline = time.monotonic() + WAIT
        with self.changed:
            while not (found := test()):
                left = deadline - time.monotonic()
                if left <= 0:
                    pytest.fail(f"no {what} within {WAIT:g}s")
                self.changed.wait(left)
        return found


class _Handler(BaseHTTPRequestHandler):
    server: ControlPlane

    def do_GET(self) -> None:
        if self.path != f"/bundles/{BUNDLE}.tar.gz":
            self.reply(404, b"")
            return
        self.reply(200, self.server.bundle, "application/gzip")

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        with self.server.changed:
            if self.path.startswith("/status"):
                self.server.statuses.append(json.loads(body))
            elif self.path.startswith("/logs"):
                self.server.decisions.extend(json.loads(body))
            self.server.changed.notify_all()
        self.reply(200, b"")

    def reply(self, status: int, body: bytes, kind: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: t.Any) -> None:
        pass


@pytest.fixture
def control_plane(run_line: RunLine, tmp_path: Path) -> Iterator[tuple[ControlPlane, Path]]:
    private, public = write_rsa_pair(tmp_path)
    bundle = tmp_path / "bundle.tar.gz"
    built = run_line(["llm-policy", "bundle", "build", "--out", str(bundle),
                      "--signing-key", str(private), "--signing-key-id", "fleet"])  # fmt: skip
    assert built.exit_code == 0, built.stderr
    server = ControlPlane(bundle.read_bytes())
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield server, public
    server.shutdown()
    server.server_close()


def opa_config(control_plane: str, public_key: Path) -> dict[str, t.Any]:
    """The OPA configuration a fleet member runs with (docs/running-at-scale.md shows it)."""
    return {
        "services": {"control-plane": {"url": control_plane}},
        "bundles": {
            BUNDLE: {
                "service": "control-plane",
                "resource": f"bundles/{BUNDLE}.tar.gz",
                "polling": {"min_delay_seconds": 1, "max_delay_seconds": 2},
                "signing": {"keyid": "fleet"},
            }
        },
        "keys": {"fleet": {"algorithm": "RS256", "key": public_key.read_text()}},
        "status": {"service": "control-plane"},
        "decision_logs": {
            "service": "control-plane",
            "reporting": {"min_delay_seconds": 1, "max_delay_seconds": 2},
        },
    }


@pytest.fixture
def fleet_member(
    control_plane: tuple[ControlPlane, Path], opa_binary: str, tmp_path: Path
) -> Iterator[tuple[str, ControlPlane]]:
    plane, public = control_plane
    config = tmp_path / "opa.json"
    config.write_text(json.dumps(opa_config(plane.url, public)))
    port = free_port()
    log = (tmp_path / "opa.log").open("wb")
    process = subprocess.Popen(
        [opa_binary, "run", "--server", "--addr", f"127.0.0.1:{port}", "--config-file",
         str(config), "--skip-version-check", "--log-level", "error", str(MASK)],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        yield f"http://127.0.0.1:{port}", plane
    finally:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        log.close()
        print((tmp_path / "opa.log").read_text(errors="replace")[-3000:])  # shown on failure


def health(url: str) -> int:
    try:
        with urllib.request.urlopen(f"{url}/health?bundles", timeout=2) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def test_a_fleet_server_fed_by_a_signed_bundle(
    fleet_member: tuple[str, ControlPlane],
    run_json: t.Callable[..., tuple[int, dict[str, t.Any]]],
) -> None:
    url, plane = fleet_member
    revision = build_policy_set().digest

    def activated() -> bool:
        return any(
            s.get("bundles", {}).get(BUNDLE, {}).get("active_revision") == revision
            for s in plane.statuses
        )

    plane.wait_for(f"status report with bundle revision {revision}", activated)
    assert health(url) == 200  # /health?bundles: every configured bundle is active

    argv = ["llm-policy", "check", "examples/"]
    expected_code, expected = run_json(argv)
    code, report = run_json([*argv, "--engine", "opa", "--opa-url", url, "--no-push"])
    assert report["engine"]["name"] == "opa"
    assert {k: v for k, v in report.items() if k != "engine"} == {
        k: v for k, v in expected.items() if k != "engine"
    }
    assert code == expected_code

    # The report names the policies the server decided with, from the bundle's digest document.
    assert report["policy"]["digest"] == revision

    decided = [r for r in expected["results"] if r["valid"]]
    # One entry for the digest document, read once before the decisions, then one per decision.
    entries = plane.wait_for(
        f"{len(decided) + 1} decision logs",
        lambda: plane.decisions if len(plane.decisions) >= len(decided) + 1 else None,
    )
    assert [e["path"] for e in entries].count("llm/meta") == 1
    logs = [e for e in entries if e["path"] != "llm/meta"]
    for entry in logs:
        assert entry["path"] == "llm/decision/result"
        assert entry["bundles"][BUNDLE]["revision"] == revision
        assert "/input/metadata/owner" in entry["erased"]
        assert "owner" not in entry["input"]["metadata"]
        assert "name" in entry["input"]["metadata"]  # masked only when labelled confidential
        assert "pass" in entry["result"]
    projects = sorted(e["input"]["metadata"]["name"] for e in logs)
    assert projects == sorted(r["project"] for r in decided)


def test_the_mask_policy_is_valid_rego_that_masks(opa_binary: str) -> None:
    checked = subprocess.run(
        [opa_binary, "check", "--strict", str(MASK)], capture_output=True, text=True, timeout=60
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    formatted = subprocess.run([opa_binary, "fmt", "-l", str(MASK)], capture_output=True, text=True)
    assert formatted.stdout == ""
    # OPA evaluates the mask with the decision log entry as input (the manifest under input).
    entry = {
        "input": {"metadata": {"name": "x", "owner": "a@b.c", "labels": {"confidential": "true"}}}
    }
    query = [opa_binary, "eval", "-d", str(MASK), "--stdin-input", "--format", "raw"]
    answer = subprocess.run(
        [*query, "data.system.log.mask"],
        input=json.dumps(entry),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert sorted(json.loads(answer.stdout)) == [
        "/input/metadata/description",
        "/input/metadata/labels",
        "/input/metadata/name",
        "/input/metadata/owner",
    ]
