"""Generated manifests: the schema's shape, with values steered toward what the policies read.

Model ids, providers, regions and deployment types come mostly from the shipped catalog (so the
rules that look them up fire) and sometimes not (so the fail-closed governance rules do too).
Numbers the rules compare with thresholds (GPU memory, MAU caps, context length, token volume,
budget, time to market) are drawn near those thresholds as often as at random.
"""

from __future__ import annotations

import typing as t

from hypothesis import strategies as st

from checker.validator import load_schema
from tests.conformance.schema_strategy import Strategy, build_strategy

MODEL = "/$defs/model/properties"
SPEC = "/properties/spec/properties"
UNKNOWN_MODELS = ("gpt-5-turbo", "llama-9-1t", "acme-internal-13b")
UNKNOWN_PROVIDERS = ("acme-llm-cloud", "deepseek")
UNKNOWN_REGIONS = ("xx", "eu-west")  # the validator rejects them: no decision on either engine
UNKNOWN_DEPLOYMENT_TYPES = ("zonal", "provisioned")
# Numbers far outside real use: the two engines once spelled them differently in messages.
EXTREMES = (1e-7, 6.25e-130, 1.5e17, 1e300)


def mostly(known: t.Collection[t.Any], unknown: t.Sequence[t.Any], *, odds: int = 9) -> Strategy:
    """A known value about `odds` times as often as an unknown one (shrinking toward known)."""
    # A one_of or a longer sampled_from would not do: Hypothesis favours their last branch and
    # boundaries, which here made most manifests invalid. 1 is never a boundary of the range.
    return st.tuples(
        st.integers(0, odds), st.sampled_from(sorted(known)), st.sampled_from(unknown)
    ).map(lambda drawn: drawn[2] if drawn[0] == 1 else drawn[1])


def near(points: t.Sequence[float], random: Strategy) -> Strategy:
    """A value at a threshold as often as a random one."""
    return st.one_of(st.sampled_from(points), random)


def catalog_overrides(data: dict[str, t.Any]) -> dict[str, Strategy]:
    """Overrides for `build_strategy`, keyed by schema pointer, from the merged catalog data."""
    catalog = data["catalog"]
    deployment_types = {
        name
        for provider in catalog["providers"].values()
        for name in provider.get("deploymentTypes", {})
    }
    gpu = sorted(
        {gb for m in catalog["models"].values() for gb in (m.get("gpuMemoryGb") or {}).values()}
    )
    context = sorted(
        {m["contextTokens"] for m in catalog["models"].values() if "contextTokens" in m}
    )
    mau = sorted({lic["mauCap"] for lic in catalog["licenses"].values() if lic.get("mauCap")})
    return {
        "/$defs/regionCode": mostly(catalog["regions"], UNKNOWN_REGIONS, odds=100),
        f"{MODEL}/id": mostly(catalog["models"], UNKNOWN_MODELS),
        f"{MODEL}/provider": mostly(catalog["providers"], UNKNOWN_PROVIDERS),
        f"{MODEL}/deploymentType": mostly(deployment_types, UNKNOWN_DEPLOYMENT_TYPES, odds=4),
        f"{SPEC}/deployment/properties/gpuMemoryGb": near(
            [0, *gpu, *(g + 1 for g in gpu), *(g - 0.5 for g in gpu if g >= 1), *EXTREMES],
            st.floats(0, 2000, allow_nan=False),
        ),
        f"{SPEC}/deployment/properties/monthlyActiveUsers": near(
            [0, *mau, *(m + 1 for m in mau), 10**25], st.integers(0, 10**10)
        ),
        f"{SPEC}/requirements/properties/minContextTokens": near(
            [1, *context, *(c + 1 for c in context)], st.integers(1, 2_000_000)
        ),
        f"{SPEC}/requirements/properties/expectedMonthlyTokens": near(
            [0, 10**6, 5 * 10**9, 5 * 10**9 + 1, 10**11, 10**25, 1.5e300], st.integers(0, 10**12)
        ),
        f"{SPEC}/requirements/properties/monthlyBudgetUsd": near(
            [0, 1, 100, 1000, 20000, *EXTREMES], st.floats(0, 10**6, allow_nan=False)
        ),
        f"{SPEC}/requirements/properties/timeToMarketWeeks": near(
            [0, 7.5, 8, 8.5, 52], st.floats(0, 104, allow_nan=False)
        ),
    }


def manifests(data: dict[str, t.Any]) -> Strategy:
    """Manifests of the published schema with catalog-steered values, most requesting models."""
    schema, overrides = load_schema(), catalog_overrides(data)
    base = build_strategy(schema, overrides=overrides)
    # `models` is optional and an empty list is the simplest one, so left alone few manifests
    # would request any; the rules about requested models need them.
    requested = st.lists(
        build_strategy(schema, overrides=overrides, pointer="/$defs/model"), min_size=1, max_size=4
    )

    # `domains` is optional too, and few drawn lists hold an EU AI Act Annex III domain: left
    # alone, the LLM-REG rules fired on a handful of 300 manifests, and which handful moved
    # with anything that changed Hypothesis's choices. A third of the manifests name one.
    annex = sorted(
        data["catalog"].get("regulation", {}).get("euAiAct", {}).get("annexIiiDomains", [])
    )
    high_risk = st.lists(st.sampled_from(annex), min_size=1, max_size=2, unique=True)

    @st.composite
    def manifest(draw: st.DrawFn) -> dict[str, t.Any]:
        value = draw(base)
        if draw(st.integers(0, 4)) != 1:
            value["spec"]["models"] = draw(requested)
        if (
            annex
            and draw(st.integers(0, 2)) == 1
            and isinstance(value["spec"].get("useCase"), dict)
        ):
            value["spec"]["useCase"]["domains"] = draw(high_risk)
        return t.cast(dict[str, t.Any], value)

    return manifest()
