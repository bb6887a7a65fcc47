# METADATA
# title: Licensing of open weights
# description: >-
#   The terms of the licences in data.catalog.licenses, checked for every requested self-hosted
#   model: MAU caps, non-commercial terms, use restrictions, hosting-as-a-service terms, bans on
#   training other models on outputs and the EU carve-out of the Llama 3.2 multimodal models.
package llm.rules.licensing

import data.llm.lib

# Licences bind the self-hosted use of the weights only. A vendor-hosted open model (Llama on
# Amazon Bedrock, say) is used under the provider's terms, which the provider catalog covers, so
# vendor-api models are not checked here. A model id the catalog does not know has no licence to
# read: llm.rules.governance fails it closed (LLM-GOV-001), as it does an open model whose licence
# id is unknown (LLM-GOV-006).

# Every licence (main and extra terms) binding each requested self-hosted model.
_bound contains [i, m, lic] if {
	some [i, m] in lib.self_hosted_models
	some lic in lib.model_licenses(lib.catalog_model(m))
}

_mau := object.get(lib.spec.deployment, "monthlyActiveUsers", 0)

_trains_other_models := object.get(lib.spec.requirements, "trainsOtherModelsOnOutputs", false)

_human_oversight := object.get(lib.spec.useCase, "humanOversight", false)

_purpose := object.get(lib.spec.useCase, "purpose", "")

# The organisation has recorded a separate licence from the licensor (settings key named by the licence).
_separately_licensed(lic) if {
	key := lic.separateLicenseSetting
	is_string(key)
	data.settings[key] == true
}

_listed(lic, key) := {v | some v in object.get(lic, key, [])}

# The licence as messages name it (an entry without a name still yields its findings).
_name(lic) := object.get(lic, "name", "licence the catalog does not name")

# References: every finding cites the catalog entry of the licence whose clause it applied (and,
# where the clause may sit in the acceptable-use policy the licence incorporates, that policy).
_licence_ref(lic) := [lib.entry_ref(lic)]

_licence_and_policy_refs(lic) := sort({lib.entry_ref(lic), lib.use_policy_ref(lic)})

# Requested models (by index) whose licences forbid training other models on their outputs, when
# the project does so: LLM-LIC-007 denies that use, so no warning advises on how to do it.
_training_denied contains i if {
	_trains_other_models == true
	some [i, _, lic] in _bound
	lic.noTrainingOtherModels == true
}

# "a", "a and b", "a, b and c" (sorted, so both engines agree).
_and_list(s) := concat(" and ", [concat(", ", array.slice(a, 0, count(a) - 1)), a[count(a) - 1]]) if {
	a := sort(s)
	count(a) > 1
} else := concat("", sort(s))

_plural(1, one, _) := one

_plural(n, _, many) := many if n != 1

# Said after a finding a separate licence would lift, naming the settings key that records it.
_no_separate_licence(lic) := sprintf(", and settings do not record a separate licence (%s)", [
	lic.separateLicenseSetting,
]) if {
	is_string(lic.separateLicenseSetting)
} else := ""

# How the commercial use was established (useCase.commercial defaults to true).
default _commercial_text := "the use case is commercial (useCase.commercial is not declared and defaults to true)"

_commercial_text := "the use case is commercial" if is_boolean(lib.spec.useCase.commercial)

# What the licence says about commercial use, when it does not grant it.
_no_commercial_text(lic) := "which does not permit commercial use" if {
	lic.commercial == false
} else := "which the catalog does not record as permitting commercial use (read as not permitting it)"

# METADATA
# title: Licence MAU cap exceeded
# description: >-
#   A licence with a monthly-active-user cap (the Llama community licences: 700M) needs a separate
#   licence from the licensor above the cap. The product's monthlyActiveUsers is taken as a lower
#   bound of the licensee's count. Lifted when settings record the separate licence.
# related_resources:
#   - ref: https://github.com/meta-llama/llama-models/blob/main/models/llama3_2/LICENSE
#     description: Llama community licence, section 2 (Additional Commercial Terms, 700M MAU)
#   - ref: https://ai.meta.com/llama/license/
#     description: Llama 2 Community License, section 2 (Additional Commercial Terms)
# custom:
#   id: LLM-LIC-001
#   severity: high
#   remediation: >-
#     Obtain a licence from the licensor and record it in settings (e.g. metaLicenseRecorded: true),
#     or choose a model under a licence without a user cap.
deny contains f if {
	some [i, m, lic] in _bound
	is_number(lic.mauCap)
	_mau > lic.mauCap
	not _separately_licensed(lic)
	msg := sprintf(
		"Model %s is licensed under the %s, which caps use at %s monthly active users; the project declares %s%s.",
		[m.id, _name(lic), lib.number_text(lic.mauCap), lib.number_text(_mau), _no_separate_licence(lic)],
	)
	f := lib.cite(lib.model_finding("LLM-LIC-001", i, "id", msg), _licence_ref(lic))
}

