package llm.rules.deployment_test

import data.llm.rules.deployment as rules

_models := {
	"small": {"weights": "open", "gpuMemoryGb": {"fp16": 16, "int8": 8, "int4": 4}},
	"big": {"weights": "open", "gpuMemoryGb": {"fp16": 160, "int8": 80, "int4": 40}},
	"closed": {"weights": "closed"},
}

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
		},
		{
			"rule": "LLM-DEP-001",
			"scope": "model",
			"model": 0,
			"path": "spec.models[0].hosting",
			"message": "Model gpt-4o is requested through a vendor API, but networkEgress is none.",
		},
	}
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

test_fail_model_does_not_fit if {
	fs := _deny(_manifest({"environment": "on-premises", "gpuMemoryGb": 80}, [_self("big", "fp16")]))
	fs == {{
		"rule": "LLM-DEP-002",
		"scope": "model",
		"model": 0,
		"path": "spec.models[0]",
		"message": concat("", [
			"Model big at fp16 needs 160 GB of GPU memory (x 1 headroom), ",
			"more than the 80 GB in deployment.gpuMemoryGb.",
		]),
	}}
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
	_keys(_warn(manifest)) == {["LLM-DEP-004", "model", 0], ["LLM-DEP-004", "model", 1]}
	count(_deny(manifest)) == 0
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
			"No open-weight catalog model fits in 2 GB of GPU memory even at ",
			"int4 (x 1 headroom); the smallest needs 4 GB.",
		]),
	}}
}

test_fail_nothing_fits_with_empty_catalog if {
	fs := rules.deny with input as _manifest({"environment": "on-premises", "gpuMemoryGb": 80}, [])
		with data.catalog.models as {}
	some f in fs
	f.rule == "LLM-DEP-005"
	endswith(f.message, "the catalog has no int4 figures.")
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
			"The self-hosted models need 44 GB of GPU memory together (x ",
			"1 headroom), more than the 42 GB declared.",
		]),
	}}
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
