package llm.rules.licensing_test

import data.llm.rules.licensing

# A fixture catalog keeps the messages stable; a few tests at the end use the shipped catalog.
# Each fixture licence gets a url (https://licences.test/<id>), which its findings cite.
_licenses[id] := object.union(lic, {"url": sprintf("https://licences.test/%s", [id])}) if {
	some id, lic in _base_licenses
}

_base_licenses := {
	"capped": {
		"name": "Capped Licence", "commercial": true,
		"mauCap": 1000, "separateLicenseSetting": "cappedRecorded",
	},
	"nc": {"name": "NC Licence", "commercial": false},
	"silent": {"name": "Silent Licence"},
	"restricted": {
		"name": "Restricted Licence",
		"commercial": true,
		"prohibitedDomains": ["military", "critical-infrastructure"],
		"prohibitedDataCategories": ["export-controlled"],
		"automatedDecisionBan": {"purposes": ["decision-support"], "domains": ["credit", "employment"]},
	},
	"hosting": {
		"name": "Hosting Licence", "commercial": true,
		"hostingAsServiceNeedsLicense": true, "separateLicenseSetting": "hostingRecorded",
	},
	"notrain": {"name": "NoTrain Licence", "commercial": true, "noTrainingOtherModels": true},
	"prefix": {"name": "Prefix Licence", "commercial": true, "derivedModelNamePrefix": "Foo"},
	"eu": {"name": "EU Carve-out", "commercial": true, "euEntitiesExcluded": true},
	"plain": {"name": "Plain Licence", "commercial": true, "obligations": ["Keep the NOTICE file.", "Say so."]},
	"aup": {
		"name": "AUP Licence", "commercial": true,
		"prohibitedDomains": ["military"], "obligations": ["Follow the use policy."],
		"usePolicy": {"url": "https://licences.test/aup/use-policy"},
		"derivativesBound": true,
	},
	"notrainprefix": {
		"name": "NoTrain Prefix Licence", "commercial": true,
		"noTrainingOtherModels": true, "derivedModelNamePrefix": "Bar", "outputsTrainedModelsAreDerivatives": true,
	},
	"flowdown": {"name": "Flow-down Licence", "commercial": true, "derivativesBound": true},
	"gemmalike": {"name": "Derivative Licence", "commercial": true, "outputsTrainedModelsAreDerivatives": true},
	"remote": {"name": "Remote Licence", "commercial": true, "remoteRestriction": true},
	"unread": {
		"name": "Unread Licence", "commercial": true,
		"derivativesBound": null, "outputsTrainedModelsAreDerivatives": null, "remoteRestriction": null,
	},
	"permissive": {
		"name": "Permissive Licence", "commercial": true,
		"derivativesBound": false, "outputsTrainedModelsAreDerivatives": false, "remoteRestriction": false,
	},
}

_models := {
	"capped-7b": {"weights": "open", "license": "capped"},
	"nc-7b": {"weights": "open", "license": "nc"},
	"silent-7b": {"weights": "open", "license": "silent"},
	"restricted-7b": {"weights": "open", "license": "restricted"},
	"hosting-7b": {"weights": "open", "license": "hosting"},
	"notrain-7b": {"weights": "open", "license": "notrain"},
	"prefix-7b": {"weights": "open", "license": "prefix"},
	"vision-7b": {"weights": "open", "license": "plain", "extraLicenses": ["eu"]},
	"plain-7b": {"weights": "open", "license": "plain"},
	"aup-7b": {"weights": "open", "license": "aup"},
	"notrainprefix-7b": {"weights": "open", "license": "notrainprefix"},
	"prefix-notrain-7b": {"weights": "open", "license": "prefix", "extraLicenses": ["notrain"]},
	"closed-1": {"weights": "closed"},
}

_spec := {
	"useCase": {"purpose": "summarization", "audience": "internal"},
	"data": {"classification": "internal"},
	"residency": {"allowedRegions": ["eu"]},
	"deployment": {"environment": "private-cloud"},
	"models": [],
}

_self_hosted(id) := {"id": id, "hosting": "self-hosted", "region": "eu"}