# METADATA
# title: Non-commercial licence for a commercial use
# description: >-
#   Weights under a licence that does not grant commercial use (Command R / R+ open weights:
#   CC-BY-NC 4.0) may not be self-hosted for a commercial use case (useCase.commercial defaults to
#   true). A licence entry that does not state `commercial` is read as not granting it.
# related_resources:
#   - ref: https://creativecommons.org/licenses/by-nc/4.0/
#     description: CC BY-NC 4.0, section 2(a)(1) (licence for NonCommercial purposes only)
#   - ref: https://huggingface.co/CohereForAI/c4ai-command-r-v01
#     description: C4AI Command R model card (CC-BY-NC licence and C4AI acceptable use policy)
# custom:
#   id: LLM-LIC-002
#   severity: high
#   remediation: >-
#     Use the vendor's API or a commercially licensed deployment, choose a model whose licence
#     permits commercial use, or declare useCase.commercial: false if the use is truly non-commercial.
deny contains f if {
	lib.commercial
	some [i, m, lic] in _bound
	object.get(lic, "commercial", false) != true
	msg := sprintf("Model %s is licensed under the %s, %s, and %s.", [
		m.id, _name(lic), _no_commercial_text(lic), _commercial_text,
	])
	f := lib.cite(lib.model_finding("LLM-LIC-002", i, "id", msg), _licence_ref(lic))
}

# METADATA
# title: Use domain prohibited by the licence
# description: >-
#   The licence or its acceptable use policy forbids use in one of the project's domains: the Llama
#   AUPs forbid military uses and operating critical infrastructure; the BigScience RAIL licence
#   forbids medical advice and law-enforcement, migration and justice uses.
# related_resources:
#   - ref: https://github.com/meta-llama/llama-models/blob/main/models/llama3_2/USE_POLICY.md
#     description: Llama acceptable use policy, section 1 (military, warfare, critical infrastructure)
#   - ref: https://huggingface.co/spaces/bigscience/license
#     description: BigScience RAIL License 1.0, Attachment A (use restrictions)
# custom:
#   id: LLM-LIC-003
#   severity: high
#   remediation: >-
#     Choose a model whose licence and acceptable use policy permit the declared domains (e.g. an
#     Apache 2.0 model) for this use case.
deny contains f if {
	some [i, m, lic] in _bound
	hit := lib.domains & _listed(lic, "prohibitedDomains")
	count(hit) > 0
	msg := sprintf(
		"Model %s is licensed under the %s, which forbids use in the %s %s declared by the project.",
		[m.id, _name(lic), _and_list(hit), _plural(count(hit), "domain", "domains")],
	)
	f := lib.cite(lib.model_finding("LLM-LIC-003", i, "id", msg), _licence_and_policy_refs(lic))
}

# METADATA
# title: Data category prohibited by the licence
# description: >-
#   The licence or its acceptable use policy forbids processing this kind of data: the Llama AUPs
#   forbid activity subject to ITAR (export-controlled data); the BigScience RAIL licence forbids
#   law-enforcement uses (criminal-justice data read as such a use).
# related_resources:
#   - ref: https://github.com/meta-llama/llama-models/blob/main/models/llama3_2/USE_POLICY.md
#     description: Llama acceptable use policy, section 1.a (activities subject to ITAR)
#   - ref: https://huggingface.co/spaces/bigscience/license
#     description: BigScience RAIL License 1.0, Attachment A (law enforcement uses)
# custom:
#   id: LLM-LIC-004
#   severity: high
#   remediation: >-
#     Choose a model whose licence and acceptable use policy permit the declared data categories
#     (e.g. an Apache 2.0 model), or keep that data away from this model.
deny contains f if {
	some [i, m, lic] in _bound
	hit := lib.categories & _listed(lic, "prohibitedDataCategories")
	count(hit) > 0
	msg := sprintf(
		"Model %s is licensed under the %s, which forbids use with the %s data %s declared by the project.",
		[m.id, _name(lic), _and_list(hit), _plural(count(hit), "category", "categories")],
	)
	f := lib.cite(lib.model_finding("LLM-LIC-004", i, "id", msg), _licence_and_policy_refs(lic))
}

