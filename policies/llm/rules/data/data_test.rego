package llm.rules.data_test

import data.llm.lib
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

# Findings without their references (the tests under "References" check those).
_plain(fs) := {object.remove(f, ["references"]) | some f in fs}

_deny(manifest) := _plain(fs) if {
	fs := rules.deny with input as manifest with data.catalog.providers as _providers
}

_deny_only_bad(manifest) := _plain(fs) if {
	fs := rules.deny with input as manifest with data.catalog.providers as _only_bad
}

_warn(manifest) := _plain(fs) if {
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
			"zeroDataRetention: true (good grants zero data retention on approval).",
		]),
	}}
}

test_fail_confidential_provider_trains_and_no_zdr if {
	fs := _deny(_manifest({"classification": "confidential"}, ["us"], [_vendor("bad", {"zeroDataRetention": true})]))
	some f in fs
	f.rule == "LLM-DATA-002"
	f.message == concat("", [
		"Model gpt-4o via bad receives confidential data, but bad offers no zero data retention ",
		"and bad may train models on customer data whatever zeroDataRetention says.",
	])
}

test_fail_confidential_zdr_declared_but_provider_trains_names_that_gap if {
	catalog_providers := {"trainer": {"zeroDataRetention": "approval", "trainsOnCustomerData": true}}
	m := _vendor("trainer", {"zeroDataRetention": true})
	fs := rules.deny with input as _manifest({"classification": "confidential"}, ["us"], [m])
		with data.catalog.providers as catalog_providers
	[f.message | some f in fs; f.scope == "model"] == [concat("", [
		"Model gpt-4o via trainer receives confidential data, ",
		"but trainer may train models on customer data whatever zeroDataRetention says.",
	])]
}

test_fail_confidential_mode_when_no_provider_can_comply if {
	fs := _deny_only_bad(_manifest({"classification": "confidential"}, ["us"], []))
	_keys(fs) == {["LLM-DATA-002", "vendor-api", -1]}
}

test_fail_confidential_unknown_provider_fails_closed if {
	fs := _deny(_manifest({"classification": "confidential"}, ["us"], [_vendor("nobody", {"zeroDataRetention": true})]))
	_keys(fs) == {["LLM-DATA-002", "model", 0]}
	[f.message | some f in fs] == [concat("", [
		"Model gpt-4o via nobody receives confidential data, but provider nobody is not in the catalog ",
		"(read as offering no zero data retention and training on customer data).",
	])]
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
	fs := _deny(_internal(["health"], [_vendor("bad", {})]))
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
	fs := _deny_only_bad(_internal(["health"], []))
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
	fs := _deny(_internal(["health"], [_vendor("good", {})]))
	_keys(fs) == {["LLM-DATA-004", "model", 0]}
}

test_success_health_baa_signed if {
	m := _vendor("good", {"baaSigned": true})
	count(_deny(_internal(["health"], [m]))) == 0
}

test_fail_health_baa_requires_zdr if {
	m := _vendor("zdr-baa", {"baaSigned": true})
	fs := _deny(_internal(["health"], [m]))
	fs == {{
		"rule": "LLM-DATA-005",
		"scope": "model",
		"model": 0,
		"path": "spec.models[0].zeroDataRetention",
		"message": concat("", [
			"Model gpt-4o via zdr-baa would receive health data, but zdr-baa's BAA covers only deployments ",
			"with zeroDataRetention: true.",
		]),
	}}
}

