package llm.rules.deployment_test

import data.llm.rules.deployment as rules

_models := {
	"small": {
		"name": "Small",
		"url": "https://example.com/small",
		"weights": "open",
		"gpuMemoryGb": {"fp16": 16, "int8": 8, "int4": 4},
	},
	"big": {
		"name": "Big",
		"url": "https://example.com/big",
		"weights": "open",
		"gpuMemoryGb": {"fp16": 160, "int8": 80, "int4": 40},
	},
	"closed": {"name": "Closed", "sources": ["https://example.com/closed"], "weights": "closed"},
	"one-size": {"name": "One size", "weights": "open", "gpuMemoryGb": {"fp16": 160}},
}

_small_ref := "Small: https://example.com/small"

_big_ref := "Big: https://example.com/big"

_boundary := "NIST SP 800-171r3, 03.13.01 (boundary protection): https://csrc.nist.gov/pubs/sp/800/171/r3/final"

_context := concat("", [
	"NIST AI RMF 1.0 (NIST AI 100-1), MAP 1 (context and deployment constraints): ",
	"https://www.nist.gov/itl/ai-risk-management-framework",
])

_resources := concat("", [
	"ISO/IEC 42001:2023, Annex A.4.5 (system and computing resources): ",
	"https://www.iso.org/standard/81230.html",
])

_messages(fs) := {f.message | some f in fs}

_manifest(deployment, models) := {"spec": {
	"data": {"classification": "internal"},
	"residency": {"allowedRegions": ["us"]},
	"deployment": deployment,
	"models": models,
}}

_self(id, quantization) := {"id": id, "hosting": "self-hosted", "region": "us", "quantization": quantization}

_vendor := {"id": "gpt-4o", "hosting": "vendor-api", "provider": "openai", "region": "us"}

_keys(fs) := {[f.rule, f.scope, object.get(f, "model", -1)] | some f in fs}

_deny(manifest) := fs if {
	fs := rules.deny with input as manifest with data.catalog.models as _models
}

_warn(manifest) := fs if {
	fs := rules.warn with input as manifest with data.catalog.models as _models
}

# ----- LLM-DEP-001 egress

test_fail_no_egress_rules_out_vendor_api if {
	fs := _deny(_manifest({"environment": "on-premises", "networkEgress": "none"}, [_vendor]))
	fs == {
		{
			"rule": "LLM-DEP-001",
			"scope": "vendor-api",
			"path": "spec.deployment.networkEgress",
			"message": "Vendor APIs are unreachable because networkEgress is none; only self-hosted models can run.",
			"references": [_boundary, _context],
		},
		{
			"rule": "LLM-DEP-001",
			"scope": "model",
			"model": 0,
			"path": "spec.models[0].hosting",
			"message": concat("", [
				"Model gpt-4o is requested through the API of provider openai, which cannot be reached ",
				"because networkEgress is none.",
			]),
			"references": [_boundary, _context],
		},
	}
}

test_fail_no_egress_cites_the_model_entry_it_knows if {
	vendor := {"id": "closed", "hosting": "vendor-api", "provider": "openai", "region": "us"}
	fs := _deny(_manifest({"environment": "on-premises", "networkEgress": "none"}, [vendor]))
	some f in fs
	f.scope == "model"
	f.references == ["Closed: https://example.com/closed", _boundary, _context]
}

test_fail_air_gapped_rules_out_vendor_api_whatever_egress_says if {
	fs := _deny(_manifest({"environment": "air-gapped", "networkEgress": "open"}, []))
	fs == {{
		"rule": "LLM-DEP-001",
		"scope": "vendor-api",
		"path": "spec.deployment.environment",
		"message": concat("", [
			"Vendor APIs are unreachable because the environment is ",
			"air-gapped; only self-hosted models can run.",
		]),
		"references": [_boundary, _context],
	}}
}