# METADATA
# title: Fully automated legal-effect decisions prohibited by the licence
# description: >-
#   The BigScience RAIL licence forbids fully automated decisions that adversely affect legal
#   rights or create binding obligations. A decision-making purpose in a domain where decisions
#   carry legal effect, without declared human oversight, is read as such a use.
# related_resources:
#   - ref: https://huggingface.co/spaces/bigscience/license
#     description: BigScience RAIL License 1.0, Attachment A (fully automated decision making)
# custom:
#   id: LLM-LIC-005
#   severity: high
#   remediation: >-
#     Put human oversight in place and declare it (useCase.humanOversight: true), or choose another
#     model.
deny contains f if {
	_human_oversight != true
	some [i, m, lic] in _bound
	ban := object.get(lic, "automatedDecisionBan", null)
	is_object(ban)
	_purpose in ban.purposes
	hit := lib.domains & {d | some d in ban.domains}
	count(hit) > 0
	msg := sprintf(
		concat("", [
			"Model %s is licensed under the %s, which forbids fully automated decisions with legal effect; ",
			"the project uses it for %s in %s without human oversight.",
		]),
		[m.id, _name(lic), _purpose, _and_list(hit)],
	)
	f := lib.cite(lib.model_finding("LLM-LIC-005", i, "id", msg), _licence_and_policy_refs(lic))
}

# METADATA
# title: Hosting as a service needs a separate licence
# description: >-
#   The Falcon-180B TII licence says offering the model as a hosted service to third parties may
#   require a separate licence; any external distribution (deployment.externalDistribution) is
#   treated as such hosting use. Lifted when settings record the separate licence.
# related_resources:
#   - ref: https://huggingface.co/tiiuae/falcon-180B
#     description: Falcon-180B TII License 1.0, introductory note and "Hosting Use" terms
# custom:
#   id: LLM-LIC-006
#   severity: high
#   remediation: >-
#     Obtain a hosting licence from the licensor and record it in settings (e.g.
#     tiiHostingLicenseRecorded: true), or keep the model for internal use.
deny contains f if {
	lib.external_distribution == true
	some [i, m, lic] in _bound
	lic.hostingAsServiceNeedsLicense == true
	not _separately_licensed(lic)
	msg := sprintf(
		concat("", [
			"Model %s is licensed under the %s, which needs a separate licence to offer the model as a service ",
			"to third parties; the project distributes it externally (deployment.externalDistribution)%s.",
		]),
		[m.id, _name(lic), _no_separate_licence(lic)],
	)
	f := lib.cite(lib.model_finding("LLM-LIC-006", i, "id", msg), _licence_ref(lic))
}

# METADATA
# title: Licence forbids training other models on outputs
# description: >-
#   The Llama 2 and Llama 3 licences forbid using the model's outputs to improve any other large
#   language model; a project that trains other models on outputs (distillation, synthetic training
#   data) may not use them. Llama 3.1 and later allow it. Where this rule denies the use, the
#   warnings on doing it (LLM-LIC-010 naming, LLM-LIC-012 derivatives) are not given for that model.
# related_resources:
#   - ref: https://github.com/meta-llama/llama3/blob/main/LICENSE
#     description: Meta Llama 3 Community License, clause 1.b.v (no improving other LLMs)
#   - ref: https://ai.meta.com/llama/license/
#     description: Llama 2 Community License, clause 1.b.v (no improving other LLMs)
# custom:
#   id: LLM-LIC-007
#   severity: high
#   remediation: >-
#     Produce the training data with a model whose licence allows training other models on its
#     outputs (e.g. Llama 3.1 or later, or an Apache 2.0 model), or stop training other models on
#     this model's outputs.
deny contains f if {
	some [i, m, lic] in _bound
	i in _training_denied
	lic.noTrainingOtherModels == true
	msg := sprintf(
		concat("", [
			"Model %s is licensed under the %s, which forbids using its outputs to train or improve other models, ",
			"and the project trains other models on outputs (requirements.trainsOtherModelsOnOutputs).",
		]),
		[m.id, _name(lic)],
	)
	f := lib.cite(lib.model_finding("LLM-LIC-007", i, "id", msg), _licence_ref(lic))
}

