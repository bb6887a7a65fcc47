package llm.rules.data_test

import data.llm.rules.data as rules

# Fixture providers: one that satisfies every data rule (given ZDR / BAA on the deployment), one
# that satisfies none, and one whose BAA covers only zero-data-retention deployments.
_providers := {
	"good": {
		"zeroDataRetention": "approval",
		"trainsOnCustomerData": false,
		"baa": true,
		"pciDss": true,
		"fedramp": "high",
		"govCloudRegions": ["us-gov"],
		"cjis": true,
	},
	"bad": {
		"zeroDataRetention": "none",
		"trainsOnCustomerData": true,
		"baa": false,
		"pciDss": false,
		"fedramp": "none",
		"govCloudRegions": [],
		"cjis": false,
	},
	"zdr-baa": {
		"zeroDataRetention": "approval",
		"trainsOnCustomerData": false,
		"baa": true,
		"baaRequiresZeroDataRetention": true,
		"pciDss": false,
		"fedramp": "none",
		"govCloudRegions": [],
		"cjis": false,
	},
}

_only_bad := {"bad": _providers.bad}

_manifest(data_section, regions, models) := {"spec": {
	"data": data_section,
	"residency": {"allowedRegions": regions},
	"deployment": {"environment": "private-cloud"},
	"models": models,
}}

_vendor(provider, extra) := object.union(
	{"id": "gpt-4o", "hosting": "vendor-api", "provider": provider, "region": "us"},
	extra,
)

_self := {"id": "llama-3.1-8b", "hosting": "self-hosted", "region": "us"}

# [rule, scope, model index or -1] of each finding: compact comparisons where messages do not matter.
_keys(fs) := {[f.rule, f.scope, object.get(f, "model", -1)] | some f in fs}

_deny(manifest) := fs if {
	fs := rules.deny with input as manifest with data.catalog.providers as _providers
}

_deny_only_bad(manifest) := fs if {
	fs := rules.deny with input as manifest with data.catalog.providers as _only_bad
}

_warn(manifest) := fs if {
	fs := rules.warn with input as manifest with data.catalog.providers as _providers
}

# ----- LLM-DATA-001 restricted

test_fail_restricted_to_vendor if {
	models := [_self, _vendor("good", {"zeroDataRetention": true})]
	fs := _deny(_manifest({"classification": "restricted"}, ["us"], models))
	fs == {
		{
			"rule": "LLM-DATA-001",
			"scope": "vendor-api",
			"path": "spec.data.classification",
			"message": "Data classified restricted never goes to a vendor API; only self-hosted models may process it.",
		},
		{
			"rule": "LLM-DATA-001",
			"scope": "model",
			"model": 1,
			"path": "spec.models[1].hosting",
			"message": concat("", [
				"Model gpt-4o is requested through the vendor API of good, ",
				"but the data is classified restricted.",
			]),
		},
	}
}

test_fail_restricted_without_models_still_rules_out_vendor_mode if {
	fs := _deny(_manifest({"classification": "restricted"}, ["us"], []))
	_keys(fs) == {["LLM-DATA-001", "vendor-api", -1]}
}

test_success_restricted_self_hosted if {
	fs := _deny(_manifest({"classification": "restricted"}, ["us"], [_self]))
	_keys(fs) == {["LLM-DATA-001", "vendor-api", -1]}
}

# ----- LLM-DATA-002 confidential

test_fail_confidential_without_zdr if {
	fs := _deny(_manifest({"classification": "confidential"}, ["us"], [_vendor("good", {})]))
	fs == {{
		"rule": "LLM-DATA-002",
		"scope": "model",
		"model": 0,
		"path": "spec.models[0].zeroDataRetention",
		"message": concat("", [
			"Model gpt-4o via good receives confidential data, but the deployment does not declare ",
			"zeroDataRetention: true (the provider grants it on approval).",
		]),
	}}
}

test_fail_confidential_provider_trains_and_no_zdr if {
	fs := _deny(_manifest({"classification": "confidential"}, ["us"], [_vendor("bad", {"zeroDataRetention": true})]))
	some f in fs
	f.rule == "LLM-DATA-002"
	f.message == concat("", [
		"Model gpt-4o via bad receives confidential data, but the provider offers no zero data retention ",
		"and the provider trains on customer data.",
	])
}

