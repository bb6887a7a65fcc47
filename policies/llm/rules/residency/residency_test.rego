package llm.rules.residency_test

import data.llm.rules.residency as rules

_providers := {
	"pin": {
		"regions": ["us", "eu"],
		"notServed": ["cn"],
		"deploymentTypes": {
			"regional": {"residency": "regional"},
			"zone": {"residency": "zone", "zones": ["eu"]},
			"anywhere": {"residency": "none"},
		},
		"defaultDeploymentType": "regional",
	},
	"plain": {"regions": ["us"], "notServed": []},
	"nodefault": {"regions": ["us"], "notServed": [], "deploymentTypes": {"std": {"residency": "regional"}}},
	"zdr-eu": {
		"regions": ["us", "eu"],
		"notServed": [],
		"zeroDataRetention": "approval",
		"residencyRequiresZeroDataRetention": ["eu"],
	},
}

_manifest(allowed, subjects, cross_border, models) := {"spec": {
	"data": {"classification": "internal", "subjectRegions": subjects},
	"residency": {"allowedRegions": allowed, "crossBorderTransfer": cross_border},
	"deployment": {"environment": "private-cloud"},
	"models": models,
}}

_vendor(provider, region, extra) := object.union(
	{"id": "gpt-4o", "hosting": "vendor-api", "provider": provider, "region": region},
	extra,
)

_self(region) := {"id": "llama-3.1-8b", "hosting": "self-hosted", "region": region}

_keys(fs) := {[f.rule, f.scope, object.get(f, "model", -1)] | some f in fs}

_deny(manifest) := fs if {
	fs := rules.deny with input as manifest with data.catalog.providers as _providers
}

_warn(manifest) := fs if {
	fs := rules.warn with input as manifest with data.catalog.providers as _providers
}

# ----- LLM-RES-001 region in allowedRegions

test_fail_region_not_allowed if {
	fs := _deny(_manifest(["eu"], [], "forbidden", [_self("us")]))
	fs == {{
		"rule": "LLM-RES-001",
		"scope": "model",
		"model": 0,
		"path": "spec.models[0].region",
		"message": "Model llama-3.1-8b (self-hosted) runs in region us, which is not in allowedRegions (eu).",
	}}
}

test_fail_region_missing if {
	fs := _deny(_manifest(["eu"], [], "forbidden", [{"id": "llama-3.1-8b", "hosting": "self-hosted"}]))
	fs == {{
		"rule": "LLM-RES-001",
		"scope": "model",
		"model": 0,
		"path": "spec.models[0].region",
		"message": "Model llama-3.1-8b (self-hosted) declares no region, so where it processes data is unknown.",
	}}
}

test_success_region_allowed if {
	count(_deny(_manifest(["eu", "us"], [], "forbidden", [_self("us"), _vendor("pin", "eu", {})]))) == 0
}

# ----- LLM-RES-002 provider processes in the region

test_fail_provider_not_processing_in_region if {
	fs := _deny(_manifest(["eu"], [], "allowed", [_vendor("plain", "eu", {})]))
	fs == {{
		"rule": "LLM-RES-002",
		"scope": "model",
		"model": 0,
		"path": "spec.models[0].region",
		"message": "Model gpt-4o via plain is deployed in region eu, but plain processes data only in: us.",
	}}
}

test_fail_unknown_provider_processes_nowhere if {
	fs := _deny(_manifest(["us"], [], "allowed", [_vendor("nobody", "us", {})]))
	some f in fs
	f.rule == "LLM-RES-002"
	f.message == "Model gpt-4o via nobody is deployed in region us, but nobody processes data only in: none."
}

test_success_provider_processes_in_region if {
	count(_deny(_manifest(["us"], [], "forbidden", [_vendor("plain", "us", {})]))) == 0
}

# ----- LLM-RES-003 served regions

test_fail_subject_region_not_served if {
	fs := _deny(_manifest(["us"], ["cn"], "allowed", [_vendor("pin", "us", {})]))
	{
		"rule": "LLM-RES-003",
		"scope": "model",
		"model": 0,
		"path": "spec.models[0].provider",
		"message": "Model gpt-4o via pin concerns region(s) cn, whose customers pin does not serve.",
	} in fs

	# cn is also localised (catalog regions): LLM-RES-007 applies too.
	_keys(fs) == {
		["LLM-RES-003", "model", 0],
		["LLM-RES-007", "model", 0],
		["LLM-RES-007", "self-hosted", -1],
		["LLM-RES-007", "vendor-api", -1],
	}
}

test_fail_no_provider_serves_subject_regions if {
	catalog_providers := {"p": {"regions": ["us"], "notServed": ["br"]}}
	fs := rules.deny with input as _manifest(["us"], ["br"], "allowed", [])
		with data.catalog.providers as catalog_providers
	fs == {{
		"rule": "LLM-RES-003",
		"scope": "vendor-api",
		"path": "spec.data.subjectRegions",
		"message": "No approved provider serves customers in every subject region (br).",
	}}
}

