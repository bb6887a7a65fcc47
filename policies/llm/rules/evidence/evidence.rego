# METADATA
# title: Evidence from the code
# description: >-
#   With check --scan, each manifest is held to what the code in its folder uses
#   (input.scan.references, from llm-policy scan): every model and provider the code calls or names
#   must be declared, vendor calls contradict a manifest that declares no vendor API, regions the
#   code names must be allowed, and a declared model the code never references is reported.
#   Without a scan (no input.scan) none of these rules fires.
package llm.rules.evidence

import data.llm.lib

default _models := {}

_models := data.catalog.models

default _providers := {}

_providers := data.catalog.providers

# ---------------------------------------------------------------------------------------------
# The scan's references, by index (a finding's path is scan.references[i], which the checker maps
# to the reference's file, line and column). None without --scan.

_scanned if is_object(input.scan)

_references contains [i, r] if {
	_scanned
	some i, r in input.scan.references
	is_object(r)
}

# A field of a reference when the scan resolved it (a non-empty string), else undefined.
_field(r, key) := v if {
	v := r[key]
	is_string(v)
	v != ""
}

_at(r) := sprintf("%v:%v", [object.get(r, "file", "(unknown file)"), object.get(r, "line", "?")])

_places(1) := "in 1 place"

_places(n) := sprintf("in %d places", [n]) if n != 1

# "app.py:3", or "app.py:3 and 2 more places": where a group of references is.
_where(r, 1) := _at(r)

_where(r, n) := sprintf("%s and %d more %s", [_at(r), n - 1, _noun(n - 1)]) if n > 1

_noun(1) := "place"

_noun(n) := "places" if n != 1

_list(xs) := concat(", ", sort(xs)) if count(xs) > 0

else := "none"

_declared_ids contains id if {
	some m in lib.models
	id := object.get(m, "id", "")
}

_hosting(r) := object.get(r, "hosting", null)

# ---------------------------------------------------------------------------------------------
# References a finding cites: the catalog entries of what the code uses (when the catalog knows
# them), and the framework articles the rule enforces.

_inventory_ref := lib.regulation_ref("nistAiRmf", "govern16")

_third_party_ref := lib.regulation_ref("nistAiRmf", "govern6")

_components_ref := lib.regulation_ref("nistAiRmf", "map4")

_context_ref := lib.regulation_ref("nistAiRmf", "map1")

_suppliers_ref := lib.regulation_ref("iso42001", "a10")

_data_ref := lib.regulation_ref("iso42001", "a7")

_entry_refs(r) := {ref |
	some key, entries in {"model": _models, "provider": _providers}
	entry := entries[_field(r, key)]
	ref := lib.entry_ref(entry)
}

_provider_refs(ids) := {ref |
	some id in ids
	ref := lib.entry_ref(_providers[id])
}

# The provider as a message shows it: its catalog name and id, else the id.
_provider_text(p) := sprintf("%s (%s)", [_providers[p].name, p]) if {
	is_string(_providers[p].name)
} else := p

# ---------------------------------------------------------------------------------------------
# Models the code uses that the manifest does not declare: a catalog model (after aliases), or a
# model id the catalog does not know in an SDK call's model argument (unknown means unreviewed).

# [the model as the message names it, reference index]
_undeclared_models contains [_model_text(id), i] if {
	some [i, r] in _references
	id := _field(r, "model")
	not id in _declared_ids
}

_undeclared_models contains [sprintf("the model id in %s, which is not in the model catalog,", [text]), i] if {
	some [i, r] in _references
	_unresolved(r)
	text := _field(r, "text")
}

# An SDK call whose model argument is a string the scan could not resolve to a catalog model
# (its text is the call with that argument: a literal, not a variable the scan could not follow).
_unresolved(r) if {
	r.kind == "sdk-call"
	not _field(r, "model")
	regex.match(`\((\w+\s*[=:]\s*)?[A-Za-z]{0,2}["']`, r.text)
}

_model_text(id) := sprintf("model %s", [id]) if _models[id]

else := sprintf("model %s, which is not in the model catalog,", [id])