# METADATA
# title: Licence excludes organisations in the EU
# description: >-
#   The Llama 3.2 acceptable use policy does not grant the rights to the multimodal models
#   (11B/90B Vision) to companies whose principal place of business is in the EU (settings:
#   organisationInEu). End users of a product embedding the model are not affected.
# related_resources:
#   - ref: https://github.com/meta-llama/llama-models/blob/main/models/llama3_2/USE_POLICY.md
#     description: Llama 3.2 acceptable use policy, multimodal models and the EU
# custom:
#   id: LLM-LIC-008
#   severity: high
#   remediation: Use a text-only Llama 3.2 / 3.3 model or another multimodal model, or a vendor API.
deny contains f if {
	data.settings.organisationInEu == true
	some [i, m, lic] in _bound
	lic.euEntitiesExcluded == true
	msg := sprintf(
		concat("", [
			"Model %s is bound by the %s, which does not grant the licence to organisations whose principal ",
			"place of business is in the EU, and settings say this organisation's is (organisationInEu).",
		]),
		[m.id, _name(lic)],
	)
	f := lib.cite(lib.model_finding("LLM-LIC-008", i, "id", msg), _licence_ref(lic))
}

# METADATA
# title: Licence obligations on distribution
# description: >-
#   Distributing the model or offering it to third parties (deployment.externalDistribution)
#   triggers the licence's obligations, such as the "Built with Llama" display and the NOTICE file.
#   These are duties to fulfil, not prohibitions.
# related_resources:
#   - ref: https://github.com/meta-llama/llama-models/blob/main/models/llama3_2/LICENSE
#     description: Llama community licence, section 1.b (Redistribution and Use, attribution)
#   - ref: https://www.apache.org/licenses/LICENSE-2.0
#     description: Apache License 2.0, section 4 (Redistribution)
# custom:
#   id: LLM-LIC-009
#   severity: low
#   remediation: >-
#     Fulfil each obligation the message lists (notices, attribution, licence copy, use policy)
#     before the model or the product is distributed.
warn contains f if {
	lib.external_distribution == true
	some [i, m, lic] in _bound
	obligations := object.get(lic, "obligations", [])
	count(obligations) > 0
	msg := sprintf(
		"Model %s is distributed externally under the %s, which requires: %s",
		[m.id, _name(lic), concat(" ", obligations)],
	)
	f := lib.cite(lib.model_finding("LLM-LIC-009", i, "id", msg), _licence_and_policy_refs(lic))
}

# METADATA
# title: Models trained on outputs must carry the licence's name prefix
# description: >-
#   The Llama 3 and later licences require a distributed model created, trained or fine-tuned with
#   Llama outputs to carry "Llama" (Llama 3: "Llama 3") at the start of its name. Not given for a
#   model whose licences forbid training other models on its outputs (LLM-LIC-007 denies that).
# related_resources:
#   - ref: https://github.com/meta-llama/llama-models/blob/main/models/llama3_2/LICENSE
#     description: Llama community licence, section 1.b.i (naming of derived models)
# custom:
#   id: LLM-LIC-010
#   severity: low
#   remediation: >-
#     Give any distributed model trained or fine-tuned on this model's outputs a name that starts
#     with the prefix the message names.
warn contains f if {
	_trains_other_models == true
	some [i, m, lic] in _bound
	not i in _training_denied
	prefix := object.get(lic, "derivedModelNamePrefix", null)
	is_string(prefix)
	msg := sprintf(
		concat("", [
			"Model %s is licensed under the %s: a distributed model trained on its outputs must have a name ",
			"starting with \"%s\".",
		]),
		[m.id, _name(lic), prefix],
	)
	f := lib.cite(lib.model_finding("LLM-LIC-010", i, "id", msg), _licence_ref(lic))
}

# A boolean clause the catalog records as null was not read: the rules read it as granted to the
# licensor (true), the stricter reading.
_clause(lic, key) if lic[key] == true

_clause(lic, key) if lic[key] == null

# Said after a finding that rests on a clause the catalog has not read.
_unread(lic, key) := " (the catalog has not read this clause of the licence: the stricter reading is taken)" if {
	lic[key] == null
} else := ""

_fine_tunes if lib.fine_tuning == "full-weights"