test_fail_confidential_mode_when_no_provider_can_comply if {
	fs := _deny_only_bad(_manifest({"classification": "confidential"}, ["us"], []))
	_keys(fs) == {["LLM-DATA-002", "vendor-api", -1]}
}

test_fail_confidential_unknown_provider_fails_closed if {
	fs := _deny(_manifest({"classification": "confidential"}, ["us"], [_vendor("nobody", {"zeroDataRetention": true})]))
	_keys(fs) == {["LLM-DATA-002", "model", 0]}
}

test_success_confidential_with_zdr if {
	m := _vendor("good", {"zeroDataRetention": true})
	count(_deny(_manifest({"classification": "confidential"}, ["us"], [m]))) == 0
}

test_success_confidential_zdr_by_default if {
	catalog_providers := {"bedrock-like": {"zeroDataRetention": "default", "trainsOnCustomerData": false}}
	fs := rules.deny with input as _manifest({"classification": "confidential"}, ["us"], [_vendor("bedrock-like", {})])
		with data.catalog.providers as catalog_providers
	count(fs) == 0
}

test_success_internal_to_any_vendor if {
	count(_deny(_manifest({"classification": "internal"}, ["us"], [_vendor("bad", {})]))) == 0
}

test_success_approved_providers_limit_the_mode_check if {
	fs := rules.deny with input as _manifest({"classification": "confidential"}, ["us"], [])
		with data.catalog.providers as _providers
		with data.settings.approvedProviders as ["bad"]
	_keys(fs) == {["LLM-DATA-002", "vendor-api", -1]}
	count(_deny(_manifest({"classification": "confidential"}, ["us"], []))) == 0
}

# ----- LLM-DATA-003 / 004 / 005 health

test_fail_health_provider_without_baa if {
	fs := _deny(_manifest({"classification": "internal", "categories": ["health"]}, ["us"], [_vendor("bad", {})]))
	_keys(fs) == {["LLM-DATA-003", "model", 0], ["LLM-DATA-011", "model", 0]}
	{
		"rule": "LLM-DATA-003",
		"scope": "model",
		"model": 0,
		"path": "spec.models[0].provider",
		"message": concat("", [
			"Model gpt-4o via bad would receive health data, ",
			"but bad offers no HIPAA business associate agreement.",
		]),
	} in fs
}

test_fail_health_mode_when_no_provider_offers_baa if {
	fs := _deny_only_bad(_manifest({"classification": "internal", "categories": ["health"]}, ["us"], []))
	_keys(fs) == {["LLM-DATA-003", "vendor-api", -1], ["LLM-DATA-011", "vendor-api", -1]}
	{
		"rule": "LLM-DATA-003",
		"scope": "vendor-api",
		"path": "spec.data.categories",
		"message": concat("", [
			"Health data needs a provider that offers a HIPAA business associate agreement, ",
			"and no approved provider does.",
		]),
	} in fs
}

test_fail_hipaa_framework_implies_health if {
	manifest := object.union(
		_manifest({"classification": "internal"}, ["us"], []),
		{"spec": {"compliance": {"frameworks": ["hipaa"]}}},
	)
	fs := _deny_only_bad(manifest)
	some f in fs
	f.rule == "LLM-DATA-003"
	f.path == "spec.compliance.frameworks"
}

test_fail_health_baa_not_signed if {
	fs := _deny(_manifest({"classification": "internal", "categories": ["health"]}, ["us"], [_vendor("good", {})]))
	_keys(fs) == {["LLM-DATA-004", "model", 0]}
}

test_success_health_baa_signed if {
	m := _vendor("good", {"baaSigned": true})
	count(_deny(_manifest({"classification": "internal", "categories": ["health"]}, ["us"], [m]))) == 0
}

test_fail_health_baa_requires_zdr if {
	m := _vendor("zdr-baa", {"baaSigned": true})
	fs := _deny(_manifest({"classification": "internal", "categories": ["health"]}, ["us"], [m]))
	fs == {{
		"rule": "LLM-DATA-005",
		"scope": "model",
		"model": 0,
		"path": "spec.models[0].zeroDataRetention",
		"message": concat("", [
			"Model gpt-4o via zdr-baa would receive health data, but its BAA covers only deployments ",
			"with zeroDataRetention: true.",
		]),
	}}
}

test_success_health_baa_requires_zdr_and_has_it if {
	m := _vendor("zdr-baa", {"baaSigned": true, "zeroDataRetention": true})
	count(_deny(_manifest({"classification": "internal", "categories": ["health"]}, ["us"], [m]))) == 0
}