test_success_on_premises_with_restricted_egress if {
	count(_deny(_manifest({"environment": "on-premises", "networkEgress": "restricted"}, [_vendor]))) == 0
}

test_success_default_egress_is_restricted if {
	count(_deny(_manifest({"environment": "private-cloud"}, [_vendor]))) == 0
}

test_success_air_gapped_self_hosted if {
	manifest := _manifest({"environment": "air-gapped", "gpuMemoryGb": 24}, [_self("small", "fp16")])
	_keys(_deny(manifest)) == {["LLM-DEP-001", "vendor-api", -1]}
	count(_warn(manifest)) == 0
}

# ----- LLM-DEP-002 fit

test_fail_model_does_not_fit_one_quantization_fits if {
	fs := _deny(_manifest({"environment": "on-premises", "gpuMemoryGb": 79}, [_self("big", "fp16")]))
	fs == {{
		"rule": "LLM-DEP-002",
		"scope": "model",
		"model": 0,
		"path": "spec.models[0]",
		"message": concat("", [
			"Model big needs 160 GB of GPU memory at fp16 but 79 GB is declared in ",
			"deployment.gpuMemoryGb, 81 GB short; int4 (40 GB) would fit.",
		]),
		"references": [_big_ref, _resources],
	}}
}

test_fail_model_does_not_fit_several_quantizations_fit if {
	fs := _deny(_manifest({"environment": "on-premises", "gpuMemoryGb": 80}, [_self("big", "fp16")]))
	_messages(fs) == {concat("", [
		"Model big needs 160 GB of GPU memory at fp16 but 80 GB is declared in ",
		"deployment.gpuMemoryGb, 80 GB short; int8 (80 GB) or int4 (40 GB) would fit.",
	])}
}

test_fail_model_does_not_fit_three_quantizations_fit if {
	models := {"wide": {"weights": "open", "gpuMemoryGb": {"fp32": 320, "fp16": 160, "fp8": 80, "int4": 40}}}
	fs := rules.deny with input as _manifest({"environment": "on-premises", "gpuMemoryGb": 200}, [_self("wide", "fp32")])
		with data.catalog.models as models
	_messages(fs) == {concat("", [
		"Model wide needs 320 GB of GPU memory at fp32 but 200 GB is declared in ",
		"deployment.gpuMemoryGb, 120 GB short; fp16 (160 GB), fp8 (80 GB) or int4 (40 GB) would fit.",
	])}
}

test_fail_model_does_not_fit_no_quantization_fits if {
	fs := _deny(_manifest({"environment": "on-premises", "gpuMemoryGb": 30}, [_self("big", "int8")]))
	_messages(fs) == {concat("", [
		"Model big needs 80 GB of GPU memory at int8 but 30 GB is declared in ",
		"deployment.gpuMemoryGb, 50 GB short; no other quantization fits either (the smallest, int4, ",
		"needs 40 GB), so use a smaller model or declare more GPU memory.",
	])}
}

test_fail_model_does_not_fit_no_other_quantization_listed if {
	fs := _deny(_manifest({"environment": "on-premises", "gpuMemoryGb": 80}, [_self("one-size", "fp16")]))
	some f in fs
	f.rule == "LLM-DEP-002"
	f.message == concat("", [
		"Model one-size needs 160 GB of GPU memory at fp16 but 80 GB is declared in ",
		"deployment.gpuMemoryGb, 80 GB short; the catalog lists no other quantization of it, so use a ",
		"smaller model or declare more GPU memory.",
	])

	# an entry without url or sources still gives a reference (fail closed)
	f.references == ["One size: (no source recorded)", _resources]
}

test_fail_default_quantization_is_fp16 if {
	fs := _deny(_manifest({"environment": "on-premises", "gpuMemoryGb": 80}, [{"id": "big", "hosting": "self-hosted"}]))
	_keys(fs) == {["LLM-DEP-002", "model", 0]}
}