_vendor(id) := {"id": id, "hosting": "vendor-api", "provider": "p", "region": "eu"}

_input(patch) := {"apiVersion": "llm-policy/v1", "kind": "LLMProject", "spec": object.union(_spec, patch)}

_deny(patch) := _deny_with(patch, {})

# The shipped settings with `patch` over them (the rules read every setting without a fallback).
_deny_with(patch, settings_patch) := findings if {
	settings := object.union(data.settings, settings_patch)
	findings := licensing.deny with input as _input(patch)
		with data.catalog.models as _models
		with data.catalog.licenses as _licenses
		with data.settings as settings
}

_warn(patch) := findings if {
	findings := licensing.warn with input as _input(patch)
		with data.catalog.models as _models
		with data.catalog.licenses as _licenses
}

_rules(findings) := {f.rule | some f in findings}

# A finding on model i citing the fixture licences `ids` ("<name>: https://licences.test/<id>").
_finding(rule, i, msg, ids) := _cited(rule, i, msg, [ref |
	some id in ids
	ref := sprintf("%s: %s", [_licenses[id].name, _licenses[id].url])
])

# A finding on model i citing `refs`.
_cited(rule, i, msg, refs) := {
	"rule": rule,
	"scope": "model",
	"model": i,
	"path": sprintf("spec.models[%d].id", [i]),
	"message": msg,
	"references": sort(refs),
}

# --- LLM-LIC-001 MAU cap

test_fail_mau_cap_exceeded if {
	_deny({
		"deployment": {"environment": "private-cloud", "monthlyActiveUsers": 1001},
		"models": [_self_hosted("capped-7b")],
	}) == {_finding(
		"LLM-LIC-001", 0,
		concat("", [
			"Model capped-7b is licensed under the Capped Licence, which caps use at 1000 monthly ",
			"active users; the project declares 1001, and settings do not record a separate licence ",
			"(cappedRecorded).",
		]),
		["capped"],
	)}
}

test_success_mau_cap_not_exceeded if {
	count(_deny({
		"deployment": {"environment": "private-cloud", "monthlyActiveUsers": 1000},
		"models": [_self_hosted("capped-7b")],
	})) == 0
}

test_success_mau_cap_unknown_users if {
	count(_deny({"models": [_self_hosted("capped-7b")]})) == 0
}

test_success_mau_cap_separate_licence_recorded if {
	findings := _deny_with(
		{
			"deployment": {"environment": "private-cloud", "monthlyActiveUsers": 5000},
			"models": [_self_hosted("capped-7b")],
		},
		{"cappedRecorded": true},
	)
	count(findings) == 0
}

test_success_mau_cap_vendor_hosted_model_not_bound if {
	count(_deny({
		"deployment": {"environment": "private-cloud", "monthlyActiveUsers": 5000},
		"models": [_vendor("capped-7b")],
	})) == 0
}

# --- LLM-LIC-002 non-commercial

test_fail_non_commercial_licence_default_commercial if {
	_deny({"models": [_vendor("plain-7b"), _self_hosted("nc-7b")]}) == {_finding(
		"LLM-LIC-002", 1,
		concat("", [
			"Model nc-7b is licensed under the NC Licence, which does not permit commercial use, and ",
			"the use case is commercial (useCase.commercial is not declared and defaults to true).",
		]),
		["nc"],
	)}
}

test_fail_non_commercial_licence_declared_commercial if {
	findings := _deny({
		"useCase": {"purpose": "summarization", "audience": "internal", "commercial": true},
		"models": [_self_hosted("nc-7b")],
	})
	[f.message | some f in findings] == [concat("", [
		"Model nc-7b is licensed under the NC Licence, which does not permit commercial use, and ",
		"the use case is commercial.",
	])]
}

test_fail_licence_silent_on_commercial_use_fails_closed if {
	_deny({"models": [_self_hosted("silent-7b")]}) == {_finding(
		"LLM-LIC-002", 0,
		concat("", [
			"Model silent-7b is licensed under the Silent Licence, which the catalog does not record as ",
			"permitting commercial use (read as not permitting it), and the use case is commercial ",
			"(useCase.commercial is not declared and defaults to true).",
		]),
		["silent"],
	)}
}

