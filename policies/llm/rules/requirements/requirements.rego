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

_context_text(entry) := sprintf("%d tokens", [_context(entry)]) if _context(entry) > 0

else := "an unknown number of tokens"

# METADATA
# title: Full-weight fine-tuning needs open weights
# description: >-
#   Fine-tuning the full weights needs the weights themselves, which a vendor API does not hand
#   over (vendor-hosted open models included), so the vendor-api mode is not allowed; each
#   requested vendor-api model gets its own finding.
# related_resources:
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
	msg := "Fine-tuning of the full weights is required, and a vendor API does not give access to the weights."
	f := lib.mode_finding("LLM-REQ-001", "vendor-api", "spec.requirements.fineTuning", msg)
}

deny contains f if {
	lib.fine_tuning == "full-weights"
	some [i, m] in lib.vendor_models
	msg := sprintf(
		"Model %s is requested through a vendor API, which does not give access to the weights for full fine-tuning.",
		[m.id],
	)
	f := lib.model_finding("LLM-REQ-001", i, "hosting", msg)
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
	count(lib.capabilities) > 0
	some [i, m] in lib.requested
	entry := lib.catalog_model(m)
	missing := lib.capabilities - {c | some c in object.get(entry, "capabilities", [])}
	count(missing) > 0
	msg := sprintf("Model %s lacks the required capability(ies) %s.", [m.id, concat(", ", sort(missing))])
	f := lib.model_finding("LLM-REQ-002", i, "id", msg)
}

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
	msg := sprintf(
		"Model %s has a context window of %s, below the required %d.",
		[m.id, _context_text(entry), _min_context],
	)
	f := lib.model_finding("LLM-REQ-003", i, "id", msg)
}

# METADATA
# title: Vendor-managed fine-tuning needs a provider that offers it
# description: >-
#   With requirements.fineTuning vendor-managed, each vendor-api deployment's provider must offer
#   fine-tuning (provider catalog fineTuning: true). Whether the provider tunes this very model is
#   not in the catalog; check it with the provider.
# related_resources:
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
	p := lib.provider_id(m)
	object.get(_providers, [p, "fineTuning"], false) != true
	msg := sprintf("Vendor-managed fine-tuning is required, and provider %s does not offer fine-tuning.", [p])
	f := lib.model_finding("LLM-REQ-004", i, "provider", msg)
}

# METADATA
# title: Estimated vendor cost above budget
# description: >-
#   Estimated monthly cost of a vendor-api model at its catalog list price: expectedMonthlyTokens
#   split between input and output tokens by settings budgetInputTokenShare (default 0.5, an even
#   split), priced per million tokens. Above requirements.monthlyBudgetUsd it is a warning; list
#   prices ignore discounts, caching and batch pricing, and models without a catalog price are
#   not estimated.
# related_resources:
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
			"Model %s would cost about USD %s a month for %s tokens at list price (%d%% input ",
			"tokens), above the budget of USD %s.",
		]),
		[
			m.id, lib.number_text(round(cost)), lib.number_text(round(tokens)),
			round(share * 100), lib.number_text(round(budget)),
		],
	)
	f := lib.model_finding("LLM-REQ-005", i, "id", msg)
}