test_success_served_subject_regions if {
	count(_deny(_manifest(["us"], ["us", "br"], "forbidden", [_vendor("pin", "us", {})]))) == 0
}

# ----- LLM-RES-004 / 005 residency guarantee

test_fail_no_residency_type_when_forbidden if {
	fs := _deny(_manifest(["us"], [], "forbidden", [_vendor("pin", "us", {"deploymentType": "anywhere"})]))
	fs == {{
		"rule": "LLM-RES-004",
		"scope": "model",
		"model": 0,
		"path": "spec.models[0].deploymentType",
		"message": concat("", [
			"Model gpt-4o via pin in region us may process data outside that region, which crossBorderTransfer ",
			"forbids: deployment type anywhere keeps no residency (processing may happen in any geography).",
		]),
	}}
}

test_fail_zone_type_outside_its_zones if {
	fs := _deny(_manifest(["us"], [], "forbidden", [_vendor("pin", "us", {"deploymentType": "zone"})]))
	some f in fs
	f.rule == "LLM-RES-004"
	contains(f.message, "deployment type zone keeps processing inside a zone only for eu, not us")
}

test_fail_default_cross_border_is_forbidden if {
	m := _manifest(["us"], [], "forbidden", [_vendor("pin", "us", {"deploymentType": "anywhere"})])
	manifest := json.remove(m, ["spec/residency/crossBorderTransfer"])
	_keys(_deny(manifest)) == {["LLM-RES-004", "model", 0]}
}

test_fail_undeclared_type_without_default if {
	fs := _deny(_manifest(["us"], [], "forbidden", [_vendor("nodefault", "us", {})]))
	some f in fs
	f.rule == "LLM-RES-004"
	contains(f.message, "it declares no deploymentType and nodefault has no default")
}

test_fail_region_residency_needs_zdr if {
	fs := _deny(_manifest(["eu"], [], "forbidden", [_vendor("zdr-eu", "eu", {})]))
	fs == {{
		"rule": "LLM-RES-004",
		"scope": "model",
		"model": 0,
		"path": "spec.models[0].region",
		"message": concat("", [
			"Model gpt-4o via zdr-eu in region eu may process data outside that region, which crossBorderTransfer ",
			"forbids: zdr-eu keeps processing in eu only under zero data retention, and this deployment does not ",
			"declare it.",
		]),
	}}
}

test_success_region_residency_with_zdr if {
	count(_deny(_manifest(["eu"], [], "forbidden", [_vendor("zdr-eu", "eu", {"zeroDataRetention": true})]))) == 0
}

test_success_regional_and_zone_types if {
	models := [
		_vendor("pin", "eu", {"deploymentType": "zone"}),
		_vendor("pin", "us", {"deploymentType": "regional"}),
		_vendor("pin", "us", {}),
		_vendor("nodefault", "us", {"deploymentType": "std"}),
	]
	count(_deny(_manifest(["us", "eu"], [], "forbidden", models))) == 0
}

test_success_no_residency_type_when_cross_border_allowed if {
	manifest := _manifest(["us"], [], "allowed", [_vendor("pin", "us", {"deploymentType": "anywhere"})])
	count(_deny(manifest)) == 0
	count(_warn(manifest)) == 0
}

test_fail_no_residency_type_with_safeguards_warns if {
	manifest := _manifest(["us"], [], "with-safeguards", [_vendor("pin", "us", {"deploymentType": "anywhere"})])
	count(_deny(manifest)) == 0
	_keys(_warn(manifest)) == {["LLM-RES-005", "model", 0]}
}

test_success_regional_with_safeguards_no_warning if {
	count(_warn(_manifest(["us"], [], "with-safeguards", [_vendor("pin", "us", {})]))) == 0
}

# ----- LLM-RES-006 deployment types

test_fail_unknown_deployment_type if {
	fs := _deny(_manifest(["us"], [], "allowed", [_vendor("pin", "us", {"deploymentType": "data-zone"})]))
	fs == {{
		"rule": "LLM-RES-006",
		"scope": "model",
		"model": 0,
		"path": "spec.models[0].deploymentType",
		"message": concat("", [
			"Model gpt-4o via pin declares deploymentType data-zone, which pin does not offer ",
			"(known: anywhere, regional, zone).",
		]),
	}}
}

test_fail_deployment_type_on_provider_without_types if {
	fs := _deny(_manifest(["us"], [], "allowed", [_vendor("plain", "us", {"deploymentType": "regional"})]))
	_keys(fs) == {["LLM-RES-006", "model", 0]}
}

