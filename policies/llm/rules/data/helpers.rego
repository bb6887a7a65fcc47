# Helpers of the data rules (package llm.rules.data, rules in data.rego): the manifest's data
# categories, what a provider's terms give a deployment (with the gap a message names when they
# fall short) and the references a finding cites (lib.cite).
package llm.rules.data

import data.llm.lib

# The manifest's data categories and those its compliance frameworks imply (settings).
_categories := lib.categories | {c |
	some fw in lib.frameworks
	some c in object.get(data.settings.frameworkCategories, fw, [])
}

# The categories of the manifest that are listed under settings key `name`.
_matching(name) := {c |
	some c in data.settings[name]
	c in _categories
}

# The categories of the manifest under the settings lists several rules (or their references)
# read. Everything here depends only on llm.lib and data, never on a rule of data.rego: an OPA
# server compiles each file as it is loaded, so helpers.rego must load on its own.
_gov_cats := _matching("govCloudCategories")

_zdr_cats := _matching("zdrCategories")

_no_training_cats := _matching("noTrainingCategories")

_gdpr_special := _matching("gdprSpecialCategories")

# Names as a message lists them, sorted: "a", "a and b", "a, b and c".
_and_list(names) := concat(" and ", sorted) if {
	sorted := sort(names)
	count(sorted) < 3
} else := text if {
	sorted := sort(names)
	last := count(sorted) - 1
	text := sprintf("%s and %s", [concat(", ", array.slice(sorted, 0, last)), sorted[last]])
}

# Where a finding about these categories points: the categories list, or the framework implying them.
_categories_path(cats) := "spec.data.categories" if {
	some c in cats
	c in lib.categories
} else := "spec.compliance.frameworks"

# The provider offers zero data retention at all (by default, or on approval; lib.under_zdr says
# whether a deployment is under it).
_offers_zdr(p) if object.get(p, "zeroDataRetention", "none") in {"approval", "default"}

# Unknown training terms are read as training (fail closed).
_trains(p) if object.get(p, "trainsOnCustomerData", true) != false

_known(m) if count(lib.provider(m)) > 0

# What a message says of a provider the catalog does not know, read as `reading` (fail closed).
_unknown(m, reading) := sprintf("provider %s is not in the catalog (read as %s)", [lib.provider_text(m), reading])

# Why deployment m at provider p is not under zero data retention (undefined when it is).
_zdr_gap(m, p) := _unknown(m, "offering no zero data retention") if {
	not _known(m)
} else := sprintf("%s offers no zero data retention", [lib.provider_text(m)]) if {
	not _offers_zdr(p)
} else := msg if {
	not lib.under_zdr(m, p)
	msg := sprintf(
		"the deployment does not declare zeroDataRetention: true (%s grants zero data retention on approval)",
		[lib.provider_text(m)],
	)
}

# Why provider p may train on the data (undefined when it does not); ZDR does not change it.
_training_gap(m, p) := _unknown(m, "training on customer data") if {
	not _known(m)
} else := sprintf("%s may train models on customer data whatever zeroDataRetention says", [lib.provider_text(m)]) if {
	_trains(p)
}

# The gaps of deployment m for data that needs zero data retention (and, when `training`, no
# training), in a fixed order; one gap for a provider the catalog does not know.
_gaps(m, p, training) := [_unknown(m, "offering no zero data retention and training on customer data")] if {
	not _known(m)
	training == true
} else := [_zdr_gap(m, p)] if {
	not _known(m)
} else := array.concat([g | g := _zdr_gap(m, p)], [g | training; g := _training_gap(m, p)])

_fedramp_rank := {"none": 0, "moderate": 1, "high": 2}

_fedramp_at_least(p, level) if {
	_fedramp_rank[object.get(p, "fedramp", "none")] >= _fedramp_rank[level]
}

# ---------------------------------------------------------------------------------------------
# References (lib.cite): the provider entry of the deployment concerned and the regulation
# articles the case brings in.

# The entry, indexed directly: object.get on data.catalog would build the whole catalog document.
_regulation(key) := entry if {
	entry := data.catalog.regulation[key]
} else := {}

