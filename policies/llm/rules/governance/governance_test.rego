package llm.rules.governance_test

import data.llm.rules.governance

_models := {
	"open-7b": {"name": "Open 7B", "url": "https://example.com/open-7b", "weights": "open", "license": "lic"},
	"vision-7b": {
		"name": "Vision 7B", "url": "https://example.com/vision-7b",
		"weights": "open", "license": "lic", "extraLicenses": ["gone"],
	},
	"nolicence-7b": {"name": "No licence 7B", "url": "https://example.com/nolicence-7b", "weights": "open"},
	"closed-1": {"name": "Closed 1", "url": "https://example.com/closed-1", "weights": "closed"},
	"vague-1": {"name": "Vague 1", "url": "https://example.com/vague-1"},
}

_licenses := {"lic": {"name": "Licence", "commercial": true}}

_providers := {
	"p1": {"name": "Provider One", "url": "https://example.com/p1", "models": ["closed-1", "open-7b"]},
	"p2": {"name": "Provider Two", "url": "https://example.com/p2", "models": []},
	"p3": {"name": "Provider Three", "url": "https://example.com/p3", "models": ["nolicence-7b"]},
}

_ref(name, id) := sprintf("%s: https://example.com/%s", [name, id])

_rmf(article) := sprintf(
	"NIST AI RMF 1.0 (NIST AI 100-1), %s: https://www.nist.gov/itl/ai-risk-management-framework",
	[article],
)

_inventory := _rmf("GOVERN 1.6 (inventory of AI systems)")

_third_party := _rmf("GOVERN 6 (third-party risk)")

_contingency := _rmf("GOVERN 6.2 (contingency for third-party failures)")

_components := _rmf("MAP 4 (mapping third-party components)")

_suppliers := concat("", [
	"ISO/IEC 42001:2023, Annex A.10 (third-party and customer relationships): ",
	"https://www.iso.org/standard/81230.html",
])

_spec := {
	"useCase": {"purpose": "summarization", "audience": "internal"},
	"data": {"classification": "internal"},
	"residency": {"allowedRegions": ["us"]},
	"deployment": {"environment": "public-cloud"},
}

_self_hosted(id) := {"id": id, "hosting": "self-hosted", "region": "us"}

_vendor(id, provider) := {"id": id, "hosting": "vendor-api", "provider": provider, "region": "us"}

_deny(models) := findings if {
	findings := governance.deny with input as {"spec": object.union(_spec, {"models": models})}
		with data.catalog.models as _models
		with data.catalog.licenses as _licenses
		with data.catalog.providers as _providers
}

_finding(rule, i, field, msg, refs) := {
	"rule": rule,
	"scope": "model",
	"model": i,
	"path": sprintf("spec.models[%d]%s", [i, field]),
	"message": msg,
	"references": refs,
}

_suggesting(finding, value, among) := object.union(finding, {"suggest": {"value": value, "among": among}})

# --- LLM-GOV-001 unknown model

test_fail_unknown_model_self_hosted if {
	_deny([_self_hosted("open-7b"), _self_hosted("gpt-5-open")]) == {_suggesting(
		_finding(
			"LLM-GOV-001", 1, ".id",
			"Model \"gpt-5-open\" is not in the model catalog, so it has not been reviewed.",
			[_inventory, _suppliers],
		),
		"gpt-5-open", "models",
	)}
}

test_fail_unknown_model_vendor_api if {
	findings := _deny([_vendor("gpt-4o-turbo", "p1")])
	_suggesting(
		_finding(
			"LLM-GOV-001", 0, ".id",
			"Model \"gpt-4o-turbo\" is not in the model catalog, so it has not been reviewed.",
			[_inventory, _suppliers],
		),
		"gpt-4o-turbo", "models",
	) in findings
}

test_success_known_models if {
	count(_deny([_self_hosted("open-7b"), _vendor("closed-1", "p1"), _vendor("open-7b", "p1")])) == 0
}