# METADATA
# title: Licence restrictions flow down to derivatives
# description: >-
#   Some licences (the DeepSeek Model Licence, the Gemma Terms of Use) bind fine-tuned or modified
#   weights by their use restrictions, and require those restrictions to be passed on, as an
#   enforceable term, to everyone who receives or uses the model or a derivative. Fine-tuning the
#   weights, or distributing the model, makes the project a licensor of those terms in turn.
# related_resources:
#   - ref: https://github.com/deepseek-ai/DeepSeek-V3/blob/main/LICENSE-MODEL
#     description: DeepSeek Model License v1.0, section 4 (use-based restrictions on derivatives)
#   - ref: https://ai.google.dev/gemma/terms
#     description: Gemma Terms of Use, section 3.1 (distribution and the prohibited-use policy)
# custom:
#   id: LLM-LIC-011
#   severity: medium
#   remediation: >-
#     Pass the licence's use restrictions on in the terms of any distributed model or service, and
#     keep the fine-tuned weights under the same restrictions; or choose a permissively licensed
#     model.
warn contains f if {
	count(_derivative_reasons) > 0
	some [i, m, lic] in _bound
	_clause(lic, "derivativesBound")
	msg := sprintf(
		concat("", [
			"Model %s is licensed under the %s, whose use restrictions bind derivatives and must be passed on, ",
			"and the project %s%s.",
		]),
		[m.id, _name(lic), _and_list(_derivative_reasons), _unread(lic, "derivativesBound")],
	)
	f := lib.cite(lib.model_finding("LLM-LIC-011", i, "id", msg), _licence_and_policy_refs(lic))
}

_derivative_reasons contains "fine-tunes the weights" if _fine_tunes

_derivative_reasons contains "distributes the model or offers it to third parties" if {
	lib.external_distribution == true
}

# METADATA
# title: Models trained on the outputs are derivatives under the licence
# description: >-
#   The Gemma Terms of Use count a model trained on Gemma's outputs (distillation, synthetic data)
#   as a Gemma model derivative: the licence and its prohibited-use policy bind it too. Not given
#   for a model whose licences forbid training other models on its outputs (LLM-LIC-007 denies that).
# related_resources:
#   - ref: https://ai.google.dev/gemma/terms
#     description: Gemma Terms of Use, section 1 (definition of Model Derivatives)
# custom:
#   id: LLM-LIC-012
#   severity: medium
#   remediation: >-
#     Treat any model trained on these outputs as bound by the same licence (its use restrictions,
#     notices and flow-down), or do not train other models on the outputs.
warn contains f if {
	_trains_other_models == true
	some [i, m, lic] in _bound
	not i in _training_denied
	_clause(lic, "outputsTrainedModelsAreDerivatives")
	msg := sprintf(
		"Model %s is licensed under the %s: a model trained on its outputs is a derivative bound by it%s.",
		[m.id, _name(lic), _unread(lic, "outputsTrainedModelsAreDerivatives")],
	)
	f := lib.cite(lib.model_finding("LLM-LIC-012", i, "id", msg), _licence_ref(lic))
}

# METADATA
# title: The licensor may restrict use remotely
# description: >-
#   Some licences (the DeepSeek Model Licence, the Gemma Terms of Use) let the licensor restrict
#   use of the model, remotely or otherwise, when it believes the licence is breached: the right to
#   run the weights can change after deployment, a continuity risk to plan for.
# related_resources:
#   - ref: https://github.com/deepseek-ai/DeepSeek-V3/blob/main/LICENSE-MODEL
#     description: DeepSeek Model License v1.0, section 7 (restriction of use)
#   - ref: https://ai.google.dev/gemma/terms
#     description: Gemma Terms of Use, section 3.2 (use restrictions, and remote restriction)
# custom:
#   id: LLM-LIC-013
#   severity: low
#   remediation: >-
#     Record the dependency in the risk register and keep a permissively licensed fallback model
#     qualified.
warn contains f if {
	some [i, m, lic] in _bound
	_clause(lic, "remoteRestriction")
	msg := sprintf(
		concat("", [
			"Model %s is licensed under the %s: the licensor may restrict its use, remotely or ",
			"otherwise, if it believes the licence is breached%s.",
		]),
		[m.id, _name(lic), _unread(lic, "remoteRestriction")],
	)
	f := lib.cite(lib.model_finding("LLM-LIC-013", i, "id", msg), _licence_ref(lic))
}
