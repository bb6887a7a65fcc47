package llm.rules.residency_test

import data.llm.lib
import data.llm.rules.residency as rules

_providers := {
	"pin": {
		"name": "Pin Cloud",
		"url": "https://pin.example/terms",
		"models": ["gpt-4o"],
		"regions": ["us", "eu"],
		"notServed": ["cn"],
		"deploymentTypes": {
			"regional": {"residency": "regional"},
			"zone": {"residency": "zone", "zones": ["eu"]},
			"anywhere": {"residency": "none"},
		},
		"defaultDeploymentType": "regional",
	},
	"plain": {"name": "Plain API", "url": "https://plain.example/terms", "regions": ["us"], "notServed": []},
	"nodefault": {
		"name": "No Default",
		"url": "https://nodefault.example/terms",
		"regions": ["us"],
		"notServed": [],
		"deploymentTypes": {"std": {"residency": "regional"}},
	},
	"zdr-eu": {
		"name": "ZDR Europe",
		"url": "https://zdr.example/terms",
		"regions": ["us", "eu"],
		"notServed": [],
		"zeroDataRetention": "approval",
		"residencyRequiresZeroDataRetention": ["eu"],
	},
}

_pin := "Pin Cloud: https://pin.example/terms"

_plain := "Plain API: https://plain.example/terms"

_zdr := "ZDR Europe: https://zdr.example/terms"

_gdpr := lib.regulation_ref("gdpr", "transfers")

_dpf := concat("", [
	"Commission Implementing Decision (EU) 2023/1795 (EU-US Data Privacy Framework), ",
	"adequacy for US organisations self-certified on the DPF list: https://eur-lex.europa.eu/eli/dec_impl/2023/1795/oj",
])

_manifest(allowed, subjects, cross_border, models) := {"spec": {
	"data": {"classification": "internal", "subjectRegions": subjects},
	"residency": {"allowedRegions": allowed, "crossBorderTransfer": cross_border},
	"deployment": {"environment": "private-cloud"},
	"models": models,
}}

_dated(manifest, day) := object.union(manifest, {"asOf": day})

_vendor(provider, region, extra) := object.union(
	{"id": "gpt-4o", "hosting": "vendor-api", "provider": provider, "region": region},
	extra,
)

_self(region) := {"id": "llama-3.1-8b", "hosting": "self-hosted", "region": region}

_llama := lib.entry_ref(data.catalog.models["llama-3.1-8b"])

_gpt4o := lib.entry_ref(data.catalog.models["gpt-4o"])

_keys(fs) := {[f.rule, f.scope, object.get(f, "model", -1)] | some f in fs}

_of(fs, rule) := {f | some f in fs; f.rule == rule}

_law(key, article) := lib.regulation_ref(key, article)

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
		"references": [_llama],
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
		"references": [_llama],
	}}
}

test_fail_region_not_allowed_cites_the_subjects_law_only if {
	# An EU case cites GDPR, never PIPL or another law whose subjects are not involved.
	fs := _deny(_manifest(["eu"], ["eu"], "forbidden", [_self("us"), _vendor("pin", "us", {})]))
	{f.references | some f in _of(fs, "LLM-RES-001")} == {[_gdpr], [_pin, _gdpr]}
}

test_fail_region_not_allowed_for_uk_subjects_cites_uk_gdpr if {
	fs := _deny(_manifest(["uk"], ["uk"], "forbidden", [_self("us")]))
	[f] := [g | some g in _of(fs, "LLM-RES-001")]
	f.references == [_law("ukGdpr", "transfers")]
}

test_fail_unknown_self_hosted_model_without_subjects_cites_deployment_constraints if {
	fs := _deny(_manifest(["eu"], [], "forbidden", [{"id": "acme-13b", "hosting": "self-hosted", "region": "us"}]))
	[f] := [g | some g in fs]
	f.references == [_law("nistAiRmf", "map1")]
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
		"message": concat("", [
			"Model gpt-4o via plain is deployed in region eu, but plain processes data only in: us; ",
			"use gpt-4o through Pin Cloud in eu.",
		]),
		"references": [_plain],
	}}
}