test_fail_unknown_model_without_any_catalog if {
	findings := governance.deny with input as {"spec": object.union(_spec, {"models": [_self_hosted("open-7b")]})}
		with data.catalog as {}
	{f.rule | some f in findings} == {"LLM-GOV-001"}
}

# --- LLM-GOV-002 unknown provider

test_fail_unknown_provider if {
	_deny([_vendor("closed-1", "p9")]) == {_suggesting(
		_finding(
			"LLM-GOV-002", 0, ".provider",
			"Provider \"p9\" of model closed-1 is not in the provider catalog, so it has not been reviewed.",
			[_suppliers, _third_party],
		),
		"p9", "providers",
	)}
}

test_fail_unknown_provider_without_provider_catalog if {
	findings := governance.deny with input as {"spec": object.union(_spec, {"models": [_vendor("closed-1", "p1")]})}
		with data.catalog.models as _models
		with data.catalog.providers as {}
	{f.rule | some f in findings} == {"LLM-GOV-002"}
}

test_success_known_provider if {
	count(_deny([_vendor("closed-1", "p1")])) == 0
}

# --- LLM-GOV-003 provider does not serve the model

test_fail_provider_does_not_serve_model if {
	_deny([_vendor("closed-1", "p2")]) == {_finding(
		"LLM-GOV-003", 0, ".provider",
		"Provider p2 does not serve model closed-1: the catalog's Provider Two entry does not list it.",
		[_ref("Closed 1", "closed-1"), _ref("Provider Two", "p2"), _suppliers],
	)}
}

test_fail_provider_does_not_serve_unknown_model_cites_the_provider if {
	fs := _deny([_vendor("nope", "p2")])
	{[f.rule, f.references] | some f in fs} == {
		["LLM-GOV-001", [_inventory, _suppliers]],
		["LLM-GOV-003", [_ref("Provider Two", "p2"), _suppliers]],
	}
}

test_success_provider_serves_model if {
	count(_deny([_vendor("open-7b", "p1")])) == 0
}

# --- LLM-GOV-004 closed weights self-hosted

test_fail_closed_model_self_hosted if {
	_deny([_self_hosted("closed-1")]) == {_finding(
		"LLM-GOV-004", 0, ".hosting",
		"Model closed-1 has closed weights, so it cannot be self-hosted.",
		[_ref("Closed 1", "closed-1"), _components],
	)}
}

test_fail_model_without_weights_field_self_hosted if {
	_deny([_self_hosted("vague-1")]) == {_finding(
		"LLM-GOV-004", 0, ".hosting",
		"Model vague-1 has no weights stated as open in the catalog, so it cannot be self-hosted.",
		[_ref("Vague 1", "vague-1"), _components],
	)}
}

test_success_open_model_self_hosted if {
	count(_deny([_self_hosted("open-7b")])) == 0
}

# --- LLM-GOV-005 vendor-api without provider

test_fail_vendor_api_without_provider if {
	_deny([{"id": "closed-1", "hosting": "vendor-api", "region": "us"}]) == {_finding(
		"LLM-GOV-005", 0, "",
		"Model closed-1 is requested through a vendor API but names no provider.",
		[_ref("Closed 1", "closed-1"), _suppliers],
	)}
}

test_fail_unknown_model_without_provider_cites_the_framework_only if {
	fs := _deny([{"id": "nope", "hosting": "vendor-api", "region": "us"}])
	{[f.rule, f.references] | some f in fs} == {
		["LLM-GOV-001", [_inventory, _suppliers]],
		["LLM-GOV-005", [_suppliers]],
	}
}

test_success_vendor_api_with_provider if {
	count(_deny([_vendor("closed-1", "p1")])) == 0
}

# --- LLM-GOV-006 unknown licence

test_fail_unknown_extra_licence if {
	_deny([_self_hosted("vision-7b")]) == {_finding(
		"LLM-GOV-006", 0, ".id",
		"Model vision-7b names licence \"gone\", which is not in the licence catalog.",
		[_ref("Vision 7B", "vision-7b"), _suppliers],
	)}
}

