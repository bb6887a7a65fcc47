"""`llm-policy test`: run the policies' own Rego tests on the embedded engine, with coverage."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

import click

from checker.engine.regorus_ import RegorusEngine, short_error
from checker.parse_cache import parsed
from checker.policy_set import build_policy_set
from checker.rego_ast import parse_module


@dataclass(frozen=True)
class TestSettings:
    """Which policies to test and how to report."""

    policies: tuple[Path, ...] = ()
    data: tuple[Path, ...] = ()
    run: str | None = None
    verbosity: int = 1
    threshold: float = 0.0
    format: str = "text"


@dataclass(frozen=True)
class TestOutcome:
    """One Rego test's result."""

    package: str
    name: str
    passed: bool
    error: str = ""


@dataclass(frozen=True)
class TestRun:
    """All outcomes and the line coverage of the non-test policy files."""

    outcomes: tuple[TestOutcome, ...]
    coverage: float
    files: dict[str, float] = field(default_factory=dict)


def _module_tests(file: str, text: str) -> list[list[str]]:
    """[package, rule] for each `test_*` rule of one module, from its syntax tree."""
    module = parse_module(file, text)
    names = dict.fromkeys(r.name for r in module.rules if r.name.startswith("test_"))
    return [[module.package, name] for name in names]


def _declared_tests(sources: dict[str, str]) -> list[tuple[str, str]]:
    """(package, rule) for every `test_*` rule in the test files.

    Read from the parsed source, not from evaluation: a failing test is undefined, so evaluating
    the package would silently leave it out.
    """
    found: set[tuple[str, str]] = set()
    for file, text in sources.items():
        tests = parsed("rego-tests", text, functools.partial(_module_tests, file))
        found.update((package, name) for package, name in tests)
    return sorted(found)


def run_tests(settings: TestSettings) -> TestRun:
    """Evaluate every `test_*` rule of every `*_test` package; `todo_` tests are not run."""
    policy_set = build_policy_set(settings.policies, settings.data)
    engine = RegorusEngine(policy_set, include_tests=True)
    raw = engine.raw
    raw.set_enable_coverage(True)
    outcomes = []
    for package, name in _declared_tests(policy_set.tests):
        if settings.run and settings.run not in f"{package}.{name}":
            continue
        try:
            result = json.loads(raw.eval_rule_as_json(f"data.{package}.{name}"))
            outcomes.append(TestOutcome(package, name, result is True))
        except RuntimeError as exc:
            outcomes.append(TestOutcome(package, name, False, short_error(exc)))
    report = json.loads(raw.get_coverage_report_as_json())
    files: dict[str, float] = {}
    covered = total = 0
    for entry in report.get("files", []):
        if entry["path"].endswith("_test.rego"):
            continue
        c, n = len(entry.get("covered", [])), len(entry.get("not_covered", []))
        covered, total = covered + c, total + c + n
        files[entry["path"]] = 100.0 * c / (c + n) if c + n else 100.0
    return TestRun(tuple(outcomes), 100.0 * covered / total if total else 100.0, files)


def execute(settings: TestSettings) -> int:
    """Print each test's result and the coverage; 1 when a test fails or coverage is too low."""
    run = run_tests(settings)
    failed = [o for o in run.outcomes if not o.passed]
    low = run.coverage < settings.threshold
    if settings.format == "json":
        click.echo(
            json.dumps(
                {
                    "tests": [o.__dict__ for o in run.outcomes],
                    "passed": len(run.outcomes) - len(failed),
                    "failed": len(failed),
                    "coverage": round(run.coverage, 2),
                    "files": {k: round(v, 2) for k, v in run.files.items()},
                },
                indent=2,
            )
        )
    else:
        for o in run.outcomes:
            if settings.verbosity >= 2 or not o.passed:
                status = "PASS" if o.passed else "FAIL"
                click.echo(f"{status} data.{o.package}.{o.name}")
                if o.error:
                    click.echo(f"     {o.error}")
        if settings.verbosity >= 1:
            for path, pct in sorted(run.files.items()):
                click.echo(f"coverage {pct:6.2f}%  {path}")
        click.echo(
            f"{len(run.outcomes) - len(failed)} passed, {len(failed)} failed; "
            f"coverage {run.coverage:.2f}%"
            + (f" (below the threshold {settings.threshold:.2f}%)" if low else "")
        )
    if not run.outcomes:
        click.echo("error: no Rego tests found (test_* rules in *_test packages)", err=True)
        return 1
    return 1 if failed or low else 0


__all__ = ["TestRun", "TestSettings", "execute", "run_tests"]
