import pytest

from checker.commands.rego_tests import _declared_tests
from checker.errors import EngineError
from checker.rego_ast import dotted, nodes, parse_module, ref_parts

MODULE = """# METADATA
# title: the package
package llm.rules.acme

import data.llm.lib
import data.llm.lib as helpers

# A comment the AST does not keep.
default allow := false

deny contains f if {
	some m in input.spec.models
	f := {"rule": "ACME-001", "model": m.id}
}

a.b.c := 1

limit(x) := y if {
	y := x + 1
} else := 2
"""


def test_package_imports_and_rules_with_their_rows():
    module = parse_module("acme.rego", MODULE)
    assert (module.file, module.package, module.package_line) == ("acme.rego", "llm.rules.acme", 3)
    assert [(i.path, i.alias) for i in module.imports] == [
        (("data", "llm", "lib"), "lib"),
        (("data", "llm", "lib"), "helpers"),  # `as` is a span in the AST: read from the source
    ]
    # default's name is the rule's; a ref head is named by its first name; else is one rule.
    assert [(r.name, r.line) for r in module.rules] == [
        ("allow", 9),
        ("deny", 11),
        ("a", 16),
        ("limit", 18),
    ]


def test_an_alias_after_non_ascii_text_is_read_by_byte_offset():
    module = parse_module("x.rego", "package x\n\n# Zürich — São Paulo\nimport data.llm.lib as l\n")
    assert module.imports[0].alias == "l"


def test_a_syntax_error_names_the_file_and_row_without_a_backtrace():
    with pytest.raises(EngineError) as caught:
        parse_module("org/broken.rego", "package llm.rules.broken\ndeny contains f if {\n")
    message = str(caught.value)
    assert message.startswith("policy does not compile:")
    assert "org/broken.rego:3" in message
    assert "Stack backtrace" not in message


def test_a_file_without_a_package_is_an_error():
    with pytest.raises(EngineError, match=r"empty\.rego:1"):
        parse_module("empty.rego", "")


def test_references_flatten_to_their_names():
    module = parse_module("x.rego", 'package a["b-c"].d\n\nr := data.catalog.models["m"][x].w\n')
    assert module.package == 'a["b-c"].d'
    (rule,) = module.rules
    refs = [body for kind, body in nodes(rule.node) if kind == "RefDot"]
    outer = max(refs, key=lambda body: body["span"]["end"] - body["span"]["start"])
    parts = ref_parts({"RefDot": outer})
    assert parts[:4] == ["data", "catalog", "models", "m"] and parts[5] == "w"
    assert dotted(parts) == "data.catalog.models.m[_].w"


def test_nodes_walks_every_node_once():
    (rule,) = parse_module("x.rego", 'package x\n\nr if { "a" == "b"; count([1]) > 0 }\n').rules
    kinds = [kind for kind, _ in nodes(rule.node)]
    assert kinds.count("String") == 2 and kinds.count("Call") == 1 and kinds[0] == "Spec"


def test_declared_tests_are_the_test_rules_of_each_package():
    sources = {
        "a_test.rego": "package llm.rules.a_test\n\ntest_one if true\n\ntest_one if 1 == 1\n"
        "\ntodo_test_later if true\n\nhelper := 1\n",
        "b_test.rego": "package llm.rules.b_test\n\n# test_commented if true\ntest_two if {\n"
        '\tx := "test_in_a_string"\n\tx != ""\n}\n',
    }
    assert _declared_tests(sources) == [
        ("llm.rules.a_test", "test_one"),
        ("llm.rules.b_test", "test_two"),
    ]