test_fail_missing_licence if {
	_deny([_self_hosted("nolicence-7b")]) == {_finding(
		"LLM-GOV-006", 0, ".id",
		"Model nolicence-7b names no licence in its catalog entry, so its licence terms are unknown.",
		[_ref("No licence 7B", "nolicence-7b"), _suppliers],
	)}
}

test_success_licence_known if {
	count(_deny([_self_hosted("open-7b")])) == 0
}

test_success_unknown_licence_irrelevant_through_vendor if {
	count(_deny([_vendor("nolicence-7b", "p3")])) == 0
}

# --- the shipped catalog: every open model's licences are catalogued, closed models are refused

test_success_shipped_catalog_every_open_model_self_hostable if {
	models := [_self_hosted(id) | some id, e in data.catalog.models; e.weights == "open"]
	count(models) >= 23
	findings := governance.deny with input as {"spec": object.union(_spec, {"models": models})}
	count(findings) == 0
}

test_fail_shipped_catalog_closed_models_not_self_hostable if {
	models := [_self_hosted(id) | some id, e in data.catalog.models; e.weights == "closed"]
	count(models) >= 8
	findings := governance.deny with input as {"spec": object.union(_spec, {"models": models})}
	{f.rule | some f in findings} == {"LLM-GOV-004"}
	count(findings) == count(models)
}

test_fail_shipped_catalog_typo if {
	findings := governance.deny with input as {"spec": object.union(_spec, {"models": [_self_hosted("llama-3.1-70")]})}
	{f.rule | some f in findings} == {"LLM-GOV-001"}
}

# --- the shipped catalog is well formed (the rules above rely on these shapes)

_capabilities := {"frontier-reasoning", "multimodal", "long-context", "code", "tool-calling", "multilingual"}

_domains := {
	"general", "medical", "legal", "financial", "insurance", "credit", "employment", "education",
	"law-enforcement", "migration", "justice", "biometrics", "critical-infrastructure", "military", "government",
}

_categories := {
	"personal", "special-category", "health", "payment-card", "biometric", "children", "criminal-justice",
	"government-cui", "export-controlled", "source-code", "trade-secret", "credentials", "financial",
}

_model_problems contains [id, "missing field"] if {
	some id, e in data.catalog.models
	some key in ["name", "vendor", "weights", "contextTokens", "capabilities", "released", "checked", "sources"]
	not key in object.keys(e)
}

_model_problems contains [id, "capability outside the spec"] if {
	some id, e in data.catalog.models
	some c in e.capabilities
	not c in _capabilities
}

_model_problems contains [id, "long-context does not match contextTokens >= 100k"] if {
	some id, e in data.catalog.models
	"long-context" in ((e.capabilities != e.contextTokens) >= 100000)
}

_model_problems contains [id, "open model without licence or GPU memory"] if {
	some id, e in data.catalog.models
	e.weights == "open"
	some key in ["license", "gpuMemoryGb", "paramsB"]
	not key in object.keys(e)
}

_model_problems contains [id, "int8 is not params x 1.2 rounded up"] if {
	some id, e in data.catalog.models
	e.weights == "open"
	e.gpuMemoryGb.int8 != ceil(round(e.paramsB * 1200) / 1000)
}

_model_problems contains [id, "closed model with licence or GPU memory"] if {
	some id, e in data.catalog.models
	e.weights == "closed"
	some key in ["license", "gpuMemoryGb"]
	key in object.keys(e)
}

_license_problems contains [id, d] if {
	some id, lic in data.catalog.licenses
	some d in lic.prohibitedDomains
	not d in _domains
}

_license_problems contains [id, c] if {
	some id, lic in data.catalog.licenses
	some c in lic.prohibitedDataCategories
	not c in _categories
}

# an obligation is a sentence (an unquoted "x: y" in YAML would make it an object and crash LLM-LIC-009)
_license_problems contains [id, "obligation not text"] if {
	some id, lic in data.catalog.licenses
	some o in lic.obligations
	not is_string(o)
}