# The manifest's data subjects are where regulation `key` applies (its subjectRegions).
_subjects_in(key) if {
	some r in object.get(_regulation(key), "subjectRegions", [])
	r in lib.subject_regions
}

# Regulation `key` governs one of the data categories `cats` (its dataCategories).
_governs(key, cats) if {
	some c in object.get(_regulation(key), "dataCategories", [])
	c in cats
}

# GDPR articles, cited only when the data subjects are in the EU.
_gdpr_refs(articles) := {lib.regulation_ref("gdpr", a) | _subjects_in("gdpr"); some a in articles}

# A provider the catalog does not know has no entry to cite: its finding rests on the supplier
# requirements nobody recorded (ISO/IEC 42001 A.10).
_supplier_ref := lib.regulation_ref("iso42001", "a10")

_provider_refs(m) := refs if {
	_known(m)
	refs := {lib.provider_ref(m)}
} else := {_supplier_ref}

# The entries a mode finding about every approved provider read.
_approved_refs := refs if {
	refs := {lib.entry_ref(p) | some p in lib.approved_providers}
	count(refs) > 0
} else := {_supplier_ref}

# The regulation articles each rule cites for the case (the rules in data.rego).

# Restricted and confidential data: the organisation's data controls for AI systems.
_classification_ref := lib.regulation_ref("iso42001", "a7")

# GDPR storage limitation for a retention gap, purpose limitation for training (EU subjects).
_confidential_refs(m, p) := {_classification_ref} | _gdpr_refs(_confidential_articles(m, p))

_confidential_articles(m, p) := {a | not lib.under_zdr(m, p); a := "storageLimitation"} | {a |
	_trains(p)
	a := "purposeLimitation"
}

# FedRAMP, and the programme of each category in the case (CUI, CJIS).
_gov_refs contains lib.regulation_ref("fedramp", "levels")

_gov_refs contains r if {
	_governs("cui", _gov_cats)
	r := lib.regulation_ref("cui", "dfars")
}

_gov_refs contains r if {
	_governs("cjis", _gov_cats)
	r := lib.regulation_ref("cjis", "addendum")
}

_zdr_refs contains r if {
	_governs("pciDss", _zdr_cats)
	r := lib.regulation_ref("pciDss", "sad")
}

# GDPR Art. 9 for EU special-category data, HIPAA for health data.
_no_training_refs contains r if {
	count(_gdpr_special & _no_training_cats) > 0
	some r in _gdpr_refs({"specialCategories"})
}

_no_training_refs contains r if {
	_governs("hipaa", _no_training_cats)
	r := lib.regulation_ref("hipaa", "permittedUses")
}

# ---------------------------------------------------------------------------------------------
# What a message says a provider lacks (a provider the catalog does not know: read as lacking it)

_no_baa(m) := _unknown(m, "offering no HIPAA business associate agreement") if {
	not _known(m)
} else := sprintf("%s offers no HIPAA business associate agreement", [lib.provider_text(m)])

# Why provider p runs no government cloud in `region` for deployment m (undefined when it does).
_gov_region_gap(m, p, region) := _unknown(m, "running no government cloud") if {
	not _known(m)
} else := sprintf("%s runs no government cloud in region %s", [lib.provider_text(m), region]) if {
	not region in object.get(p, "govCloudRegions", [])
}

_gov_gap(m, p, region) := _gov_region_gap(m, p, region) if {
	not region in object.get(p, "govCloudRegions", [])
} else := sprintf("%s is authorised only at FedRAMP %s", [lib.provider_text(m), object.get(p, "fedramp", "none")])

_cjis_gap(m, p, region) := _gov_region_gap(m, p, region) if {
	not region in object.get(p, "govCloudRegions", [])
} else := sprintf("%s has no CJIS attestation", [lib.provider_text(m)])

_no_pci(m) := _unknown(m, "outside PCI DSS scope") if {
	not _known(m)
} else := sprintf("%s is not in PCI DSS scope", [lib.provider_text(m)])