test_success_non_commercial_licence_non_commercial_use if {
	count(_deny({
		"useCase": {"purpose": "summarization", "audience": "internal", "commercial": false},
		"models": [_self_hosted("nc-7b")],
	})) == 0
}

test_success_non_commercial_weights_through_vendor_api if {
	count(_deny({"models": [_vendor("nc-7b")]})) == 0
}

# --- LLM-LIC-003 prohibited domains

test_fail_prohibited_domain if {
	_deny({
		"useCase": {
			"purpose": "summarization", "audience": "internal",
			"domains": ["military", "general", "critical-infrastructure"],
		},
		"models": [_self_hosted("restricted-7b")],
	}) == {_finding(
		"LLM-LIC-003", 0,
		concat("", [
			"Model restricted-7b is licensed under the Restricted Licence, which forbids use in the ",
			"critical-infrastructure and military domains declared by the project.",
		]),
		["restricted"],
	)}
}

test_fail_prohibited_domain_cites_the_licence_and_its_use_policy if {
	findings := _deny({
		"useCase": {"purpose": "summarization", "audience": "internal", "domains": ["military"]},
		"models": [_self_hosted("aup-7b")],
	})
	[[f.message, f.references] | some f in findings] == [[
		"Model aup-7b is licensed under the AUP Licence, which forbids use in the military domain declared by the project.",
		[
			"AUP Licence, acceptable use policy: https://licences.test/aup/use-policy",
			"AUP Licence: https://licences.test/aup",
		],
	]]
}

test_success_permitted_domain if {
	count(_deny({
		"useCase": {"purpose": "summarization", "audience": "internal", "domains": ["general", "legal"]},
		"models": [_self_hosted("restricted-7b")],
	})) == 0
}

# --- LLM-LIC-004 prohibited data categories

test_fail_prohibited_data_category if {
	_deny({
		"data": {"classification": "restricted", "categories": ["export-controlled", "personal"]},
		"models": [_self_hosted("restricted-7b")],
	}) == {_finding(
		"LLM-LIC-004", 0,
		concat("", [
			"Model restricted-7b is licensed under the Restricted Licence, which forbids use with the ",
			"export-controlled data category declared by the project.",
		]),
		["restricted"],
	)}
}

test_success_permitted_data_category if {
	count(_deny({
		"data": {"classification": "restricted", "categories": ["export-controlled"]},
		"models": [_self_hosted("plain-7b")],
	})) == 0
}

# --- LLM-LIC-005 automated legal-effect decisions

test_fail_automated_decision_without_oversight if {
	_deny({
		"useCase": {"purpose": "decision-support", "audience": "internal", "domains": ["credit"]},
		"models": [_self_hosted("restricted-7b")],
	}) == {_finding(
		"LLM-LIC-005", 0,
		concat("", [
			"Model restricted-7b is licensed under the Restricted Licence, which forbids fully ",
			"automated decisions with legal effect; the project uses it for decision-support in credit ",
			"without human oversight.",
		]),
		["restricted"],
	)}
}

test_fail_automated_decision_names_every_domain if {
	findings := _deny({
		"useCase": {"purpose": "decision-support", "audience": "internal", "domains": ["employment", "credit"]},
		"models": [_self_hosted("restricted-7b")],
	})
	some f in findings
	endswith(f.message, "for decision-support in credit and employment without human oversight.")
}

test_success_automated_decision_with_oversight if {
	count(_deny({
		"useCase": {
			"purpose": "decision-support", "audience": "internal",
			"domains": ["credit"], "humanOversight": true,
		},
		"models": [_self_hosted("restricted-7b")],
	})) == 0
}

test_success_automated_decision_other_purpose if {
	count(_deny({
		"useCase": {"purpose": "summarization", "audience": "internal", "domains": ["credit"]},
		"models": [_self_hosted("restricted-7b")],
	})) == 0
}

