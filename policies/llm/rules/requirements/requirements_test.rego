package llm.rules.requirements_test

import data.llm.rules.requirements

_models := {
	"small-open": {
		"name": "Small open", "url": "https://example.com/small-open",
		"weights": "open", "license": "lic", "contextTokens": 8192, "capabilities": ["code"],
	},
	"long-open": {
		"name": "Long open", "url": "https://example.com/long-open",
		"weights": "open", "license": "lic",
		"contextTokens": 131072, "capabilities": ["long-context", "code"],
	},
	"closed-priced": {
		"name": "Closed priced", "sources": ["https://example.com/closed-priced"],
		"weights": "closed", "contextTokens": 128000, "capabilities": ["long-context", "multimodal"],
		"pricing": {"inputPerMTokUsd": 2, "outputPerMTokUsd": 8},
	},
	"closed-unpriced": {"name": "Closed unpriced", "url": "https://example.com/closed-unpriced", "weights": "closed"},
}

_providers := {
	"tuner": {
		"name": "Tuner", "sources": ["https://example.com/tuner"],
		"fineTuning": true, "models": ["closed-priced", "long-open"],
	},
	"no-tuner": {
		"name": "No tuner", "sources": ["https://example.com/no-tuner"],
		"fineTuning": false, "models": ["closed-priced"],
	},
	"silent": {"name": "Silent", "sources": ["https://example.com/silent"], "models": ["closed-priced"]},
}

_ref(name, id) := sprintf("%s: https://example.com/%s", [name, id])

_map2 := concat("", [
	"NIST AI RMF 1.0 (NIST AI 100-1), MAP 2 (categorisation of the AI system and its capabilities): ",
	"https://www.nist.gov/itl/ai-risk-management-framework",
])

_map3 := concat("", [
	"NIST AI RMF 1.0 (NIST AI 100-1), MAP 3 (capabilities, targeted usage, expected benefits and costs): ",
	"https://www.nist.gov/itl/ai-risk-management-framework",
])

_spec := {
	"useCase": {"purpose": "summarization", "audience": "internal"},
	"data": {"classification": "internal"},
	"residency": {"allowedRegions": ["us"]},
	"deployment": {"environment": "public-cloud"},
	"models": [],
}

_self_hosted(id) := {"id": id, "hosting": "self-hosted", "region": "us"}

_vendor(id, provider) := {"id": id, "hosting": "vendor-api", "provider": provider, "region": "us"}

_input(reqs, models) := {"spec": object.union(_spec, {"requirements": reqs, "models": models})}

_deny(reqs, models) := findings if {
	findings := requirements.deny with input as _input(reqs, models)
		with data.catalog.models as _models
		with data.catalog.providers as _providers
}

# The shipped settings with `patch` over them (the rules read every setting without a fallback).
_warn(reqs, models, settings_patch) := findings if {
	settings := object.union(data.settings, settings_patch)
	findings := requirements.warn with input as _input(reqs, models)
		with data.catalog.models as _models
		with data.catalog.providers as _providers
		with data.settings as settings
}

_finding(rule, i, field, msg, refs) := {
	"rule": rule,
	"scope": "model",
	"model": i,
	"path": sprintf("spec.models[%d].%s", [i, field]),
	"message": msg,
	"references": refs,
}

# --- LLM-REQ-001 full-weight fine-tuning

test_fail_full_weights_fine_tuning_vendor_mode_and_models if {
	_deny({"fineTuning": "full-weights"}, [_self_hosted("small-open"), _vendor("closed-priced", "tuner")]) == {
		{
			"rule": "LLM-REQ-001",
			"scope": "vendor-api",
			"path": "spec.requirements.fineTuning",
			"message": concat("", [
				"requirements.fineTuning is full-weights, and no vendor API gives access to the weights, ",
				"so no vendor deployment can meet it.",
			]),
			"references": [_map2],
		},
		_finding(
			"LLM-REQ-001", 1, "hosting",
			concat("", [
				"Model closed-priced is requested through the API of provider tuner, which does not give ",
				"access to the weights for the full-weights fine-tuning required.",
			]),
			[_ref("Closed priced", "closed-priced"), _ref("Tuner", "tuner"), _map2],
		),
	}
}

test_fail_full_weights_unknown_model_and_provider_cite_the_framework_only if {
	fs := _deny({"fineTuning": "full-weights"}, [_vendor("nope", "nobody")])
	{f.scope: f.references | some f in fs} == {"vendor-api": [_map2], "model": [_map2]}
}

test_fail_full_weights_fine_tuning_without_models_refuses_vendor_mode if {
	{[f.rule, f.scope] | some f in _deny({"fineTuning": "full-weights"}, [])} == {["LLM-REQ-001", "vendor-api"]}
}

test_success_full_weights_fine_tuning_self_hosted if {
	# Only the vendor-api mode is refused; the self-hosted model and mode stay allowed.
	findings := _deny({"fineTuning": "full-weights"}, [_self_hosted("small-open")])
	{f.scope | some f in findings} == {"vendor-api"}
}