# METADATA
# title: Code uses a model the manifest does not declare
# description: >-
#   The scanned code calls or names a model that spec.models does not list (compared as catalog
#   ids, after aliases), or passes an SDK a model id the catalog does not know. The decision rests
#   on the manifest, so a model the code uses but the manifest omits was never decided.
# related_resources:
#   - ref: https://www.nist.gov/itl/ai-risk-management-framework
#     description: NIST AI RMF 1.0, GOVERN 1.6 (inventory of AI systems) and MAP 4 (third-party components)
#   - ref: https://www.iso.org/standard/81230.html
#     description: ISO/IEC 42001:2023, Annex A.10 (third-party and customer relationships)
# custom:
#   id: LLM-EVD-001
#   severity: high
#   remediation: >-
#     Declare the deployment the code uses in spec.models (the catalog model id, its hosting, and
#     for a vendor API its provider and region), or remove the use from the code.
deny contains f if {
	some name in {n | some [n, _] in _undeclared_models}
	places := [j | some [other, j] in _undeclared_models; other == name]
	first := min(places)
	r := input.scan.references[first]
	msg := sprintf(
		"The code uses %s %s (%s), but the manifest does not declare it.",
		[name, _places(count(places)), _where(r, count(places))],
	)
	refs := _entry_refs(r) | {_inventory_ref, _components_ref, _suppliers_ref}
	path := sprintf("scan.references[%d]", [first])
	f := lib.cite(lib.project_finding("LLM-EVD-001", path, msg), refs)
}

# ---------------------------------------------------------------------------------------------
# Providers the code calls that the manifest does not declare: a vendor SDK or endpoint with no
# model (the provider alone), or a declared model called through another provider than declared.

_vendor_declared(p) if {
	some [_, m] in lib.vendor_models
	lib.provider_id(m) == p
}

_declares(r, p) if {
	not _field(r, "model")
	_vendor_declared(p)
}

_declares(r, p) if {
	id := _field(r, "model")
	some [_, m] in lib.vendor_models
	m.id == id
	lib.provider_id(m) == p
}

# [provider, the declared model it is called for ("" for none), reference index]
_undeclared_providers contains [p, object.get(r, "model", ""), i] if {
	some [i, r] in _references
	p := _field(r, "provider")
	_hosting(r) != "self-hosted"
	not _undeclared_model(r) # LLM-EVD-001 names the deployment to declare
	not _declares(r, p)
}

_undeclared_model(r) if {
	id := _field(r, "model")
	not id in _declared_ids
}

_for_model(id) := sprintf(" of model %s", [id]) if is_string(id)

else := ""

# METADATA
# title: Code calls a provider the manifest does not declare
# description: >-
#   The scanned code calls a vendor's SDK or endpoint (or a declared model through a provider)
#   that no vendor-api deployment in spec.models names, so that provider's terms, regions and
#   retention were never checked for this project.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
#     description: ISO/IEC 42001:2023, Annex A.10 (suppliers of AI components and services)
#   - ref: https://www.nist.gov/itl/ai-risk-management-framework
#     description: NIST AI RMF 1.0, GOVERN 6 (third-party risk)
# custom:
#   id: LLM-EVD-002
#   severity: high
#   remediation: >-
#     Declare a vendor-api deployment with this provider in spec.models (the model, provider and
#     region the code uses), or remove the call from the code.
deny contains f if {
	some [p, model] in {[q, id] | some [q, id, _] in _undeclared_providers}
	places := [j | some [q2, id2, j] in _undeclared_providers; q2 == p; id2 == model]
	first := min(places)
	r := input.scan.references[first]
	msg := sprintf(
		"The code calls provider %s%s %s (%s), but the manifest declares no vendor-api deployment%s with it.",
		[_provider_text(p), _for_model(model), _places(count(places)), _where(r, count(places)), _for_model(model)],
	)
	refs := _entry_refs(r) | {_suppliers_ref, _third_party_ref}
	path := sprintf("scan.references[%d]", [first])
	f := lib.cite(lib.project_finding("LLM-EVD-002", path, msg), refs)
}

# ---------------------------------------------------------------------------------------------
# Vendor calls in a project that declares no vendor API

_vendor_use contains i if {
	some [i, r] in _references
	_vendor_call(r)
}

_vendor_call(r) if _hosting(r) == "vendor-api"

_vendor_call(r) if r.kind == "endpoint"

default _declared_text := "declares only self-hosted deployments"

_declared_text := "declares no model deployment" if count(lib.models) == 0

