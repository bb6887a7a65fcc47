package llm.lib_test

import data.llm.lib

test_success_defaults_fill_missing_sections if {
	lib.spec.models == [] with input as {}
	lib.commercial == true with input as {}
	lib.cross_border == "forbidden" with input as {}
	lib.network_egress == "restricted" with input as {}
	lib.fine_tuning == "none" with input as {}
	lib.external_distribution == false with input as {}
	lib.self_hosting_platform == false with input as {}
}

test_success_air_gapped_implies_no_egress if {
	lib.network_egress == "none" with input as {"spec": {"deployment": {
		"environment": "air-gapped",
		"networkEgress": "open",
	}}}
}

test_success_declared_values_win if {
	m := {"spec": {
		"useCase": {"commercial": false, "domains": ["medical"]},
		"data": {"classification": "restricted", "categories": ["health"], "subjectRegions": ["eu"]},
		"residency": {"allowedRegions": ["eu", "uk"], "crossBorderTransfer": "allowed"},
		"requirements": {"capabilities": ["code"]},
		"compliance": {"frameworks": ["hipaa"]},
	}}
	lib.commercial == false with input as m
	lib.domains == {"medical"} with input as m
	lib.classification == "restricted" with input as m
	lib.categories == {"health"} with input as m
	lib.subject_regions == {"eu"} with input as m
	lib.allowed_regions == {"eu", "uk"} with input as m
	lib.cross_border == "allowed" with input as m
	lib.capabilities == {"code"} with input as m
	lib.frameworks == {"hipaa"} with input as m
}

test_success_models_split_by_hosting if {
	m := {"spec": {"models": [
		{"id": "a", "hosting": "self-hosted", "quantization": "int4"},
		{"id": "b", "hosting": "vendor-api", "provider": "openai"},
	]}}
	lib.self_hosted_models == {[0, m.spec.models[0]]} with input as m
	lib.vendor_models == {[1, m.spec.models[1]]} with input as m
	count(lib.requested) == 2 with input as m
	lib.quantization(m.spec.models[0]) == "int4"
	lib.quantization(m.spec.models[1]) == "fp16"
}

test_success_finding_builders if {
	lib.model_finding("X-1", 2, "region", "msg") == {
		"rule": "X-1", "scope": "model", "model": 2, "path": "spec.models[2].region", "message": "msg",
	}
	lib.model_finding("X-1", 0, "", "msg").path == "spec.models[0]"
	lib.mode_finding("X-2", "vendor-api", "spec.data", "m") == {
		"rule": "X-2", "scope": "vendor-api", "path": "spec.data", "message": "m",
	}
	lib.project_finding("X-3", "spec", "m").scope == "project"
}

# --- providers

_providers := {
	"retains": {"zeroDataRetention": "none"},
	"on-approval": {"zeroDataRetention": "approval"},
	"never-retains": {"zeroDataRetention": "default"},
}

test_success_provider_of_a_model if {
	m := {"id": "x", "provider": "on-approval"}
	lib.provider_id(m) == "on-approval"
	lib.provider_text(m) == "on-approval"
	lib.provider(m) == {"zeroDataRetention": "approval"} with data.catalog.providers as _providers
}

test_success_unknown_or_missing_provider_offers_nothing if {
	lib.provider({"provider": "nope"}) == {} with data.catalog.providers as _providers
	lib.provider({"id": "x"}) == {} with data.catalog.providers as _providers
	lib.provider_id({"id": "x"}) == ""
	lib.provider_text({"id": "x"}) == "(no provider)"
}

test_success_every_provider_approved_when_none_listed if {
	approved := lib.approved_providers with data.catalog.providers as _providers
		with data.settings.approvedProviders as []
	approved == _providers
}

test_success_only_listed_providers_approved if {
	approved := lib.approved_providers with data.catalog.providers as _providers
		with data.settings.approvedProviders as ["retains", "not-in-catalog"]
	approved == {"retains": {"zeroDataRetention": "none"}}
	lib.approved_provider("retains") with data.settings.approvedProviders as ["retains"]
	not lib.approved_provider("on-approval") with data.settings.approvedProviders as ["retains"]
}

