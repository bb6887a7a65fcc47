from __future__ import annotations

from checker.audit.view import Fact, age_text, flatten_facts, text


def test_text_reads_like_yaml():
    assert [text(v) for v in (True, False, None, 3, [], ["a", 1])] == [
        "true",
        "false",
        "null",
        "3",
        "[]",
        "a, 1",
    ]


def test_flatten_marks_facts_a_finding_cites():
    facts = {
        "spec": {
            "data": {"classification": "restricted", "categories": ["personal", "health"]},
            "models": [{"id": "gpt-4o", "region": "us"}, {"id": "llama", "region": "eu"}],
            "empty": {},
        }
    }
    cited = {"spec.models[0]", "spec.data.categories[1]", ""}
    assert flatten_facts(facts, cited) == [
        Fact("spec.data.classification", "restricted", False),
        Fact("spec.data.categories", "personal, health", True),
        Fact("spec.models[0].id", "gpt-4o", True),
        Fact("spec.models[0].region", "us", True),
        Fact("spec.models[1].id", "llama", False),
        Fact("spec.models[1].region", "eu", False),
        Fact("spec.empty", "{}", False),
    ]


def test_a_prefix_is_not_a_citation():
    # spec.models[1] does not cite spec.models[10], nor spec.data cite spec.dataset
    facts = {"spec": {"dataset": 1, "models": [{"a": i} for i in range(11)]}}
    cited = {"spec.models[1]", "spec.data"}
    got = {f.path: f.cited for f in flatten_facts(facts, cited)}
    assert got["spec.models[1].a"] and not got["spec.models[10].a"]
    assert not got["spec.dataset"]


def test_age_text():
    assert age_text("2025-01-01", "2025-01-31T12:00:00Z") == "30 days before the audit"
    assert age_text("2025-01-31", "2025-01-31T12:00:00Z") == "on the audit day"
    assert age_text("2025-02-02", "2025-01-31T12:00:00Z") == "2 days after the audit time"
    assert age_text("unknown", "2025-01-31T12:00:00Z") == ""
    assert age_text(None, "2025-01-31T12:00:00Z") == ""
