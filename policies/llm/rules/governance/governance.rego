# METADATA
# title: Governance of the catalog references
# description: >-
#   Every requested deployment must name what the organisation has reviewed: a catalog model, a
#   catalog provider that serves it, open weights when self-hosted, and a licence the catalog
#   knows. Anything else fails closed, because the other rule areas cannot judge it.
package llm.rules.governance

import data.llm.lib

# Other areas read catalog facts through lookups that are simply undefined for an unknown id, so
# they raise nothing about it; the rules here are what make such a deployment fail. They read the
# catalog documents with empty defaults so that a missing document fails closed too.

default _models := {}

_models := data.catalog.models

default _providers := {}

_providers := data.catalog.providers

default _licenses := {}

_licenses := data.catalog.licenses

# Each requested vendor-api deployment with its provider id ("" for none), looked up once for
# the rules below that read it: [index, model, provider id].
_vendor contains [i, m, p] if {
	some [i, m] in lib.vendor_models
	p := lib.provider_id(m)
}

# ---------------------------------------------------------------------------------------------
# References: the catalog entries a finding used, when the catalog knows them (an id it does not
# know gives none), and the framework article the rule enforces.

_model_refs(m) := [lib.entry_ref(entry)] if {
	entry := _models[m.id]
} else := []

# A lifecycle record has no name of its own: it is named after its model and provider.
_life_ref(m, p, life) := lib.entry_ref(object.union(
	{"name": sprintf("Lifecycle of %s on %s", [m.id, p])},
	life,
))

_inventory_ref := lib.regulation_ref("nistAiRmf", "govern16")

_third_party_ref := lib.regulation_ref("nistAiRmf", "govern6")

_contingency_ref := lib.regulation_ref("nistAiRmf", "govern62")

_components_ref := lib.regulation_ref("nistAiRmf", "map4")

_suppliers_ref := lib.regulation_ref("iso42001", "a10")

_days(n) := "1 day" if n == 1

else := sprintf("%d days", [n])

# METADATA
# title: Unknown model
# description: >-
#   A requested model id that data.catalog.models does not hold has not been reviewed: its weights,
#   licence and capabilities are unknown, so the deployment fails closed.
# related_resources:
#   - ref: https://www.nist.gov/itl/ai-risk-management-framework
#     description: NIST AI RMF 1.0, GOVERN 1.6 (inventory of AI systems) and MAP 4 (third-party components)
#   - ref: https://www.iso.org/standard/81230.html
#     description: ISO/IEC 42001:2023, Annex A.10 (third-party and customer relationships)
# custom:
#   id: LLM-GOV-001
#   severity: critical
#   remediation: >-
#     Use a model id from the catalog (llm-policy models), fix the typo, or add the model to the
#     catalog through an organisation data overlay after review.
deny contains f if {
	some [i, m] in lib.requested
	id := object.get(m, "id", "")
	not _models[id]
	msg := sprintf("Model \"%s\" is not in the model catalog, so it has not been reviewed.", [id])

	# `suggest` lets the checker add "did you mean" from the catalog (Rego has no edit distance).
	f := lib.cite(
		object.union(lib.model_finding("LLM-GOV-001", i, "id", msg), {"suggest": {"value": id, "among": "models"}}),
		[_inventory_ref, _suppliers_ref],
	)
}

# METADATA
# title: Unknown provider
# description: >-
#   A vendor-api deployment names a provider id that data.catalog.providers does not hold; its
#   data terms, regions and certifications are unknown, so the deployment fails closed.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
#     description: ISO/IEC 42001:2023, Annex A.10 (suppliers of AI components and services)
#   - ref: https://www.nist.gov/itl/ai-risk-management-framework
#     description: NIST AI RMF 1.0, GOVERN 6 (third-party risk)
# custom:
#   id: LLM-GOV-002
#   severity: critical
#   remediation: >-
#     Use a provider id from the catalog, or add the provider through an organisation data overlay
#     after review.
deny contains f if {
	some [i, m, p] in _vendor
	p != ""
	not _providers[p]
	msg := sprintf(
		"Provider \"%s\" of model %s is not in the provider catalog, so it has not been reviewed.",
		[p, m.id],
	)
	f := lib.cite(
		object.union(lib.model_finding("LLM-GOV-002", i, "provider", msg), {"suggest": {"value": p, "among": "providers"}}),
		[_suppliers_ref, _third_party_ref],
	)
}