test_fail_headroom_makes_it_not_fit if {
	fs := rules.deny with input as _manifest({"environment": "on-premises", "gpuMemoryGb": 40}, [_self("big", "int4")])
		with data.catalog.models as _models
		with data.settings.gpuMemoryHeadroom as 1.5
	_keys(fs) == {["LLM-DEP-002", "model", 0]}
	_messages(fs) == {concat("", [
		"Model big needs 60 GB of GPU memory at int4 (40 GB in the catalog x 1.5 headroom) but 40 GB ",
		"is declared in deployment.gpuMemoryGb, 20 GB short; no other quantization fits either (the ",
		"smallest, int8, needs 120 GB), so use a smaller model or declare more GPU memory.",
	])}
}

test_fail_headroom_applies_to_the_suggestions if {
	fs := rules.deny with input as _manifest({"environment": "on-premises", "gpuMemoryGb": 100}, [_self("big", "fp16")])
		with data.catalog.models as _models
		with data.settings.gpuMemoryHeadroom as 1.2
	_messages(fs) == {concat("", [
		"Model big needs 192 GB of GPU memory at fp16 (160 GB in the catalog x 1.2 headroom) but ",
		"100 GB is declared in deployment.gpuMemoryGb, 92 GB short; int8 (96 GB) or int4 (48 GB) would fit.",
	])}
}

test_success_model_fits_at_its_quantization if {
	models := [_self("big", "int8"), _self("small", "int4")]
	manifest := _manifest({"environment": "public-cloud", "gpuMemoryGb": 84}, models)
	count(_deny(manifest)) == 0
	count(_warn(manifest)) == 0
}

# ----- LLM-DEP-003 capacity not declared

test_fail_gpu_memory_not_declared_warns if {
	manifest := _manifest({"environment": "private-cloud"}, [_self("small", "int4"), _vendor])
	_warn(manifest) == {{
		"rule": "LLM-DEP-003",
		"scope": "model",
		"model": 0,
		"path": "spec.models[0]",
		"message": concat("", [
			"Model small is self-hosted, but deployment.gpuMemoryGb is ",
			"not declared, so its fit cannot be checked.",
		]),
		"references": [_small_ref, _resources],
	}}
	count(_deny(manifest)) == 0
}

test_success_no_self_hosted_models_no_capacity_warning if {
	count(_warn(_manifest({"environment": "private-cloud"}, [_vendor]))) == 0
}

# ----- LLM-DEP-004 no catalog figure

test_fail_no_catalog_figure_warns if {
	models := [_self("closed", "fp16"), _self("nobody", "int4")]
	manifest := _manifest({"environment": "on-premises", "gpuMemoryGb": 80}, models)
	fs := _warn(manifest)
	_keys(fs) == {["LLM-DEP-004", "model", 0], ["LLM-DEP-004", "model", 1]}
	count(_deny(manifest)) == 0
	_messages(fs) == {
		"Model closed has no GPU memory figure at fp16 in the catalog, so its fit in the 80 GB declared cannot be checked.",
		"Model nobody has no GPU memory figure at int4 in the catalog, so its fit in the 80 GB declared cannot be checked.",
	}

	# the id the catalog does not know cites the framework article only
	{f.model: f.references | some f in fs} == {
		0: ["Closed: https://example.com/closed", _resources],
		1: [_resources],
	}
}

test_success_catalog_figure_present if {
	fs := _warn(_manifest({"environment": "on-premises", "gpuMemoryGb": 80}, [_self("small", "fp16")]))
	count({f | some f in fs; f.rule == "LLM-DEP-004"}) == 0
}

# ----- LLM-DEP-005 nothing fits

test_fail_nothing_fits_declared_memory if {
	fs := _deny(_manifest({"environment": "on-premises", "gpuMemoryGb": 2}, []))
	fs == {{
		"rule": "LLM-DEP-005",
		"scope": "self-hosted",
		"path": "spec.deployment.gpuMemoryGb",
		"message": concat("", [
			"No open-weight catalog model fits in the 2 GB of GPU memory declared in ",
			"deployment.gpuMemoryGb, even at int4: the smallest needs 4 GB.",
		]),
		"references": [_resources],
	}}
}

