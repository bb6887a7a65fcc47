package llm.rules.evidence_test

import data.llm.rules.evidence

_models := {
	"claude-1": {"name": "Claude 1", "url": "https://example.com/claude-1", "weights": "closed"},
	"llama-1": {"name": "Llama 1", "url": "https://example.com/llama-1", "weights": "open"},
}

_providers := {
	"anthropic": {"name": "Anthropic API", "url": "https://example.com/anthropic", "models": ["claude-1"]},
	"bedrock": {"name": "Amazon Bedrock", "url": "https://example.com/bedrock", "models": ["claude-1", "llama-1"]},
}

_rmf(article) := sprintf(
	"NIST AI RMF 1.0 (NIST AI 100-1), %s: https://www.nist.gov/itl/ai-risk-management-framework",
	[article],
)

_iso(article) := sprintf("ISO/IEC 42001:2023, %s: https://www.iso.org/standard/81230.html", [article])

_inventory := _rmf("GOVERN 1.6 (inventory of AI systems)")

_third_party := _rmf("GOVERN 6 (third-party risk)")

_components := _rmf("MAP 4 (mapping third-party components)")

_context := _rmf("MAP 1 (context and deployment constraints)")

_suppliers := _iso("Annex A.10 (third-party and customer relationships)")

_data := _iso("Annex A.7 (data for AI systems)")

_claude := "Claude 1: https://example.com/claude-1"

_llama := "Llama 1: https://example.com/llama-1"

_anthropic := "Anthropic API: https://example.com/anthropic"

_bedrock := "Amazon Bedrock: https://example.com/bedrock"

_spec := {
	"useCase": {"purpose": "summarization", "audience": "internal"},
	"data": {"classification": "internal"},
	"residency": {"allowedRegions": ["eu"]},
	"deployment": {"environment": "private-cloud"},
}

_self_hosted(id) := {"id": id, "hosting": "self-hosted", "region": "eu"}

_vendor(id, provider) := {"id": id, "hosting": "vendor-api", "provider": provider, "region": "eu"}

# A scan reference as checker.scan.reference.ScanReference.as_dict() gives it.
_ref(line, kind, model, provider, hosting, region) := {
	"file": "app.py", "line": line, "column": 5, "kind": kind, "text": "t",
	"model": model, "provider": provider, "hosting": hosting, "region": region,
	"deploymentType": null,
}

_claude_call(line) := _ref(line, "sdk-call", "claude-1", "anthropic", "vendor-api", null)

_client(line) := _ref(line, "sdk-call", null, "anthropic", "vendor-api", null)

_llama_local(line) := _ref(line, "sdk-call", "llama-1", null, "self-hosted", null)

_input(models, refs) := {"spec": object.union(_spec, {"models": models}), "scan": {"references": refs}}

_deny(models, refs) := findings if {
	findings := evidence.deny with input as _input(models, refs)
		with data.catalog.models as _models
		with data.catalog.providers as _providers
}

_warn(models, refs) := findings if {
	findings := evidence.warn with input as _input(models, refs)
		with data.catalog.models as _models
		with data.catalog.providers as _providers
}

_rules(findings) := {f.rule | some f in findings}

_finding(rule, i, msg, refs) := {
	"rule": rule,
	"scope": "project",
	"path": sprintf("scan.references[%d]", [i]),
	"message": msg,
	"references": refs,
}

# --- no scan: nothing fires

test_pass_without_scan if {
	no_scan := {"spec": object.union(_spec, {"models": [_self_hosted("llama-1")]})}
	count(evidence.deny) == 0 with input as no_scan
		with data.catalog.models as _models
		with data.catalog.providers as _providers
	count(evidence.warn) == 0 with input as no_scan
		with data.catalog.models as _models
		with data.catalog.providers as _providers
}

# --- LLM-EVD-001 undeclared model

test_fail_undeclared_model if {
	found := _deny([_self_hosted("llama-1")], [_llama_local(1), _claude_call(7), _claude_call(9)])
	_finding(
		"LLM-EVD-001", 1,
		"The code uses model claude-1 in 2 places (app.py:7 and 1 more place), but the manifest does not declare it.",
		sort([_claude, _anthropic, _inventory, _components, _suppliers]),
	) in found
}

test_fail_unresolved_model_id if {
	unknown := object.union(_client(4), {"text": "client.messages.create(model=\"gpt-9-ultra\")"})
	found := _deny([_vendor("claude-1", "anthropic")], [unknown])
	found == {_finding(
		"LLM-EVD-001", 0,
		concat("", [
			"The code uses the model id in client.messages.create(model=\"gpt-9-ultra\"), ",
			"which is not in the model catalog, in 1 place (app.py:4), ",
			"but the manifest does not declare it.",
		]),
		sort([_anthropic, _inventory, _components, _suppliers]),
	)}
}

test_pass_model_argument_the_scan_cannot_follow if {
	variable := object.union(_client(4), {"text": "client.messages.create(model=MODEL)"})
	count(_deny([_vendor("claude-1", "anthropic")], [variable])) == 0
}

test_fail_unknown_model_named_by_catalog_id if {
	stray := _ref(2, "model-id", "mystery-1", null, null, null)
	found := _deny([_self_hosted("llama-1")], [_llama_local(1), stray])
	found == {_finding(
		"LLM-EVD-001", 1,
		concat("", [
			"The code uses model mystery-1, which is not in the model catalog, in 1 place (app.py:2), ",
			"but the manifest does not declare it.",
		]),
		sort([_inventory, _components, _suppliers]),
	)}
}

test_pass_declared_model if {
	found := _deny([_vendor("claude-1", "anthropic"), _self_hosted("llama-1")], [_claude_call(3), _llama_local(5)])
	count(found) == 0
}