test_success_known_deployment_type if {
	count(_deny(_manifest(["us"], [], "allowed", [_vendor("pin", "us", {"deploymentType": "regional"})]))) == 0
}

# ----- LLM-RES-007 localisation

test_fail_localised_subjects_processed_elsewhere if {
	fs := _deny(_manifest(["ru", "eu"], ["ru"], "forbidden", [_self("eu")]))
	fs == {
		{
			"rule": "LLM-RES-007",
			"scope": "model",
			"model": 0,
			"path": "spec.models[0].region",
			"message": concat("", [
				"Model llama-3.1-8b (self-hosted) runs in region eu, ",
				"but data of subjects in ru must be processed in ru.",
			]),
		},
		{
			"rule": "LLM-RES-007",
			"scope": "vendor-api",
			"path": "spec.data.subjectRegions",
			"message": concat("", [
				"Data of subjects in ru must be processed in ru, and no approved provider processes data there ",
				"and serves it.",
			]),
		},
	}
}

test_fail_localised_region_not_allowed_rules_out_both_modes if {
	fs := _deny(_manifest(["eu"], ["ru"], "forbidden", []))
	{
		"rule": "LLM-RES-007",
		"scope": "self-hosted",
		"path": "spec.residency.allowedRegions",
		"message": "Data of subjects in ru must be processed in ru, which is not in allowedRegions (eu).",
	} in fs
	_keys(fs) == {["LLM-RES-007", "self-hosted", -1], ["LLM-RES-007", "vendor-api", -1]}
}

test_success_localised_subjects_self_hosted_in_region if {
	fs := _deny(_manifest(["ru"], ["ru"], "forbidden", [_self("ru")]))
	{f | some f in fs; f.scope in {"model", "self-hosted", "project"}} == set()
}

test_fail_localised_category_in_india if {
	manifest := json.patch(
		_manifest(["in", "us"], ["in"], "forbidden", [_vendor("plain", "us", {})]),
		[{"op": "add", "path": "/spec/data/categories", "value": ["payment-card"]}],
	)
	_keys(_deny(manifest)) == {["LLM-RES-007", "model", 0], ["LLM-RES-007", "vendor-api", -1]}
}

test_success_india_without_localised_category if {
	count(_deny(_manifest(["us"], ["in"], "forbidden", [_vendor("plain", "us", {})]))) == 0
}

# ----- LLM-RES-008 no provider in any allowed region

test_fail_no_provider_in_allowed_regions if {
	fs := _deny(_manifest(["jp"], [], "forbidden", []))
	fs == {{
		"rule": "LLM-RES-008",
		"scope": "vendor-api",
		"path": "spec.residency.allowedRegions",
		"message": "No approved provider processes data in any allowed region (jp).",
	}}
}

test_fail_no_approved_provider_in_allowed_regions if {
	fs := rules.deny with input as _manifest(["eu"], [], "forbidden", [])
		with data.catalog.providers as _providers
		with data.settings.approvedProviders as ["plain"]
	_keys(fs) == {["LLM-RES-008", "vendor-api", -1]}
}

test_success_provider_in_an_allowed_region if {
	count(_deny(_manifest(["jp", "eu"], [], "forbidden", []))) == 0
}

# ----- LLM-RES-009 unknown region codes

test_fail_unknown_region_codes if {
	fs := _deny(_manifest(["us", "mars"], ["moon"], "allowed", [_self("venus")]))
	{
		"rule": "LLM-RES-009",
		"scope": "project",
		"path": "spec.residency.allowedRegions",
		"message": "Region code mars in allowedRegions is not in the region catalog.",
	} in fs
	{
		"rule": "LLM-RES-009",
		"scope": "project",
		"path": "spec.data.subjectRegions",
		"message": "Region code moon in subjectRegions is not in the region catalog.",
	} in fs
	{
		"rule": "LLM-RES-009",
		"scope": "model",
		"model": 0,
		"path": "spec.models[0].region",
		"message": "Model llama-3.1-8b declares region venus, which is not in the region catalog.",
	} in fs
}

test_fail_missing_region_catalog_fails_closed if {
	fs := rules.deny with input as _manifest(["us"], [], "allowed", [])
		with data.catalog.providers as _providers
		with data.catalog.regions as {}
	_keys(fs) == {["LLM-RES-009", "project", -1]}
}

test_success_known_region_codes if {
	fs := _deny(_manifest(["us", "eu"], ["eu"], "forbidden", [_self("eu")]))
	count({f | some f in fs; f.rule == "LLM-RES-009"}) == 0
}

# ----- LLM-RES-010 EU adequacy

