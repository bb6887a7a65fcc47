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

test_success_settings_fallback if {
	lib.setting("nope", 7) == 7
	lib.setting("x", 7) == 1 with data.settings as {"x": 1}
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
