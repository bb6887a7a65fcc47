# METADATA
# title: Requirements and capabilities
# description: >-
#   The project's functional requirements against the catalog: fine-tuning needs, required
#   capabilities and context length of each requested model, and the budget for vendor APIs.
package llm.rules.requirements

import data.llm.lib

# A model id the catalog does not know has no capabilities to compare; llm.rules.governance fails
# it closed (LLM-GOV-001), so the rules here only judge catalogued models. A catalogued model that
# does not state a fact (capabilities, contextTokens) is treated as lacking it.

default _providers := {}

_providers := data.catalog.providers

_requirements := lib.spec.requirements

_min_context := object.get(_requirements, "minContextTokens", 0)

_context(entry) := object.get(entry, "contextTokens", 0)

# ---------------------------------------------------------------------------------------------
# References: the catalog entries a finding used (the model's, for its capabilities, context and
# price; the provider's, for its fine-tuning and terms), when the catalog knows them, and the
# framework article the rule enforces.

_model_refs(m) := [lib.entry_ref(entry)] if {
	entry := lib.catalog_model(m)
} else := []

_provider_refs(m) := [lib.entry_ref(p)] if {
	p := _providers[lib.provider_id(m)]
} else := []

_deployment_refs(m) := array.concat(_model_refs(m), _provider_refs(m))

_capabilities_ref := lib.regulation_ref("nistAiRmf", "map2")

_costs_ref := lib.regulation_ref("nistAiRmf", "map3")

_tokens(n) := sprintf("%s tokens", [lib.number_text(n)])

_list(items) := concat(", ", sort(items))

# METADATA
# title: Full-weight fine-tuning needs open weights
# description: >-
#   Fine-tuning the full weights needs the weights themselves, which a vendor API does not hand
#   over (vendor-hosted open models included), so the vendor-api mode is not allowed; each
#   requested vendor-api model gets its own finding.
# related_resources:
#   - ref: https://www.nist.gov/itl/ai-risk-management-framework
#     description: NIST AI RMF 1.0, MAP 2 (categorisation of the AI system and its capabilities)
#   - ref: https://platform.openai.com/docs/guides/your-data
#     description: OpenAI API data controls (fine-tuned models stay on the vendor's platform)
#   - ref: https://learn.microsoft.com/en-us/legal/cognitive-services/openai/data-privacy
#     description: Azure OpenAI data privacy (fine-tuned models are hosted by the service)
# custom:
#   id: LLM-REQ-001
#   severity: high
#   remediation: >-
#     Self-host an open-weight model, or change requirements.fineTuning to vendor-managed with a
#     provider that offers fine-tuning.
deny contains f if {
	lib.fine_tuning == "full-weights"
	msg := concat("", [
		"requirements.fineTuning is full-weights, and no vendor API gives access to the weights, so no ",
		"vendor deployment can meet it.",
	])
	f := lib.cite(lib.mode_finding("LLM-REQ-001", "vendor-api", "spec.requirements.fineTuning", msg), [_capabilities_ref])
}

deny contains f if {
	lib.fine_tuning == "full-weights"
	some [i, m] in lib.vendor_models
	msg := sprintf(
		concat("", [
			"Model %s is requested through the API of provider %s, which does not give access to the ",
			"weights for the full-weights fine-tuning required.",
		]),
		[m.id, lib.provider_text(m)],
	)
	refs := array.concat(_deployment_refs(m), [_capabilities_ref])
	f := lib.cite(lib.model_finding("LLM-REQ-001", i, "hosting", msg), refs)
}

# METADATA
# title: Required capabilities not met
# description: >-
#   Every requested model must offer each capability in requirements.capabilities, as its catalog
#   entry lists them (a conservative list: a capability is listed only where the model's own
#   documentation claims it).
# related_resources:
#   - ref: https://www.nist.gov/itl/ai-risk-management-framework
#     description: NIST AI RMF 1.0, MAP 2 (categorisation of the AI system and its capabilities)
# custom:
#   id: LLM-REQ-002
#   severity: high
#   remediation: Choose a model whose catalog entry lists the required capabilities, or revise the requirement.
deny contains f if {
	required := lib.capabilities # bound once, not per model
	count(required) > 0
	some [i, m] in lib.requested
	entry := lib.catalog_model(m)
	listed := {c | some c in object.get(entry, "capabilities", [])}
	missing := required - listed
	count(missing) > 0
	msg := sprintf(
		"Model %s lacks the required %s %s (%s).",
		[m.id, _capability_word(missing), _list(missing), _listed_text(listed)],
	)
	refs := [lib.entry_ref(entry), _capabilities_ref] # _model_refs(m), with the entry in hand
	f := lib.cite(lib.model_finding("LLM-REQ-002", i, "id", msg), refs)
}

_capability_word(missing) := "capability" if count(missing) == 1

else := "capabilities"

_listed_text(listed) := sprintf("its catalog entry lists %s", [_list(listed)]) if count(listed) > 0

else := "its catalog entry lists none"