test_fail_nothing_fits_with_headroom if {
	fs := rules.deny with input as _manifest({"environment": "on-premises", "gpuMemoryGb": 5}, [])
		with data.catalog.models as _models
		with data.settings.gpuMemoryHeadroom as 1.5
	_messages(fs) == {concat("", [
		"No open-weight catalog model fits in the 5 GB of GPU memory declared in ",
		"deployment.gpuMemoryGb, even at int4: the smallest needs 6 GB with gpuMemoryHeadroom 1.5.",
	])}
}

test_fail_nothing_fits_with_empty_catalog if {
	fs := rules.deny with input as _manifest({"environment": "on-premises", "gpuMemoryGb": 80}, [])
		with data.catalog.models as {}
	some f in fs
	f.rule == "LLM-DEP-005"
	endswith(f.message, "the catalog has no int4 figure for any open-weight model.")
}

test_success_something_fits_declared_memory if {
	count(_deny(_manifest({"environment": "on-premises", "gpuMemoryGb": 4}, []))) == 0
}

test_success_undeclared_memory_is_not_a_mode_violation if {
	count(_deny(_manifest({"environment": "on-premises"}, []))) == 0
}

# ----- LLM-DEP-006 models together

test_fail_models_together_exceed_memory_warns if {
	models := [_self("big", "int4"), _self("small", "int4")]
	manifest := _manifest({"environment": "on-premises", "gpuMemoryGb": 42}, models)
	_warn(manifest) == {{
		"rule": "LLM-DEP-006",
		"scope": "self-hosted",
		"path": "spec.deployment.gpuMemoryGb",
		"message": concat("", [
			"The self-hosted models big (40 GB) and small (4 GB) each fit in the 42 GB declared in ",
			"deployment.gpuMemoryGb, but together need 44 GB, 2 GB more.",
		]),
		"references": [_big_ref, _small_ref, _resources],
	}}
}

test_fail_models_together_with_headroom_and_an_unknown_one if {
	models := [_self("big", "int4"), _self("small", "int4"), _self("small", "int8"), _self("nobody", "int4")]
	fs := rules.warn with input as _manifest({"environment": "on-premises", "gpuMemoryGb": 70}, models)
		with data.catalog.models as _models
		with data.settings.gpuMemoryHeadroom as 1.5
	some f in fs
	f.rule == "LLM-DEP-006"
	f.message == concat("", [
		"The self-hosted models big (60 GB), small (6 GB) and small (12 GB) each fit in the 70 GB ",
		"declared in deployment.gpuMemoryGb, but together need 78 GB with gpuMemoryHeadroom 1.5, 8 GB more.",
	])
	f.references == [_big_ref, _small_ref, _resources]
}

test_success_models_together_fit if {
	models := [_self("big", "int4"), _self("small", "int4")]
	manifest := _manifest({"environment": "on-premises", "gpuMemoryGb": 44}, models)
	count(_warn(manifest)) == 0
}

# ----- against the shipped catalog

test_success_catalog_llama_70b_int4_on_48_gb if {
	manifest := _manifest({"environment": "on-premises", "gpuMemoryGb": 48}, [_self("llama-3.1-70b", "int4")])
	count(rules.deny) == 0 with input as manifest
}

test_fail_catalog_llama_405b_fp16_on_640_gb if {
	manifest := _manifest({"environment": "on-premises", "gpuMemoryGb": 640}, [_self("llama-3.1-405b", "fp16")])
	fs := rules.deny with input as manifest
	_keys(fs) == {["LLM-DEP-002", "model", 0]}
}

test_success_catalog_smallest_model_fits_one_gb if {
	count(rules.deny) == 0 with input as _manifest({"environment": "on-premises", "gpuMemoryGb": 1}, [])
}
