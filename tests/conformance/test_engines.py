"""Both engines give the same answer: every example and a few hundred generated manifests.

For each manifest the checker runs `Runner.check` once on the embedded regorus engine and once
on a real OPA server, and requires the same `ManifestResult` (decision, findings with their
messages, paths and lines, errors), the same exit code and the same raw
`data.llm.decision.result`. With no waivers the raw Rego verdicts must also equal the ones
`checker.evaluation.build_decision` recomputes in Python.

LLM_POLICY_CONFORMANCE_EXAMPLES raises the number of generated manifests for a deeper local run.
"""

from __future__ import annotations

import json
import os
import typing as t
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from checker.discovery import discover
from checker.metadata import RuleMeta
from checker.policy_set import PolicySet
from checker.result import ManifestResult, RunReport
from checker.run import catalog_regions
from checker.runner import Runner
from checker.severity import Threshold
from tests.conformance.conftest import Recording
from tests.conformance.manifests import manifests
from tests.factories import header

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = discover([ROOT / "examples"])
EXAMPLE_COUNT = int(os.environ.get("LLM_POLICY_CONFORMANCE_EXAMPLES", "300"))
# A generated run that fires fewer distinct rules than this is not exercising the policies.
MIN_RULES_FIRED = 40


def exit_code(result: ManifestResult) -> int:
    report = RunReport((result,), Threshold(), header())
    return report.exit_code


def check_both(
    path: Path,
    engines: tuple[Recording, Recording],
    rules: t.Mapping[str, RuleMeta],
    regions: t.Collection[str],
) -> tuple[ManifestResult, dict[str, t.Any] | None]:
    """The agreed result and raw decision (None when the manifest is invalid) for `path`."""
    outcomes = []
    for engine in engines:
        engine.last = None
        result = Runner(engine, rules, regions=regions).check(path)
        outcomes.append((result, engine.last))
    (ours, our_raw), (theirs, their_raw) = outcomes
    assert theirs == ours
    assert their_raw == our_raw
    assert exit_code(theirs) == exit_code(ours)
    if our_raw is not None:
        assert_python_agrees(ours, our_raw)
    return ours, our_raw


def assert_python_agrees(result: ManifestResult, raw: dict[str, t.Any]) -> None:
    """The Rego decision's verdicts are the ones Python recomputes from the findings."""
    decision = result.decision
    assert decision is not None
    for key, verdict in (("selfHosted", decision.self_hosted), ("vendorApi", decision.vendor_api)):
        reasons = sorted({f.rule for f in verdict.reasons})
        assert raw[key] == {"allowed": verdict.allowed, "reasons": reasons}, key
    assert raw["models"] == [
        {
            "index": m.index,
            "id": m.id,
            "hosting": m.hosting,
            "provider": m.provider,
            "allowed": m.allowed,
            "violations": list(m.violations),
        }
        for m in decision.models
    ]
    assert raw["recommendation"] == decision.recommendation
    assert (raw["preference"], raw["preferenceReasons"]) == (
        decision.preference,
        list(decision.preference_reasons),
    )
    assert raw["pass"] is result.passed(Threshold())


@pytest.fixture(scope="module")
def engines(regorus: Recording, opa: Recording) -> tuple[Recording, Recording]:
    return regorus, opa


@pytest.fixture(scope="module")
def regions(policy_set: PolicySet) -> t.Collection[str]:
    return catalog_regions(policy_set)


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 15


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.parent.name for p in EXAMPLES])
def test_every_example(
    path: Path,
    engines: tuple[Recording, Recording],
    rules: dict[str, RuleMeta],
    regions: t.Collection[str],
) -> None:
    result, raw = check_both(path, engines, rules, regions)
    assert (raw is None) == (not result.valid)


def dump(manifest: dict[str, t.Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(manifest, indent=2)
    return yaml.safe_dump(manifest, sort_keys=False)


def test_generated_manifests(
    policy_set: PolicySet,
    engines: tuple[Recording, Recording],
    rules: dict[str, RuleMeta],
    regions: t.Collection[str],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    folder = tmp_path_factory.mktemp("generated")
    fired: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()

    @settings(
        max_examples=EXAMPLE_COUNT,
        derandomize=True,  # the same manifests on every run and machine: CI is deterministic
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(manifest=manifests(policy_set.data), fmt=st.sampled_from(["yaml", "json"]))
    def check(manifest: dict[str, t.Any], fmt: str) -> None:
        path = folder / f"llm-project.{fmt}"
        path.write_text(dump(manifest, fmt), encoding="utf-8")
        result, raw = check_both(path, engines, rules, regions)
        outcome = "invalid" if raw is None else "pass" if raw["pass"] else "fail"
        event(outcome)
        outcomes[outcome] += 1
        for finding in result.findings:
            fired[finding.rule] += 1

    check()
    # The generator must reach the policies, not only the schema: most manifests get a
    # decision, both ways, and a good share of the rules fire somewhere.
    decided = outcomes["pass"] + outcomes["fail"]
    assert decided >= 0.8 * sum(outcomes.values()), outcomes
    assert outcomes["pass"] and outcomes["fail"], outcomes
    assert len(fired) >= MIN_RULES_FIRED, (len(fired), sorted(set(rules) - set(fired)), outcomes)
    # Every shipped rule package reaches the decision: a package whose findings went missing on
    # one engine (a split package file order once did that on regorus) fails here, not silently.
    # The evidence rules (LLM-EVD) read input.scan, which only check --scan gives: a manifest
    # alone never fires them, so test_scan_engines.py holds both engines to them on scanned code.
    areas = {rule.split("-")[1] for rule in rules if rule.startswith("LLM-")} - {"EVD"}
    assert areas <= {rule.split("-")[1] for rule in fired}, sorted(areas)
