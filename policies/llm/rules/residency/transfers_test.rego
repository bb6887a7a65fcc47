# Tests of the residency rules (package llm.rules.residency), continued from residency_test.rego
# (whose fixtures these use): LLM-RES-010 under each data subject law, and the rules against the
# shipped catalog (adequacy lists, dates and the in-region alternatives a message names).
package llm.rules.residency_test

import data.llm.lib
import data.llm.rules.residency as rules

# ----- LLM-RES-010 adequacy under the subjects' law

test_fail_eu_subjects_in_non_adequate_region_warns if {
	fs := _warn(_manifest(["us", "eu"], ["eu"], "forbidden", [_self("us")]))
	fs == {{
		"rule": "LLM-RES-010",
		"scope": "model",
		"model": 0,
		"path": "spec.models[0].region",
		"message": concat("", [
			"Model llama-3.1-8b (self-hosted) processes data of subjects in eu in region us, which has no adequacy ",
			"under Regulation (EU) 2016/679 (GDPR): put standard contractual clauses (Decision (EU) 2021/914) with a ",
			"transfer impact assessment in place, rely on the recipient's self-certification under the EU-US Data ",
			"Privacy Framework, or deploy in ca, ch, eu, jp, kr or uk.",
		]),
		"references": [_dpf, _gdpr],
	}}
}

test_fail_eu_subjects_in_singapore_cite_gdpr_only if {
	[f] := [g | some g in _warn(_manifest(["sg", "eu"], ["eu"], "forbidden", [_self("sg")]))]
	f.references == [_gdpr]
	contains(f.message, "in region sg, which has no adequacy under Regulation (EU) 2016/679 (GDPR): put standard")
	not contains(f.message, "Data Privacy Framework")
}

test_success_gdpr_before_it_applies if {
	m := _manifest(["us", "eu"], ["eu"], "forbidden", [_self("us")])
	count(_warn(_dated(m, "2018-05-24"))) == 0
	count(_warn(_dated(m, "2018-05-25"))) == 1

	# Before it applies, an EU case cites no law at all: the deployment's entry stands in.
	early := _dated(_manifest(["eu"], ["eu"], "forbidden", [_self("us")]), "2018-05-24")
	{f.references | some f in _deny(early)} == {[_llama]}
}

test_success_eu_subjects_in_adequate_region if {
	count(_warn(_manifest(["uk", "eu"], ["eu"], "forbidden", [_self("uk"), _self("eu")]))) == 0
}

test_success_non_eu_subjects_no_adequacy_warning if {
	count(_warn(_manifest(["us"], ["us"], "forbidden", [_self("us")]))) == 0
}

test_fail_uk_subjects_in_the_us_warn_under_uk_gdpr if {
	fs := _warn(_manifest(["us", "uk"], ["uk"], "forbidden", [_self("us")]))
	fs == {{
		"rule": "LLM-RES-010",
		"scope": "model",
		"model": 0,
		"path": "spec.models[0].region",
		"message": concat("", [
			"Model llama-3.1-8b (self-hosted) processes data of subjects in uk in region us, which has no adequacy ",
			"under UK GDPR and Data Protection Act 2018: put a transfer risk assessment with the IDTA or the UK ",
			"Addendum to the EU standard contractual clauses in place, rely on the recipient's certification ",
			"under the UK Extension to the EU-US Data Privacy Framework, or deploy in ca, ch, eu, jp, kr or uk.",
		]),
		"references": [_law("ukGdpr", "transfers")],
	}}
}

test_success_uk_subjects_in_uk_adequate_regions if {
	# The UK's own adequacy list: the EEA, Switzerland, Canada, Japan and (since 2022-12-19) South Korea.
	models := [_self("uk"), _self("eu"), _self("ch"), _self("ca"), _self("jp"), _self("kr")]
	count(_warn(_manifest(["uk", "eu", "ch", "ca", "jp", "kr"], ["uk"], "forbidden", models))) == 0
}

test_success_uk_gdpr_before_it_applies if {
	m := _manifest(["us", "uk"], ["uk"], "forbidden", [_self("us")])
	count(_warn(_dated(m, "2020-12-31"))) == 0
	count(_warn(_dated(m, "2021-01-01"))) == 1
}

test_fail_swiss_subjects_outside_fadp_adequacy if {
	fs := _warn(_manifest(["uk", "eu", "ch"], ["ch"], "forbidden", [_self("uk"), _self("eu"), _self("ch")]))
	[f] := [g | some g in fs]
	f.model == 0
	f.references == [_law("fadp", "transfers")]
	contains(f.message, "subjects in ch in region uk, which has no adequacy under Swiss Federal Act on Data Protection")
	contains(f.message, "put standard data protection clauses approved, issued or recognised by the FDPIC")
	endswith(f.message, "or deploy in ch or eu.")
}

test_success_fadp_before_it_applies if {
	m := _manifest(["us", "ch"], ["ch"], "forbidden", [_self("us")])
	count(_warn(_dated(m, "2023-08-31"))) == 0
	count(_warn(_dated(m, "2023-09-01"))) == 1
}

test_fail_subjects_of_two_laws_warn_once_per_law if {
	fs := _warn(_manifest(["us"], ["eu", "uk"], "forbidden", [_self("us")]))
	{f.references | some f in fs} == {[_dpf, _gdpr], [_law("ukGdpr", "transfers")]}
}

