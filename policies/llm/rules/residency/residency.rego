# METADATA
# title: Data residency and cross-border transfer
# description: >-
#   Where each requested deployment processes data against spec.residency and the data subjects'
#   laws: allowed region, a provider processing and serving there, a deployment type keeping data
#   in the region, localisation, and adequacy under each subject law's own list (GDPR, UK GDPR,
#   FADP, PIPL, 152-FZ). Facts: data.catalog.regions, .providers and .regulation.
package llm.rules.residency

import data.llm.lib

default _regions := {}

_regions := data.catalog.regions

_region(m) := object.get(m, "region", "")

_list(xs) := concat(", ", sort(xs)) if count(xs) > 0

else := "none"

_hosting(m) := object.get(m, "hosting", "(no hosting)")

default _regulation := {}

_regulation := data.catalog.regulation

# "a", "a or b", "a, b or c" (sorted).
_or_list(xs) := concat(" or ", [concat(", ", array.slice(s, 0, count(s) - 1)), s[count(s) - 1]]) if {
	s := sort(xs)
	count(s) > 1
} else := concat("", sort(xs))

# Jurisdiction: the laws (regulation entries with residencyObligations) the data subjects bring in.
# A law's regions: subjectRegions and the settings list subjectRegionsSetting names (GDPR's, also
# read by LLM-DATA-012). It counts once an obligation applies (lib.applies) and cites the latest.

_home(key) := {r | some r in object.get(_regulation[key], "subjectRegions", [])} | _setting_regions(key)

_setting_regions(key) := regions if {
	name := _regulation[key].subjectRegionsSetting
	regions := {r | some r in object.get(data.settings, name, [])}
} else := set()

_applying(key) := [o | some o in _regulation[key].residencyObligations; lib.applies(key, o)]

# Law key -> the manifest's subject regions it covers.
_subject_laws[key] := regions if {
	count(lib.subject_regions) > 0 # most manifests name no subjects: skip every law at once
	some key, entry in _regulation
	is_array(entry.residencyObligations)
	regions := _home(key) & lib.subject_regions
	count(regions) > 0
	count(_applying(key)) > 0
}

_law_ref(key) := lib.regulation_ref(key, applying[count(applying) - 1]) if applying := _applying(key)

_law_name(key) := object.get(_regulation[key], "name", key)

# References of the subjects' laws that restrict transfers (an adequacy list; DPDP has none).
_law_refs contains ref if {
	some key, _ in _subject_laws
	is_array(_regulation[key].adequateRegions)
	ref := _law_ref(key)
}

# References of the laws of the subjects in `regions`.
_laws_of(regions) := {_law_ref(key) | some key, covered in _subject_laws; count(covered & regions) > 0}

# References (lib.cite): a vendor deployment's provider entry and the subjects' laws, else the
# model's catalog entry, else NIST AI RMF MAP 1 (deployment constraints): always something.

_provider_refs(m) := {lib.provider_ref(m)} if count(lib.provider(m)) > 0

else := set()

_model_refs(m) := {lib.entry_ref(lib.catalog_model(m))} if lib.catalog_model(m)

else := set()

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

# In-region alternatives: a type of the same provider, or another approved provider serving the
# model, that processes in the region and keeps processing there (provider facts).

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
_elsewhere(m) := sprintf("use %s through %s in %s", [m.id, _or_list(alternatives), _region(m)]) if {
	alternatives := _alternatives(m)
	count(alternatives) > 0
} else := sprintf("self-host %s in %s", [m.id, _region(m)])

_serves_in(p, r) if {
	r in object.get(p, "regions", [])
	not r in object.get(p, "notServed", [])
}

