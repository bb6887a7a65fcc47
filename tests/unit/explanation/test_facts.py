from checker.explanation.facts import build_facts, lookup
from checker.explanation.reads import RuleReads
from checker.result import Finding
from checker.severity import Severity

MANIFEST = {
    "spec": {
        "data": {"classification": "confidential", "categories": ["personal"]},
        "residency": {"allowedRegions": ["eu"]},
        "models": [{"id": "gpt-4o", "hosting": "vendor-api", "provider": "acme", "region": "eu"}],
    }
}
DATA = {
    "catalog": {
        "providers": {
            "acme": {
                "zeroDataRetention": "approval",
                "baa": True,
                "checked": "2026-01-01",
                "sources": ["https://acme.example/terms"],
                "notes": "n",
            },
            "other": {"zeroDataRetention": "none", "checked": "2025-01-01", "sources": []},
        },
        "models": {"gpt-4o": {"capabilities": ["code"], "checked": "2026-02-02"}},
        "regions": {"eu": {"euAdequate": True, "checked": "2026-03-03"}},
    },
    "settings": {"approvedProviders": [], "unrelated": 1},
}


def _finding(**kw):
    base = {
        "rule": "X-1",
        "severity": Severity.HIGH,
        "title": "t",
        "message": "m",
        "scope": "model",
        "path": "spec.models[0].zeroDataRetention",
        "model": 0,
    }
    return Finding(**{**base, **kw})


def test_lookup_walks_dotted_paths_and_indexes():
    assert lookup(MANIFEST, "spec.models[0].region") == "eu"
    assert lookup(MANIFEST, "spec.data.classification") == "confidential"
    assert lookup(MANIFEST, "spec.models[3]") is not None  # the missing marker, not a value
    assert lookup(MANIFEST, "spec.models[3]") is lookup(MANIFEST, "spec.nothing")


def test_model_finding_shows_its_path_its_deployment_and_the_read_fields():
    reads = RuleReads(
        sections=frozenset({"data", "models"}),
        catalogs=frozenset({"providers"}),
        mentions=frozenset({"classification", "zeroDataRetention", "approvedProviders"}),
    )
    facts = build_facts(_finding(), MANIFEST, DATA, reads)
    assert facts.manifest == {
        "spec.models[0].zeroDataRetention": None,
        "spec.models[0]": MANIFEST["spec"]["models"][0],
        "spec.data.classification": "confidential",
    }
    (provider,) = facts.catalog
    assert (provider.catalog, provider.id) == ("providers", "acme")
    assert provider.fields == {"zeroDataRetention": "approval"}
    assert provider.checked == "2026-01-01"
    assert provider.sources == ("https://acme.example/terms",)
    assert facts.settings == {"approvedProviders": []}


def test_mode_finding_weighs_every_provider_it_reads_and_the_manifest_regions():
    reads = RuleReads(
        sections=frozenset({"data"}),
        catalogs=frozenset({"providers", "regions"}),
        mentions=frozenset({"zeroDataRetention", "euAdequate"}),
    )
    finding = _finding(scope="vendor-api", model=None, path="spec.data.classification")
    facts = build_facts(finding, MANIFEST, DATA, reads)
    assert [(c.catalog, c.id) for c in facts.catalog] == [
        ("providers", "acme"),
        ("providers", "other"),
        ("regions", "eu"),
    ]
    assert facts.manifest == {"spec.data.classification": "confidential"}


def test_catalogs_the_rule_does_not_read_are_not_shown():
    reads = RuleReads(sections=frozenset({"models"}), mentions=frozenset({"region"}))
    facts = build_facts(_finding(path="spec.models[0].region"), MANIFEST, DATA, reads)
    assert facts.catalog == ()
