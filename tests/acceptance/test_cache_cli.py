"""The result cache from the command line: --no-cache, cache: false, LLM_POLICY_CACHE=off, an
engine change, and concurrent --jobs runs sharing one cache.

Observable without timing: the run-key files under $XDG_CACHE_HOME/llm-policy/results and the
entries in them (a re-run on unchanged files rewrites no file) and reports identical to an
uncached run's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checker import result_cache
from tests.acceptance.conftest import ROOT, invoke


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The cache on, under this test's XDG_CACHE_HOME; the working folder is `tmp_path`."""
    monkeypatch.delenv("LLM_POLICY_RESULT_CACHE", raising=False)
    monkeypatch.delenv("LLM_POLICY_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(result_cache.key, "checker_stamp", lambda: "checker")
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    return tmp_path / "xdg" / "llm-policy" / "results"


def files(folder: Path) -> dict[Path, int]:
    """Each run key's file and its inode (a rewrite is a new inode: temp file + rename)."""
    if not folder.is_dir():
        return {}
    return {p: p.stat().st_ino for p in folder.glob("*.cache")}


def entries(folder: Path) -> set[str]:
    """The keys of every entry in the run-key files under `folder`."""
    return {
        line[:64].decode() for path in files(folder) for line in path.read_bytes().splitlines()[1:]
    }


def test_rerun_writes_nothing_and_reports_the_same(home: Path):
    code, uncached, _ = invoke("check", "examples", "--no-cache", "--format", "json")
    assert files(home) == {}
    first = invoke("check", "examples", "--format", "json")
    written = files(home)
    assert len(written) == 1 and len(entries(home)) == 21
    second = invoke("check", "examples", "--format", "json")
    assert files(home) == written  # every manifest a hit: the file is not written again
    assert first[0] == second[0] == code
    assert _without_time(first[1]) == _without_time(second[1]) == _without_time(uncached)


def _without_time(report: str) -> str:
    import json

    document = json.loads(report)
    document.pop("generatedAt", None)
    for key in ("header", "run"):
        if isinstance(document.get(key), dict):
            document[key].pop("generatedAt", None)
    return json.dumps(document, sort_keys=True)


def test_cache_off_by_environment_and_by_configuration(home: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LLM_POLICY_CACHE", "off")
    invoke("check", "examples")
    monkeypatch.delenv("LLM_POLICY_CACHE")
    assert files(home) == {}
    Path(".llm-policy.yaml").write_text("cache: false\n")
    invoke("check", "examples")
    assert files(home) == {}
    _, _, err = invoke("check", "examples", "--cache")  # the flag overrides the file
    assert len(entries(home)) == 21, err


def test_an_engine_change_re_evaluates(home: Path, opa_binary: str, monkeypatch):
    monkeypatch.setenv("LLM_POLICY_OPA", opa_binary)
    folder = "examples/internal-assistant"
    regorus = invoke("check", folder, "--format", "json")
    after_regorus = files(home)
    opa = invoke("check", folder, "--engine", "opa", "--format", "json")
    after_opa = files(home)
    # Another run key (another file), not a hit.
    assert len(after_regorus) == 1 and len(after_opa) == 2 and len(entries(home)) == 2
    assert regorus[0] == opa[0]
    assert invoke("check", folder, "--engine", "opa")[0] == opa[0]
    assert files(home) == after_opa


def test_concurrent_jobs_runs_share_one_cache(home: Path, tmp_path: Path):
    many = tmp_path / "many"
    for i in range(30):  # 60 manifests: --jobs 2 uses workers (50 or more)
        for name in ("internal-assistant", "rapid-prototype"):
            target = many / f"{name}-{i}"
            shutil.copytree(ROOT / "examples" / name, target)
            manifest = target / "llm-project.yaml"
            text = manifest.read_text(encoding="utf-8")
            manifest.write_text(text.replace("name: ", f"name: copy{i}-", 1), encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    env.pop("LLM_POLICY_CACHE", None)
    cli = [sys.executable, "-c", "from checker.cli.main import main; main()"]
    argv = [*cli, "check", str(many), "--jobs", "2"]
    truth = subprocess.run([*argv, "--no-cache"], capture_output=True, env=env, check=False)
    runs = [
        subprocess.Popen(
            [*argv, "-o", str(tmp_path / f"out{n}.txt")], env=env, stderr=subprocess.PIPE
        )
        for n in range(2)
    ]
    for run in runs:
        _, errors = run.communicate(timeout=600)
        assert run.returncode == truth.returncode, errors
    # Both saved into the one file, merged: every manifest's entry is there, whichever run
    # closed last.
    written = files(home)
    assert len(written) == 1 and len(entries(home)) == 60
    again = subprocess.run(
        [*argv, "-o", str(tmp_path / "out2.txt")], capture_output=True, env=env, check=False
    )
    assert again.returncode == truth.returncode
    assert files(home) == written  # all hits: nothing rewritten
    expected = truth.stdout.decode()
    for n in range(3):
        assert (tmp_path / f"out{n}.txt").read_text() == expected
