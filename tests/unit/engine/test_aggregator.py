"""The static aggregation the embedded engine is built with: what it writes, and when it does not.

The conformance suite holds the decisions equal to OPA's on the shipped Rego; these tests hold
the rewriting itself, and that an organisation package is still aggregated through it.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from checker.engine.aggregator import expand, is_template, rule_packages
from checker.engine.regorus_ import RegorusEngine
from checker.policy_set import build_policy_set

TEMPLATE = textwrap.dedent(
    """\
    package llm.decision

    # aggregation: begin
    violations contains f if {
    \tsome f in data.llm.rules[_].deny
    }
    # aggregation: end

    result := violations
    """
)


def test_the_block_is_written_once_per_package_and_other_rows_keep_their_numbers() -> None:
    text = expand(TEMPLATE, ("data", "residency"))
    lines = text.splitlines()
    assert lines[:3] == ["package llm.decision", "", ""]
    assert lines.index("result := violations") == TEMPLATE.splitlines().index(
        "result := violations"
    )
    assert "data.llm.rules[_]" not in text
    assert text.count("violations contains f if {") == 2
    assert '\tsome f in data.llm.rules["data"].deny' in lines  # `data` is a keyword
    assert "\tsome f in data.llm.rules.residency.deny" in lines


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (TEMPLATE, None),  # a package that cannot be named
        (TEMPLATE, ()),  # no package: the copies would define no rule at all
        (TEMPLATE.replace("# aggregation: end\n", ""), ("a",)),  # no end marker
        (TEMPLATE.replace("[_]", ".a"), ("a",)),  # nothing dynamic in the block
    ],
)
def test_the_block_stays_as_shipped_when_it_cannot_be_written_out(
    text: str, names: tuple[str, ...] | None
) -> None:
    assert expand(text, names) == text


def test_the_names_are_the_first_part_below_llm_rules_from_packages_and_data() -> None:
    packages = ["data.llm.lib", "data.llm.rules.b", "data.llm.rules.a.helpers", "data.llm.rules.a"]
    assert rule_packages(packages, {}) == ("a", "b")
    assert rule_packages(packages, {"llm": {"rules": {"c-d": {"deny": []}}}}) == ("a", "b", "c-d")
    # The rules of package llm.rules itself are what the dynamic reference iterates.
    assert rule_packages(["data.llm.rules"], {}) is None
    assert rule_packages(["data.llm.rules.a"], {"llm": {"rules": []}}) is None


def test_the_shipped_decision_has_the_marked_block() -> None:
    sources = build_policy_set().sources
    assert [name for name, text in sources.items() if is_template(text)] == [
        "policies/llm/decision/decision.rego"
    ]


ORGANISATION = textwrap.dedent(
    """\
    package llm.rules.acme

    import data.llm.lib

    # METADATA
    # title: Every project is refused by acme
    # custom:
    #   id: ACME-1
    #   severity: high
    deny contains {"rule": "ACME-1", "scope": "project", "path": "spec", "message": "no"} if {
    \tlib.spec
    }
    """
)


def test_an_organisation_package_is_aggregated_and_one_without_deny_breaks_nothing(
    tmp_path: Path,
) -> None:
    (tmp_path / "acme.rego").write_text(ORGANISATION)
    (tmp_path / "plain.rego").write_text("package llm.rules.plain\n\nplaceholder := true\n")
    policy_set = build_policy_set([tmp_path])
    manifest = {
        "apiVersion": "llm-policy/v1",
        "kind": "LLMProject",
        "metadata": {"name": "t", "owner": "o@example.com"},
        "spec": {
            "useCase": {"purpose": "chat-assistant", "audience": "internal"},
            "data": {"classification": "internal"},
            "residency": {"allowedRegions": ["us"]},
            "deployment": {"environment": "private-cloud"},
        },
    }
    decision = RegorusEngine(policy_set).query("data.llm.decision.result", manifest)
    assert "ACME-1" in {f["rule"] for f in decision["violations"]}
    assert decision["pass"] is False
    # The Rego tests' engine keeps the shipped dynamic block, and decides the same.
    tests_engine = RegorusEngine(policy_set, include_tests=True)
    assert tests_engine.query("data.llm.decision.result", manifest) == decision
