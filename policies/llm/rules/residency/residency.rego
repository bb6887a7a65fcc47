# METADATA
# title: Data residency and cross-border transfer
# description: >-
#   Where each requested deployment processes data against spec.residency (allowedRegions,
#   crossBorderTransfer) and spec.data.subjectRegions: the region must be allowed, a vendor must
#   process data there and serve the customers concerned, its deployment type must keep data in the
#   region unless cross-border transfer is allowed, localisation laws keep data in-region, and EU
#   data going to a region without adequacy needs safeguards. Facts come from data.catalog.regions
#   and data.catalog.providers.
package llm.rules.residency

import data.llm.lib

# crossBorderTransfer governs what a deployment may do beyond its declared region: a deployment
# type without a residency guarantee is a violation when it is `forbidden`, a warning when it is
# `with-safeguards` and fine when it is `allowed`. allowedRegions always bounds the declared regions.

default _regions := {}

_regions := data.catalog.regions

_region(m) := object.get(m, "region", "")

_list(xs) := concat(", ", sort(xs)) if count(xs) > 0

else := "none"

_hosting(m) := object.get(m, "hosting", "(no hosting)")

# ---------------------------------------------------------------------------------------------

# METADATA
# title: Deployment region not in allowedRegions
# description: >-
#   Every requested deployment, self-hosted or vendor, must declare the region where it processes
#   data, and that region must be one of spec.residency.allowedRegions. A missing region fails
#   closed.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
#     description: GDPR Art. 44-46 (transfers to third countries)
#   - ref: https://www.insideprivacy.com/uncategorized/china-eases-restrictions-on-cross-border-data-flows/
#     description: China PIPL Art. 38-40 (cross-border transfer and in-country storage)
# custom:
#   id: LLM-RES-001
#   severity: high
#   remediation: >-
#     Deploy the model in one of allowedRegions (set spec.models[].region), or extend
#     allowedRegions after a transfer assessment.
deny contains f if {
	some [i, m] in lib.requested
	msg := _region_problem(m)
	f := lib.model_finding("LLM-RES-001", i, "region", msg)
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
# related_resources:
#   - ref: https://platform.claude.com/docs/en/build-with-claude/data-residency
#     description: Anthropic API data residency (inference_geo us or global)
#   - ref: https://cloud.google.com/vertex-ai/generative-ai/docs/learn/data-residency
#     description: Vertex AI generative AI data residency
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
#     description: GDPR Art. 44 (general principle for transfers)
# custom:
#   id: LLM-RES-002
#   severity: high
#   remediation: >-
#     Choose a region the provider processes data in, or a provider with processing in the required
#     region (e.g. Amazon Bedrock or Vertex AI EU regions for Claude in the EU), or self-host.
deny contains f if {
	some [i, m] in lib.vendor_models
	region := _region(m)
	region != ""
	regions := {r | some r in object.get(lib.provider(m), "regions", [])}
	not region in regions
	msg := sprintf(
		"Model %s via %s is deployed in region %s, but %s processes data only in: %s.",
		[m.id, lib.provider_text(m), region, lib.provider_text(m), _list(regions)],
	)
	f := lib.model_finding("LLM-RES-002", i, "region", msg)
}

# METADATA
# title: Provider does not serve customers in the region
# description: >-
#   A provider that does not serve customers in a region (provider notServed: OpenAI and Anthropic
#   block China and Russia, for example) cannot be used for a deployment there or for data
#   subjects there. The vendor-api mode is not allowed when no approved provider serves every
#   region in subjectRegions.
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
	f := lib.model_finding("LLM-RES-003", i, "provider", msg)
}

_not_served contains f if {
	count(lib.subject_regions) > 0
	count({id | some id, p in lib.approved_providers; count(_unserved(p, lib.subject_regions)) == 0}) == 0
	msg := sprintf(
		"No approved provider serves customers in every subject region (%s).",
		[_list(lib.subject_regions)],
	)
	f := lib.mode_finding("LLM-RES-003", "vendor-api", "spec.data.subjectRegions", msg)
}

# ---------------------------------------------------------------------------------------------
# Residency kept by a vendor deployment

# The deployment type a vendor deployment uses: declared, else the provider's default.
_deployment_type(m, _) := m.deploymentType

_deployment_type(m, p) := p.defaultDeploymentType if not m.deploymentType

# Why a vendor deployment (model i) does not keep processing in its declared region.
# A declared type the provider does not have is LLM-RES-006's finding, not one of these.
_residency_gaps contains [i, msg] if {
	some [i, m] in lib.vendor_models
	p := lib.provider(m)
	t := _deployment_type(m, p)
	p.deploymentTypes[t].residency == "none"
	msg := sprintf("deployment type %s keeps no residency (processing may happen in any geography)", [t])
}

_residency_gaps contains [i, msg] if {
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
}

_residency_gaps contains [i, msg] if {
	some [i, m] in lib.vendor_models
	p := lib.provider(m)
	p.deploymentTypes
	not _deployment_type(m, p)
	msg := sprintf("it declares no deploymentType and %s has no default, so its residency is unknown", [
		lib.provider_text(m),
	])
}

