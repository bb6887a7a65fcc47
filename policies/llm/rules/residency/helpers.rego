# Helpers of the residency rules (package llm.rules.residency, rules in residency.rego): the data
# protection laws the manifest's data subjects bring in, the references a finding cites
# (lib.cite) and the in-region alternatives a message names, all from catalog data.
package llm.rules.residency

import data.llm.lib

default _regulation := {}

_regulation := data.catalog.regulation

# "a", "a or b", "a, b or c" (sorted).
_or_list(xs) := concat(" or ", [concat(", ", array.slice(s, 0, count(s) - 1)), s[count(s) - 1]]) if {
	s := sort(xs)
	count(s) > 1
} else := concat("", sort(xs))

# ---------------------------------------------------------------------------------------------
# Jurisdiction: the data protection laws the manifest's data subjects bring in (catalog regulation
# entries with residencyObligations). A law's own regions are its subjectRegions, plus the settings
# list its subjectRegionsSetting names (GDPR: settings gdprSubjectRegions, which LLM-DATA-012 reads
# too). A law counts from the first of its residencyObligations that applies on the as-of day
# (lib.applies: appliesFrom, else inForce); the one cited is the latest that applies (152-FZ:
# Art. 18(5) as amended by 23-FZ from 2025-07-01).

_home(key) := {r | some r in object.get(_regulation[key], "subjectRegions", [])} | _setting_regions(key)

_setting_regions(key) := regions if {
	name := _regulation[key].subjectRegionsSetting
	regions := {r | some r in object.get(data.settings, name, [])}
} else := set()

_applying(key) := [o | some o in _regulation[key].residencyObligations; lib.applies(key, o)]

# Law key -> the manifest's subject regions it covers.
_subject_laws[key] := regions if {
	some key, entry in _regulation
	is_array(entry.residencyObligations)
	regions := _home(key) & lib.subject_regions
	count(regions) > 0
	count(_applying(key)) > 0
}

_law_ref(key) := lib.regulation_ref(key, _applying(key)[count(_applying(key)) - 1])

_law_name(key) := object.get(_regulation[key], "name", key)

# References of the laws of every data subject in the manifest.
_law_refs contains ref if {
	some key, _ in _subject_laws
	ref := _law_ref(key)
}

# References of the laws of the subjects in `regions`.
_laws_of(regions) := {_law_ref(key) |
	some key, covered in _subject_laws
	count(covered & regions) > 0
}

# ---------------------------------------------------------------------------------------------
# References of the deployments a finding is about (lib.cite). A vendor deployment cites its
# provider entry, when the catalog has one, with the laws of the subjects involved. Where neither
# exists (no subject law, a self-hosted model or a provider the catalog lacks), the model's catalog
# entry stands in, and for a model the catalog lacks too, the NIST AI RMF's MAP 1 (the deployment
# constraints the manifest sets), so a finding always cites something of its case.

_provider_refs(m) := {lib.provider_ref(m)} if count(lib.provider(m)) > 0

else := set()

_model_refs(m) := {lib.entry_ref(lib.catalog_model(m))} if lib.catalog_model(m)

else := set()

# The deployment's own entry (provider for a vendor deployment) and `laws`, else its model entry,
# else the framework's deployment-constraint function.
_refs(m, laws) := refs if {
	refs := _provider_refs(m) | laws
	count(refs) > 0
} else := _model_refs(m) if {
	count(_model_refs(m)) > 0
} else := {lib.regulation_ref("nistAiRmf", "map1")}

# Every approved provider, for a vendor-api finding that weighed them all.
_approved_refs contains ref if {
	some p in lib.approved_providers
	ref := lib.entry_ref(p)
}

# ---------------------------------------------------------------------------------------------
# In-region alternatives, from provider facts: a deployment type of the same provider, or another
# approved provider serving the model, that processes in the region and keeps processing there.

_keeps(type, _) if type.residency == "regional"

_keeps(type, r) if {
	type.residency == "zone"
	r in object.get(type, "zones", [])
}

_keeping_types(p, r) := {t | some t, type in object.get(p, "deploymentTypes", {}); _keeps(type, r)}

_keeps_in(p, r) if {
	_serves_in(p, r)
	not p.deploymentTypes
}

_keeps_in(p, r) if {
	_serves_in(p, r)
	count(_keeping_types(p, r)) > 0
}

_alternatives(m) := {object.get(p, "name", id) |
	some id, p in lib.approved_providers
	id != lib.provider_id(m)
	m.id in object.get(p, "models", [])
	_keeps_in(p, _region(m))
}

# How to move model m's processing into its region through another provider, or self-hosting.
_elsewhere(m) := sprintf("use %s through %s in %s", [m.id, _or_list(_alternatives(m)), _region(m)]) if {
	count(_alternatives(m)) > 0
} else := sprintf("self-host %s in %s", [m.id, _region(m)])

_serves_in(p, r) if {
	r in object.get(p, "regions", [])
	not r in object.get(p, "notServed", [])
}