# METADATA
# title: Provider does not serve the model
# description: >-
#   The catalog provider named for a vendor-api deployment does not list the requested model among
#   the models it serves, so the deployment cannot exist as declared.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
#     description: ISO/IEC 42001:2023, Annex A.10 (suppliers of AI components and services)
# custom:
#   id: LLM-GOV-003
#   severity: high
#   remediation: >-
#     Pick a provider that serves this model (see llm-policy models), or another model from this
#     provider.
deny contains f if {
	some [i, m, p] in _vendor
	provider := _providers[p]
	not m.id in object.get(provider, "models", [])
	msg := sprintf(
		"Provider %s does not serve model %s: the catalog's %s entry does not list it.",
		[p, m.id, object.get(provider, "name", p)],
	)
	refs := array.concat(_model_refs(m), [lib.entry_ref(provider), _suppliers_ref])
	f := lib.cite(lib.model_finding("LLM-GOV-003", i, "provider", msg), refs)
}

# METADATA
# title: Closed-weights model requested as self-hosted
# description: >-
#   Only open-weight models can be self-hosted; a catalog model whose weights are closed (or not
#   stated as open) cannot be deployed on the organisation's infrastructure.
# related_resources:
#   - ref: https://www.nist.gov/itl/ai-risk-management-framework
#     description: NIST AI RMF 1.0, MAP 4 (mapping third-party components)
# custom:
#   id: LLM-GOV-004
#   severity: high
#   remediation: >-
#     Request the model with hosting vendor-api and a provider that serves it, or self-host an
#     open-weight model.
deny contains f if {
	some [i, m] in lib.self_hosted_models
	entry := _models[m.id]
	object.get(entry, "weights", "") != "open"
	msg := sprintf("Model %s %s, so it cannot be self-hosted.", [m.id, _weights_text(entry)])
	f := lib.cite(lib.model_finding("LLM-GOV-004", i, "hosting", msg), [lib.entry_ref(entry), _components_ref])
}

_weights_text(entry) := sprintf("has %s weights", [entry.weights]) if {
	is_string(entry.weights)
} else := "has no weights stated as open in the catalog"

# METADATA
# title: Vendor-api deployment without a provider
# description: >-
#   A vendor-api deployment must name the provider that serves it (the schema requires it); without
#   one nothing can be checked about where and under which terms the data is processed.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
#     description: ISO/IEC 42001:2023, Annex A.10 (suppliers of AI components and services)
# custom:
#   id: LLM-GOV-005
#   severity: high
#   remediation: Add provider (a catalog provider id) to the deployment.
deny contains f if {
	some [i, m, ""] in _vendor
	msg := sprintf("Model %s is requested through a vendor API but names no provider.", [m.id])
	f := lib.cite(lib.model_finding("LLM-GOV-005", i, "", msg), array.concat(_model_refs(m), [_suppliers_ref]))
}

# METADATA
# title: Self-hosted model with an unknown licence
# description: >-
#   A self-hosted open-weight model must name licences that data.catalog.licenses holds; otherwise
#   the licensing rules have nothing to check and would pass it silently, so it fails closed.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
#     description: ISO/IEC 42001:2023, Annex A.10 (suppliers of AI components and services)
# custom:
#   id: LLM-GOV-006
#   severity: high
#   remediation: >-
#     Fix the model's license / extraLicenses in the catalog overlay, or add the licence to
#     data.catalog.licenses after review.
deny contains f if {
	some [i, m] in lib.self_hosted_models
	entry := _models[m.id]
	entry.weights == "open"
	some key in _license_keys(entry)
	not _licenses[key]
	msg := sprintf("Model %s %s.", [m.id, _licence_text(key)])
	f := lib.cite(lib.model_finding("LLM-GOV-006", i, "id", msg), [lib.entry_ref(entry), _suppliers_ref])
}

_licence_text("") := "names no licence in its catalog entry, so its licence terms are unknown"

_licence_text(key) := sprintf("names licence \"%s\", which is not in the licence catalog", [key]) if key != ""

# The main licence (empty when missing, which is unknown too) and any extra terms.
_license_keys(entry) := array.concat([object.get(entry, "license", "")], object.get(entry, "extraLicenses", []))

# ---------------------------------------------------------------------------------------------
# Lifecycle: data.catalog.lifecycle[model][provider] (policies/catalog/lifecycle/data.yaml)

default _lifecycle := {}

_lifecycle := data.catalog.lifecycle

# Vendor deployments with the lifecycle record the catalog has for them: [index, model, provider
# id, record]; and the indexes of those retired (each record judged once, for LLM-GOV-007 and -008).
_lives contains [i, m, p, life] if {
	some [i, m, p] in _vendor
	life := _lifecycle[m.id][p]
}

_retired_lives contains i if {
	some [i, _, _, life] in _lives
	_retired(life)
}

# Retired as of the run's day: the retirement date has come, or the vendor says retired and
# gives no date (the stricter reading).
_retired(life) if {
	is_string(life.retiredOn)
	life.retiredOn <= lib.as_of
}

_retired(life) if {
	life.status == "retired"
	not is_string(life.retiredOn)
}

_replacement(life) := sprintf("; the vendor names %s as its replacement", [life.replacement]) if {
	is_string(life.replacement)
} else := ""