# --- LLM-LIC-006 hosting as a service

test_fail_hosting_as_a_service if {
	_deny({
		"deployment": {"environment": "public-cloud", "externalDistribution": true},
		"models": [_self_hosted("hosting-7b")],
	}) == {_finding(
		"LLM-LIC-006", 0,
		concat("", [
			"Model hosting-7b is licensed under the Hosting Licence, which needs a separate licence to ",
			"offer the model as a service to third parties; the project distributes it externally ",
			"(deployment.externalDistribution), and settings do not record a separate licence (hostingRecorded).",
		]),
		["hosting"],
	)}
}

test_success_hosting_internal_use if {
	count(_deny({"models": [_self_hosted("hosting-7b")]})) == 0
}

test_success_hosting_licence_recorded if {
	findings := _deny_with(
		{
			"deployment": {"environment": "public-cloud", "externalDistribution": true},
			"models": [_self_hosted("hosting-7b")],
		},
		{"hostingRecorded": true},
	)
	count(findings) == 0
}

# --- LLM-LIC-007 training other models on outputs

test_fail_training_other_models_on_outputs if {
	_deny({
		"requirements": {"trainsOtherModelsOnOutputs": true},
		"models": [_self_hosted("notrain-7b")],
	}) == {_finding(
		"LLM-LIC-007", 0,
		concat("", [
			"Model notrain-7b is licensed under the NoTrain Licence, which forbids using its outputs to ",
			"train or improve other models, and the project trains other models on outputs ",
			"(requirements.trainsOtherModelsOnOutputs).",
		]),
		["notrain"],
	)}
}

test_success_not_training_other_models if {
	count(_deny({
		"requirements": {"trainsOtherModelsOnOutputs": false},
		"models": [_self_hosted("notrain-7b")],
	})) == 0
}

# --- LLM-LIC-008 EU carve-out

test_fail_eu_carve_out_for_eu_organisation if {
	findings := _deny_with({"models": [_self_hosted("vision-7b")]}, {"organisationInEu": true})
	findings == {_finding(
		"LLM-LIC-008", 0,
		concat("", [
			"Model vision-7b is bound by the EU Carve-out, which does not grant the licence to organisations ",
			"whose principal place of business is in the EU, and settings say this organisation's is ",
			"(organisationInEu).",
		]),
		["eu"],
	)}
}

test_success_eu_carve_out_outside_eu if {
	findings := _deny_with({"models": [_self_hosted("vision-7b")]}, {"organisationInEu": false})
	count(findings) == 0
}

# --- LLM-LIC-009 obligations (warning)

test_fail_obligations_on_external_distribution if {
	_warn({
		"deployment": {"environment": "public-cloud", "externalDistribution": true},
		"models": [_self_hosted("plain-7b")],
	}) == {_finding(
		"LLM-LIC-009", 0,
		concat("", [
			"Model plain-7b is distributed externally under the Plain Licence, which requires: Keep the ",
			"NOTICE file. Say so.",
		]),
		["plain"],
	)}
}

test_success_no_obligation_warning_internal if {
	count(_warn({"models": [_self_hosted("plain-7b")]})) == 0
}

# --- LLM-LIC-010 derived model name prefix (warning)

test_fail_derived_model_name_prefix if {
	_warn({
		"requirements": {"trainsOtherModelsOnOutputs": true},
		"models": [_self_hosted("prefix-7b")],
	}) == {_finding(
		"LLM-LIC-010", 0,
		concat("", [
			"Model prefix-7b is licensed under the Prefix Licence: a distributed model trained on its ",
			"outputs must have a name starting with \"Foo\".",
		]),
		["prefix"],
	)}
}

test_success_no_prefix_warning_without_training if {
	count(_warn({"models": [_self_hosted("prefix-7b")]})) == 0
}

# --- LLM-LIC-010 (and LLM-LIC-012) give no advice on a use LLM-LIC-007 denies

test_fail_denied_training_gets_no_naming_or_derivative_advice if {
	patch := {
		"requirements": {"trainsOtherModelsOnOutputs": true},
		"models": [_self_hosted("notrainprefix-7b")],
	}
	_rules(_deny(patch)) == {"LLM-LIC-007"}
	_warn(patch) == set()
}

