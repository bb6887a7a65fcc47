"""Every finding on every example and generated manifest cites only its own case's sources.

Issue 14, item 4: a finding's references name the licence, provider terms and regulation article
the rule used, from the catalog entry, not a fixed list per rule (tests/conformance/references.py
says what belongs). test_engines.py runs the same check on both engines; this file runs it on the
embedded engine alone with more manifests, and proves the check catches what it should.
"""

from __future__ import annotations

import dataclasses
import os
import typing as t
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from checker.metadata import RuleMeta
from checker.policy_set import PolicySet
from checker.run import catalog_regions
from checker.runner import Runner
from tests.conformance.conftest import Recording
from tests.conformance.manifests import manifests
from tests.conformance.references import reference_problems
from tests.conformance.test_engines import EXAMPLES

COUNT = int(os.environ.get("LLM_POLICY_REFERENCE_EXAMPLES", "400"))


def _check(
    path: Path, engine: Recording, rules: t.Mapping[str, RuleMeta], ps: PolicySet
) -> list[str]:
    result = Runner(engine, rules, regions=catalog_regions(ps)).check(path)
    manifest = yaml.safe_load(path.read_text(encoding="utf-8"))
    return reference_problems(result, manifest, ps.data, rules)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.parent.name for p in EXAMPLES])
def test_example_references(
    path: Path, regorus: Recording, rules: dict[str, RuleMeta], policy_set: PolicySet
) -> None:
    assert _check(path, regorus, rules, policy_set) == []


def test_scanned_example_references(
    regorus: Recording, rules: dict[str, RuleMeta], policy_set: PolicySet
) -> None:
    """check --scan: the LLM-EVD findings cite what the code uses, and nothing else."""
    path = next(p for p in EXAMPLES if p.parent.name == "scan-undeclared-claude")
    catalog = policy_set.data["catalog"]
    runner = Runner(regorus, rules, regions=catalog_regions(policy_set), catalog=catalog, scan=True)
    result = runner.check(path)
    manifest = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert {f.rule for f in result.findings} >= {"LLM-EVD-001", "LLM-EVD-002", "LLM-EVD-003"}
    assert reference_problems(result, manifest, policy_set.data, rules) == []


def test_generated_references(
    regorus: Recording,
    rules: dict[str, RuleMeta],
    policy_set: PolicySet,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    path = tmp_path_factory.mktemp("refs") / "llm-project.yaml"
    problems: set[str] = set()

    @settings(
        max_examples=COUNT,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(manifest=manifests(policy_set.data))
    def check(manifest: dict[str, t.Any]) -> None:
        path.write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")
        problems.update(_check(path, regorus, rules, policy_set))

    check()
    assert sorted(problems) == []


def test_a_wrong_citation_is_caught(
    regorus: Recording, rules: dict[str, RuleMeta], policy_set: PolicySet, tmp_path: Path
) -> None:
    """A Llama finding that cites the BigScience licence, or an EU case citing PIPL, fails."""
    path = tmp_path / "llm-project.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "apiVersion": "llm-policy/v1",
                "kind": "LLMProject",
                "metadata": {"name": "refs", "owner": "team@example.com"},
                "spec": {
                    "useCase": {
                        "purpose": "classification",
                        "audience": "internal",
                        "domains": ["military"],
                    },
                    "data": {"classification": "internal", "subjectRegions": ["eu"]},
                    "residency": {"allowedRegions": ["eu"]},
                    "deployment": {"environment": "private-cloud", "gpuMemoryGb": 1000},
                    "models": [{"id": "llama-3.1-70b", "hosting": "self-hosted", "region": "us"}],
                },
            }
        ),
        encoding="utf-8",
    )
    result = Runner(regorus, rules, regions=catalog_regions(policy_set)).check(path)
    manifest = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert result.findings and reference_problems(result, manifest, policy_set.data, rules) == []
    wrong = {
        "https://huggingface.co/spaces/bigscience/license",
        "https://www.insideprivacy.com/uncategorized/china-eases-restrictions-on-cross-border-data-flows/",
    }
    for url in wrong:
        bad = dataclasses.replace(
            result,
            findings=tuple(
                dataclasses.replace(f, references=(*f.references, f"wrong: {url}"))
                for f in result.findings
            ),
        )
        problems = reference_problems(bad, manifest, policy_set.data, rules)
        assert len(problems) == len(result.findings), problems