test_success_health_self_hosted if {
	count(_deny_only_bad(_manifest({"classification": "internal"}, ["us"], [_self]))) == 0
}

# ----- LLM-DATA-006 export-controlled

test_fail_export_controlled_outside_us_gov if {
	fs := _deny(_manifest(
		{"classification": "internal", "categories": ["export-controlled"]},
		["us", "us-gov"], [_vendor("good", {})],
	))
	fs == {{
		"rule": "LLM-DATA-006",
		"scope": "model",
		"model": 0,
		"path": "spec.models[0].region",
		"message": concat("", [
			"Model gpt-4o via good in region us would receive export-controlled data, ",
			"allowed only in its government cloud (us-gov).",
		]),
	}}
}

test_fail_export_controlled_mode_without_us_gov_allowed if {
	fs := _deny(_manifest({"classification": "internal", "categories": ["export-controlled"]}, ["us", "eu"], []))
	fs == {{
		"rule": "LLM-DATA-006",
		"scope": "vendor-api",
		"path": "spec.residency.allowedRegions",
		"message": concat("", [
			"Export-controlled data may go to a vendor only in a government cloud (us-gov); ",
			"none is in allowedRegions (eu, us).",
		]),
	}}
}

test_fail_export_controlled_provider_without_gov_cloud if {
	m := object.union(_vendor("bad", {}), {"region": "us-gov"})
	fs := _deny(_manifest({"classification": "internal", "categories": ["export-controlled"]}, ["us-gov"], [m]))
	_keys(fs) == {["LLM-DATA-006", "model", 0]}
}

test_fail_itar_framework_implies_export_controlled if {
	manifest := object.union(
		_manifest({"classification": "internal"}, ["us"], []),
		{"spec": {"compliance": {"frameworks": ["itar"]}}},
	)
	_keys(_deny(manifest)) == {["LLM-DATA-006", "vendor-api", -1]}
}

test_success_export_controlled_in_us_gov if {
	m := object.union(_vendor("good", {}), {"region": "us-gov"})
	count(_deny(_manifest({"classification": "internal", "categories": ["export-controlled"]}, ["us-gov"], [m]))) == 0
}

# ----- LLM-DATA-007 / 008 government CUI and criminal justice

test_fail_cui_outside_gov_cloud if {
	m := _vendor("good", {})
	fs := _deny(_manifest({"classification": "internal", "categories": ["government-cui"]}, ["us"], [m]))
	_keys(fs) == {["LLM-DATA-007", "model", 0], ["LLM-DATA-007", "vendor-api", -1]}
}

test_fail_cui_gov_cloud_below_min_fedramp if {
	catalog_providers := {"low": {"govCloudRegions": ["us-gov"], "fedramp": "moderate"}}
	m := object.union(_vendor("low", {}), {"region": "us-gov"})
	manifest := _manifest({"classification": "internal", "categories": ["government-cui"]}, ["us-gov"], [m])
	fs := rules.deny with input as manifest
		with data.catalog.providers as catalog_providers
		with data.settings.govCloudMinFedramp as "high"
	_keys(fs) == {["LLM-DATA-007", "model", 0], ["LLM-DATA-007", "vendor-api", -1]}
}

test_success_cui_in_gov_cloud if {
	m := object.union(_vendor("good", {}), {"region": "us-gov"})
	count(_deny(_manifest({"classification": "internal", "categories": ["government-cui"]}, ["us-gov"], [m]))) == 0
}

test_success_cui_self_hosted if {
	fs := _deny(_manifest({"classification": "internal", "categories": ["government-cui"]}, ["us-gov"], [_self]))
	count(fs) == 0
}

test_fail_cji_provider_without_cjis if {
	catalog_providers := {"gov": {"govCloudRegions": ["us-gov"], "fedramp": "high", "cjis": false}}
	m := object.union(_vendor("gov", {}), {"region": "us-gov"})
	manifest := _manifest({"classification": "internal", "categories": ["criminal-justice"]}, ["us-gov"], [m])
	fs := rules.deny with input as manifest
		with data.catalog.providers as catalog_providers
	fs == {
		{
			"rule": "LLM-DATA-008",
			"scope": "model",
			"model": 0,
			"path": "spec.models[0].region",
			"message": concat("", [
				"Model gpt-4o via gov in region us-gov would receive criminal-justice information, ",
				"which needs a CJIS government cloud.",
			]),
		},
		{
			"rule": "LLM-DATA-008",
			"scope": "vendor-api",
			"path": "spec.residency.allowedRegions",
			"message": concat("", [
				"Criminal-justice information needs a CJIS-attested government cloud, ",
				"and none is in allowedRegions (us-gov).",
			]),
		},
	}
}