test_success_no_fine_tuning if {
	count(_deny({"fineTuning": "none"}, [_vendor("closed-priced", "tuner")])) == 0
}

# --- LLM-REQ-002 capabilities

test_fail_missing_capabilities if {
	_deny({"capabilities": ["multimodal", "long-context", "code"]}, [
		_self_hosted("long-open"),
		_vendor("closed-priced", "tuner"),
	]) == {
		_finding(
			"LLM-REQ-002", 0, "id",
			"Model long-open lacks the required capability multimodal (its catalog entry lists code, long-context).",
			[_ref("Long open", "long-open"), _map2],
		),
		_finding(
			"LLM-REQ-002", 1, "id",
			"Model closed-priced lacks the required capability code (its catalog entry lists long-context, multimodal).",
			[_ref("Closed priced", "closed-priced"), _map2],
		),
	}
}

test_fail_model_without_capabilities_listed if {
	_deny({"capabilities": ["code", "tools"]}, [_vendor("closed-unpriced", "tuner")]) == {_finding(
		"LLM-REQ-002", 0, "id",
		"Model closed-unpriced lacks the required capabilities code, tools (its catalog entry lists none).",
		[_ref("Closed unpriced", "closed-unpriced"), _map2],
	)}
}

test_success_capabilities_met if {
	count(_deny({"capabilities": ["long-context", "code"]}, [_self_hosted("long-open")])) == 0
}

test_success_unknown_model_left_to_governance if {
	count(_deny({"capabilities": ["code"], "minContextTokens": 1000}, [_self_hosted("nope")])) == 0
}

# --- LLM-REQ-003 context length

test_fail_context_too_short if {
	_deny({"minContextTokens": 32000}, [_self_hosted("small-open"), _self_hosted("long-open")]) == {_finding(
		"LLM-REQ-003", 0, "id",
		concat("", [
			"Model small-open has a context window of 8192 tokens, below the 32000 tokens ",
			"requirements.minContextTokens asks for.",
		]),
		[_ref("Small open", "small-open"), _map2],
	)}
}

test_fail_context_unknown if {
	_deny({"minContextTokens": 1000}, [_vendor("closed-unpriced", "tuner")]) == {_finding(
		"LLM-REQ-003", 0, "id",
		concat("", [
			"Model closed-unpriced has no context window stated in the catalog, so it is not known to ",
			"hold the 1000 tokens requirements.minContextTokens asks for.",
		]),
		[_ref("Closed unpriced", "closed-unpriced"), _map2],
	)}
}

test_success_context_long_enough if {
	count(_deny({"minContextTokens": 8192}, [_self_hosted("small-open")])) == 0
}

# --- LLM-REQ-004 vendor-managed fine-tuning

_no_tuning(why) := sprintf("Vendor-managed fine-tuning is required for model closed-priced, but %s.", [why])

test_fail_vendor_fine_tuning_provider_without_it if {
	_deny({"fineTuning": "vendor-managed"}, [
		_vendor("closed-priced", "tuner"),
		_vendor("closed-priced", "no-tuner"),
		_vendor("closed-priced", "silent"),
	]) == {
		_finding(
			"LLM-REQ-004", 1, "provider",
			_no_tuning("provider no-tuner does not offer fine-tuning"),
			[_ref("Closed priced", "closed-priced"), _ref("No tuner", "no-tuner"), _map2],
		),
		_finding(
			"LLM-REQ-004", 2, "provider",
			_no_tuning("the catalog does not say that provider silent offers fine-tuning"),
			[_ref("Closed priced", "closed-priced"), _ref("Silent", "silent"), _map2],
		),
	}
}

test_fail_vendor_fine_tuning_unknown_or_missing_provider if {
	fs := _deny({"fineTuning": "vendor-managed"}, [
		_vendor("closed-priced", "nobody"),
		{"id": "closed-priced", "hosting": "vendor-api", "region": "us"},
		_vendor("nope", "tuner"),
	])
	{f.model: [f.message, f.references] | some f in fs} == {
		0: [
			_no_tuning("provider nobody is not in the provider catalog, so it is not known to offer fine-tuning"),
			[_ref("Closed priced", "closed-priced"), _map2],
		],
		1: [
			_no_tuning("it names no provider, so none is known to offer fine-tuning"),
			[_ref("Closed priced", "closed-priced"), _map2],
		],
	}
}

test_fail_vendor_fine_tuning_without_provider_catalog if {
	manifest := _input({"fineTuning": "vendor-managed"}, [_vendor("closed-priced", "tuner")])
	findings := requirements.deny with input as manifest
		with data.catalog.models as _models
		with data.catalog.providers as {}
	{[f.rule, f.references] | some f in findings} == {["LLM-REQ-004", [_ref("Closed priced", "closed-priced"), _map2]]}
}