_license_problems contains [id, "missing key"] if {
	some id, lic in data.catalog.licenses
	some key in [
		"name", "commercial", "mauCap", "noTrainingOtherModels",
		"hostingAsServiceNeedsLicense", "checked", "sources",
	]
	not key in object.keys(lic)
}

test_success_shipped_model_catalog_well_formed if {
	# the late-2026 catalog: today's models are there (issue 13), and every entry is well formed
	current := {
		"llama-4-scout", "deepseek-r1", "qwen3-235b-a22b", "gpt-oss-120b",
		"gpt-5", "claude-sonnet-4.5", "gemini-2.5-pro",
	}
	every id in current {
		data.catalog.models[id]
	}
	count(_model_problems) == 0
}

test_success_shipped_licence_catalog_well_formed if {
	count(_license_problems) == 0
}

# --- LLM-GOV-007 retired, LLM-GOV-008 retiring soon: judged as of input.asOf

_lifecycle := {"closed-1": {
	"p1": {
		"status": "deprecated", "deprecatedOn": "2026-01-10", "retiredOn": "2026-06-30", "replacement": "open-7b",
		"sources": ["https://example.com/p1-deprecations"],
	},
	"p3": {
		"status": "retired", "deprecatedOn": null, "retiredOn": null, "replacement": null,
		"sources": ["https://example.com/p3-deprecations"],
	},
}}

_p1_life := "Lifecycle of closed-1 on p1: https://example.com/p1-deprecations"

_life_findings(kind, models, day) := findings if {
	findings := governance[kind] with input as {"spec": object.union(_spec, {"models": models}), "asOf": day}
		with data.catalog.models as _models
		with data.catalog.licenses as _licenses
		with data.catalog.providers as _providers
		with data.catalog.lifecycle as _lifecycle
		with data.settings as {"lifecycleWarningDays": 90, "factMaxAgeDays": 100000}
}

_rules(findings) := {f.rule | some f in findings}

test_fail_retired_on_and_after_the_retirement_day if {
	msg := "Model closed-1 on p1 was retired on 2026-06-30; the vendor names open-7b as its replacement."
	_life_findings("deny", [_vendor("closed-1", "p1")], "2026-06-30") == {_finding(
		"LLM-GOV-007", 0, ".id", msg,
		[_p1_life, _suppliers, _contingency],
	)}
	_rules(_life_findings("deny", [_vendor("closed-1", "p1")], "2027-01-01")) == {"LLM-GOV-007"}
	_life_findings("warn", [_vendor("closed-1", "p1")], "2026-07-01") == set()
}

test_success_not_retired_the_day_before if {
	_life_findings("deny", [_vendor("closed-1", "p1")], "2026-06-29") == set()
}

test_fail_retired_without_a_date_is_retired if {
	msg := "Model closed-1 on p3 is retired (the vendor gives no date)."

	# (p3 does not serve closed-1 either: LLM-GOV-003 fires beside it)
	refs := ["Lifecycle of closed-1 on p3: https://example.com/p3-deprecations", _suppliers, _contingency]
	_finding("LLM-GOV-007", 0, ".id", msg, refs) in _life_findings("deny", [_vendor("closed-1", "p3")], "2020-01-01")
}

test_warn_retiring_within_the_window if {
	msg := "Model closed-1 on p1 retires on 2026-06-30, in 90 days; the vendor names open-7b as its replacement."
	_life_findings("warn", [_vendor("closed-1", "p1")], "2026-04-01") == {_finding(
		"LLM-GOV-008", 0, ".id", msg,
		[_p1_life, _contingency],
	)}
}

test_warn_retiring_tomorrow if {
	msg := "Model closed-1 on p1 retires on 2026-06-30, in 1 day; the vendor names open-7b as its replacement."
	_messages(_life_findings("warn", [_vendor("closed-1", "p1")], "2026-06-29")) == {msg}
}

_settings(max_age) := {"lifecycleWarningDays": 90, "factMaxAgeDays": max_age}