test_fail_unknown_provider_processes_nowhere if {
	fs := _deny(_manifest(["us"], [], "allowed", [_vendor("nobody", "us", {})]))
	some f in fs
	f.rule == "LLM-RES-002"
	f.message == concat("", [
		"Model gpt-4o via nobody is deployed in region us, but nobody processes data only in: none; ",
		"use gpt-4o through Pin Cloud in us.",
	])

	# No provider entry and no subject law: the model's entry stands in.
	f.references == [_gpt4o]
}

test_fail_provider_not_processing_without_alternative_self_hosts if {
	fs := _deny(_manifest(["eu"], ["eu"], "allowed", [object.union(_vendor("plain", "eu", {}), {"id": "o3"})]))
	[f] := [g | some g in fs]
	endswith(f.message, "; self-host o3 in eu.")
	f.references == [_plain, _gdpr]
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
		"references": [_pin],
	} in fs

	# cn is also localised (catalog regions): LLM-RES-007 applies too, citing PIPL.
	_keys(fs) == {
		["LLM-RES-003", "model", 0],
		["LLM-RES-007", "model", 0],
		["LLM-RES-007", "self-hosted", -1],
		["LLM-RES-007", "vendor-api", -1],
	}
	pipl := _law("pipl", "transfers")
	{f.references | some f in _of(fs, "LLM-RES-007")} == {sort([_pin, pipl]), [pipl]}
}

test_fail_no_provider_serves_subject_regions if {
	catalog_providers := {"p": {"name": "P", "url": "https://p.example", "regions": ["us"], "notServed": ["br"]}}
	fs := rules.deny with input as _manifest(["us"], ["br"], "allowed", [])
		with data.catalog.providers as catalog_providers
	fs == {{
		"rule": "LLM-RES-003",
		"scope": "vendor-api",
		"path": "spec.data.subjectRegions",
		"message": "No approved provider serves customers in every subject region (br).",
		"references": ["P: https://p.example"],
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
			"forbids: deployment type anywhere keeps no residency (processing may happen in any geography); ",
			"to keep it there, set deploymentType to regional.",
		]),
		"references": [_pin],
	}}
}

test_fail_no_residency_type_names_every_keeping_type if {
	fs := _deny(_manifest(["eu"], [], "forbidden", [_vendor("pin", "eu", {"deploymentType": "anywhere"})]))
	[f] := [g | some g in fs]
	endswith(f.message, "to keep it there, set deploymentType to regional or zone.")
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
	endswith(f.message, "set deploymentType to std.")
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
			"declare it; to keep it there, obtain zero data retention from ZDR Europe and set zeroDataRetention: true.",
		]),
		"references": [_zdr],
	}}
}

test_fail_residency_gap_cites_gdpr_only_for_eu_subjects if {
	m := [_vendor("zdr-eu", "eu", {})]

	# Personal data of EU subjects: GDPR. Subjects elsewhere only: their law, not GDPR.
	[eu] := [f | some f in _deny(_manifest(["eu"], ["eu"], "forbidden", m))]
	eu.references == sort([_zdr, _gdpr])
	[uk] := [f | some f in _deny(_manifest(["eu"], ["uk"], "forbidden", m))]
	uk.references == sort([_zdr, _law("ukGdpr", "transfers")])
	[us] := [f | some f in _deny(_manifest(["eu"], ["us"], "forbidden", m))]
	us.references == [_zdr]
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
	_warn(manifest) == {{
		"rule": "LLM-RES-005",
		"scope": "model",
		"model": 0,
		"path": "spec.models[0].deploymentType",
		"message": concat("", [
			"Model gpt-4o via pin in region us may process data outside that region (deployment type anywhere ",
			"keeps no residency (processing may happen in any geography)), so transfer safeguards are needed ",
			"unless you set deploymentType to regional.",
		]),
		"references": [_pin],
	}}
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
		"references": [_pin],
	}}
}

test_fail_deployment_type_on_provider_without_types if {
	fs := _deny(_manifest(["us"], [], "allowed", [_vendor("plain", "us", {"deploymentType": "regional"})]))
	_keys(fs) == {["LLM-RES-006", "model", 0]}
}

test_fail_deployment_type_of_unknown_provider_and_model_still_cites if {
	m := {"id": "acme-13b", "hosting": "vendor-api", "provider": "nobody", "region": "us", "deploymentType": "x"}
	fs := _of(_deny(_manifest(["us"], [], "allowed", [m])), "LLM-RES-006")
	{f.references | some f in fs} == {[_law("nistAiRmf", "map1")]}
}