test_success_cji_in_cjis_gov_cloud if {
	m := object.union(_vendor("good", {}), {"region": "us-gov"})
	count(_deny(_manifest({"classification": "internal", "categories": ["criminal-justice"]}, ["us-gov"], [m]))) == 0
}

# ----- LLM-DATA-009 payment cards, LLM-DATA-010 ZDR warning

test_fail_payment_card_provider_out_of_pci_scope if {
	m := _vendor("zdr-baa", {})
	fs := _deny(_manifest({"classification": "internal", "categories": ["payment-card"]}, ["us"], [m]))
	_keys(fs) == {["LLM-DATA-009", "model", 0]}
}

test_fail_payment_card_mode_when_no_provider_in_scope if {
	fs := _deny_only_bad(_manifest({"classification": "internal", "categories": ["payment-card"]}, ["us"], []))
	_keys(fs) == {["LLM-DATA-009", "vendor-api", -1]}
}

test_success_payment_card_pci_provider if {
	m := _vendor("good", {"zeroDataRetention": true})
	count(_deny(_manifest({"classification": "internal", "categories": ["payment-card"]}, ["us"], [m]))) == 0
}

test_fail_source_code_without_zdr_warns if {
	fs := _warn(_manifest({"classification": "internal", "categories": ["source-code"]}, ["us"], [_vendor("good", {})]))
	fs == {{
		"rule": "LLM-DATA-010",
		"scope": "model",
		"model": 0,
		"path": "spec.models[0].zeroDataRetention",
		"message": concat("", [
			"Model gpt-4o via good would receive source-code data, but the deployment does not declare ",
			"zeroDataRetention: true (the provider grants it on approval): the provider may retain it.",
		]),
	}}
}

test_success_source_code_with_zdr_no_warning if {
	m := _vendor("good", {"zeroDataRetention": true})
	count(_warn(_manifest({"classification": "internal", "categories": ["source-code"]}, ["us"], [m]))) == 0
}

test_success_source_code_without_zdr_is_no_violation if {
	m := _vendor("good", {})
	count(_deny(_manifest({"classification": "internal", "categories": ["source-code"]}, ["us"], [m]))) == 0
}

# ----- LLM-DATA-011 no training

test_fail_trade_secret_to_training_provider if {
	fs := _deny(_manifest({"classification": "internal", "categories": ["trade-secret"]}, ["us"], [_vendor("bad", {})]))
	fs == {{
		"rule": "LLM-DATA-011",
		"scope": "model",
		"model": 0,
		"path": "spec.models[0].provider",
		"message": "Model gpt-4o via bad would receive trade-secret data, but bad may train models on customer data.",
	}}
}

test_fail_no_training_mode_when_every_provider_trains if {
	fs := _deny_only_bad(_manifest({"classification": "internal", "categories": ["biometric"]}, ["us"], []))
	_keys(fs) == {["LLM-DATA-011", "vendor-api", -1]}
}

test_success_trade_secret_to_non_training_provider if {
	m := _vendor("good", {"zeroDataRetention": true})
	count(_deny(_manifest({"classification": "internal", "categories": ["trade-secret"]}, ["us"], [m]))) == 0
}

# ----- LLM-DATA-012 GDPR special categories

test_fail_gdpr_special_category_without_zdr_warns if {
	d := {"classification": "internal", "categories": ["special-category"], "subjectRegions": ["eu"]}
	fs := _warn(_manifest(d, ["eu"], [_vendor("good", {})]))
	_keys(fs) == {["LLM-DATA-012", "model", 0]}
}

test_fail_gdpr_framework_brings_special_category_into_scope if {
	manifest := object.union(
		_manifest({"classification": "internal", "categories": ["biometric"]}, ["us"], [_vendor("good", {})]),
		{"spec": {"compliance": {"frameworks": ["gdpr"]}}},
	)
	_keys(_warn(manifest)) == {["LLM-DATA-012", "model", 0]}
}