# METADATA
# title: Deployment region not in allowedRegions
# description: >-
#   Every requested deployment must declare the region where it processes data, one of
#   spec.residency.allowedRegions (a missing region fails closed). A finding cites the provider and
#   the transfer law of each data subject region.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
#     description: GDPR Art. 44-46 (transfers to third countries)
#   - ref: "https://ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/online-safety-and-data-protection/\
#       content-moderation-and-data-protection/\
#       what-do-we-need-to-consider-if-we-transfer-people-s-personal-information-outside-the-uk/"
#     description: UK GDPR Art. 44-46 (restricted transfers)
#   - ref: https://www.bj.admin.ch/bj/en/home/staat/datenschutz/internationales/anerkennung-staaten.html
#     description: Swiss FADP Art. 16-17 (disclosure abroad)
#   - ref: https://www.insideprivacy.com/uncategorized/china-eases-restrictions-on-cross-border-data-flows/
#     description: China PIPL Art. 38-40 (cross-border transfer and in-country storage)
#   - ref: "https://b1.ru/en/insights/law-messenger/localization-of-personal-data-of-russian-citizens-6-march-2025/"
#     description: Russia 152-FZ Art. 18(5) (localisation)
#   - ref: https://www.nist.gov/itl/ai-risk-management-framework
#     description: NIST AI RMF MAP 1 (context and deployment constraints), where no law or entry applies
# custom:
#   id: LLM-RES-001
#   severity: high
#   remediation: >-
#     Deploy the model in one of allowedRegions (set spec.models[].region), or extend
#     allowedRegions after a transfer assessment.
deny contains f if {
	some [i, m] in lib.requested
	msg := _region_problem(m)
	f := lib.cite(lib.model_finding("LLM-RES-001", i, "region", msg), _refs(m, _law_refs))
}

_region_problem(m) := sprintf("Model %s (%s) declares no region, so where it processes data is unknown.", [
	m.id,
	_hosting(m),
]) if {
	_region(m) == ""
} else := msg if {
	not _region(m) in lib.allowed_regions
	msg := sprintf(
		"Model %s (%s) runs in region %s, which is not in allowedRegions (%s).",
		[m.id, _hosting(m), _region(m), _list(lib.allowed_regions)],
	)
}

# METADATA
# title: Provider does not process data in the deployment's region
# description: >-
#   A vendor deployment's region must be one where the provider processes customer data
#   (provider regions in data.catalog.providers), e.g. the Anthropic API processes in the US only
#   and OpenAI in the US and (with ZDR) Europe. An unknown provider processes nowhere (fail closed).
#   The message names the approved providers that serve the model in the region, from the catalog.
# related_resources:
#   - ref: https://platform.claude.com/docs/en/build-with-claude/data-residency
#     description: Anthropic API data residency (inference_geo us or global)
#   - ref: https://cloud.google.com/vertex-ai/generative-ai/docs/learn/data-residency
#     description: Vertex AI generative AI data residency
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
#     description: GDPR Art. 44-46 (transfers to third countries)
#   - ref: "https://ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/online-safety-and-data-protection/\
#       content-moderation-and-data-protection/\
#       what-do-we-need-to-consider-if-we-transfer-people-s-personal-information-outside-the-uk/"
#     description: UK GDPR Art. 44-46 (restricted transfers)
#   - ref: https://www.bj.admin.ch/bj/en/home/staat/datenschutz/internationales/anerkennung-staaten.html
#     description: Swiss FADP Art. 16-17 (disclosure abroad)
#   - ref: https://www.insideprivacy.com/uncategorized/china-eases-restrictions-on-cross-border-data-flows/
#     description: China PIPL Art. 38-40 (cross-border transfer and in-country storage)
#   - ref: "https://b1.ru/en/insights/law-messenger/localization-of-personal-data-of-russian-citizens-6-march-2025/"
#     description: Russia 152-FZ Art. 18(5) (localisation)
#   - ref: https://www.nist.gov/itl/ai-risk-management-framework
#     description: NIST AI RMF MAP 1 (context and deployment constraints), where no law or entry applies
# custom:
#   id: LLM-RES-002
#   severity: high
#   remediation: >-
#     Choose a region the provider processes data in, or a provider with processing in the required
#     region (the message names them, e.g. Amazon Bedrock or Vertex AI EU regions for Claude in the
#     EU), or self-host.
deny contains f if {
	some [i, m] in lib.vendor_models
	region := _region(m)
	region != ""
	regions := {r | some r in object.get(lib.provider(m), "regions", [])}
	not region in regions
	msg := sprintf(
		"Model %s via %s is deployed in region %s, but %s processes data only in: %s; %s.",
		[m.id, lib.provider_text(m), region, lib.provider_text(m), _list(regions), _elsewhere(m)],
	)
	f := lib.cite(lib.model_finding("LLM-RES-002", i, "region", msg), _refs(m, _law_refs))
}

