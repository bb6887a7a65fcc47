"""`check_decision`: every real decision is accepted as it is; nothing else is.

The decisions are the embedded engine's for every example (the conformance suite holds OPA's
equal to them); each refused one is a real decision with one thing changed.
"""

from __future__ import annotations

import copy
import typing as t

import pytest

from checker.engine.decision_shape import check_decision
from checker.engine.regorus_ import RegorusEngine
from checker.errors import EngineError
from checker.loader import load_manifest
from checker.policy_set import build_policy_set
from checker.validator import validate
from tests.acceptance.conftest import EXAMPLES

SOURCE = "OPA server http://127.0.0.1:1"


def _valid_examples() -> list[tuple[str, dict[str, t.Any]]]:
    found = []
    for path in sorted(EXAMPLES.glob("*/llm-project.*")):
        loaded = t.cast(t.Any, load_manifest(path))
        if not validate(loaded):
            found.append((path.parent.name, loaded.data))
    return found


EXAMPLE_MANIFESTS = _valid_examples()


@pytest.fixture(scope="module")
def engine() -> RegorusEngine:
    return RegorusEngine(build_policy_set())


@pytest.fixture(scope="module")
def decisions(engine: RegorusEngine) -> dict[str, tuple[dict[str, t.Any], dict[str, t.Any]]]:
    return {name: (m, engine.query("data.llm.decision.result", m)) for name, m in EXAMPLE_MANIFESTS}


def test_every_real_decision_is_accepted_as_it_is(
    decisions: dict[str, tuple[dict[str, t.Any], dict[str, t.Any]]],
) -> None:
    assert len(decisions) >= 15
    for manifest, decision in decisions.values():
        assert check_decision(copy.deepcopy(decision), manifest, source=SOURCE) == decision
    # Between them the examples cover failing and passing, models and none, each mode refused.
    kinds = {(d["pass"], bool(d["models"]), d["recommendation"]) for _, d in decisions.values()}
    assert {True, False} == {k[0] for k in kinds} and {"none", "self-hosted"} <= {
        k[2] for k in kinds
    }


def test_the_embedded_engine_checks_its_answers_too(engine: RegorusEngine) -> None:
    manifest = dict(EXAMPLE_MANIFESTS)["eu-residency-breach"]
    decision = engine.evaluate(manifest)
    assert len(decision["models"]) == 3
    # Asked about another manifest than the one it decided, the verdicts no longer fit it.
    fewer = {**manifest, "spec": {**manifest["spec"], "models": manifest["spec"]["models"][:1]}}
    expected = r"the embedded engine \(regorus\) .*models: 3 verdicts for 1"
    with pytest.raises(EngineError, match=expected):
        check_decision(decision, fewer, source="the embedded engine (regorus)")


def _mutations() -> dict[str, tuple[t.Callable[[dict[str, t.Any]], None], str]]:
    def drop(key: str) -> t.Callable[[dict[str, t.Any]], None]:
        return lambda d: d.pop(key)

    def put(path: str, value: t.Any) -> t.Callable[[dict[str, t.Any]], None]:
        def change(d: dict[str, t.Any]) -> None:
            *parents, last = path.split(".")
            target: t.Any = d
            for part in parents:
                target = target[int(part)] if isinstance(target, list) else target[part]
            target[int(last) if isinstance(target, list) else last] = value

        return change

    return {
        "not an object": (lambda d: d.clear(), "the decision: missing"),
        "no violations": (drop("violations"), "missing violations"),
        "pass null": (put("pass", None), "pass: NoneType, expected true or false"),
        "pass 1": (put("pass", 1), "pass: 1, expected true or false"),
        "a finding without a rule id": (
            lambda d: d["violations"].append({"scope": "project"}),
            "without a rule id",
        ),
        "a finding of an unknown scope": (
            lambda d: d["violations"].append({"rule": "X-1", "scope": "team"}),
            "with scope 'team'",
        ),
        "a finding for a model not requested": (
            lambda d: d["violations"].append({"rule": "X-1", "scope": "model", "model": 9}),
            "not one of the 3 requested",
        ),
        "a mode reason without its finding": (
            put("vendorApi.reasons", ["LLM-RES-001"]),
            "vendorApi.reasons: ['LLM-RES-001'], but the decision's own findings give []",
        ),
        "model violations missing": (
            put("models.0.violations", []),
            "models[0].violations: [], but the decision's own findings give",
        ),
        "provider of another": (put("models.1.provider", "openai"), "models[1].provider"),
        "index as text": (put("models.0.index", "0"), "models[0].index: '0', expected 0"),
        "preferenceReasons an object": (put("preferenceReasons", {}), "preferenceReasons: dict"),
        "recommendation unknown": (put("recommendation", "both"), "recommendation: 'both'"),
        "mode with an extra key": (put("vendorApi.why", "x"), "vendorApi: unknown why"),
        "model with an extra key": (put("models.2.score", 1), "models[2]: unknown score"),
    }


MUTATIONS = _mutations()


@pytest.mark.parametrize("case", sorted(MUTATIONS))
def test_a_changed_decision_is_refused_naming_the_field(
    decisions: dict[str, tuple[dict[str, t.Any], dict[str, t.Any]]], case: str
) -> None:
    manifest, decision = decisions["eu-residency-breach"]  # three models, violations of each kind
    change, field = MUTATIONS[case]
    changed = copy.deepcopy(decision)
    change(changed)
    with pytest.raises(EngineError) as caught:
        check_decision(changed, manifest, source=SOURCE)
    message = str(caught.value)
    assert message.startswith(f"{SOURCE} returned a malformed decision")
    assert field in message


@pytest.mark.parametrize("value", [None, [], "pass", 1])
def test_a_decision_that_is_no_object(value: t.Any) -> None:
    with pytest.raises(EngineError, match=r"the decision: .*expected an object"):
        check_decision(value, {}, source=SOURCE)