test_success_special_category_outside_gdpr_no_warning if {
	d := {"classification": "internal", "categories": ["special-category"], "subjectRegions": ["us"]}
	count(_warn(_manifest(d, ["us"], [_vendor("good", {})]))) == 0
}

test_success_gdpr_special_category_with_zdr if {
	d := {"classification": "internal", "categories": ["special-category"], "subjectRegions": ["eu"]}
	count(_warn(_manifest(d, ["eu"], [_vendor("good", {"zeroDataRetention": true})]))) == 0
}

# ----- against the shipped catalog

_real_deny(manifest) := fs if {
	fs := rules.deny with input as manifest
}

test_success_catalog_health_on_azure_with_signed_baa if {
	m := {"id": "gpt-4o", "hosting": "vendor-api", "provider": "azure-openai", "region": "us", "baaSigned": true}
	count(_real_deny(_manifest({"classification": "internal", "categories": ["health"]}, ["us"], [m]))) == 0
}

test_fail_catalog_health_on_ai_studio if {
	m := object.union(_vendor("google-ai-studio", {"baaSigned": true}), {"id": "gemini-1.5-pro"})
	fs := _real_deny(_manifest({"classification": "internal", "categories": ["health"]}, ["us"], [m]))
	_keys(fs) == {["LLM-DATA-003", "model", 0], ["LLM-DATA-011", "model", 0]}
}

test_fail_catalog_health_on_openai_needs_zdr if {
	m := {"id": "gpt-4o", "hosting": "vendor-api", "provider": "openai", "region": "us", "baaSigned": true}
	fs := _real_deny(_manifest({"classification": "internal", "categories": ["health"]}, ["us"], [m]))
	_keys(fs) == {["LLM-DATA-005", "model", 0]}
}

test_success_catalog_confidential_on_bedrock_without_declaring_zdr if {
	m := {"id": "claude-3-haiku", "hosting": "vendor-api", "provider": "aws-bedrock", "region": "eu"}
	count(_real_deny(_manifest({"classification": "confidential"}, ["eu"], [m]))) == 0
}

test_fail_catalog_confidential_on_cohere if {
	m := {"id": "command-r", "hosting": "vendor-api", "provider": "cohere", "region": "us", "zeroDataRetention": true}
	fs := _real_deny(_manifest({"classification": "confidential"}, ["us"], [m]))
	_keys(fs) == {["LLM-DATA-002", "model", 0]}
}

test_success_catalog_cji_on_bedrock_gov_cloud if {
	m := {"id": "claude-3-haiku", "hosting": "vendor-api", "provider": "aws-bedrock", "region": "us-gov"}
	d := {"classification": "confidential", "categories": ["criminal-justice", "government-cui"]}
	count(_real_deny(_manifest(d, ["us-gov"], [m]))) == 0
}

test_fail_catalog_export_controlled_without_us_gov_rules_out_vendors if {
	fs := _real_deny(_manifest({"classification": "internal", "categories": ["export-controlled"]}, ["eu"], []))
	_keys(fs) == {["LLM-DATA-006", "vendor-api", -1]}
}

# ----- LLM-DATA-013 zero data retention required by the project

_zdr_required(models) := object.union(
	_manifest({"classification": "internal"}, ["us"], models),
	{"spec": {"compliance": {"zeroDataRetentionRequired": true}}},
)

test_fail_zdr_required_deployment_without_zdr if {
	fs := _deny(_zdr_required([_self, _vendor("good", {})]))
	_keys(fs) == {["LLM-DATA-013", "model", 1]}
	some f in fs
	f.path == "spec.models[1].zeroDataRetention"
	contains(f.message, "does not declare zeroDataRetention: true")
}

test_fail_zdr_required_provider_without_zdr if {
	_keys(_deny_only_bad(_zdr_required([_vendor("bad", {"zeroDataRetention": true})]))) == {
		["LLM-DATA-013", "model", 0],
		["LLM-DATA-013", "vendor-api", -1],
	}
}

test_fail_zdr_required_no_provider_offers_it_rules_out_vendor_mode if {
	_keys(_deny_only_bad(_zdr_required([]))) == {["LLM-DATA-013", "vendor-api", -1]}
}

test_success_zdr_required_and_declared if {
	count(_deny(_zdr_required([_self, _vendor("good", {"zeroDataRetention": true})]))) == 0
}

test_success_zdr_not_required if {
	count(_deny(_manifest({"classification": "internal"}, ["us"], [_vendor("good", {})]))) == 0
}