# METADATA
# title: Code calls a vendor API while the manifest declares none
# description: >-
#   The scanned code calls a vendor endpoint or a vendor SDK, but spec.models declares no vendor-api
#   deployment: the project's data leaves for a vendor the decision assumed it never reaches.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
#     description: ISO/IEC 42001:2023, Annex A.10 (suppliers of AI components and services)
#   - ref: https://www.nist.gov/itl/ai-risk-management-framework
#     description: NIST AI RMF 1.0, GOVERN 6 (third-party risk) and MAP 1 (context and deployment constraints)
# custom:
#   id: LLM-EVD-003
#   severity: high
#   remediation: >-
#     Declare the vendor-api deployments the code calls in spec.models (and decide them), or replace
#     the vendor calls with the self-hosted deployment the manifest declares.
deny contains f if {
	count(_vendor_use) > 0
	count(lib.vendor_models) == 0
	first := min(_vendor_use)
	r := input.scan.references[first]
	vendors := {p | some j in _vendor_use; p := _field(input.scan.references[j], "provider")}
	msg := sprintf(
		"The code calls vendor APIs (providers: %s) %s (%s), but the manifest %s.",
		[_list(vendors), _places(count(_vendor_use)), _where(r, count(_vendor_use)), _declared_text],
	)
	refs := _provider_refs(vendors) | {_suppliers_ref, _third_party_ref, _context_ref}
	path := sprintf("scan.references[%d]", [first])
	f := lib.cite(lib.project_finding("LLM-EVD-003", path, msg), refs)
}

# ---------------------------------------------------------------------------------------------
# Regions the code names (an endpoint's region, a regional SDK client, a Bedrock geo profile)

_outside contains [region, i] if {
	some [i, r] in _references
	region := _field(r, "region")
	not region in lib.allowed_regions
}

_by(r) := sprintf(" (provider %s)", [_provider_text(p)]) if {
	p := _field(r, "provider")
} else := ""

# METADATA
# title: Code calls a region outside the allowed regions
# description: >-
#   The scanned code sends requests to an endpoint or SDK client in a region (or a cross-region
#   profile of a geography) that spec.residency.allowedRegions does not list, whatever the manifest
#   declares for its deployments.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
#     description: ISO/IEC 42001:2023, Annex A.7 (data for AI systems)
#   - ref: https://www.nist.gov/itl/ai-risk-management-framework
#     description: NIST AI RMF 1.0, MAP 1 (context and deployment constraints)
# custom:
#   id: LLM-EVD-004
#   severity: high
#   remediation: >-
#     Point the code at an endpoint or client region the manifest allows (or a cross-region profile
#     that stays in one), or add the region to spec.residency.allowedRegions if the data may go there.
deny contains f if {
	some region in {g | some [g, _] in _outside}
	places := [j | some [g2, j] in _outside; g2 == region]
	first := min(places)
	r := input.scan.references[first]
	msg := sprintf(
		"The code sends requests to region %s%s %s (%s), outside the allowed regions (%s).",
		[region, _by(r), _places(count(places)), _where(r, count(places)), _list(lib.allowed_regions)],
	)
	refs := _entry_refs(r) | {_data_ref, _context_ref}
	path := sprintf("scan.references[%d]", [first])
	f := lib.cite(lib.project_finding("LLM-EVD-004", path, msg), refs)
}

# ---------------------------------------------------------------------------------------------
# Declared models the code never references

_referenced(id) if {
	some [_, r] in _references
	_field(r, "model") == id
}

_model_refs(id) := {lib.entry_ref(_models[id])} if _models[id]

else := set()

# METADATA
# title: Declared model the code never references
# description: >-
#   A model in spec.models appears nowhere in the scanned code (no SDK call, model id, serving
#   set-up or endpoint resolves to it): the manifest may be out of date, or the model is chosen
#   outside the code (configuration the scan does not read).
# related_resources:
#   - ref: https://www.nist.gov/itl/ai-risk-management-framework
#     description: NIST AI RMF 1.0, GOVERN 1.6 (inventory of AI systems)
# custom:
#   id: LLM-EVD-005
#   severity: low
#   remediation: >-
#     Remove the deployment from spec.models if the project no longer uses it, or make sure the
#     scan reads the code or configuration that names it.
warn contains f if {
	_scanned
	some [i, m] in lib.requested
	id := object.get(m, "id", "")
	not _referenced(id)
	msg := sprintf("Model %s is declared, but %s.", [id, _found_text(count(_references))])
	f := lib.cite(lib.model_finding("LLM-EVD-005", i, "id", msg), _model_refs(id) | {_inventory_ref})
}

_found_text(0) := "the scan found no LLM use in the code"

_found_text(1) := "the only LLM use the scan found in the code is another"

_found_text(n) := sprintf("none of the %d LLM uses the scan found in the code names it", [n]) if n > 1
