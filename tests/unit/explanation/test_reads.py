import pytest

from checker.errors import EngineError
from checker.explanation.reads import RegoIndex
from checker.metadata import read_metadata
from checker.policy_set import build_policy_set

LIB = """package llm.lib

spec := object.union({"data": {}}, object.get(input, "spec", {}))

classification := object.get(spec.data, "classification", "")

catalog_provider(m) := data.catalog.providers[m.provider]

setting(name, fallback) := object.get(data.settings, name, fallback)
"""

RULES = """package llm.rules.acme

import data.llm.lib

_tight := lib.setting("acmeLimit", 3)

# METADATA
# title: One
# custom:
#   id: ACME-001
#   severity: high
deny contains f if {
	some f in _one
}

_one contains f if {
	lib.classification == "restricted"
	object.get(lib.catalog_provider(m), "retentionDays", 0) > _tight
	f := {"rule": "ACME-001"}
}

# METADATA
# title: Two
# custom:
#   id: ACME-002
#   severity: low
warn contains f if {
	lib.spec.deployment.gpuMemoryGb > 1
	f := {"rule": "ACME-002"}
}
"""


def _index():
    sources = {"lib.rego": LIB, "acme.rego": RULES}
    return RegoIndex(sources), read_metadata(sources)


def test_a_rule_reads_through_its_helpers_and_the_lib():
    index, rules = _index()
    reads = index.reads(rules["ACME-001"])
    assert reads.sections == {"data"}
    assert reads.catalogs == {"providers"}
    assert {"classification", "retentionDays", "acmeLimit"} <= reads.mentions
    # Helper and section names are not fields; the other rule's fields are not read.
    assert not {"catalog_provider", "setting", "spec", "data", "gpuMemoryGb"} & reads.mentions


def test_a_rule_does_not_read_its_neighbours():
    index, rules = _index()
    reads = index.reads(rules["ACME-002"])
    assert reads.sections == {"deployment"}
    assert reads.catalogs == frozenset()
    assert "gpuMemoryGb" in reads.mentions and "retentionDays" not in reads.mentions


def test_roots_are_the_annotated_block_and_what_emits_the_id():
    index, rules = _index()
    assert [d.name for d in index.roots(rules["ACME-001"])] == ["deny", "_one"]


def test_shipped_rules_read_what_their_findings_are_about():
    ps = build_policy_set()
    rules = read_metadata(ps.sources)
    index = RegoIndex(ps.sources)
    gpu = index.reads(rules["LLM-DEP-002"])
    assert {"deployment", "models"} <= gpu.sections and "gpuMemoryHeadroom" in gpu.mentions
    assert "gpuMemoryGb" in gpu.mentions and "models" in gpu.catalogs
    zdr = index.reads(rules["LLM-DATA-002"])
    assert "providers" in zdr.catalogs
    assert {"zeroDataRetention", "trainsOnCustomerData", "classification"} <= zdr.mentions
    # Every rule with METADATA resolves to at least its own block.
    for meta in rules.values():
        if meta.rule in ("deny", "warn"):
            assert index.roots(meta), meta.id


ALIASED = """package llm.rules.other

import data.llm.lib as helpers

# METADATA
# title: Three
# custom:
#   id: OTHER-001
#   severity: low
deny contains f if {
	helpers.classification == "secret"
	msg := "the catalog_provider is not read, only named in this string"
	f := {"rule": "OTHER-001", "message": msg}
}
"""


def test_an_import_alias_is_followed_and_a_name_in_a_string_is_not():
    sources = {"lib.rego": LIB, "other.rego": ALIASED}
    reads = RegoIndex(sources).reads(read_metadata(sources)["OTHER-001"])
    assert reads.sections == {"data"}  # through helpers.classification
    assert reads.catalogs == frozenset()  # lib.catalog_provider is only named in a message
    assert "classification" in reads.mentions and "secret" in reads.mentions


def test_a_policy_that_does_not_parse_is_an_error_naming_the_file():
    with pytest.raises(EngineError, match=r"org/acme\.rego:\d+"):
        RegoIndex({"org/acme.rego": RULES.replace("deny contains f if {", "deny contains f if {{")})