# METADATA
# title: Provider does not serve customers in the region
# description: >-
#   A provider that does not serve customers in a region (notServed: OpenAI and Anthropic block
#   China and Russia) cannot be used for a deployment or data subjects there; the vendor-api mode
#   needs an approved provider serving every subject region. A finding cites the providers weighed.
# related_resources:
#   - ref: https://www.theregister.com/2024/06/25/openai_unsupported_countries/
#     description: OpenAI blocks API traffic from unsupported countries (2024-07-09)
#   - ref: https://www.trtworld.com/article/77e3fbf4b9e4
#     description: Anthropic restriction on unsupported regions and ownership
# custom:
#   id: LLM-RES-003
#   severity: high
#   remediation: >-
#     Use a provider that serves the region, or self-host in the region (required anyway where
#     personal data must be localised, e.g. Russia or China).
deny contains f if {
	some f in _not_served
}

_unserved(p, regions) := {r |
	some r in regions
	r in object.get(p, "notServed", [])
}

_not_served contains f if {
	some [i, m] in lib.vendor_models
	wanted := lib.subject_regions | {r | r := _region(m); r != ""}
	bad := _unserved(lib.provider(m), wanted)
	count(bad) > 0
	msg := sprintf(
		"Model %s via %s concerns region(s) %s, whose customers %s does not serve.",
		[m.id, lib.provider_text(m), _list(bad), lib.provider_text(m)],
	)
	f := lib.cite(lib.model_finding("LLM-RES-003", i, "provider", msg), _provider_refs(m))
}

_not_served contains f if {
	count(lib.subject_regions) > 0
	count({id | some id, p in lib.approved_providers; count(_unserved(p, lib.subject_regions)) == 0}) == 0
	msg := sprintf(
		"No approved provider serves customers in every subject region (%s).",
		[_list(lib.subject_regions)],
	)
	g := lib.mode_finding("LLM-RES-003", "vendor-api", "spec.data.subjectRegions", msg)
	f := lib.cite(g, _approved_refs)
}

# The deployment type a vendor deployment uses: declared, else the provider's default.
_deployment_type(m, _) := m.deploymentType

_deployment_type(m, p) := p.defaultDeploymentType if not m.deploymentType

# [i, problem, fix]: why vendor deployment i does not keep processing in its region, and what
# would (a fix only for a gap). A type the provider does not have is LLM-RES-006's finding.
_residency_gaps contains [i, msg, fix] if {
	some [i, m] in lib.vendor_models
	p := lib.provider(m)
	t := _deployment_type(m, p)
	p.deploymentTypes[t].residency == "none"
	msg := sprintf("deployment type %s keeps no residency (processing may happen in any geography)", [t])
	fix := _type_fix(m, p)
}

_residency_gaps contains [i, msg, fix] if {
	some [i, m] in lib.vendor_models
	p := lib.provider(m)
	t := _deployment_type(m, p)
	type := p.deploymentTypes[t]
	type.residency == "zone"
	not _region(m) in object.get(type, "zones", [])
	msg := sprintf(
		"deployment type %s keeps processing inside a zone only for %s, not %s",
		[t, _list({z | some z in object.get(type, "zones", [])}), _region(m)],
	)
	fix := _type_fix(m, p)
}

_residency_gaps contains [i, msg, fix] if {
	some [i, m] in lib.vendor_models
	p := lib.provider(m)
	p.deploymentTypes
	not _deployment_type(m, p)
	msg := sprintf("it declares no deploymentType and %s has no default, so its residency is unknown", [
		lib.provider_text(m),
	])
	fix := _type_fix(m, p)
}

_residency_gaps contains [i, msg, fix] if {
	some [i, m] in lib.vendor_models
	p := lib.provider(m)
	_region(m) in object.get(p, "residencyRequiresZeroDataRetention", [])
	not lib.under_zdr(m, p)
	msg := sprintf(
		"%s keeps processing in %s only under zero data retention, and this deployment does not declare it",
		[lib.provider_text(m), _region(m)],
	)
	name := object.get(p, "name", lib.provider_text(m))
	fix := sprintf("obtain zero data retention from %s and set zeroDataRetention: true", [name])
}

# The fix: a type of the same provider that keeps processing there, else another provider or self-hosting.
_type_fix(m, p) := sprintf("set deploymentType to %s", [_or_list(types)]) if {
	_serves_in(p, _region(m))
	types := _keeping_types(p, _region(m))
	count(types) > 0
} else := _elsewhere(m)

_residency_problem(i) := concat("; ", sort({g | some [j, g, _] in _residency_gaps; j == i}))