# governance.warn for one deployment, as of `day`, over the given catalog documents
_warned(deployment, day, catalog, max_age) := warned if {
	warned := governance.warn with input as {"spec": object.union(_spec, {"models": [deployment]}), "asOf": day}
		with data.catalog.models as catalog.models
		with data.catalog.licenses as _licenses
		with data.catalog.providers as catalog.providers
		with data.catalog.lifecycle as catalog.lifecycle
		with data.settings as _settings(max_age)
}

_messages(findings) := {f.message | some f in findings}

test_warn_deprecated_without_a_date_outside_the_window if {
	# 91 days out is outside the window
	_life_findings("warn", [_vendor("closed-1", "p1")], "2026-03-31") == set()

	# deprecated with no retirement date: that is said, whatever the day
	no_date := {"closed-1": {"p1": {"status": "deprecated", "deprecatedOn": "2026-01-10", "retiredOn": null}}}
	catalog := {"models": _models, "providers": _providers, "lifecycle": no_date}
	warned := _warned(_vendor("closed-1", "p1"), "2026-03-31", catalog, 100000)
	_messages(warned) == {"Model closed-1 on p1 is deprecated (since 2026-01-10), with no retirement date announced."}

	# a record without sources still gives a reference (fail closed)
	{f.references | some f in warned} == {["Lifecycle of closed-1 on p1: (no source recorded)", _contingency]}
}

test_success_no_lifecycle_record_and_self_hosted_are_not_judged if {
	_life_findings("deny", [_vendor("open-7b", "p1"), _self_hosted("open-7b")], "2030-01-01") == set()
}

# --- LLM-GOV-009 stale catalog facts

test_warn_stale_model_and_provider_facts if {
	models := object.union(_models, {"closed-1": {"checked": "2025-01-01"}})
	vendors := object.union(_providers, {"p1": {"checked": "2026-06-01"}})
	catalog := {"models": models, "providers": vendors, "lifecycle": {}}
	_warned(_vendor("closed-1", "p1"), "2026-12-01", catalog, 365) == {_finding(
		"LLM-GOV-009", 0, ".id",
		concat("", [
			"The catalog's model entry closed-1 was last checked on 2025-01-01, 699 days before ",
			"2026-12-01 (factMaxAgeDays: 365).",
		]),
		[_ref("Closed 1", "closed-1"), _suppliers],
	)}

	# the provider's facts count too, once they are old enough
	_messages(_warned(_vendor("closed-1", "p1"), "2027-06-02", catalog, 365)) == {
		concat("", [
			"The catalog's model entry closed-1 was last checked on 2025-01-01, 882 days before ",
			"2027-06-02 (factMaxAgeDays: 365).",
		]),
		concat("", [
			"The catalog's provider entry p1 was last checked on 2026-06-01, 366 days before ",
			"2027-06-02 (factMaxAgeDays: 365).",
		]),
	}
	{f.references | some f in _warned(_vendor("closed-1", "p1"), "2027-06-02", catalog, 365)} == {
		[_ref("Closed 1", "closed-1"), _suppliers],
		[_ref("Provider One", "p1"), _suppliers],
	}
}

test_warn_stale_by_one_day if {
	models := object.union(_models, {"open-7b": {"checked": "2026-11-30"}})
	catalog := {"models": models, "providers": _providers, "lifecycle": {}}
	_messages(_warned(_self_hosted("open-7b"), "2026-12-01", catalog, 0)) == {concat("", [
		"The catalog's model entry open-7b was last checked on 2026-11-30, 1 day before ",
		"2026-12-01 (factMaxAgeDays: 0).",
	])}
}

test_success_fresh_facts_and_the_limit_day if {
	models := object.union(_models, {"open-7b": {"weights": "open", "license": "lic", "checked": "2025-12-01"}})
	catalog := {"models": models, "providers": _providers, "lifecycle": {}}
	_warned(_self_hosted("open-7b"), "2026-12-01", catalog, 365) == set()
}