test_success_zero_data_retention_by_default_or_declared_on_approval if {
	lib.under_zdr({}, _providers["never-retains"])
	lib.under_zdr({"zeroDataRetention": true}, _providers["on-approval"])
	not lib.under_zdr({}, _providers["on-approval"])
	not lib.under_zdr({"zeroDataRetention": false}, _providers["on-approval"])
	not lib.under_zdr({"zeroDataRetention": true}, _providers.retains)
	not lib.under_zdr({"zeroDataRetention": true}, {})
}

test_success_model_licenses_from_catalog if {
	lics := lib.model_licenses({"license": "a", "extraLicenses": ["b", "missing"]}) with data.catalog.licenses as {
		"a": {"name": "A"},
		"b": {"name": "B"},
	}
	lics == {{"name": "A"}, {"name": "B"}}
}

test_success_number_text_is_engine_independent if {
	lib.number_text(80) == "80"
	lib.number_text(42.5) == "42.5"
	lib.number_text(0.1234) == "0.123"
	lib.number_text(0.0000001) == "0"
	lib.number_text(-2.5) == "-2.5"
	lib.number_text(1234567890.6) == "1234567891"
	lib.number_text(1e300) == "over 10^15"
}

# --- references and dates

_regulation := {"act": {
	"name": "The Act",
	"url": "https://example.org/act",
	"inForce": "2024-01-01",
	"appliesFrom": {"later": "2026-08-02"},
	"articles": {"five": "Art. 5 (bans)"},
}}

test_success_cite_adds_references if {
	lib.cite({"rule": "X"}, ["a: https://a"]) == {"rule": "X", "references": ["a: https://a"]}
	lib.cite({"rule": "X"}, {"b", "a"}).references == ["a", "b"]
}

test_success_entry_ref_prefers_url_then_first_source if {
	lib.entry_ref({"name": "L", "url": "https://u", "sources": ["https://s"]}) == "L: https://u"
	lib.entry_ref({"name": "L", "sources": ["https://s", "https://t"]}) == "L: https://s"
	lib.entry_ref({}) == "(unnamed catalog entry): (no source recorded)"
}

test_success_use_policy_ref_falls_back_to_the_licence if {
	aup := {"name": "L", "usePolicy": {"url": "https://aup"}}
	lib.use_policy_ref(aup) == "L, acceptable use policy: https://aup"
	lib.use_policy_ref({"name": "L", "usePolicy": null, "sources": ["https://lic"]}) == "L: https://lic"
}

test_success_license_refs_of_a_model if {
	lics := {"a": {"name": "A", "sources": ["https://a"]}, "b": {"name": "B", "sources": ["https://b"]}}
	refs := ["A: https://a", "B: https://b"]
	lib.license_refs({"license": "b", "extraLicenses": ["a"]}) == refs with data.catalog.licenses as lics
}

test_success_provider_ref_known_and_unknown if {
	ps := {"p": {"name": "P API", "sources": ["https://p"]}}
	lib.provider_ref({"provider": "p"}) == "P API: https://p" with data.catalog.providers as ps
	lib.provider_ref({"provider": "q"}) == "provider q: not in the catalog" with data.catalog.providers as ps
}

test_success_regulation_ref_names_the_article if {
	five := "The Act, Art. 5 (bans): https://example.org/act"
	lib.regulation_ref("act", "five") == five with data.catalog.regulation as _regulation
	lib.regulation_ref("act", "six") == "The Act, six: https://example.org/act" with data.catalog.regulation as _regulation
	lib.regulation_ref("gone", "five") == "gone, five: (no source recorded)" with data.catalog.regulation as _regulation
}

test_success_an_obligation_applies_from_its_day if {
	lib.applies("act", "later") with data.catalog.regulation as _regulation with input.asOf as "2026-08-02"
	not lib.applies("act", "later") with data.catalog.regulation as _regulation with input.asOf as "2026-08-01"
	lib.applies("act", "other") with data.catalog.regulation as _regulation with input.asOf as "2024-01-01"
	not lib.applies("act", "other") with data.catalog.regulation as _regulation with input.asOf as "2023-12-31"
}

test_success_an_undated_obligation_applies if {
	lib.applies("gone", "x") with data.catalog.regulation as _regulation with input.asOf as "2000-01-01"
}
