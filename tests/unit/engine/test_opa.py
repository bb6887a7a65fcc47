"""OpaEngine against the real OPA binary, and against small HTTP servers that misbehave."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import typing as t
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from checker.engine.base import Engine
from checker.engine.opa import OpaEngine, build_opa_engine
from checker.errors import EngineError, UsageError
from checker.policy_set import PolicySet, build_policy_set
from tests.conftest import free_port
from tests.opa_fakes import TIME_LIMIT, FakeServer, start_opa

DECISION = """package llm.decision

import data.llm.lib

violations contains f if {
	not lib.small(input)
	msg := sprintf("%s is big", [input.name])
	f := {"rule": "T-1", "scope": "project", "path": "size", "message": msg}
}

reasons := sort({f.rule | some f in violations})

default recommendation := "none"

recommendation := "either" if count(violations) == 0

# A decision of the contract's shape (docs/design.md, "Decision"), whose verdicts follow from
# its findings: the engine refuses any other.
result := {
	"violations": violations, "warnings": [], "models": [],
	"selfHosted": {"allowed": count(violations) == 0, "reasons": reasons},
	"vendorApi": {"allowed": count(violations) == 0, "reasons": reasons},
	"preference": "either", "preferenceReasons": [], "recommendation": recommendation,
	"pass": count(violations) == 0,
}
"""
LIB = "package llm.lib\n\nsmall(m) := m.size <= data.settings.limit\n"
# The same helper with another arity: an in-place re-push of it is rejected in either order.
DECISION_2 = DECISION.replace("lib.small(input)", "lib.small(input, 0)")
LIB_2 = "package llm.lib\n\nsmall(m, extra) := m.size + extra <= data.settings.limit\n"


def make_policy_set(root: Path, files: dict[str, str]) -> PolicySet:
    """Write `files` under `root` and load them as the shipped bundle."""
    files = {"settings/data.yaml": "limit: 10\n", **files}
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return build_policy_set(shipped=root)


@pytest.fixture
def policy_set(tmp_path: Path) -> PolicySet:
    # decision sorts before lib, so the push has to load them out of name order.
    return make_policy_set(
        tmp_path, {"llm/decision/decision.rego": DECISION, "llm/lib/lib.rego": LIB}
    )


def binary_version(binary: str) -> str:
    out = subprocess.run([binary, "version"], capture_output=True, text=True, check=True).stdout
    return out.split("Version:", 1)[1].split()[0].removeprefix("v")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def opa_server(opa_binary: str) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    process, url = start_opa(opa_binary)
    yield process, url
    process.kill()
    process.wait(5)


def policy_ids(url: str) -> list[str]:
    with urllib.request.urlopen(f"{url}/v1/policies", timeout=5) as response:
        return sorted(p["id"] for p in json.load(response)["result"])


# --- the real OPA -------------------------------------------------------------------------------


def test_local_server_evaluates_and_reports_its_version(
    policy_set: PolicySet, opa_binary: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A proxy from the environment must not take the loopback traffic.
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{free_port()}")
    with build_opa_engine(policy_set, url=None, opa_binary=opa_binary) as engine:
        assert isinstance(engine, Engine)
        assert engine.name == "opa"
        assert engine.version == binary_version(opa_binary)
        small = engine.evaluate({"name": "a", "size": 3})
        big = engine.evaluate({"name": "b", "size": 30})
        for unsendable in (date(2026, 1, 1), float("nan")):
            with pytest.raises(EngineError, match="as JSON"):
                engine.evaluate({"name": "c", "size": unsendable})
    assert (small["pass"], small["violations"]) == (True, [])
    assert big["pass"] is False
    assert [v["message"] for v in big["violations"]] == ["b is big"]


def test_close_stops_the_server_it_started(policy_set: PolicySet, opa_binary: str) -> None:
    engine = build_opa_engine(policy_set, url=None, opa_binary=opa_binary)
    pid = engine.pid
    assert pid is not None and alive(pid)
    engine.close()
    assert not alive(pid)
    assert engine.pid is None
    engine.close()  # a second close is harmless


def test_an_exception_does_not_leak_the_server(policy_set: PolicySet, opa_binary: str) -> None:
    root = next(iter(policy_set.roots))
    script = (
        "import sys; from pathlib import Path\n"
        "from checker.engine.opa import build_opa_engine\n"
        "from checker.policy_set import build_policy_set\n"
        "engine = build_opa_engine(build_policy_set(shipped=Path(sys.argv[1])), url=None,"
        " opa_binary=sys.argv[2])\n"
        "print(engine.pid, flush=True)\n"
        "raise RuntimeError('boom')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(root), opa_binary],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert "RuntimeError: boom" in done.stderr
    pid = int(done.stdout.split()[0])
    deadline = time.monotonic() + TIME_LIMIT
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(pid), "the OPA server outlived the process that started it"


def test_push_to_a_running_server(
    policy_set: PolicySet, opa_server: tuple[subprocess.Popen[bytes], str], tmp_path: Path
) -> None:
    _, url = opa_server
    with build_opa_engine(policy_set, url=url, timeout=2) as engine:
        assert engine.pid is None
        assert engine.evaluate({"name": "a", "size": 3})["pass"] is True
    # Pushing the same set again (say a parallel run) leaves the server as it was.
    with build_opa_engine(policy_set, url=url, timeout=2) as engine:
        assert engine.evaluate({"name": "a", "size": 3})["pass"] is True
    assert engine.pid is None
    # A newer set whose helper changed arity replaces the older push; a dropped module goes.
    newer = make_policy_set(
        tmp_path / "newer", {"llm/decision/decision.rego": DECISION_2, "llm/lib/lib.rego": LIB_2}
    )
    extra = make_policy_set(
        tmp_path / "extra",
        {
            "llm/decision/decision.rego": DECISION,
            "llm/lib/lib.rego": LIB,
            "x/x.rego": "package x\n",
        },
    )
    with build_opa_engine(extra, url=url, timeout=2):
        assert "llm-policy/policies/x/x.rego" in policy_ids(url)
    with build_opa_engine(newer, url=url, timeout=2) as engine:
        assert engine.evaluate({"name": "a", "size": 10})["pass"] is True
    assert policy_ids(url) == [
        "llm-policy/policies/llm/decision/decision.rego",
        "llm-policy/policies/llm/lib/lib.rego",
    ]


def test_no_push_to_a_server_without_the_policies(
    policy_set: PolicySet, opa_server: tuple[subprocess.Popen[bytes], str]
) -> None:
    _, url = opa_server
    # Nothing on the server says which policies it decides with: refused before any decision.
    with pytest.raises(EngineError, match="no llm-policy digest document") as caught:
        build_opa_engine(policy_set, url=url, push=False, timeout=2)
    assert url in str(caught.value) and "llm-policy bundle build" in str(caught.value)


def test_a_policy_that_does_not_compile(tmp_path: Path, opa_binary: str) -> None:
    broken = make_policy_set(
        tmp_path,
        {"llm/decision/decision.rego": DECISION, "llm/lib/lib.rego": LIB}
        | {
            "llm/rules/bad/bad.rego": "package llm.rules.bad\n\ndeny contains f if {\n\tf := y\n}\n"
        },
    )
    with pytest.raises(EngineError, match=r"policies/llm/rules/bad/bad.rego:4: var y is unsafe"):
        build_opa_engine(broken, url=None, opa_binary=opa_binary)


def test_a_failed_push_leaves_none_of_its_modules(
    policy_set: PolicySet, opa_server: tuple[subprocess.Popen[bytes], str], tmp_path: Path
) -> None:
    _, url = opa_server
    build_opa_engine(policy_set, url=url, timeout=2).close()
    broken = make_policy_set(
        tmp_path / "broken",
        {
            "llm/decision/decision.rego": DECISION_2,
            "llm/lib/lib.rego": "package llm.lib\n\nx := y\n",
        },
    )
    with pytest.raises(EngineError, match="var y is unsafe"):
        build_opa_engine(broken, url=url, timeout=2)
    # Half of a policy set could pass what the whole fails; none of it makes every query fail.
    assert policy_ids(url) == []


def test_a_server_killed_mid_run(
    policy_set: PolicySet, opa_server: tuple[subprocess.Popen[bytes], str]
) -> None:
    process, url = opa_server
    with build_opa_engine(policy_set, url=url, timeout=1, retries=2) as engine:
        assert engine.evaluate({"name": "a", "size": 3})["pass"] is True
        process.kill()
        process.wait(5)
        started = time.monotonic()
        with pytest.raises(EngineError, match="unreachable") as caught:
            engine.evaluate({"name": "a", "size": 3})
    assert url in str(caught.value)
    assert time.monotonic() - started < TIME_LIMIT


# --- failures before any OPA answers ----------------------------------------------------------


def test_an_unreachable_url(policy_set: PolicySet) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    started = time.monotonic()
    with pytest.raises(EngineError, match="unreachable") as caught:
        build_opa_engine(policy_set, url=url, timeout=1, retries=2)
    assert url in str(caught.value)
    assert time.monotonic() - started < TIME_LIMIT


def test_no_binary(policy_set: PolicySet, tmp_path: Path) -> None:
    with pytest.raises(EngineError, match="scripts/install-opa"):
        build_opa_engine(policy_set, url=None, opa_binary=str(tmp_path / "opa"))


@pytest.mark.parametrize("url", ["127.0.0.1:8181", "ftp://host", "http://host/opa", "http://h:x"])
def test_a_bad_url(policy_set: PolicySet, url: str) -> None:
    with pytest.raises(UsageError):
        build_opa_engine(policy_set, url=url)


# --- servers that misbehave -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("500", "HTTP 500"),
        ("malformed", "malformed answer"),
        ("slow", "did not answer the decision query within 0.5s"),
        ("undefined", "undefined"),
        ("partial", "malformed decision"),
    ],
)
def test_a_misbehaving_server(
    policy_set: PolicySet, fake: t.Callable[[str], FakeServer], mode: str, message: str
) -> None:
    server = fake(mode)
    with build_opa_engine(policy_set, url=server.url, push=False, timeout=0.5, retries=2) as engine:
        started = time.monotonic()
        with pytest.raises(EngineError, match=message) as caught:
            engine.evaluate({"name": "a", "size": 3})
    assert server.url in str(caught.value)
    assert time.monotonic() - started < TIME_LIMIT
    # 5xx is retried, a bounded number of times; a definite answer is not.
    assert server.posts == (3 if mode == "500" else 1)


def test_an_unhealthy_server(policy_set: PolicySet, fake: t.Callable[[str], FakeServer]) -> None:
    server = fake("unhealthy")
    with pytest.raises(EngineError, match="unhealthy") as caught:
        build_opa_engine(policy_set, url=server.url, push=False, timeout=0.5, retries=1)
    assert server.url in str(caught.value)


def test_opa_engine_is_an_engine() -> None:
    assert OpaEngine.name == "opa"