# --- LLM-EVD-002 undeclared provider

test_fail_undeclared_provider_alone if {
	found := _deny([_vendor("claude-1", "bedrock")], [_client(2), _client(8)])
	found == {_finding(
		"LLM-EVD-002", 0,
		concat("", [
			"The code calls provider Anthropic API (anthropic) in 2 places (app.py:2 and 1 more place), ",
			"but the manifest declares no vendor-api deployment with it.",
		]),
		sort([_anthropic, _suppliers, _third_party]),
	)}
}

test_fail_declared_model_through_other_provider if {
	found := _deny([_vendor("claude-1", "bedrock")], [_claude_call(3)])
	found == {_finding(
		"LLM-EVD-002", 0,
		concat("", [
			"The code calls provider Anthropic API (anthropic) of model claude-1 in 1 place (app.py:3), ",
			"but the manifest declares no vendor-api deployment of model claude-1 with it.",
		]),
		sort([_claude, _anthropic, _suppliers, _third_party]),
	)}
}

test_fail_unknown_provider_shown_by_id if {
	stray := _ref(6, "endpoint", null, "acme-ai", "vendor-api", null)
	found := _deny([_vendor("claude-1", "anthropic")], [_claude_call(1), stray])
	_rules(found) == {"LLM-EVD-002"}
	some f in found
	f.message == concat("", [
		"The code calls provider acme-ai in 1 place (app.py:6), ",
		"but the manifest declares no vendor-api deployment with it.",
	])
	f.references == sort([_suppliers, _third_party])
}

test_pass_provider_declared if {
	count(_deny([_vendor("claude-1", "anthropic")], [_client(1), _claude_call(2)])) == 0
}

test_pass_self_hosted_reference_needs_no_provider if {
	local := _ref(1, "serving", "llama-1", "bedrock", "self-hosted", null)
	count(_deny([_self_hosted("llama-1")], [local])) == 0
}

# --- LLM-EVD-003 vendor calls while only self-hosting

test_fail_vendor_call_only_self_hosted if {
	found := _deny([_self_hosted("llama-1")], [_llama_local(1), _client(4), _claude_call(6)])
	_finding(
		"LLM-EVD-003", 1,
		concat("", [
			"The code calls vendor APIs (providers: anthropic) in 2 places (app.py:4 and 1 more place), ",
			"but the manifest declares only self-hosted deployments.",
		]),
		sort([_anthropic, _suppliers, _third_party, _context]),
	) in found
	_rules(found) == {"LLM-EVD-001", "LLM-EVD-002", "LLM-EVD-003"}
}

test_fail_endpoint_without_provider_no_models if {
	url := _ref(2, "endpoint", null, null, null, null)
	found := _deny([], [url])
	found == {_finding(
		"LLM-EVD-003", 0,
		"The code calls vendor APIs (providers: none) in 1 place (app.py:2), but the manifest declares no model deployment.",
		sort([_suppliers, _third_party, _context]),
	)}
}

test_pass_vendor_call_with_vendor_declared if {
	found := _deny([_vendor("claude-1", "anthropic"), _self_hosted("llama-1")], [_client(4)])
	not "LLM-EVD-003" in _rules(found)
}

# --- LLM-EVD-004 region outside the allowed regions

test_fail_region_outside_allowed if {
	us := _ref(5, "sdk-call", "claude-1", "bedrock", "vendor-api", "us")
	found := _deny([_vendor("claude-1", "bedrock")], [us])
	found == {_finding(
		"LLM-EVD-004", 0,
		concat("", [
			"The code sends requests to region us (provider Amazon Bedrock (bedrock)) in 1 place (app.py:5), ",
			"outside the allowed regions (eu).",
		]),
		sort([_claude, _bedrock, _data, _context]),
	)}
}

test_fail_region_without_provider if {
	us := _ref(5, "endpoint", null, null, null, "us")
	found := _deny([_vendor("claude-1", "bedrock")], [us, us])
	some f in found
	f.rule == "LLM-EVD-004"
	f.message == concat("", [
		"The code sends requests to region us in 2 places (app.py:5 and 1 more place), ",
		"outside the allowed regions (eu).",
	])
}

test_pass_region_allowed if {
	eu := _ref(5, "sdk-call", "claude-1", "bedrock", "vendor-api", "eu")
	count(_deny([_vendor("claude-1", "bedrock")], [eu])) == 0
}

# --- LLM-EVD-005 declared model never referenced

test_warn_unreferenced_model if {
	found := _warn([_self_hosted("llama-1"), _vendor("claude-1", "anthropic")], [_claude_call(1)])
	found == {{
		"rule": "LLM-EVD-005",
		"scope": "model",
		"model": 0,
		"path": "spec.models[0].id",
		"message": "Model llama-1 is declared, but the only LLM use the scan found in the code is another.",
		"references": sort([_llama, _inventory]),
	}}
}

test_warn_unreferenced_model_empty_scan if {
	found := _warn([_self_hosted("llama-1")], [])
	some f in found
	f.message == "Model llama-1 is declared, but the scan found no LLM use in the code."
}

test_warn_unreferenced_unknown_model_many_uses if {
	found := _warn([_self_hosted("mystery-1")], [_claude_call(1), _client(2)])
	some f in found
	f.message == "Model mystery-1 is declared, but none of the 2 LLM uses the scan found in the code names it."
	f.references == [_inventory]
}

test_pass_every_declared_model_referenced if {
	count(_warn([_self_hosted("llama-1"), _vendor("claude-1", "anthropic")], [_claude_call(1), _llama_local(2)])) == 0
}

test_pass_malformed_reference_ignored if {
	count(_deny([_self_hosted("llama-1")], ["not an object", _llama_local(1)])) == 0
}
