"""Drive the real CLI the way a shell would: `run_line(["llm-policy", "check", ...])`."""

from __future__ import annotations

import json
import os
import typing as t
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from checker.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


class RunLine(t.Protocol):
    def __call__(self, argv: list[str], *, env: dict[str, str] | None = None) -> Result: ...


@pytest.fixture
def run_line(monkeypatch: pytest.MonkeyPatch) -> RunLine:
    """Run `llm-policy ...` in-process from the repository root; stdout and stderr kept apart."""
    monkeypatch.chdir(ROOT)

    def run(argv: list[str], *, env: dict[str, str] | None = None) -> Result:
        assert argv[0] == "llm-policy", "write the command as a user would type it"
        return CliRunner().invoke(main, argv[1:], env=env, catch_exceptions=False)

    return run


@pytest.fixture
def run_json(run_line: RunLine) -> t.Callable[..., tuple[int, dict[str, t.Any]]]:
    """Run a command with `--format json` and return (exit code, parsed report)."""

    def run(argv: list[str]) -> tuple[int, dict[str, t.Any]]:
        result = run_line([*argv, "--format", "json"])
        try:
            return result.exit_code, json.loads(result.stdout)
        except ValueError:
            pytest.fail(f"not JSON (exit {result.exit_code}):\n{result.stdout}\n{result.stderr}")

    return run


# Both engines, for tests that must hold on the embedded one and a real OPA server alike.
ENGINES = ("regorus", "opa")


def invoke(*argv: object) -> tuple[int, str, str]:
    """Run `llm-policy ARGV...` in-process: (exit code, stdout, stderr), from the current folder."""
    result = CliRunner().invoke(main, [str(a) for a in argv], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest, opa_binary: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each engine in turn ("regorus", then "opa" with the real binary on LLM_POLICY_OPA)."""
    if request.param == "opa":
        monkeypatch.setenv("LLM_POLICY_OPA", opa_binary)
    return str(request.param)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh working folder (tmp_path), made the current directory."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def ci_environment(drop: tuple[str, ...], **values: str) -> dict[str, str]:
    """This process's environment without variables starting with `drop`, plus `values`: what a
    CI runner's job sees (tests of the GitHub Action and the GitLab template)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    env.update(values)
    return env