# METADATA
# title: Context window too short
# description: >-
#   Every requested model's context window (catalog contextTokens) must hold at least
#   requirements.minContextTokens; a model whose context length is not stated fails.
# related_resources:
#   - ref: https://www.nist.gov/itl/ai-risk-management-framework
#     description: NIST AI RMF 1.0, MAP 2 (categorisation of the AI system and its capabilities)
# custom:
#   id: LLM-REQ-003
#   severity: high
#   remediation: Choose a model with a longer context window, or chunk the input and lower minContextTokens.
deny contains f if {
	_min_context > 0
	some [i, m] in lib.requested
	entry := lib.catalog_model(m)
	_context(entry) < _min_context
	msg := sprintf("Model %s %s.", [m.id, _context_text(entry)])
	refs := [lib.entry_ref(entry), _capabilities_ref]
	f := lib.cite(lib.model_finding("LLM-REQ-003", i, "id", msg), refs)
}

_context_text(entry) := sprintf(
	"has a context window of %s, below the %s requirements.minContextTokens asks for",
	[_tokens(_context(entry)), _tokens(_min_context)],
) if {
	_context(entry) > 0
} else := sprintf(
	concat("", [
		"has no context window stated in the catalog, so it is not known to hold the %s ",
		"requirements.minContextTokens asks for",
	]),
	[_tokens(_min_context)],
)

# METADATA
# title: Vendor-managed fine-tuning needs a provider that offers it
# description: >-
#   With requirements.fineTuning vendor-managed, each vendor-api deployment's provider must offer
#   fine-tuning (provider catalog fineTuning: true). Whether the provider tunes this very model is
#   not in the catalog; check it with the provider.
# related_resources:
#   - ref: https://www.nist.gov/itl/ai-risk-management-framework
#     description: NIST AI RMF 1.0, MAP 2 (categorisation of the AI system and its capabilities)
#   - ref: https://platform.openai.com/docs/guides/your-data
#     description: OpenAI API data controls (fine-tuning data and models)
#   - ref: https://artificial-intelligence-wiki.com/ai-development/training-and-fine-tuning/anthropic-fine-tuning-api
#     description: Anthropic models are fine-tuned through Amazon Bedrock, not the first-party API
# custom:
#   id: LLM-REQ-004
#   severity: high
#   remediation: Use a provider that offers fine-tuning for this model, or self-host an open-weight model and tune it.
deny contains f if {
	lib.fine_tuning == "vendor-managed"
	some [i, m] in lib.vendor_models
	object.get(_providers, [lib.provider_id(m), "fineTuning"], false) != true
	msg := sprintf("Vendor-managed fine-tuning is required for model %s, but %s.", [m.id, _no_tuning_text(m)])
	refs := array.concat(_deployment_refs(m), [_capabilities_ref])
	f := lib.cite(lib.model_finding("LLM-REQ-004", i, "provider", msg), refs)
}

_no_tuning_text(m) := sprintf("provider %s does not offer fine-tuning", [lib.provider_id(m)]) if {
	_providers[lib.provider_id(m)].fineTuning == false
} else := sprintf("the catalog does not say that provider %s offers fine-tuning", [lib.provider_id(m)]) if {
	_providers[lib.provider_id(m)]
} else := "it names no provider, so none is known to offer fine-tuning" if {
	lib.provider_id(m) == ""
} else := sprintf(
	"provider %s is not in the provider catalog, so it is not known to offer fine-tuning",
	[lib.provider_id(m)],
)

# METADATA
# title: Estimated vendor cost above budget
# description: >-
#   Estimated monthly cost of a vendor-api model at its catalog list price: expectedMonthlyTokens
#   split between input and output tokens by settings budgetInputTokenShare (default 0.5, an even
#   split), priced per million tokens. Above requirements.monthlyBudgetUsd it is a warning; list
#   prices ignore discounts, caching and batch pricing, and models without a catalog price are
#   not estimated.
# related_resources:
#   - ref: https://www.nist.gov/itl/ai-risk-management-framework
#     description: NIST AI RMF 1.0, MAP 3 (expected benefits and costs)
#   - ref: https://openai.com/api/pricing/
#     description: OpenAI API list prices
#   - ref: https://www.anthropic.com/pricing
#     description: Anthropic API list prices
#   - ref: https://ai.google.dev/pricing
#     description: Gemini API list prices
# custom:
#   id: LLM-REQ-005
#   severity: medium
#   remediation: Raise the budget, choose a cheaper model, or reduce the token volume.
warn contains f if {
	budget := _requirements.monthlyBudgetUsd
	tokens := _requirements.expectedMonthlyTokens
	share := data.settings.budgetInputTokenShare
	some [i, m] in lib.vendor_models
	price := lib.catalog_model(m).pricing
	cost := (((tokens * share) * price.inputPerMTokUsd) + ((tokens * (1 - share)) * price.outputPerMTokUsd)) / 1000000
	cost > budget
	msg := sprintf(
		concat("", [
			"Model %s on %s would cost about USD %s a month for %s at list price (%s%% input ",
			"tokens), above the budget of USD %s (requirements.monthlyBudgetUsd).",
		]),
		[
			m.id, lib.provider_text(m), lib.number_text(round(cost * 100) / 100), _tokens(tokens),
			lib.number_text(share * 100), lib.number_text(budget),
		],
	)
	refs := array.concat(_deployment_refs(m), [_costs_ref])
	f := lib.cite(lib.model_finding("LLM-REQ-005", i, "id", msg), refs)
}