test_fail_settings_gdpr_subject_regions_extend_gdpr if {
	# settings gdprSubjectRegions adds regions whose subjects bring GDPR in, and they count as its own.
	m := _manifest(["us", "ch"], ["ch"], "forbidden", [_self("us"), _self("ch")])
	fs := rules.warn with input as m
		with data.catalog.providers as _providers
		with data.settings.gdprSubjectRegions as ["eu", "ch"]
	{f.references | some f in fs} == {[_dpf, _gdpr], [_law("fadp", "transfers")]}
	{f.model | some f in fs} == {0}
}

test_success_localised_subjects_are_localisation_findings if {
	# Chinese subjects are localised (LLM-RES-007), so PIPL adds no adequacy warning...
	m := _manifest(["cn", "us"], ["cn"], "forbidden", [_self("us")])
	count(_warn(m)) == 0

	# ...unless an overlay lifts the localisation: then the transfer needs an Art. 38 mechanism.
	fs := rules.warn with input as m
		with data.catalog.providers as _providers
		with data.catalog.regions.cn.localisation as false
	[f] := [g | some g in fs]
	f.references == [_law("pipl", "transfers")]
	contains(f.message, "has no adequacy under Personal Information Protection Law of the PRC (PIPL): put an Art. 38")
	endswith(f.message, "or deploy in cn.")
}

test_success_no_adequacy_warning_for_unknown_or_missing_regions if {
	models := [_self("venus"), {"id": "llama-3.1-8b", "hosting": "self-hosted"}]
	count(_warn(_manifest(["eu"], ["eu"], "forbidden", models))) == 0
}

test_fail_law_without_safeguards_text_names_the_law if {
	fs := rules.warn with input as _manifest(["us", "uk"], ["uk"], "forbidden", [_self("us")])
		with data.catalog.providers as _providers
		with data.catalog.regulation.ukGdpr.transferSafeguards as null
	[f] := [g | some g in fs]
	contains(f.message, "put the transfer safeguards UK GDPR and Data Protection Act 2018 requires in place, rely on")
}

# ----- against the shipped catalog

_real_deny(manifest) := fs if {
	fs := rules.deny with input as manifest
}

_claude(provider, region, extra) := object.union(_vendor(provider, region, extra), {"id": "claude-3.5-sonnet"})

test_fail_catalog_azure_global_in_eu if {
	m := _vendor("azure-openai", "eu", {"deploymentType": "global"})
	fs := _real_deny(_manifest(["eu"], ["eu"], "forbidden", [m]))
	_keys(fs) == {["LLM-RES-004", "model", 0]}
	[f] := [g | some g in fs]
	endswith(f.message, "to keep it there, set deploymentType to data-zone or standard.")
	f.references == [lib.entry_ref(data.catalog.providers["azure-openai"]), _gdpr]
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
	fs := _real_deny(_manifest(["eu"], ["eu"], "forbidden", [_claude("anthropic", "eu", {})]))
	_keys(fs) == {
		["LLM-RES-002", "model", 0],
		["LLM-RES-004", "model", 0],
	}

	# The in-region alternative comes from the provider catalog: who serves the model in eu.
	fix := "use claude-3.5-sonnet through Amazon Bedrock or Google Cloud Vertex AI in eu."
	every f in fs {
		endswith(f.message, fix)
		f.references == [lib.entry_ref(data.catalog.providers.anthropic), _gdpr]
	}
}

test_fail_catalog_anthropic_api_without_approved_alternative if {
	fs := rules.deny with input as _manifest(["eu"], [], "forbidden", [_claude("anthropic", "eu", {})])
		with data.settings.approvedProviders as ["anthropic"]
	every f in _of(fs, "LLM-RES-004") {
		endswith(f.message, "to keep it there, self-host claude-3.5-sonnet in eu.")
	}
}

test_success_catalog_claude_on_bedrock_in_eu if {
	m := _claude("aws-bedrock", "eu", {"deploymentType": "geo"})
	count(_real_deny(_manifest(["eu"], ["eu"], "forbidden", [m]))) == 0
}

test_fail_catalog_bedrock_geo_outside_single_region_geography if {
	m := object.union(_vendor("aws-bedrock", "sg", {"deploymentType": "geo"}), {"id": "claude-3-haiku"})
	fs := _real_deny(_manifest(["sg"], [], "forbidden", [m]))
	_keys(fs) == {["LLM-RES-004", "model", 0]}
	[f] := [g | some g in fs]
	endswith(f.message, "to keep it there, set deploymentType to regional.")
}

test_fail_catalog_openai_eu_without_zdr if {
	m := {"id": "gpt-4o", "hosting": "vendor-api", "provider": "openai", "region": "eu"}
	fs := _real_deny(_manifest(["eu"], ["eu"], "forbidden", [m]))
	_keys(fs) == {["LLM-RES-004", "model", 0]}
	[f] := [g | some g in fs]
	endswith(f.message, "to keep it there, obtain zero data retention from OpenAI API and set zeroDataRetention: true.")
	f.references == [lib.entry_ref(data.catalog.providers.openai), _gdpr]
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
	[f] := [g | some g in _of(fs, "LLM-RES-007")]
	f.references == [_law("pipl", "transfers")]
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