test_fail_eu_subjects_in_non_adequate_region_warns if {
	fs := _warn(_manifest(["us", "eu"], ["eu"], "forbidden", [_self("us")]))
	fs == {{
		"rule": "LLM-RES-010",
		"scope": "model",
		"model": 0,
		"path": "spec.models[0].region",
		"message": concat("", [
			"Model llama-3.1-8b (self-hosted) processes data of subjects in eu in region us, ",
			"which has no EU adequacy decision.",
		]),
	}}
}

test_success_eu_subjects_in_adequate_region if {
	count(_warn(_manifest(["uk", "eu"], ["eu"], "forbidden", [_self("uk"), _self("eu")]))) == 0
}

test_success_non_eu_subjects_no_adequacy_warning if {
	count(_warn(_manifest(["us"], ["us"], "forbidden", [_self("us")]))) == 0
}

# ----- against the shipped catalog

_real_deny(manifest) := fs if {
	fs := rules.deny with input as manifest
}

test_fail_catalog_azure_global_in_eu if {
	m := _vendor("azure-openai", "eu", {"deploymentType": "global"})
	_keys(_real_deny(_manifest(["eu"], ["eu"], "forbidden", [m]))) == {["LLM-RES-004", "model", 0]}
}

test_success_catalog_azure_data_zone_in_eu if {
	m := {
		"id": "gpt-4o", "hosting": "vendor-api", "provider": "azure-openai", "region": "eu",
		"deploymentType": "data-zone",
	}
	count(_real_deny(_manifest(["eu"], ["eu"], "forbidden", [m]))) == 0
}

test_fail_catalog_azure_without_type if {
	m := {"id": "gpt-4o", "hosting": "vendor-api", "provider": "azure-openai", "region": "eu"}
	_keys(_real_deny(_manifest(["eu"], [], "forbidden", [m]))) == {["LLM-RES-004", "model", 0]}
}

test_fail_catalog_anthropic_api_in_eu if {
	m := {"id": "claude-3.5-sonnet", "hosting": "vendor-api", "provider": "anthropic", "region": "eu"}
	_keys(_real_deny(_manifest(["eu"], ["eu"], "forbidden", [m]))) == {
		["LLM-RES-002", "model", 0],
		["LLM-RES-004", "model", 0],
	}
}

test_success_catalog_claude_on_bedrock_in_eu if {
	m := object.union(_vendor("aws-bedrock", "eu", {"deploymentType": "geo"}), {"id": "claude-3.5-sonnet"})
	count(_real_deny(_manifest(["eu"], ["eu"], "forbidden", [m]))) == 0
}

test_fail_catalog_bedrock_geo_outside_single_region_geography if {
	m := object.union(_vendor("aws-bedrock", "sg", {"deploymentType": "geo"}), {"id": "claude-3-haiku"})
	_keys(_real_deny(_manifest(["sg"], [], "forbidden", [m]))) == {["LLM-RES-004", "model", 0]}
}

test_fail_catalog_openai_eu_without_zdr if {
	m := {"id": "gpt-4o", "hosting": "vendor-api", "provider": "openai", "region": "eu"}
	_keys(_real_deny(_manifest(["eu"], [], "forbidden", [m]))) == {["LLM-RES-004", "model", 0]}
}

test_success_catalog_openai_eu_with_zdr if {
	m := {"id": "gpt-4o", "hosting": "vendor-api", "provider": "openai", "region": "eu", "zeroDataRetention": true}
	count(_real_deny(_manifest(["eu"], [], "forbidden", [m]))) == 0
}

test_fail_catalog_china_subjects_rule_out_vendors if {
	fs := _real_deny(_manifest(["cn"], ["cn"], "forbidden", []))
	_keys(fs) == {
		["LLM-RES-003", "vendor-api", -1],
		["LLM-RES-007", "vendor-api", -1],
		["LLM-RES-008", "vendor-api", -1],
	}
}

test_success_region_residency_with_default_zdr if {
	catalog_providers := {"z": {
		"regions": ["eu"],
		"zeroDataRetention": "default",
		"residencyRequiresZeroDataRetention": ["eu"],
	}}
	fs := rules.deny with input as _manifest(["eu"], [], "forbidden", [_vendor("z", "eu", {})])
		with data.catalog.providers as catalog_providers
	count(fs) == 0
}

test_fail_absent_region_catalog_fails_closed if {
	fs := rules.deny with input as _manifest(["us"], ["us"], "allowed", [_self("us")])
		with data.catalog as {"providers": _providers}
	_keys(fs) == {["LLM-RES-009", "project", -1], ["LLM-RES-009", "model", 0]}
}

test_success_localised_region_served_by_a_provider if {
	catalog_providers := {"local": {"regions": ["ru"], "notServed": []}}
	fs := rules.deny with input as _manifest(["ru"], ["ru"], "forbidden", [_vendor("local", "ru", {})])
		with data.catalog.providers as catalog_providers
	count(fs) == 0
}