_residency_fix(i) := concat(" and ", sort({x | some [j, _, x] in _residency_gaps; j == i}))

_gap_models contains i if some [i, _, _] in _residency_gaps

# METADATA
# title: Deployment without a residency guarantee while cross-border transfer is forbidden
# description: >-
#   With crossBorderTransfer forbidden (the default), a vendor deployment must keep processing in
#   its region: not a type without residency (Azure global, Bedrock global, Vertex global, the
#   Anthropic API, the Gemini API), a zone type outside its zones, an omitted type without default,
#   or OpenAI's non-US residency without ZDR. The message's fix comes from provider data too: ZDR,
#   else a type of the provider that keeps processing there, else another approved provider serving
#   the model there (Claude through Bedrock or Vertex AI), else self-hosting.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
#     description: GDPR Art. 44-46 (transfers subject to conditions, appropriate safeguards)
#   - ref: "https://ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/online-safety-and-data-protection/\
#       content-moderation-and-data-protection/\
#       what-do-we-need-to-consider-if-we-transfer-people-s-personal-information-outside-the-uk/"
#     description: UK GDPR Art. 44-46 (restricted transfers)
#   - ref: https://www.bj.admin.ch/bj/en/home/staat/datenschutz/internationales/anerkennung-staaten.html
#     description: Swiss FADP Art. 16-17 (disclosure abroad)
#   - ref: https://www.insideprivacy.com/uncategorized/china-eases-restrictions-on-cross-border-data-flows/
#     description: China PIPL Art. 38-40 (cross-border transfer and in-country storage)
#   - ref: "https://b1.ru/en/insights/law-messenger/localization-of-personal-data-of-russian-citizens-6-march-2025/"
#     description: Russia 152-FZ Art. 18(5) (localisation)
#   - ref: https://docs.aws.amazon.com/bedrock/latest/userguide/cross-region-inference.html
#     description: Amazon Bedrock cross-region inference (geographic and global profiles)
#   - ref: https://cloud.google.com/vertex-ai/generative-ai/docs/learn/data-residency
#     description: Vertex AI data residency (regional, multi-region and global endpoints)
# custom:
#   id: LLM-RES-004
#   severity: high
#   remediation: >-
#     Do what the message names (zero data retention with zeroDataRetention: true, a deployment type
#     or provider that keeps processing in the region, or self-hosting), or set crossBorderTransfer
#     to with-safeguards once SCCs, a DPA and a transfer impact assessment are in place.
deny contains f if {
	lib.cross_border == "forbidden"
	some i in _gap_models
	m := lib.models[i]
	msg := sprintf(
		concat("", [
			"Model %s via %s in region %s may process data outside that region, which crossBorderTransfer ",
			"forbids: %s; to keep it there, %s.",
		]),
		[m.id, lib.provider_text(m), _region(m), _residency_problem(i), _residency_fix(i)],
	)
	f := lib.cite(lib.model_finding("LLM-RES-004", i, _gap_field(m), msg), _provider_refs(m) | _law_refs)
}

_gap_field(m) := "deploymentType" if lib.provider(m).deploymentTypes

else := "region"

# METADATA
# title: Deployment without a residency guarantee needs transfer safeguards
# description: >-
#   With crossBorderTransfer with-safeguards, a vendor deployment that may process data outside its
#   declared region is acceptable only under transfer safeguards (SCCs or another Art. 46
#   mechanism, a DPA with the provider and a transfer impact assessment), which the manifest cannot
#   record: a warning. The message names what would keep processing in the region instead, as for
#   LLM-RES-004.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
#     description: GDPR Art. 44-46 (appropriate safeguards) and Art. 28 (processor contracts)
#   - ref: "https://ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/online-safety-and-data-protection/\
#       content-moderation-and-data-protection/\
#       what-do-we-need-to-consider-if-we-transfer-people-s-personal-information-outside-the-uk/"
#     description: UK GDPR Art. 44-46 (IDTA or UK Addendum)
#   - ref: https://www.bj.admin.ch/bj/en/home/staat/datenschutz/internationales/anerkennung-staaten.html
#     description: Swiss FADP Art. 16-17 (disclosure abroad)
#   - ref: https://www.insideprivacy.com/uncategorized/china-eases-restrictions-on-cross-border-data-flows/
#     description: China PIPL Art. 38-40 (cross-border transfer mechanisms)
#   - ref: "https://b1.ru/en/insights/law-messenger/localization-of-personal-data-of-russian-citizens-6-march-2025/"
#     description: Russia 152-FZ Art. 18(5) (localisation)
# custom:
#   id: LLM-RES-005
#   severity: medium
#   remediation: >-
#     Confirm SCCs (or another Art. 46 mechanism), a DPA and a transfer impact assessment cover the
#     provider's processing locations, or do what the message names to keep processing in the region.
warn contains f if {
	lib.cross_border == "with-safeguards"
	some i in _gap_models
	m := lib.models[i]
	msg := sprintf(
		concat("", [
			"Model %s via %s in region %s may process data outside that region (%s), so transfer safeguards ",
			"are needed unless you %s.",
		]),
		[m.id, lib.provider_text(m), _region(m), _residency_problem(i), _residency_fix(i)],
	)
	f := lib.cite(lib.model_finding("LLM-RES-005", i, _gap_field(m), msg), _provider_refs(m) | _law_refs)
}

