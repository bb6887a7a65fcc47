# The adapter that lets conftest run llm-policy's Rego unchanged: conftest looks for `deny` and
# `warn` rules in `package main`; these forward the decision's findings as messages.
package main

deny contains msg if {
	some f in data.llm.decision.result.violations
	msg := sprintf("%s: %s", [f.rule, f.message])
}

warn contains msg if {
	some f in data.llm.decision.result.warnings
	msg := sprintf("%s: %s", [f.rule, f.message])
}
