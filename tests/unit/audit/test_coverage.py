from __future__ import annotations

from checker.audit.coverage import rule_coverage, split_reference

CATALOG = {
    "regulation": {
        "euAiAct": {
            "name": "Regulation (EU) 2024/1689 (AI Act)",
            "url": "https://eur-lex.europa.eu/eli/reg/2024/1689/oj",
            "articles": {
                "prohibited": "Art. 5 (prohibited AI practices)",
                "transparency": "Art. 50 (transparency obligations)",
            },
        },
        "noUrl": {"name": "no url", "articles": {}},
    },
    "licenses": {
        "gemma_terms": {"name": "Gemma", "sources": ["https://ai.google.dev/gemma/terms"]},
        "llama": {"usePolicy": {"url": "https://llama.example/use-policy"}},
    },
}


def rule(rule_id, *refs, area="regulation"):
    return {"id": rule_id, "title": f"{rule_id} title", "area": area, "references": list(refs)}


def test_split_reference_at_the_url():
    assert split_reference("GDPR Art. 9: https://eur-lex.europa.eu/x") == (
        "GDPR Art. 9",
        "https://eur-lex.europa.eu/x",
    )
    assert split_reference("no link here") == ("no link here", "")


def test_references_map_to_regulation_articles_licence_clauses_and_other_sources():
    rules = [
        rule(
            "LLM-REG-004",
            "AI Act, Art. 50 (transparency obligations): https://eur-lex.europa.eu/eli/reg/2024/1689/oj",
            "A blog post: https://blog.example/post",
        ),
        rule(
            "LLM-LIC-012",
            "Gemma Terms of Use, section 1: https://ai.google.dev/gemma/terms",
            "Llama AUP: https://llama.example/use-policy",
            "A licence text the catalog does not list: https://licence.example",
            area="licensing",
        ),
        rule("LLM-GOV-009"),
    ]
    reg, lic, none = rule_coverage(rules, CATALOG)
    assert reg["regulations"] == [
        {
            "regulation": "euAiAct",
            "name": "Regulation (EU) 2024/1689 (AI Act)",
            "url": "https://eur-lex.europa.eu/eli/reg/2024/1689/oj",
            "text": "AI Act, Art. 50 (transparency obligations)",
            # Art. 50 names Art. 50, not Art. 5
            "articles": ["Art. 50 (transparency obligations)"],
        }
    ]
    assert reg["licences"] == [] and reg["sources"] == [
        {"text": "A blog post", "url": "https://blog.example/post"}
    ]
    assert [c["text"] for c in lic["licences"]] == [
        "Gemma Terms of Use, section 1",
        "Llama AUP",
        "A licence text the catalog does not list",
    ]
    assert lic["regulations"] == [] and lic["sources"] == []
    assert none == {
        "rule": "LLM-GOV-009",
        "title": "LLM-GOV-009 title",
        "regulations": [],
        "licences": [],
        "sources": [],
    }


def test_an_empty_catalog_leaves_every_reference_a_source():
    (only,) = rule_coverage(
        [rule("X", "Art. 5: https://eur-lex.europa.eu/eli/reg/2024/1689/oj")], {}
    )
    assert only["regulations"] == [] and len(only["sources"]) == 1