_retired_text(life) := sprintf("was retired on %s", [life.retiredOn]) if {
	is_string(life.retiredOn)
} else := "is retired (the vendor gives no date)"

# METADATA
# title: Retired model deployment
# description: >-
#   The provider has retired the requested model: requests to it fail, or will have failed by the
#   run's as-of day. Providers retire on their own dates, so the record is per provider.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
#     description: ISO/IEC 42001:2023, Annex A.10 (suppliers of AI components and services)
#   - ref: https://www.nist.gov/itl/ai-risk-management-framework
#     description: NIST AI RMF 1.0, GOVERN 6.2 (contingency for third-party failures)
# custom:
#   id: LLM-GOV-007
#   severity: high
#   remediation: >-
#     Move to the replacement the vendor names (or another current model: llm-policy recommend),
#     and update spec.models.
deny contains f if {
	some [i, m, p, life] in _lives
	i in _retired_lives
	msg := sprintf(
		"Model %s on %s %s%s.",
		[m.id, p, _retired_text(life), _replacement(life)],
	)
	refs := [_life_ref(m, p, life), _suppliers_ref, _contingency_ref]
	f := lib.cite(lib.model_finding("LLM-GOV-007", i, "id", msg), refs)
}

# METADATA
# title: Model deployment retiring soon
# description: >-
#   The provider has deprecated the requested model, or retires it within
#   settings.lifecycleWarningDays of the run's as-of day: plan the move before requests fail.
# related_resources:
#   - ref: https://www.nist.gov/itl/ai-risk-management-framework
#     description: NIST AI RMF 1.0, GOVERN 6.2 (contingency for third-party failures)
# custom:
#   id: LLM-GOV-008
#   severity: medium
#   remediation: >-
#     Move to the replacement the vendor names (or another current model) before the retirement
#     date.
warn contains f if {
	some [i, m, p, life] in _lives
	not i in _retired_lives
	when := _retiring(life)
	msg := sprintf("Model %s on %s %s%s.", [m.id, p, when, _replacement(life)])
	f := lib.cite(lib.model_finding("LLM-GOV-008", i, "id", msg), [_life_ref(m, p, life), _contingency_ref])
}

_retiring(life) := sprintf("retires on %s, in %s", [life.retiredOn, _days(days)]) if {
	is_string(life.retiredOn)
	days := _days_until(life.retiredOn)
	days <= data.settings.lifecycleWarningDays
} else := sprintf("is deprecated (since %s), with no retirement date announced", [life.deprecatedOn]) if {
	life.status == "deprecated"
	is_string(life.deprecatedOn)
	not is_string(life.retiredOn)
} else := "is deprecated, with no retirement date announced" if {
	life.status == "deprecated"
	not is_string(life.retiredOn)
}

# ---------------------------------------------------------------------------------------------
# Honest dates: facts older than settings.factMaxAgeDays on the catalog entries a deployment uses

# lib.days_until with the as-of day parsed once per manifest, not once per date judged.
_as_of_ns := time.parse_ns("2006-01-02", lib.as_of)

_days_until(day) := round((time.parse_ns("2006-01-02", day) - _as_of_ns) / 86400e9)

_stale(entry) := age if {
	is_string(entry.checked)
	age := 0 - _days_until(entry.checked)
	age > data.settings.factMaxAgeDays
}

# The catalog entries each deployment relies on: its model, and its provider for a vendor API.
# (the entry is bound in the body: an unknown id leaves no fact, and regorus errs on an
# undefined reference in a rule head)
_used_facts contains [i, "model", m.id, entry] if {
	some [i, m] in lib.requested
	entry := _models[m.id]
}

_used_facts contains [i, "provider", p, entry] if {
	some [i, _, p] in _vendor
	entry := _providers[p]
}

# METADATA
# title: Catalog facts not re-read within the allowed age
# description: >-
#   A catalog entry this deployment relies on (its model, and its provider for a vendor API) was
#   last checked against its sources more than settings.factMaxAgeDays before the run's as-of day:
#   terms, prices and lifecycles change, so the decision may rest on stale facts.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
#     description: ISO/IEC 42001:2023, Annex A.10 (suppliers of AI components and services)
# custom:
#   id: LLM-GOV-009
#   severity: low
#   remediation: >-
#     Re-read the entry's sources and update the catalog (llm-policy models --stale lists every
#     stale entry; llm-policy catalog update installs a newer catalog).
warn contains f if {
	some [i, kind, id, entry] in _used_facts
	age := _stale(entry)
	msg := sprintf(
		"The catalog's %s entry %s was last checked on %s, %s before %s (factMaxAgeDays: %d).",
		[kind, id, entry.checked, _days(age), lib.as_of, data.settings.factMaxAgeDays],
	)
	f := lib.cite(lib.model_finding("LLM-GOV-009", i, "id", msg), [lib.entry_ref(entry), _suppliers_ref])
}
