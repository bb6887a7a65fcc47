"""`check --engine opa` on a private local OPA: the same report and exit code as the default."""

from __future__ import annotations

import typing as t

import pytest

from tests.acceptance.conftest import EXAMPLES

EXAMPLE_DIRS = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir())


def without_engine(report: dict[str, t.Any]) -> dict[str, t.Any]:
    return {k: v for k, v in report.items() if k != "engine"}


@pytest.mark.parametrize("fail_on", ["low", "critical"])
def test_every_example_on_both_engines(
    run_json: t.Callable[..., tuple[int, dict[str, t.Any]]],
    opa_binary: str,
    monkeypatch: pytest.MonkeyPatch,
    fail_on: str,
) -> None:
    monkeypatch.setenv("LLM_POLICY_OPA", opa_binary)
    argv = ["llm-policy", "check", "examples/", "--fail-on", fail_on]
    regorus_code, regorus = run_json(argv)
    opa_code, opa = run_json([*argv, "--engine", "opa"])
    assert opa["engine"]["name"] == "opa" and regorus["engine"]["name"] == "regorus"
    assert opa["engine"]["version"].startswith("1.")
    assert len(opa["results"]) == len(EXAMPLE_DIRS)
    assert without_engine(opa) == without_engine(regorus)
    assert opa_code == regorus_code