_residency_gaps contains [i, msg] if {
	some [i, m] in lib.vendor_models
	p := lib.provider(m)
	_region(m) in object.get(p, "residencyRequiresZeroDataRetention", [])
	not lib.under_zdr(m, p)
	msg := sprintf(
		"%s keeps processing in %s only under zero data retention, and this deployment does not declare it",
		[lib.provider_text(m), _region(m)],
	)
}

_residency_problem(i) := concat("; ", sort({g | some [j, g] in _residency_gaps; j == i}))

_gap_models contains i if some [i, _] in _residency_gaps

# METADATA
# title: Deployment without a residency guarantee while cross-border transfer is forbidden
# description: >-
#   With crossBorderTransfer forbidden (the default), a vendor deployment must keep processing in
#   its declared region. Deployment types without a residency guarantee (Azure OpenAI global,
#   Bedrock global profiles, the Vertex global endpoint, the Anthropic API's global inference, the
#   Gemini API), zone types outside their zones, an omitted type where the provider has no default,
#   and OpenAI's Europe residency without ZDR do not. The residency each type keeps is provider
#   data (deploymentTypes).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
#     description: GDPR Art. 44-46 (transfers subject to conditions, appropriate safeguards)
#   - ref: https://docs.aws.amazon.com/bedrock/latest/userguide/cross-region-inference.html
#     description: Amazon Bedrock cross-region inference (geographic and global profiles)
#   - ref: https://cloud.google.com/vertex-ai/generative-ai/docs/learn/data-residency
#     description: Vertex AI data residency (regional, multi-region and global endpoints)
# custom:
#   id: LLM-RES-004
#   severity: high
#   remediation: >-
#     Use a deployment type that keeps processing in the region (Azure standard or data-zone in
#     us/eu, Bedrock regional or a geo profile, Vertex regional), or set crossBorderTransfer to
#     with-safeguards once transfer safeguards (SCCs, DPA, transfer impact assessment) are in place.
deny contains f if {
	lib.cross_border == "forbidden"
	some i in _gap_models
	m := lib.models[i]
	msg := sprintf(
		"Model %s via %s in region %s may process data outside that region, which crossBorderTransfer forbids: %s.",
		[m.id, lib.provider_text(m), _region(m), _residency_problem(i)],
	)
	f := lib.model_finding("LLM-RES-004", i, _gap_field(m), msg)
}

_gap_field(m) := "deploymentType" if lib.provider(m).deploymentTypes

else := "region"

# METADATA
# title: Deployment without a residency guarantee needs transfer safeguards
# description: >-
#   With crossBorderTransfer with-safeguards, a vendor deployment that may process data outside its
#   declared region is acceptable only under transfer safeguards (SCCs or another Art. 46
#   mechanism, a DPA with the provider and a transfer impact assessment), which the manifest cannot
#   record: a warning.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
#     description: GDPR Art. 46 (appropriate safeguards) and Art. 28 (processor contracts)
# custom:
#   id: LLM-RES-005
#   severity: medium
#   remediation: >-
#     Confirm SCCs (or another Art. 46 mechanism), a DPA and a transfer impact assessment cover the
#     provider's processing locations, or use a deployment type that keeps processing in the region.
warn contains f if {
	lib.cross_border == "with-safeguards"
	some i in _gap_models
	m := lib.models[i]
	msg := sprintf(
		"Model %s via %s in region %s may process data outside that region (%s); transfer safeguards are needed.",
		[m.id, lib.provider_text(m), _region(m), _residency_problem(i)],
	)
	f := lib.model_finding("LLM-RES-005", i, _gap_field(m), msg)
}

# METADATA
# title: Deployment type the provider does not offer
# description: >-
#   A vendor deployment's deploymentType must be one of the provider's deployment types
#   (deploymentTypes in data.catalog.providers); an unknown type has no known residency, so it
#   fails closed whatever crossBorderTransfer says.
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock/latest/userguide/cross-region-inference.html
#     description: Amazon Bedrock inference profiles
#   - ref: https://learn.microsoft.com/en-us/legal/cognitive-services/openai/data-privacy
#     description: Azure OpenAI data, privacy and deployment types
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
	f := lib.model_finding("LLM-RES-006", i, "deploymentType", msg)
}

# ---------------------------------------------------------------------------------------------
# Localisation

# Subject regions whose law keeps this project's data in the region (localisation, or a sector
# rule for one of the data categories).
_localised contains r if {
	some r in lib.subject_regions
	_regions[r].localisation == true
}

_localised contains r if {
	some r in lib.subject_regions
	some c in object.get(_regions[r], "localisedCategories", [])
	c in lib.categories
}

_serves_in(p, r) if {
	r in object.get(p, "regions", [])
	not r in object.get(p, "notServed", [])
}

