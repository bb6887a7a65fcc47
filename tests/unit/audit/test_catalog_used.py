from __future__ import annotations

import datetime as dt

from checker.audit.catalog_used import catalog_appendix, project_catalog

CATALOG = {
    "models": {
        "llama": {
            "license": "llama_lic",
            "extraLicenses": ["eu_carveout"],
            "checked": "2025-01-01",
        },
        "gpt-4o": {"checked": dt.date(2025, 1, 2), "sources": ["https://e.x"]},
        "unused": {},
    },
    "licenses": {"llama_lic": {}, "eu_carveout": {}, "other": {}},
    "providers": {"openai": {}, "anthropic": {}},
    "regions": {"eu": {}, "us": {}, "jp": {}},
    "regulation": {"euAiAct": {}},
}
FACTS = {
    "spec": {
        "data": {"subjectRegions": ["us"]},
        "residency": {"allowedRegions": ["eu"]},
        "models": [
            {"id": "llama", "hosting": "self-hosted", "region": "eu"},
            {"id": "gpt-4o", "hosting": "vendor-api", "provider": "openai", "region": "us"},
            {"id": "nope", "hosting": "vendor-api", "provider": "nobody"},
            "not a model",
        ],
    }
}


def test_project_refers_to_its_models_licences_providers_and_regions():
    assert project_catalog(FACTS, CATALOG) == {
        "models": ["gpt-4o", "llama"],
        "licenses": ["eu_carveout", "llama_lic"],
        "providers": ["openai"],
        "regions": ["eu", "us"],
        "regulation": ["euAiAct"],
    }
    assert project_catalog({}, CATALOG)["models"] == []
    assert project_catalog({"spec": "broken"}, {})["regions"] == []


def test_appendix_holds_full_entries_used_and_every_provider():
    appendix = catalog_appendix([project_catalog(FACTS, CATALOG)], CATALOG)
    assert [e["id"] for e in appendix["models"]] == ["gpt-4o", "llama"]
    assert [e["id"] for e in appendix["providers"]] == ["anthropic", "openai"]
    assert [e["id"] for e in appendix["regions"]] == ["eu", "us"]
    # a YAML date becomes text: audit.json is plain JSON
    assert appendix["models"][0]["entry"] == {"checked": "2025-01-02", "sources": ["https://e.x"]}