# METADATA
# title: Deployment type the provider does not offer
# description: >-
#   A vendor deployment's deploymentType must be one of the provider's deploymentTypes: an unknown
#   type has no known residency, so it fails closed whatever crossBorderTransfer says.
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock/latest/userguide/cross-region-inference.html
#     description: Amazon Bedrock inference profiles
#   - ref: https://learn.microsoft.com/en-us/legal/cognitive-services/openai/data-privacy
#     description: Azure OpenAI data, privacy and deployment types
#   - ref: https://www.nist.gov/itl/ai-risk-management-framework
#     description: NIST AI RMF MAP 1 (context and deployment constraints), where no law or entry applies
# custom:
#   id: LLM-RES-006
#   severity: high
#   remediation: >-
#     Use one of the provider's deployment types (azure-openai: standard, data-zone, global;
#     aws-bedrock: regional, geo, global; google-vertex: regional, multi-region, global), or omit it
#     where the provider has a default.
deny contains f if {
	some [i, m] in lib.vendor_models
	t := m.deploymentType
	types := object.get(lib.provider(m), "deploymentTypes", {})
	not types[t]
	msg := sprintf(
		"Model %s via %s declares deploymentType %s, which %s does not offer (known: %s).",
		[m.id, lib.provider_text(m), t, lib.provider_text(m), _list(object.keys(types))],
	)
	f := lib.cite(lib.model_finding("LLM-RES-006", i, "deploymentType", msg), _refs(m, set()))
}

# Subject regions whose law keeps this project's data in the region (localisation, or a sector rule
# for a data category), once that law applies (no catalog law for the region: always, fail closed).
_localised contains r if {
	some r in _localising
	_law_applies_in(r)
}

_localising contains r if {
	some r in lib.subject_regions
	_regions[r].localisation == true
}

_localising contains r if {
	some r in lib.subject_regions
	some c in object.get(_regions[r], "localisedCategories", [])
	c in lib.categories
}

_law_applies_in(r) if count(_laws_of({r})) > 0

_law_applies_in(r) if {
	count({key | some key, entry in _regulation; is_array(entry.residencyObligations); r in _home(key)}) == 0
}

# METADATA
# title: Localisation law keeps the data in the subjects' region
# description: >-
#   Personal data of people in a region with a localisation law (region localisation: Russia, China
#   under the stricter PIPL reading; localisedCategories: payment-card data in India) must be
#   processed there: every deployment must run there, the region must be allowed, and the vendor-api
#   mode needs an approved provider processing there. Each law applies from its catalog date
#   (152-FZ from 2015-09-01, cited as amended by 23-FZ from 2025-07-01; PIPL from 2021-11-01).
# related_resources:
#   - ref: "https://b1.ru/en/insights/law-messenger/localization-of-personal-data-of-russian-citizens-6-march-2025/"
#     description: Russia 152-FZ Art. 18(5) / 242-FZ localisation (23-FZ from 2025-07-01)
#   - ref: https://www.insideprivacy.com/uncategorized/china-eases-restrictions-on-cross-border-data-flows/
#     description: China PIPL Art. 38-40 (security assessment, in-country storage)
#   - ref: https://ksandk.com/data-protection-and-data-privacy/indias-new-cross-border-data-transfer-framework
#     description: India DPDP Act s.16 and the RBI 2018 payment data storage directive
#   - ref: https://www.nist.gov/itl/ai-risk-management-framework
#     description: NIST AI RMF MAP 1 (context and deployment constraints), where no law or entry applies
# custom:
#   id: LLM-RES-007
#   severity: high
#   remediation: >-
#     Self-host the model in the subjects' region (add it to allowedRegions and set the model's
#     region), or keep those data subjects out of the project.
deny contains f if {
	some f in _localisation
}