# METADATA
# title: Localisation law keeps the data in the subjects' region
# description: >-
#   Personal data of people in a region with a localisation law (catalog region localisation:
#   Russia, China under the stricter PIPL reading; localisedCategories: payment-card data in India)
#   must be processed in that region: every requested deployment must run there. Both modes are
#   not allowed when the region is missing from allowedRegions, and the vendor-api mode is not
#   allowed when no approved provider processes data there and serves it.
# related_resources:
#   - ref: "https://b1.ru/en/insights/law-messenger/\
#       localization-of-personal-data-of-russian-citizens-6-march-2025/"
#     description: Russia 152-FZ Art. 18(5) / 242-FZ localisation (23-FZ from 2025-07-01)
#   - ref: https://securiti.ai/china-personal-information-protection-law-overview/
#     description: China PIPL Art. 38-40 (security assessment, in-country storage)
#   - ref: https://ksandk.com/data-protection-and-data-privacy/indias-new-cross-border-data-transfer-framework
#     description: India DPDP Act s.16 and the RBI 2018 payment data storage directive
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
	f := lib.model_finding("LLM-RES-007", i, "region", msg)
}

_localisation contains f if {
	some r in _localised
	not r in lib.allowed_regions
	some mode in ["self-hosted", "vendor-api"]
	msg := sprintf("Data of subjects in %s must be processed in %s, which is not in allowedRegions (%s).", [
		r, r,
		_list(lib.allowed_regions),
	])
	f := lib.mode_finding("LLM-RES-007", mode, "spec.residency.allowedRegions", msg)
}

_localisation contains f if {
	some r in _localised
	count({id | some id, p in lib.approved_providers; _serves_in(p, r)}) == 0
	msg := sprintf(
		"Data of subjects in %s must be processed in %s, and no approved provider processes data there and serves it.",
		[r, r],
	)
	f := lib.mode_finding("LLM-RES-007", "vendor-api", "spec.data.subjectRegions", msg)
}

# METADATA
# title: No provider processes data in any allowed region
# description: >-
#   The vendor-api mode is not allowed when no approved catalog provider processes data in any of
#   allowedRegions (computed from the provider catalog, e.g. allowedRegions [ru]).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
#     description: GDPR Art. 44 (general principle for transfers)
# custom:
#   id: LLM-RES-008
#   severity: high
#   remediation: Self-host in an allowed region, or extend allowedRegions after a transfer assessment.
deny contains f if {
	count({id | some id, p in lib.approved_providers; some r in p.regions; r in lib.allowed_regions}) == 0
	msg := sprintf(
		"No approved provider processes data in any allowed region (%s).",
		[_list(lib.allowed_regions)],
	)
	f := lib.mode_finding("LLM-RES-008", "vendor-api", "spec.residency.allowedRegions", msg)
}

# METADATA
# title: Unknown region code
# description: >-
#   Region codes must be keys of data.catalog.regions. The schema rejects unknown codes first; if
#   one reaches the policies anyway no residency fact about it is known, so the policies fail
#   closed: an unknown code in allowedRegions or subjectRegions fails the project, one in a model's
#   region fails that model.
# related_resources:
#   - ref: "https://commission.europa.eu/law/law-topic/data-protection/\
#       international-dimension-data-protection/adequacy-decisions_en"
#     description: EU adequacy decisions (GDPR Art. 45)
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
	f := lib.project_finding("LLM-RES-009", path, msg)
}

_unknown_regions contains f if {
	some [i, m] in lib.requested
	r := _region(m)
	r != ""
	not _regions[r]
	msg := sprintf("Model %s declares region %s, which is not in the region catalog.", [m.id, r])
	f := lib.model_finding("LLM-RES-009", i, "region", msg)
}

_section("allowedRegions") := "residency"

_section("subjectRegions") := "data"

# METADATA
# title: EU personal data processed in a region without EU adequacy
# description: >-
#   When GDPR data subjects are in scope (settings gdprSubjectRegions in subjectRegions) and a
#   deployment runs in a region that is neither one of them nor covered by an EU adequacy decision
#   (catalog region euAdequate; the US counts only through a provider's DPF self-certification),
#   the transfer needs Art. 46 safeguards and a transfer impact assessment. The region is allowed
#   by the manifest, so this is a warning.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
#     description: GDPR Art. 45 (adequacy) and Art. 46 (appropriate safeguards)
#   - ref: https://eur-lex.europa.eu/eli/dec_impl/2023/1795/oj
#     description: EU-US Data Privacy Framework adequacy decision (self-certified organisations)
# custom:
#   id: LLM-RES-010
#   severity: medium
#   remediation: >-
#     Put SCCs (Decision 2021/914) and a transfer impact assessment in place, confirm the provider's
#     DPF certification for the US, or deploy in the EU or an adequate region.
warn contains f if {
	gdpr_regions := {r | some r in data.settings.gdprSubjectRegions; r in lib.subject_regions}
	count(gdpr_regions) > 0
	some [i, m] in lib.requested
	r := _region(m)
	_regions[r]
	not r in gdpr_regions
	object.get(_regions[r], "euAdequate", false) != true
	msg := sprintf(
		"Model %s (%s) processes data of subjects in %s in region %s, which has no EU adequacy decision.",
		[m.id, _hosting(m), _list(gdpr_regions), r],
	)
	f := lib.model_finding("LLM-RES-010", i, "region", msg)
}