test_success_known_deployment_type if {
	count(_deny(_manifest(["us"], [], "allowed", [_vendor("pin", "us", {"deploymentType": "regional"})]))) == 0
}

# ----- LLM-RES-007 localisation

_ru_localisation := _law("ruPersonalData", "localisation")

_ru_ban := _law("ruPersonalData", "foreignDatabaseBan")

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
			"references": [_ru_ban],
		},
		{
			"rule": "LLM-RES-007",
			"scope": "vendor-api",
			"path": "spec.data.subjectRegions",
			"message": concat("", [
				"Data of subjects in ru must be processed in ru, and no approved provider processes data there ",
				"and serves it.",
			]),
			"references": [_ru_ban],
		},
	}
}

test_fail_russian_localisation_cites_the_text_in_force if {
	m := _manifest(["ru", "eu"], ["ru"], "forbidden", [_self("eu")])

	# 242-FZ from 2015-09-01; Art. 18(5) as amended by 23-FZ from 2025-07-01.
	{f.references | some f in _deny(_dated(m, "2025-06-30"))} == {[_ru_localisation]}
	{f.references | some f in _deny(_dated(m, "2025-07-01"))} == {[_ru_ban]}
}

test_success_russian_localisation_before_it_applies if {
	m := _manifest(["ru", "eu"], ["ru"], "forbidden", [_self("eu")])
	count(_deny(_dated(m, "2015-08-31"))) == 0
	count(_deny(_dated(m, "2015-09-01"))) == 2
}

test_success_chinese_localisation_before_pipl if {
	m := _manifest(["cn", "us"], ["cn"], "forbidden", [_self("us")])
	count(_of(_deny(_dated(m, "2021-10-31")), "LLM-RES-007")) == 0
	count(_of(_deny(_dated(m, "2021-11-01")), "LLM-RES-007")) == 2
}

test_fail_localised_region_without_a_catalog_law_still_localised if {
	# A region an overlay localises with no law entry: localised whatever the day (fail closed).
	fs := rules.deny with input as _manifest(["ru", "eu"], ["ru"], "forbidden", [_self("eu")])
		with data.catalog.providers as _providers
		with data.catalog.regulation as {}
	{f.references | some f in fs} == {[_llama], sort([_pin, _plain, "No Default: https://nodefault.example/terms", _zdr])}
}

test_fail_localised_region_not_allowed_rules_out_both_modes if {
	fs := _deny(_manifest(["eu"], ["ru"], "forbidden", []))
	{
		"rule": "LLM-RES-007",
		"scope": "self-hosted",
		"path": "spec.residency.allowedRegions",
		"message": "Data of subjects in ru must be processed in ru, which is not in allowedRegions (eu).",
		"references": [_ru_ban],
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
	fs := _deny(manifest)
	_keys(fs) == {["LLM-RES-007", "model", 0], ["LLM-RES-007", "vendor-api", -1]}
	{f.references | some f in fs} == {sort([_plain, _law("indiaDpdp", "transfers")]), [_law("indiaDpdp", "transfers")]}
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
		"references": sort([_pin, _plain, "No Default: https://nodefault.example/terms", _zdr]),
	}}
}

test_fail_no_approved_provider_in_allowed_regions if {
	fs := rules.deny with input as _manifest(["eu"], ["eu"], "forbidden", [])
		with data.catalog.providers as _providers
		with data.settings.approvedProviders as ["plain"]
	fs == {{
		"rule": "LLM-RES-008",
		"scope": "vendor-api",
		"path": "spec.residency.allowedRegions",
		"message": "No approved provider processes data in any allowed region (eu).",
		"references": [_plain],
	}}
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
		"references": [_llama],
	} in fs
	{
		"rule": "LLM-RES-009",
		"scope": "project",
		"path": "spec.data.subjectRegions",
		"message": "Region code moon in subjectRegions is not in the region catalog.",
		"references": [_llama],
	} in fs
	{
		"rule": "LLM-RES-009",
		"scope": "model",
		"model": 0,
		"path": "spec.models[0].region",
		"message": "Model llama-3.1-8b declares region venus, which is not in the region catalog.",
		"references": [_llama],
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