_localisation contains f if {
	some r in _localised
	some [i, m] in lib.requested
	_region(m) != r
	msg := sprintf(
		"Model %s (%s) runs in region %s, but data of subjects in %s must be processed in %s.",
		[m.id, _hosting(m), _region(m), r, r],
	)
	f := lib.cite(lib.model_finding("LLM-RES-007", i, "region", msg), _refs(m, _laws_of({r})))
}

_localisation contains f if {
	some r in _localised
	not r in lib.allowed_regions
	some mode in ["self-hosted", "vendor-api"]
	msg := sprintf("Data of subjects in %s must be processed in %s, which is not in allowedRegions (%s).", [
		r, r,
		_list(lib.allowed_regions),
	])
	refs := _mode_refs(r)
	f := lib.cite(lib.mode_finding("LLM-RES-007", mode, "spec.residency.allowedRegions", msg), refs)
}

_localisation contains f if {
	some r in _localised
	count({id | some id, p in lib.approved_providers; _serves_in(p, r)}) == 0
	msg := sprintf(
		"Data of subjects in %s must be processed in %s, and no approved provider processes data there and serves it.",
		[r, r],
	)
	refs := _mode_refs(r)
	f := lib.cite(lib.mode_finding("LLM-RES-007", "vendor-api", "spec.data.subjectRegions", msg), refs)
}

# A localisation mode finding cites the law, else (an overlay's region) what it weighed.
_mode_refs(r) := _laws_of({r}) if count(_laws_of({r})) > 0

else := _approved_refs if {
	count(_approved_refs) > 0
} else := _deployment_refs

# Every region an approved provider processes data in (one intersection, not a test per region).
_approved_regions contains r if {
	some p in lib.approved_providers
	some r in p.regions
}

# METADATA
# title: No provider processes data in any allowed region
# description: >-
#   The vendor-api mode is not allowed when no approved catalog provider processes data in any of
#   allowedRegions (e.g. allowedRegions [ru]). A finding cites the provider entries it weighed.
# custom:
#   id: LLM-RES-008
#   severity: high
#   remediation: Self-host in an allowed region, or extend allowedRegions after a transfer assessment.
deny contains f if {
	count(_approved_regions & lib.allowed_regions) == 0
	msg := sprintf(
		"No approved provider processes data in any allowed region (%s).",
		[_list(lib.allowed_regions)],
	)
	g := lib.mode_finding("LLM-RES-008", "vendor-api", "spec.residency.allowedRegions", msg)
	f := lib.cite(g, _approved_refs)
}

# METADATA
# title: Unknown region code
# description: >-
#   Region codes must be keys of data.catalog.regions. The schema rejects unknown codes first; if
#   one reaches the policies anyway no residency fact about it is known, so the policies fail
#   closed: an unknown code in allowedRegions or subjectRegions fails the project, one in a model's
#   region fails that model. A finding cites the deployments concerned.
# related_resources:
#   - ref: https://www.nist.gov/itl/ai-risk-management-framework
#     description: NIST AI RMF MAP 1 (context and deployment constraints), where no law or entry applies
# custom:
#   id: LLM-RES-009
#   severity: high
#   remediation: >-
#     Use a region code from the catalog (llm-policy models lists them), or add the region to the
#     catalog by overlay.
deny contains f if {
	some f in _unknown_regions
}

_unknown_regions contains f if {
	some [field, codes] in [["allowedRegions", lib.allowed_regions], ["subjectRegions", lib.subject_regions]]
	some r in codes
	not _regions[r]
	path := sprintf("spec.%s.%s", [_section(field), field])
	msg := sprintf("Region code %s in %s is not in the region catalog.", [r, field])
	f := lib.cite(lib.project_finding("LLM-RES-009", path, msg), _deployment_refs)
}

_unknown_regions contains f if {
	some [i, m] in lib.requested
	r := _region(m)
	r != ""
	not _regions[r]
	msg := sprintf("Model %s declares region %s, which is not in the region catalog.", [m.id, r])
	f := lib.cite(lib.model_finding("LLM-RES-009", i, "region", msg), _refs(m, set()))
}