test_fail_training_denied_by_an_extra_licence_gets_no_naming_advice if {
	patch := {
		"requirements": {"trainsOtherModelsOnOutputs": true},
		"models": [_self_hosted("prefix-notrain-7b"), _self_hosted("prefix-7b")],
	}
	{[f.rule, f.model, f.references] | some f in _deny(patch)} == {[
		"LLM-LIC-007", 0,
		["NoTrain Licence: https://licences.test/notrain"],
	]}
	{[f.rule, f.model] | some f in _warn(patch)} == {["LLM-LIC-010", 1]}
}

# --- robustness: unknown and closed models yield no licensing finding (governance fails them)

test_success_unknown_and_closed_models_do_not_crash if {
	count(_deny({"models": [_self_hosted("nope"), _self_hosted("closed-1")]})) == 0
}

# --- the shipped catalog

_shipped(patch) := findings if {
	findings := licensing.deny with input as _input(patch)
}

test_fail_shipped_command_r_open_weights_commercial if {
	_rules(_shipped({"models": [_self_hosted("command-r"), _self_hosted("command-r-plus")]})) == {"LLM-LIC-002"}
	count(_shipped({"models": [_self_hosted("command-r"), _self_hosted("command-r-plus")]})) == 2
}

test_success_shipped_command_r_through_vendor_api if {
	count(_shipped({"models": [_vendor("command-r")]})) == 0
}

test_fail_shipped_llama_mau_cap if {
	_shipped({
		"deployment": {"environment": "private-cloud", "monthlyActiveUsers": 800000000},
		"models": [_self_hosted("llama-3.1-70b")],
	}) == {_cited(
		"LLM-LIC-001", 0,
		concat("", [
			"Model llama-3.1-70b is licensed under the Llama 3.1 Community License, which caps use at ",
			"700000000 monthly active users; the project declares 800000000, and settings do not record a ",
			"separate licence (metaLicenseRecorded).",
		]),
		["Llama 3.1 Community License: https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/LICENSE"],
	)}
}

test_success_shipped_apache_model_above_llama_cap if {
	count(_shipped({
		"deployment": {"environment": "private-cloud", "monthlyActiveUsers": 800000000},
		"models": [_self_hosted("mixtral-8x7b")],
	})) == 0
}

test_fail_shipped_llama_itar_and_military if {
	_rules(_shipped({
		"useCase": {"purpose": "summarization", "audience": "internal", "domains": ["military"]},
		"data": {"classification": "restricted", "categories": ["export-controlled"]},
		"models": [_self_hosted("llama-3.3-70b"), _self_hosted("mistral-7b")],
	})) == {"LLM-LIC-003", "LLM-LIC-004"}
}

test_fail_shipped_bloom_medical_and_justice if {
	findings := _shipped({
		"useCase": {"purpose": "decision-support", "audience": "internal", "domains": ["medical", "justice", "credit"]},
		"models": [_self_hosted("bloom-176b")],
	})
	_rules(findings) == {"LLM-LIC-003", "LLM-LIC-005"}
}

test_fail_shipped_falcon_180b_hosting if {
	_rules(_shipped({
		"deployment": {"environment": "public-cloud", "externalDistribution": true},
		"models": [_self_hosted("falcon-180b"), _self_hosted("falcon-40b")],
	})) == {"LLM-LIC-006"}
}

# Llama 2 and 3 forbid it (denied, and no naming advice for Llama 3); Llama 3.1 allows it (advised).
test_fail_shipped_distillation_denied_for_llama_2_and_3_only if {
	patch := {
		"requirements": {"trainsOtherModelsOnOutputs": true},
		"models": [_self_hosted("llama-2-70b"), _self_hosted("llama-3-70b"), _self_hosted("llama-3.1-70b")],
	}
	denied := licensing.deny with input as _input(patch)
	{[f.rule, f.model] | some f in denied} == {["LLM-LIC-007", 0], ["LLM-LIC-007", 1]}
	warned := licensing.warn with input as _input(patch)
	{[f.rule, f.model] | some f in warned} == {["LLM-LIC-010", 2]}
}