test_success_health_baa_requires_zdr_and_has_it if {
	m := _vendor("zdr-baa", {"baaSigned": true, "zeroDataRetention": true})
	count(_deny(_internal(["health"], [m]))) == 0
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
			"which may go to a vendor only in a government cloud region (us-gov).",
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
	[f.message | some f in fs] == [concat("", [
		"Model gpt-4o via bad in region us-gov would receive export-controlled data, ",
		"but bad runs no government cloud in region us-gov.",
	])]
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
	fs := _deny(_internal(["government-cui"], [m]))
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
	_plain(fs) == {
		{
			"rule": "LLM-DATA-008",
			"scope": "model",
			"model": 0,
			"path": "spec.models[0].region",
			"message": concat("", [
				"Model gpt-4o via gov in region us-gov would receive criminal-justice information, ",
				"which needs a CJIS-attested government cloud, but gov has no CJIS attestation.",
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
	m := _vendor("zdr-baa", {"zeroDataRetention": true})
	fs := _deny(_internal(["payment-card"], [m]))
	fs == {{
		"rule": "LLM-DATA-009",
		"scope": "model",
		"model": 0,
		"path": "spec.models[0].provider",
		"message": "Model gpt-4o via zdr-baa would receive payment-card data, but zdr-baa is not in PCI DSS scope.",
	}}
}

test_fail_payment_card_mode_when_no_provider_in_scope if {
	fs := _deny_only_bad(_internal(["payment-card"], []))
	_keys(fs) == {["LLM-DATA-009", "vendor-api", -1], ["LLM-DATA-010", "vendor-api", -1]}
}

test_success_payment_card_pci_provider if {
	m := _vendor("good", {"zeroDataRetention": true})
	count(_deny(_internal(["payment-card"], [m]))) == 0
}

test_fail_source_code_without_zdr if {
	fs := _deny(_internal(["source-code"], [_vendor("good", {})]))
	fs == {{
		"rule": "LLM-DATA-010",
		"scope": "model",
		"model": 0,
		"path": "spec.models[0].zeroDataRetention",
		"message": concat("", [
			"Model gpt-4o via good would receive source-code data, but the deployment does not declare ",
			"zeroDataRetention: true (good grants zero data retention on approval).",
		]),
	}}
	count(_warn(_internal(["source-code"], [_vendor("good", {})]))) == 0
}

_source_code_warn_only(models) := fs if {
	fs := rules.warn with input as _internal(["source-code"], models)
		with data.catalog.providers as _only_bad
		with data.settings.zdrCategoriesWarnOnly as true
}

test_fail_source_code_without_zdr_warns_when_relaxed if {
	m := _vendor("bad", {"zeroDataRetention": true})
	manifest := _internal(["source-code"], [m])
	deny := rules.deny with input as manifest
		with data.catalog.providers as _only_bad
		with data.settings.zdrCategoriesWarnOnly as true
	_keys(deny) == {["LLM-DATA-011", "model", 0], ["LLM-DATA-011", "vendor-api", -1]}
	_keys(_source_code_warn_only([m])) == {["LLM-DATA-010", "model", 0]}
	[f.message | some f in _source_code_warn_only([m])] == [
		"Model gpt-4o via bad would receive source-code data, but bad offers no zero data retention.",
	]
}

test_success_relaxed_zdr_rule_warns_about_models_only if {
	count(_source_code_warn_only([])) == 0
}

test_fail_zdr_categories_mode_when_no_provider_offers_zdr if {
	fs := _deny_only_bad(_internal(["credentials"], []))
	_keys(fs) == {["LLM-DATA-010", "vendor-api", -1], ["LLM-DATA-011", "vendor-api", -1]}
	some f in fs
	f.message == "The credentials data needs zero data retention at a vendor, and no approved provider offers it."
}

test_fail_card_data_at_a_training_provider_under_zdr if {
	catalog_providers := {"trainer": {"zeroDataRetention": "approval", "trainsOnCustomerData": true, "pciDss": true}}
	m := _vendor("trainer", {"zeroDataRetention": true})
	manifest := _internal(["payment-card"], [m])
	fs := rules.deny with input as manifest with data.catalog.providers as catalog_providers
	_keys(fs) == {["LLM-DATA-010", "model", 0], ["LLM-DATA-010", "vendor-api", -1]}
	msgs := {f.message | some f in fs}
	msgs == {
		concat("", [
			"Model gpt-4o via trainer would receive payment-card data, ",
			"but trainer may train models on customer data whatever zeroDataRetention says.",
		]),
		"The payment-card data needs zero data retention without training at a vendor, and no approved provider offers it.",
	}
}

test_success_source_code_with_zdr if {
	m := _vendor("good", {"zeroDataRetention": true})
	count(_deny(_internal(["source-code"], [m]))) == 0
	count(_warn(_internal(["source-code"], [m]))) == 0
}

test_success_category_lists_read_as_words if {
	rules._and_list({"b"}) == "b"
	rules._and_list({"b", "a"}) == "a and b"
	rules._and_list({"c", "a", "b"}) == "a, b and c"
}

# ----- LLM-DATA-011 no training

test_fail_trade_secret_to_training_provider if {
	fs := _deny(_internal(["trade-secret"], [_vendor("bad", {})]))
	_keys(fs) == {["LLM-DATA-010", "model", 0], ["LLM-DATA-011", "model", 0]}
	{
		"rule": "LLM-DATA-011",
		"scope": "model",
		"model": 0,
		"path": "spec.models[0].provider",
		"message": concat("", [
			"Model gpt-4o via bad would receive trade-secret data, ",
			"but bad may train models on customer data whatever zeroDataRetention says.",
		]),
	} in fs
}

test_fail_no_training_mode_when_every_provider_trains if {
	fs := _deny_only_bad(_internal(["biometric"], []))
	_keys(fs) == {["LLM-DATA-011", "vendor-api", -1]}
}

test_success_trade_secret_to_non_training_provider if {
	m := _vendor("good", {"zeroDataRetention": true})
	count(_deny(_internal(["trade-secret"], [m]))) == 0
}

# ----- LLM-DATA-012 GDPR special categories

test_fail_gdpr_special_category_without_zdr_warns if {
	d := {"classification": "internal", "categories": ["special-category"], "subjectRegions": ["eu"]}
	fs := _warn(_manifest(d, ["eu"], [_vendor("good", {})]))
	_keys(fs) == {["LLM-DATA-012", "model", 0]}
}

test_fail_gdpr_framework_brings_special_category_into_scope if {
	manifest := object.union(
		_internal(["biometric"], [_vendor("good", {})]),
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
	count(_real_deny(_internal(["health"], [m]))) == 0
}

test_fail_catalog_health_on_ai_studio if {
	m := object.union(_vendor("google-ai-studio", {"baaSigned": true}), {"id": "gemini-1.5-pro"})
	fs := _real_deny(_internal(["health"], [m]))
	_keys(fs) == {["LLM-DATA-003", "model", 0], ["LLM-DATA-011", "model", 0]}
}

test_fail_catalog_health_on_openai_needs_zdr if {
	m := {"id": "gpt-4o", "hosting": "vendor-api", "provider": "openai", "region": "us", "baaSigned": true}
	fs := _real_deny(_internal(["health"], [m]))
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

# ----- References: the provider entry of the deployment concerned, and the regulation articles
# the case brings in (shipped catalog)

_refs(fs, rule) := {r | some f in fs; f.rule == rule; some r in f.references}

# Internal data of these categories, for these models, in the us.
_internal(cats, models) := _manifest({"classification": "internal", "categories": cats}, ["us"], models)

_openai := {"id": "gpt-4o", "hosting": "vendor-api", "provider": "openai", "region": "us"}

test_success_secret_data_cites_the_provider_and_pci_only_for_card_data if {
	code := rules.deny with input as _internal(["source-code"], [_openai])
	_refs(code, "LLM-DATA-010") == {lib.provider_ref(_openai)}
	startswith(lib.provider_ref(_openai), "OpenAI API: https://")
	cards := rules.deny with input as _internal(["payment-card"], [_openai])
	_refs(cards, "LLM-DATA-010") == {lib.provider_ref(_openai), lib.regulation_ref("pciDss", "sad")}
	_refs(cards, "LLM-DATA-009") == {lib.provider_ref(_openai), lib.regulation_ref("pciDss", "scope")}
}

test_success_confidential_cites_each_deployments_own_provider_and_gdpr_only_for_eu_subjects if {
	vertex := {"id": "gemini-2.5-pro", "hosting": "vendor-api", "provider": "google-vertex", "region": "us"}
	cohere := {"id": "command-r", "hosting": "vendor-api", "provider": "cohere", "region": "us", "zeroDataRetention": true}
	us := rules.deny with input as _manifest({"classification": "confidential"}, ["us"], [vertex, cohere])
	{[f.model, f.references] | some f in us; f.rule == "LLM-DATA-002"} == {
		[0, sort([lib.regulation_ref("iso42001", "a7"), lib.provider_ref(vertex)])],
		[1, sort([lib.regulation_ref("iso42001", "a7"), lib.provider_ref(cohere)])],
	}
	d := {"classification": "confidential", "subjectRegions": ["eu"]}
	eu := rules.deny with input as _manifest(d, ["us"], [cohere])
	_refs(eu, "LLM-DATA-002") == {
		lib.regulation_ref("iso42001", "a7"), lib.provider_ref(cohere),
		lib.regulation_ref("gdpr", "purposeLimitation"),
	}
}

test_success_health_cites_hipaa_and_the_provider if {
	ai_studio := {"id": "gemini-2.5-pro", "hosting": "vendor-api", "provider": "google-ai-studio", "region": "us"}
	fs := rules.deny with input as _internal(["health"], [ai_studio])
	_refs(fs, "LLM-DATA-003") == {lib.regulation_ref("hipaa", "baa"), lib.provider_ref(ai_studio)}
	_refs(fs, "LLM-DATA-011") == {lib.regulation_ref("hipaa", "permittedUses"), lib.provider_ref(ai_studio)}
}

test_success_special_category_cites_gdpr_article_9_for_eu_subjects if {
	cohere := {"id": "command-r", "hosting": "vendor-api", "provider": "cohere", "region": "eu"}
	d := {"classification": "internal", "categories": ["biometric"], "subjectRegions": ["eu"]}
	fs := rules.deny with input as _manifest(d, ["eu"], [cohere])
	_refs(fs, "LLM-DATA-011") == {lib.regulation_ref("gdpr", "specialCategories"), lib.provider_ref(cohere)}
	ws := rules.warn with input as _manifest(d, ["eu"], [cohere])
	_refs(ws, "LLM-DATA-012") == {
		lib.regulation_ref("gdpr", "specialCategories"), lib.regulation_ref("gdpr", "dpia"),
		lib.provider_ref(cohere),
	}
}

test_success_government_data_cites_its_own_programme if {
	m := {"id": "gpt-4o", "hosting": "vendor-api", "provider": "openai", "region": "us"}
	cui := rules.deny with input as _internal(["government-cui"], [m])
	_refs(cui, "LLM-DATA-007") == {
		lib.regulation_ref("fedramp", "levels"), lib.regulation_ref("cui", "dfars"),
		lib.provider_ref(m),
	}
	cji := rules.deny with input as _internal(["criminal-justice"], [m])
	_refs(cji, "LLM-DATA-007") == {
		lib.regulation_ref("fedramp", "levels"), lib.regulation_ref("cjis", "addendum"),
		lib.provider_ref(m),
	}
	_refs(cji, "LLM-DATA-008") == {lib.regulation_ref("cjis", "addendum"), lib.provider_ref(m)}
}

test_success_an_unknown_provider_cites_the_supplier_control if {
	m := _vendor("acme-llm-cloud", {})
	fs := rules.deny with input as _internal(["trade-secret"], [m])
	_refs(fs, "LLM-DATA-010") == {lib.regulation_ref("iso42001", "a10")}
	_refs(fs, "LLM-DATA-011") == {lib.regulation_ref("iso42001", "a10")}
}

test_success_mode_findings_cite_the_approved_providers_they_read if {
	fs := rules.deny with input as _internal(["payment-card"], [])
		with data.settings.approvedProviders as ["cohere"]
	_refs(fs, "LLM-DATA-010") == {lib.entry_ref(data.catalog.providers.cohere), lib.regulation_ref("pciDss", "sad")}
	none := rules.deny with input as _internal(["payment-card"], [])
		with data.settings.approvedProviders as ["acme-llm-cloud"]
	_refs(none, "LLM-DATA-010") == {lib.regulation_ref("iso42001", "a10"), lib.regulation_ref("pciDss", "sad")}
}