# Every requested deployment's own entry, else the deployment-constraint function.
_deployment_refs := refs if {
	refs := {ref | some [_, m] in lib.requested; some ref in _refs(m, set())}
	count(refs) > 0
} else := {lib.regulation_ref("nistAiRmf", "map1")}

_section("allowedRegions") := "residency"

_section("subjectRegions") := "data"

# METADATA
# title: Personal data processed in a region without adequacy under the subjects' law
# description: >-
#   For each subject law with an adequacy list (regulation adequateRegions: GDPR, UK GDPR, FADP,
#   PIPL, 152-FZ) in force on the as-of day, a deployment in a region neither the law's own nor on
#   its list needs the law's safeguards (transferSafeguards: SCCs and a TIA for GDPR, the IDTA or
#   UK Addendum and a TRA for UK GDPR, FDPIC-recognised clauses for the FADP); a region adequate
#   for certified recipients only (the US under the DPF) is not on the list and the message names
#   the certification. Localised subjects are LLM-RES-007's. The region is allowed: a warning.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
#     description: GDPR Art. 44-46 (adequacy and appropriate safeguards)
#   - ref: https://eur-lex.europa.eu/eli/dec_impl/2023/1795/oj
#     description: EU-US Data Privacy Framework adequacy decision (self-certified organisations)
#   - ref: "https://ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/online-safety-and-data-protection/\
#       content-moderation-and-data-protection/\
#       what-do-we-need-to-consider-if-we-transfer-people-s-personal-information-outside-the-uk/"
#     description: UK GDPR Art. 44-46 (adequacy regulations, IDTA or UK Addendum)
#   - ref: https://www.bj.admin.ch/bj/en/home/staat/datenschutz/internationales/anerkennung-staaten.html
#     description: Swiss FADP Art. 16-17 and Annex 1 DPO (adequate states)
#   - ref: https://www.insideprivacy.com/uncategorized/china-eases-restrictions-on-cross-border-data-flows/
#     description: China PIPL Art. 38-40 (cross-border transfer mechanisms)
#   - ref: "https://b1.ru/en/insights/law-messenger/localization-of-personal-data-of-russian-citizens-6-march-2025/"
#     description: Russia 152-FZ (localisation and transfers)
# custom:
#   id: LLM-RES-010
#   severity: medium
#   remediation: >-
#     Put the safeguards the message names in place (GDPR: SCCs and a TIA; UK GDPR: the IDTA or UK
#     Addendum and a TRA; FADP: FDPIC-recognised clauses), rely on a certified recipient's
#     certification where the law recognises it, or deploy in the law's own or an adequate region.
warn contains f if {
	some key, subjects in _subject_laws
	entry := _regulation[key]
	is_array(entry.adequateRegions)
	open := subjects - _localised
	count(open) > 0
	some [i, m] in lib.requested
	r := _region(m)
	_regions[r]
	not r in _home(key)
	not r in entry.adequateRegions
	msg := sprintf(
		"Model %s (%s) processes data of subjects in %s in region %s, which has no adequacy under %s: %s.",
		[m.id, _hosting(m), _list(open), r, _law_name(key), _transfer_fix(key, r)],
	)
	refs := {_law_ref(key)} | _certification_refs(key, r)
	f := lib.cite(lib.model_finding("LLM-RES-010", i, "region", msg), refs)
}

_transfer_fix(key, r) := sprintf("put %s in place%s, or deploy in %s", [
	_safeguards(key),
	_certification_text(key, r),
	_or_list(_home(key) | {a | some a in _regulation[key].adequateRegions}),
])

_safeguards(key) := _regulation[key].transferSafeguards if is_string(_regulation[key].transferSafeguards)

else := sprintf("the transfer safeguards %s requires", [_law_name(key)])

# certifiedAdequacy (region -> {text, regulation}): the certification, and the framework's entry.
_certification_text(key, r) := sprintf(", rely on %s", [_regulation[key].certifiedAdequacy[r].text]) if {
	is_string(_regulation[key].certifiedAdequacy[r].text)
} else := ""

_certification_refs(key, r) := {lib.regulation_ref(framework, "adequacy")} if {
	framework := _regulation[key].certifiedAdequacy[r].regulation
	is_string(framework)
} else := set()