# --- references: the licence of the model concerned, never another model's

test_fail_shipped_findings_cite_their_own_model_licence if {
	findings := _shipped({
		"useCase": {"purpose": "decision-support", "audience": "internal", "domains": ["military", "medical"]},
		"models": [_self_hosted("llama-3-70b"), _self_hosted("bloom-176b")],
	})
	{[f.rule, f.model, f.references] | some f in findings} == {
		["LLM-LIC-003", 0, [
			"Meta Llama 3 Community License, acceptable use policy: https://llama.meta.com/llama3/use-policy",
			"Meta Llama 3 Community License: https://github.com/meta-llama/llama3/blob/main/LICENSE",
		]],
		["LLM-LIC-003", 1, ["BigScience RAIL License 1.0: https://huggingface.co/spaces/bigscience/license"]],
	}
}

test_warn_shipped_apache_obligations_cite_apache if {
	warned := licensing.warn with input as _input({
		"deployment": {"environment": "public-cloud", "externalDistribution": true},
		"models": [_self_hosted("mistral-7b")],
	})
	{[f.rule, f.references] | some f in warned} == {[
		"LLM-LIC-009",
		["Apache License 2.0: https://www.apache.org/licenses/LICENSE-2.0"],
	]}
}

test_fail_a_licence_without_a_source_still_cites_it if {
	findings := licensing.deny with input as _input({"models": [_self_hosted("nourl-7b")]})
		with data.catalog.models as {"nourl-7b": {"weights": "open", "license": "nourl"}}
		with data.catalog.licenses as {"nourl": {"name": "Unsourced Licence", "commercial": false}}
	[f.references | some f in findings] == [["Unsourced Licence: (no source recorded)"]]
	unnamed := licensing.deny with input as _input({"models": [_self_hosted("nourl-7b")]})
		with data.catalog.models as {"nourl-7b": {"weights": "open", "license": "nourl"}}
		with data.catalog.licenses as {"nourl": {"commercial": false}}
	[[f.rule, f.references] | some f in unnamed] == [["LLM-LIC-002", ["(unnamed catalog entry): (no source recorded)"]]]
}

test_fail_shipped_llama_3_2_vision_eu_organisation if {
	findings := licensing.deny with input as _input({"models": [
		_self_hosted("llama-3.2-11b-vision"),
		_self_hosted("llama-3.2-3b"),
	]})
		with data.settings.organisationInEu as true
	{[f.rule, f.model] | some f in findings} == {["LLM-LIC-008", 0]}
}

test_success_shipped_settings_default_llama_3_2_vision if {
	findings := licensing.deny with input as _input({"models": [_self_hosted("llama-3.2-90b-vision")]})
	count(findings) == 0
}

test_fail_shipped_built_with_llama_warning if {
	findings := licensing.warn with input as _input({
		"deployment": {"environment": "public-cloud", "externalDistribution": true},
		"models": [_self_hosted("llama-3.3-70b")],
	})
	some f in findings
	f.rule == "LLM-LIC-009"
	contains(f.message, "Built with Llama")
}

# --- LLM-LIC-011 flow-down, LLM-LIC-012 outputs-trained derivatives, LLM-LIC-013 remote restriction

_clause_models := object.union(_models, {
	"flowdown-7b": {"weights": "open", "license": "flowdown"},
	"gemmalike-7b": {"weights": "open", "license": "gemmalike"},
	"remote-7b": {"weights": "open", "license": "remote"},
	"unread-7b": {"weights": "open", "license": "unread"},
	"permissive-7b": {"weights": "open", "license": "permissive"},
})

_clause_warn(patch) := findings if {
	findings := licensing.warn with input as _input(patch)
		with data.catalog.models as _clause_models
		with data.catalog.licenses as _licenses
}

