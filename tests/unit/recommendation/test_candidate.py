from checker.recommendation.candidate import Candidate, build_candidates, flag_variants

CATALOG = {
    "models": {
        "open-a": {"weights": "open"},
        "closed-b": {"weights": "closed"},
        "open-c": {"weights": "open"},
    },
    "providers": {
        "typed": {
            "models": ["closed-b", "open-a", "unknown-model"],
            "regions": ["eu", "us"],
            "deploymentTypes": {"regional": {}, "global": {}},
        },
        "plain": {"models": ["closed-b"], "regions": ["us"]},
    },
}


def _manifest(*regions):
    return {"spec": {"residency": {"allowedRegions": list(regions)}}}


def test_self_hosted_is_every_open_model_region_and_quantization():
    got = [c for c in build_candidates(CATALOG, {}, _manifest("eu", "ch")) if c.provider is None]
    assert len(got) == 2 * 2 * 3
    assert {c.id for c in got} == {"open-a", "open-c"}
    assert {c.quantization for c in got} == {"fp16", "int8", "int4"}


def test_vendor_is_served_model_times_processing_region_times_type():
    got = [c for c in build_candidates(CATALOG, {}, _manifest("eu", "ch")) if c.provider]
    # ch is allowed but no provider processes there; unknown-model is not in the catalog.
    assert sorted((c.provider, c.id, c.region, c.deployment_type) for c in got) == [
        ("typed", "closed-b", "eu", "global"),
        ("typed", "closed-b", "eu", "regional"),
        ("typed", "open-a", "eu", "global"),
        ("typed", "open-a", "eu", "regional"),
    ]


def test_a_provider_without_types_gets_no_deployment_type():
    got = [c for c in build_candidates(CATALOG, {}, _manifest("us")) if c.provider == "plain"]
    assert got == [Candidate("closed-b", "vendor-api", "us", provider="plain")]


def test_approved_providers_limit_the_vendors():
    settings = {"approvedProviders": ["plain"]}
    got = {c.provider for c in build_candidates(CATALOG, settings, _manifest("us"))}
    assert got == {None, "plain"}


def test_model_is_the_manifest_entry():
    c = Candidate(
        "gpt-4o",
        "vendor-api",
        "eu",
        provider="azure-openai",
        deployment_type="standard",
        zero_data_retention=True,
    )
    assert c.model() == {
        "id": "gpt-4o",
        "hosting": "vendor-api",
        "provider": "azure-openai",
        "region": "eu",
        "deploymentType": "standard",
        "zeroDataRetention": True,
    }
    s = Candidate("mistral-7b", "self-hosted", "us", quantization="int4")
    assert s.model() == {
        "id": "mistral-7b",
        "hosting": "self-hosted",
        "region": "us",
        "quantization": "int4",
    }


BASE = Candidate("m", "vendor-api", "us", provider="p")


def _flags(variants):
    return [(v.zero_data_retention, v.baa_signed) for v in variants]


def test_variants_run_from_no_agreement_to_every_offered_one():
    both = {"zeroDataRetention": "approval", "baa": True}
    assert _flags(flag_variants(BASE, both, zdr_required=False)) == [
        (False, False),
        (True, False),
        (False, True),
        (True, True),
    ]
    assert _flags(flag_variants(BASE, {"zeroDataRetention": "default"}, zdr_required=False)) == [
        (False, False)
    ]


def test_required_zdr_drops_providers_without_it_and_always_declares_it():
    assert flag_variants(BASE, {"zeroDataRetention": "none"}, zdr_required=True) == []
    approval = {"zeroDataRetention": "approval"}
    assert _flags(flag_variants(BASE, approval, zdr_required=True)) == [(True, False)]
    # Under default ZDR nothing needs declaring.
    assert _flags(flag_variants(BASE, {"zeroDataRetention": "default"}, zdr_required=True)) == [
        (False, False)
    ]
