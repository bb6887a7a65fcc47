import pytest

from checker.errors import EngineError
from checker.metadata import read_metadata
from checker.severity import Severity

POLICY = """package llm.rules.demo

# METADATA
# title: Demo rule
# description: >-
#   Says why
#   on two lines.
# related_resources:
#   - ref: https://example.org/law
#     description: Law Art. 1
#   - https://example.org/plain
# custom:
#   id: LLM-DEMO-001
#   severity: high
#   remediation: Do the thing.
deny contains f if {
	f := {"rule": "LLM-DEMO-001"}
}

# METADATA
# title: A warning
# custom:
#   id: LLM-DEMO-002
#   severity: low
warn contains f if {
	f := {"rule": "LLM-DEMO-002"}
}
"""


def test_reads_every_block_with_its_fields():
    rules = read_metadata({"demo.rego": POLICY})
    assert set(rules) == {"LLM-DEMO-001", "LLM-DEMO-002"}
    rule = rules["LLM-DEMO-001"]
    assert rule.severity is Severity.HIGH
    assert rule.title == "Demo rule"
    assert rule.description == "Says why on two lines."
    assert rule.remediation == "Do the thing."
    assert rule.references == ("Law Art. 1: https://example.org/law", "https://example.org/plain")
    assert (rule.package, rule.rule, rule.file, rule.line) == (
        "llm.rules.demo",
        "deny",
        "demo.rego",
        3,
    )
    assert rules["LLM-DEMO-002"].rule == "warn"


def test_duplicate_id_is_an_error_naming_both_places():
    message = r"b\.rego:3: rule id LLM-DEMO-001 is already used at a\.rego:3"
    with pytest.raises(EngineError, match=message):
        read_metadata({"a.rego": POLICY, "b.rego": POLICY})


def test_deny_without_id_is_an_error():
    text = "package x\n\n# METADATA\n# title: no id\ndeny contains f if { f := 1 }\n"
    with pytest.raises(EngineError, match=r"needs custom\.id and custom\.severity"):
        read_metadata({"x.rego": text})


def test_unknown_severity_is_an_error():
    text = POLICY.replace("severity: high", "severity: severe")
    with pytest.raises(EngineError, match="severity 'severe'"):
        read_metadata({"x.rego": text})


def test_package_metadata_without_id_is_ignored():
    text = "# METADATA\n# title: pkg\npackage x\n"
    assert read_metadata({"x.rego": text}) == {}


def test_rule_names_and_rows_come_from_the_syntax_tree():
    text = (
        "package x\n\n# METADATA\n# custom:\n#   id: X-1\n#   severity: low\n"
        "default allow := false\n\n# METADATA\n# custom:\n#   id: X-2\n#   severity: low\n"
        "a.b.c := 1\n"
    )
    rules = read_metadata({"x.rego": text})
    assert (rules["X-1"].rule, rules["X-1"].line, rules["X-1"].rule_line) == ("allow", 3, 7)
    assert (rules["X-2"].rule, rules["X-2"].rule_line) == ("a", 13)


def test_a_package_block_annotates_no_rule():
    text = "# METADATA\n# custom:\n#   id: PKG-1\n#   severity: low\npackage llm.rules.pkg\n"
    meta = read_metadata({"x.rego": text})["PKG-1"]
    assert (meta.package, meta.rule, meta.rule_line) == ("llm.rules.pkg", "", 5)


def test_a_block_not_right_above_a_rule_annotates_none():
    # A blank line between block and rule: no rule, so no deny check either (as before).
    text = "package x\n\n# METADATA\n# title: loose\n\ndeny contains f if { f := 1 }\n"
    assert read_metadata({"x.rego": text}) == {}


def test_an_indented_comment_in_a_body_is_no_block():
    text = POLICY.replace(
        '\tf := {"rule": "LLM-DEMO-002"}',
        '\t# METADATA\n\t# title: not a block\n\tf := {"rule": "LLM-DEMO-002"}',
    )
    rules = read_metadata({"demo.rego": text})
    assert rules["LLM-DEMO-002"].title == "A warning"


def test_a_policy_that_does_not_parse_is_an_error_naming_the_file():
    text = POLICY.replace("deny contains f if {", "deny contains f if {{", 1)
    with pytest.raises(EngineError, match=r"policy does not compile: --> org/demo\.rego:\d+"):
        read_metadata({"org/demo.rego": text})