test_warn_flow_down_when_fine_tuning_or_distributing if {
	tuned := _clause_warn({"requirements": {"fineTuning": "full-weights"}, "models": [_self_hosted("flowdown-7b")]})
	tuned == {_finding(
		"LLM-LIC-011", 0,
		concat("", [
			"Model flowdown-7b is licensed under the Flow-down Licence, whose use restrictions bind derivatives ",
			"and must be passed on, and the project fine-tunes the weights.",
		]),
		["flowdown"],
	)}
	shipped := _clause_warn({
		"deployment": {"environment": "private-cloud", "externalDistribution": true},
		"models": [_self_hosted("flowdown-7b")],
	})
	"LLM-LIC-011" in _rules(shipped)
}

test_warn_flow_down_once_for_both_reasons_citing_the_use_policy if {
	warned := _clause_warn({
		"requirements": {"fineTuning": "full-weights"},
		"deployment": {"environment": "private-cloud", "externalDistribution": true},
		"models": [_self_hosted("aup-7b")],
	})
	[[f.message, f.references] | some f in warned; f.rule == "LLM-LIC-011"] == [[
		concat("", [
			"Model aup-7b is licensed under the AUP Licence, whose use restrictions bind derivatives and must ",
			"be passed on, and the project distributes the model or offers it to third parties and fine-tunes ",
			"the weights.",
		]),
		[
			"AUP Licence, acceptable use policy: https://licences.test/aup/use-policy",
			"AUP Licence: https://licences.test/aup",
		],
	]]
}

test_success_flow_down_without_derivatives_or_for_a_permissive_licence if {
	_clause_warn({"models": [_self_hosted("flowdown-7b")]}) == set()
	_clause_warn({"requirements": {"fineTuning": "full-weights"}, "models": [_self_hosted("permissive-7b")]}) == set()
	_clause_warn({"requirements": {"fineTuning": "vendor-managed"}, "models": [_self_hosted("flowdown-7b")]}) == set()
}

test_warn_outputs_trained_models_are_derivatives if {
	warned := _clause_warn({
		"requirements": {"trainsOtherModelsOnOutputs": true},
		"models": [_self_hosted("gemmalike-7b")],
	})
	warned == {_finding(
		"LLM-LIC-012", 0,
		concat("", [
			"Model gemmalike-7b is licensed under the Derivative Licence: a model trained on its outputs ",
			"is a derivative bound by it.",
		]),
		["gemmalike"],
	)}
	_clause_warn({"models": [_self_hosted("gemmalike-7b")]}) == set()
}

test_warn_remote_restriction if {
	_rules(_clause_warn({"models": [_self_hosted("remote-7b")]})) == {"LLM-LIC-013"}
	_clause_warn({"models": [_self_hosted("permissive-7b")]}) == set()
}

test_warn_an_unread_clause_is_read_as_binding if {
	warned := _clause_warn({
		"requirements": {"fineTuning": "full-weights", "trainsOtherModelsOnOutputs": true},
		"models": [_self_hosted("unread-7b")],
	})
	_rules(warned) == {"LLM-LIC-011", "LLM-LIC-012", "LLM-LIC-013"}
	every f in warned {
		endswith(f.message, "(the catalog has not read this clause of the licence: the stricter reading is taken).")
	}
}

test_warn_shipped_deepseek_and_gemma_licences_carry_their_clauses if {
	patch := {"requirements": {"fineTuning": "full-weights", "trainsOtherModelsOnOutputs": true}}
	deepseek := licensing.warn with input as _input(object.union(patch, {"models": [_self_hosted("deepseek-v3")]}))
	{"LLM-LIC-011", "LLM-LIC-013"} & _rules(deepseek) == {"LLM-LIC-011", "LLM-LIC-013"}
	gemma := licensing.warn with input as _input(object.union(patch, {"models": [_self_hosted("gemma-3-27b")]}))
	"LLM-LIC-012" in _rules(gemma)
	mit := licensing.warn with input as _input(object.union(patch, {"models": [_self_hosted("deepseek-r1")]}))
	_rules(mit) & {"LLM-LIC-011", "LLM-LIC-012", "LLM-LIC-013"} == set()
}
