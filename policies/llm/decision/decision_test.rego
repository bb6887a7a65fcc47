package llm.decision_test

import data.llm.decision

_base := {
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

_with_spec(extra) := object.union(_base, {"spec": object.union(_base.spec, extra)})

# Synthetic rule packages, so the aggregation is tested apart from the shipped rules.
_rules := {
	"one": {
		"deny": {
			{"rule": "T-1", "scope": "vendor-api", "path": "spec.data", "message": "m"},
			{"rule": "T-2", "scope": "model", "model": 1, "path": "spec.models[1]", "message": "m"},
		},
		"warn": {{"rule": "T-3", "scope": "project", "path": "spec", "message": "w"}},
	},
	"two": {"deny": set()},
}

_two_models := _with_spec({"models": [
	{"id": "llama-3.1-8b", "hosting": "self-hosted", "region": "us"},
	{"id": "gpt-4o", "hosting": "vendor-api", "provider": "openai", "region": "us"},
]})

test_success_aggregates_every_rules_package if {
	r := decision.result with input as _two_models with data.llm.rules as _rules
	{f.rule | some f in r.violations} == {"T-1", "T-2"}
	{f.rule | some f in r.warnings} == {"T-3"}
}

test_fail_mode_and_model_verdicts if {
	r := decision.result with input as _two_models with data.llm.rules as _rules
	r.selfHosted == {"allowed": true, "reasons": []}
	r.vendorApi == {"allowed": false, "reasons": ["T-1"]}
	r.models == [
		{
			"index": 0, "id": "llama-3.1-8b", "hosting": "self-hosted", "provider": null,
			"allowed": true, "violations": [],
		},
		{
			"index": 1, "id": "gpt-4o", "hosting": "vendor-api", "provider": "openai",
			"allowed": false, "violations": ["T-2"],
		},
	]
	r.recommendation == "self-hosted"
	r.pass == false
}

test_fail_project_violation_blocks_everything if {
	rules := {"p": {"deny": {{"rule": "T-9", "scope": "project", "path": "spec", "message": "m"}}}}
	r := decision.result with input as _base with data.llm.rules as rules
	not r.selfHosted.allowed
	not r.vendorApi.allowed
	r.recommendation == "none"
	r.pass == false
}

test_success_mode_reasons_do_not_fail_without_models_if_other_mode_allowed if {
	rules := {"p": {"deny": {{"rule": "T-1", "scope": "vendor-api", "path": "spec", "message": "m"}}}}
	r := decision.result with input as _base with data.llm.rules as rules
	r.recommendation == "self-hosted"
	r.pass == true
}

test_fail_no_models_and_no_mode if {
	rules := {"p": {"deny": {
		{"rule": "T-1", "scope": "vendor-api", "path": "spec", "message": "m"},
		{"rule": "T-2", "scope": "self-hosted", "path": "spec", "message": "m"},
	}}}
	r := decision.result with input as _base with data.llm.rules as rules
	r.recommendation == "none"
	r.pass == false
}

test_success_preference_vendor_for_frontier_and_fast_market if {
	m := _with_spec({"requirements": {"capabilities": ["frontier-reasoning"], "timeToMarketWeeks": 2}})
	r := decision.result with input as m with data.llm.rules as {}
	r.preference == "vendor-api"
	r.recommendation == "vendor-api"
	count(r.preferenceReasons) == 2
}

test_success_preference_self_hosted_for_sensitive_data_and_platform if {
	m := _with_spec({
		"data": {"classification": "confidential"},
		"deployment": {"environment": "private-cloud", "selfHostingPlatform": true},
	})
	r := decision.result with input as m with data.llm.rules as {}
	r.preference == "self-hosted"
	r.recommendation == "self-hosted"
}

test_success_preference_either_on_a_tie if {
	m := _with_spec({"requirements": {"capabilities": ["multimodal"], "fineTuning": "full-weights"}})
	r := decision.result with input as m with data.llm.rules as {}
	r.preference == "either"
}

test_success_high_volume_and_settings if {
	m := _with_spec({"requirements": {"expectedMonthlyTokens": 100}})
	r := decision.result with input as m with data.llm.rules as {} with data.settings.highVolumeMonthlyTokens as 50
	r.preference == "self-hosted"
}

test_success_shipped_rules_pass_a_plain_manifest if {
	r := decision.result with input as _base
	r.pass == true
	count(r.violations) == 0
}
