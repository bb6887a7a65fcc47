"""The embedded engine compiles on its first decision: a run of cache hits compiles nothing."""

from __future__ import annotations

import shutil
import typing as t
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli.main import main
from checker.engine import build_engine
from checker.engine.lazy import LazyRegorusEngine
from checker.engine.regorus_ import RegorusEngine
from checker.errors import EngineError
from checker.parse_cache import parsed
from checker.policy_set import build_policy_set

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "internal-assistant" / "llm-project.yaml"
UNPARSABLE = "package llm.rules.broken\n\ndeny contains f if {{\n"
MANIFEST = {
    "apiVersion": "llm-policy/v1",
    "kind": "LLMProject",
    "metadata": {"name": "x"},
}


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per `RegorusEngine` compiled from here on."""
    compiled: list[int] = []
    original = RegorusEngine.__init__

    def counting(self: RegorusEngine, *args: t.Any, **kwargs: t.Any) -> None:
        compiled.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(RegorusEngine, "__init__", counting)
    return compiled


def test_building_compiles_nothing_and_says_what_it_decides_with(builds: list[int]) -> None:
    policy_set = build_policy_set()
    engine = build_engine("regorus", policy_set)
    assert isinstance(engine, LazyRegorusEngine)
    eager = RegorusEngine(policy_set)
    builds.clear()
    assert (engine.name, engine.version, engine.provenance) == (
        eager.name,
        eager.version,
        eager.provenance,
    )
    assert not engine.built and builds == []


def test_the_first_decision_compiles_once_and_decides_as_the_engine_does(
    builds: list[int],
) -> None:
    policy_set = build_policy_set()
    engine = build_engine("regorus", policy_set)
    eager = RegorusEngine(policy_set)
    builds.clear()
    query = "data.llm.decision.result"
    assert engine.query(query, MANIFEST) == eager.query(query, MANIFEST)
    assert engine.query(query, MANIFEST) == eager.query(query, MANIFEST)
    assert engine.built and builds == [1]
    engine.close()


def test_a_policy_that_does_not_compile_is_an_engine_error_at_the_first_decision() -> None:
    policy_set = build_policy_set()
    sources = {**policy_set.sources, "org/broken.rego": UNPARSABLE}
    broken = type(policy_set)(sources=sources, tests={}, data=policy_set.data)
    engine = build_engine("regorus", broken)  # nothing compiled yet: no error
    with pytest.raises(EngineError, match=r"policy does not compile: .*org/broken\.rego"):
        engine.evaluate(MANIFEST)


@pytest.fixture
def cache_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Both caches on, under this test's folder; the working folder is `tmp_path`."""
    monkeypatch.delenv("LLM_POLICY_RESULT_CACHE", raising=False)
    monkeypatch.setenv("LLM_POLICY_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_cache_hit_compiles_no_policy(cache_on: Path, builds: list[int]) -> None:
    shutil.copy(EXAMPLE, cache_on / "llm-project.yaml")
    argv = ["check", "llm-project.yaml", "--no-config", "--no-waivers", "-f", "json"]
    first = CliRunner().invoke(main, argv, catch_exceptions=False)
    assert builds == [1], first.output
    second = CliRunner().invoke(main, argv, catch_exceptions=False)
    assert builds == [1]  # the second run decided from the cache alone
    assert (second.exit_code, second.stdout) == (first.exit_code, first.stdout)


def test_a_compile_error_met_lazily_is_exit_3_without_a_traceback(cache_on: Path) -> None:
    # The METADATA reader parses every module first and reports a syntax error itself; its
    # parse cache holding this text (as if parsed by a laxer parser) leaves it to the engine.
    org = cache_on / "org"
    org.mkdir()
    (org / "org.rego").write_text(UNPARSABLE)
    assert parsed("rego-metadata-ast", UNPARSABLE, lambda _: []) == []
    shutil.copy(EXAMPLE, cache_on / "llm-project.yaml")
    argv = ["check", "llm-project.yaml", "--no-config", "--policies", "org"]
    result = CliRunner().invoke(main, argv, catch_exceptions=False)
    assert result.exit_code == 3, result.output
    assert result.stdout == ""
    assert "error: could not evaluate: policy does not compile:" in result.stderr
    assert "org/org.rego" in result.stderr and "Traceback" not in result.stderr


def test_the_version_is_read_without_loading_regorus() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from checker.engine.lazy import installed_version\n"
        "from checker.engine.regorus_ import regorus_version\n"
        "version = installed_version()\n"
        "loaded = 'regorus' in sys.modules\n"
        "print(version, loaded, version == regorus_version())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    assert out[1:] == ["False", "True"], out
    assert out[0] == RegorusEngine(build_policy_set()).version