test_success_vendor_fine_tuning_provider_with_it if {
	count(_deny({"fineTuning": "vendor-managed"}, [_vendor("closed-priced", "tuner"), _self_hosted("small-open")])) == 0
}

# --- LLM-REQ-005 budget (warning)

test_fail_budget_exceeded if {
	# 100M tokens: 50M input at 2 + 50M output at 8 = 100 + 400 = USD 500.
	_warn(
		{"monthlyBudgetUsd": 499, "expectedMonthlyTokens": 100000000},
		[_vendor("closed-priced", "tuner")],
		{},
	) == {_finding(
		"LLM-REQ-005", 0, "id",
		concat("", [
			"Model closed-priced on tuner would cost about USD 500 a month for 100000000 tokens at list ",
			"price (50% input tokens), above the budget of USD 499 (requirements.monthlyBudgetUsd).",
		]),
		[_ref("Closed priced", "closed-priced"), _ref("Tuner", "tuner"), _map3],
	)}
}

test_fail_budget_exceeded_by_cents if {
	# 1000 tokens: 500 input at 2 + 500 output at 8 = USD 0.005, rounded to the cent.
	findings := _warn(
		{"monthlyBudgetUsd": 0.001, "expectedMonthlyTokens": 1000},
		[_vendor("closed-priced", "nobody")],
		{},
	)
	{[f.message, f.references] | some f in findings} == {[
		concat("", [
			"Model closed-priced on nobody would cost about USD 0.01 a month for 1000 tokens at list ",
			"price (50% input tokens), above the budget of USD 0.001 (requirements.monthlyBudgetUsd).",
		]),
		[_ref("Closed priced", "closed-priced"), _map3],
	]}
}

test_fail_budget_exceeded_with_input_share_setting if {
	# 100M tokens: 80M input at 2 + 20M output at 8 = 160 + 160 = USD 320.
	findings := _warn(
		{"monthlyBudgetUsd": 300, "expectedMonthlyTokens": 100000000},
		[_vendor("closed-priced", "tuner")],
		{"budgetInputTokenShare": 0.8},
	)
	some f in findings
	contains(f.message, "about USD 320 a month")
	contains(f.message, "(80% input tokens)")
}

test_success_budget_met if {
	findings := _warn(
		{"monthlyBudgetUsd": 500, "expectedMonthlyTokens": 100000000},
		[_vendor("closed-priced", "tuner")],
		{},
	)
	count(findings) == 0
}

test_success_budget_self_hosted_and_unpriced_not_estimated if {
	count(_warn(
		{"monthlyBudgetUsd": 1, "expectedMonthlyTokens": 100000000}, [
			_self_hosted("small-open"),
			_vendor("closed-unpriced", "tuner"),
		],
		{},
	)) == 0
}

test_success_budget_without_token_estimate if {
	count(_warn({"monthlyBudgetUsd": 1}, [_vendor("closed-priced", "tuner")], {})) == 0
}

# --- the shipped catalog

test_success_shipped_internal_assistant if {
	findings := requirements.deny with input as _input(
		{"capabilities": ["long-context", "multilingual"], "minContextTokens": 32000},
		[_self_hosted("llama-3.1-70b")],
	)
	count(findings) == 0
}

test_fail_shipped_llama_2_context_and_capabilities if {
	findings := requirements.deny with input as _input(
		{"capabilities": ["long-context"], "minContextTokens": 32000},
		[_self_hosted("llama-2-70b")],
	)
	{f.rule | some f in findings} == {"LLM-REQ-002", "LLM-REQ-003"}
}

test_fail_shipped_anthropic_first_party_fine_tuning if {
	findings := requirements.deny with input as _input(
		{"fineTuning": "vendor-managed"},
		[_vendor("claude-3-haiku", "anthropic"), _vendor("claude-3-haiku", "aws-bedrock")],
	)
		with data.catalog.providers as {"anthropic": {"fineTuning": false}, "aws-bedrock": {"fineTuning": true}}
	{[f.rule, f.model] | some f in findings} == {["LLM-REQ-004", 0]}
}

test_success_shipped_budget_chatbot if {
	# 50M tokens on Gemini 1.5 Flash: 25 x 0.075 + 25 x 0.3 = USD 9.375, within USD 300.
	findings := requirements.warn with input as _input(
		{"monthlyBudgetUsd": 300, "expectedMonthlyTokens": 50000000},
		[_vendor("gemini-1.5-flash", "google-vertex")],
	)
	count(findings) == 0
}

test_fail_shipped_gpt_4_budget if {
	# 100M tokens on GPT-4: 50 x 30 + 50 x 60 = USD 4500.
	findings := requirements.warn with input as _input(
		{"monthlyBudgetUsd": 1000, "expectedMonthlyTokens": 100000000},
		[_vendor("gpt-4", "openai")],
	)
	some f in findings
	f.rule == "LLM-REQ-005"
	contains(f.message, "about USD 4500 a month")
}
