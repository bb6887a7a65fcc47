# METADATA
# title: Data classification and special categories
# description: >-
#   What the manifest's data (spec.data.classification and categories, plus the categories its
#   compliance frameworks imply) allows a vendor API to receive: restricted data never, confidential
#   data under zero data retention without training, and the sector rules for health, export-
#   controlled, government CUI, criminal-justice, payment-card, secret and GDPR special-category
#   data. Self-hosting on the organisation's own infrastructure satisfies every rule here.
package llm.rules.data

import data.llm.lib

# A mode finding (vendor-api not allowed) is raised only when no approved catalog provider could
# satisfy a rule; where a deployment can be fixed (choose another provider, sign a BAA, agree ZDR)
# only the offending requested models get findings. A provider id the catalog does not know is
# read as offering nothing (fail closed); llm.rules.governance reports the unknown id itself.

# Shared helpers (categories, what a provider's terms give a deployment, the references findings
# cite) are in helpers.rego, in this package.

# ---------------------------------------------------------------------------------------------
# Classification

# METADATA
# title: Restricted data never goes to a vendor API
# description: >-
#   Data classified restricted must stay on infrastructure the organisation controls, whatever
#   terms a vendor offers: no vendor deployment can satisfy this, so the vendor-api mode is not
#   allowed and every requested vendor-api model is rejected.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
#     description: GDPR Art. 32 (security of processing), with data subjects in the EU
#   - ref: https://www.iso.org/standard/81230.html
#     description: ISO/IEC 42001 Annex A.7 (data for AI systems), A.10 (unknown provider)
# custom:
#   id: LLM-DATA-001
#   severity: high
#   remediation: >-
#     Self-host an open-weight model (hosting: self-hosted), or reclassify the data after a
#     documented review.
deny contains f if {
	some f in _restricted
}

_restricted_refs := {_classification_ref} | _gdpr_refs({"security"})

_restricted contains f if {
	lib.classification == "restricted"
	f := lib.cite(
		lib.mode_finding(
			"LLM-DATA-001", "vendor-api", "spec.data.classification",
			"Data classified restricted never goes to a vendor API; only self-hosted models may process it.",
		),
		_restricted_refs,
	)
}

_restricted contains f if {
	lib.classification == "restricted"
	some [i, m] in lib.vendor_models
	msg := sprintf(
		"Model %s is requested through the vendor API of %s, but the data is classified restricted.",
		[m.id, lib.provider_text(m)],
	)
	f := lib.cite(lib.model_finding("LLM-DATA-001", i, "hosting", msg), _restricted_refs | _provider_refs(m))
}

# METADATA
# title: Confidential data needs zero data retention and no training
# description: >-
#   Confidential data goes to a vendor API only when the deployment is under zero data retention
#   (the provider retains nothing by default, or grants ZDR and the deployment declares
#   zeroDataRetention: true) and the provider does not train on customer data, which ZDR does not
#   change. The vendor-api mode is not allowed when no approved provider offers both.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
#     description: GDPR Art. 5(1)(b),(e) and Art. 28, with data subjects in the EU
#   - ref: https://www.iso.org/standard/81230.html
#     description: ISO/IEC 42001 Annex A.7 (data for AI systems), A.10 (unknown provider)
# custom:
#   id: LLM-DATA-002
#   severity: high
#   remediation: >-
#     Where the message says the deployment does not declare zeroDataRetention: true, agree zero
#     data retention with the provider and set it; where the provider offers none or may train on
#     customer data (zero data retention does not stop that), choose a provider that neither
#     retains nor trains, or self-host.
deny contains f if {
	some f in _confidential
}

_confidential_ok(m, p) if {
	lib.under_zdr(m, p)
	not _trains(p)
}

_confidential contains f if {
	lib.classification == "confidential"
	some [i, m] in lib.vendor_models
	p := lib.provider(m)
	not _confidential_ok(m, p)
	msg := sprintf(
		"Model %s via %s receives confidential data, but %s.",
		[m.id, lib.provider_text(m), concat(" and ", _gaps(m, p, true))],
	)
	refs := _confidential_refs(m, p) | _provider_refs(m)
	f := lib.cite(lib.model_finding("LLM-DATA-002", i, "zeroDataRetention", msg), refs)
}

_confidential contains f if {
	lib.classification == "confidential"
	count({id | some id, p in lib.approved_providers; _offers_zdr(p); not _trains(p)}) == 0
	f := lib.cite(
		lib.mode_finding(
			"LLM-DATA-002", "vendor-api", "spec.data.classification",
			"Confidential data needs zero data retention without training, and no approved provider offers both.",
		),
		{_classification_ref} | _gdpr_refs({"storageLimitation", "purposeLimitation"}),
	)
}

# ---------------------------------------------------------------------------------------------
# Health data (HIPAA)

_health if "health" in _categories

_baa_ref := lib.regulation_ref("hipaa", "baa")

# METADATA
# title: Health data needs a provider that offers a BAA
# description: >-
#   Protected health information goes to a vendor only under a HIPAA business associate
#   agreement, so the provider must offer one (Google AI Studio and consumer tiers never do).
#   Health data is the `health` category or a `hipaa` framework. The vendor-api mode is not allowed
#   when no approved provider offers a BAA.
# related_resources:
#   - ref: "https://www.hhs.gov/hipaa/for-professionals/covered-entities/\
#       sample-business-associate-agreement-provisions/index.html"
#     description: HIPAA 45 CFR 164.502(e) and 164.504(e) (business associate contracts)
#   - ref: https://www.iso.org/standard/81230.html
#     description: ISO/IEC 42001 Annex A.10 (a provider the catalog does not know)
# custom:
#   id: LLM-DATA-003
#   severity: high
#   remediation: >-
#     Use a provider that offers a BAA (Azure OpenAI, Amazon Bedrock, Vertex AI, OpenAI or
#     Anthropic for eligible endpoints), de-identify the data (45 CFR 164.514(b)), or self-host.
deny contains f if {
	some f in _baa_offered
}

_baa_offered contains f if {
	_health
	some [i, m] in lib.vendor_models
	object.get(lib.provider(m), "baa", false) != true
	msg := sprintf("Model %s via %s would receive health data, but %s.", [m.id, lib.provider_text(m), _no_baa(m)])
	f := lib.cite(lib.model_finding("LLM-DATA-003", i, "provider", msg), {_baa_ref} | _provider_refs(m))
}

_baa_offered contains f if {
	_health
	count({id | some id, p in lib.approved_providers; p.baa == true}) == 0
	f := lib.cite(
		lib.mode_finding(
			"LLM-DATA-003", "vendor-api", _categories_path({"health"}),
			"Health data needs a provider that offers a HIPAA business associate agreement, and no approved provider does.",
		),
		{_baa_ref},
	)
}

# METADATA
# title: Health data needs a signed BAA on the deployment
# description: >-
#   Offering a BAA is not enough: the agreement must be signed and cover this deployment
#   (baaSigned: true) before PHI is sent to it.
# related_resources:
#   - ref: "https://www.hhs.gov/hipaa/for-professionals/covered-entities/\
#       sample-business-associate-agreement-provisions/index.html"
#     description: HIPAA 45 CFR 164.502(e)(1) (satisfactory assurances before disclosure)
# custom:
#   id: LLM-DATA-004
#   severity: high
#   remediation: >-
#     Sign the provider's BAA for this service and set baaSigned: true on the deployment, or
#     self-host.
deny contains f if {
	_health
	some [i, m] in lib.vendor_models
	lib.provider(m).baa == true
	object.get(m, "baaSigned", false) != true
	msg := sprintf(
		"Model %s via %s would receive health data, but the deployment does not declare baaSigned: true (%s offers a BAA).",
		[m.id, lib.provider_text(m), lib.provider_text(m)],
	)
	f := lib.cite(lib.model_finding("LLM-DATA-004", i, "baaSigned", msg), {_baa_ref, lib.provider_ref(m)})
}

# METADATA
# title: The provider's BAA covers only zero-data-retention deployments
# description: >-
#   Some providers' BAAs cover only their zero-data-retention (HIPAA-eligible) endpoints (OpenAI,
#   Anthropic: provider baaRequiresZeroDataRetention). Health data sent to such a provider needs
#   the deployment to be under zero data retention too.
# related_resources:
#   - ref: "https://www.hhs.gov/hipaa/for-professionals/covered-entities/\
#       sample-business-associate-agreement-provisions/index.html"
#     description: HIPAA 45 CFR 164.502(e) (the BAA's scope is what may receive PHI)
# custom:
#   id: LLM-DATA-005
#   severity: high
#   remediation: >-
#     Agree zero data retention with the provider and set zeroDataRetention: true, use a provider
#     whose BAA covers the standard service, or self-host.
deny contains f if {
	_health
	some [i, m] in lib.vendor_models
	p := lib.provider(m)
	p.baa == true
	p.baaRequiresZeroDataRetention == true
	not lib.under_zdr(m, p)
	msg := sprintf(
		"Model %s via %s would receive health data, but %s's BAA covers only deployments with zeroDataRetention: true.",
		[m.id, lib.provider_text(m), lib.provider_text(m)],
	)
	f := lib.cite(lib.model_finding("LLM-DATA-005", i, "zeroDataRetention", msg), {_baa_ref, lib.provider_ref(m)})
}

# ---------------------------------------------------------------------------------------------
# Export-controlled, government CUI and criminal-justice data

_export_cats := _matching("exportControlledCategories")

_export_regions := {r | some r in data.settings.exportControlledVendorRegions}

# A government cloud region of the provider in which export-controlled data may be processed.
_export_region_ok(p, r) if {
	r in _export_regions
	r in object.get(p, "govCloudRegions", [])
}

_export_ref := lib.regulation_ref("itar", "export")

_export_message(m, p, region) := msg if {
	not region in _export_regions
	msg := sprintf(
		"Model %s via %s in region %s would receive export-controlled data, %s (%s).",
		[
			m.id, lib.provider_text(m), region,
			"which may go to a vendor only in a government cloud region", concat(", ", sort(_export_regions)),
		],
	)
} else := sprintf(
	"Model %s via %s in region %s would receive export-controlled data, but %s.",
	[m.id, lib.provider_text(m), region, _gov_region_gap(m, p, region)],
)

# METADATA
# title: Export-controlled data goes to a vendor only in a US government cloud
# description: >-
#   ITAR/EAR technical data released to a foreign person is an export, and the encryption
#   carve-out does not cover inference (the model must see plaintext). A vendor API is allowed only
#   in a US-person-operated government cloud region (settings exportControlledVendorRegions,
#   us-gov) that the provider runs. The vendor-api mode is not allowed when allowedRegions holds no
#   such region of an approved provider.
# related_resources:
#   - ref: https://www.ecfr.gov/current/title-22/chapter-I/subchapter-M/part-120
#     description: ITAR 22 CFR 120.54 (activities that are not exports) and EAR 15 CFR 734.18
#   - ref: https://www.iso.org/standard/81230.html
#     description: ISO/IEC 42001 Annex A.10 (a provider the catalog does not know)
# custom:
#   id: LLM-DATA-006
#   severity: critical
#   remediation: >-
#     Deploy the model in a government cloud region (region: us-gov on Azure OpenAI or Amazon
#     Bedrock, with us-gov in allowedRegions), or self-host operated by US persons.
deny contains f if {
	some f in _export
}

_export contains f if {
	count(_export_cats) > 0
	some [i, m] in lib.vendor_models
	region := object.get(m, "region", "")
	p := lib.provider(m)
	not _export_region_ok(p, region)
	msg := _export_message(m, p, region)
	f := lib.cite(lib.model_finding("LLM-DATA-006", i, "region", msg), {_export_ref} | _provider_refs(m))
}

_export contains f if {
	count(_export_cats) > 0
	count({id | some id, p in lib.approved_providers; some r in lib.allowed_regions; _export_region_ok(p, r)}) == 0
	msg := sprintf(
		"Export-controlled data may go to a vendor only in a government cloud (%s); none is in allowedRegions (%s).",
		[concat(", ", sort(_export_regions)), concat(", ", sort(lib.allowed_regions))],
	)
	f := lib.cite(lib.mode_finding("LLM-DATA-006", "vendor-api", "spec.residency.allowedRegions", msg), {_export_ref})
}

_min_fedramp := data.settings.govCloudMinFedramp

_gov_region_ok(p, r) if {
	r in object.get(p, "govCloudRegions", [])
	_fedramp_at_least(p, _min_fedramp)
}

# METADATA
# title: Government CUI and criminal-justice data need a government cloud
# description: >-
#   Controlled unclassified information and criminal-justice information go to a vendor only in a
#   government cloud region the provider runs (provider govCloudRegions) at FedRAMP Moderate or
#   higher (settings govCloudMinFedramp), or stay self-hosted. Which categories need this is
#   settings govCloudCategories. The vendor-api mode is not allowed when no approved provider has a
#   qualifying government cloud region within allowedRegions.
# related_resources:
#   - ref: https://www.archives.gov/cui
#     description: CUI program (EO 13556, 32 CFR 2002) and DFARS 252.204-7012(b)(2)(ii)(D)
#   - ref: https://www.fedramp.gov
#     description: FedRAMP authorisation levels (FIPS 199)
#   - ref: https://le.fbi.gov/cjis-division/cjis-security-policy-resource-center
#     description: FBI CJIS Security Policy (criminal-justice information)
#   - ref: https://www.iso.org/standard/81230.html
#     description: ISO/IEC 42001 Annex A.10 (a provider the catalog does not know)
# custom:
#   id: LLM-DATA-007
#   severity: high
#   remediation: >-
#     Deploy in a government cloud region (region: us-gov on Azure OpenAI or Amazon Bedrock, with
#     us-gov in allowedRegions), or self-host.
deny contains f if {
	some f in _gov_cloud
}

_gov_cloud contains f if {
	count(_gov_cats) > 0
	some [i, m] in lib.vendor_models
	region := object.get(m, "region", "")
	p := lib.provider(m)
	not _gov_region_ok(p, region)
	msg := sprintf(
		"Model %s via %s in region %s would receive %s data, which needs a government cloud at FedRAMP %s or higher, but %s.",
		[m.id, lib.provider_text(m), region, _and_list(_gov_cats), _min_fedramp, _gov_gap(m, p, region)],
	)
	f := lib.cite(lib.model_finding("LLM-DATA-007", i, "region", msg), _gov_refs | _provider_refs(m))
}

_gov_cloud contains f if {
	count(_gov_cats) > 0
	count({id | some id, p in lib.approved_providers; some r in lib.allowed_regions; _gov_region_ok(p, r)}) == 0
	msg := sprintf(
		"The %s data needs a government cloud at FedRAMP %s or higher, and none is in allowedRegions (%s).",
		[_and_list(_gov_cats), _min_fedramp, concat(", ", sort(lib.allowed_regions))],
	)
	f := lib.cite(lib.mode_finding("LLM-DATA-007", "vendor-api", "spec.residency.allowedRegions", msg), _gov_refs)
}

_cjis_cats := _matching("cjisCategories")

_cjis_region_ok(p, r) if {
	r in object.get(p, "govCloudRegions", [])
	p.cjis == true
}

_cjis_ref := lib.regulation_ref("cjis", "addendum")

# METADATA
# title: Criminal-justice data needs a CJIS-attested government cloud
# description: >-
#   Criminal Justice Information goes only to a vendor that signs the CJIS Security Addendum for
#   its government cloud (provider cjis, in a govCloudRegions region), or stays on premises. Which
#   categories need this is settings cjisCategories (a `cjis` framework implies criminal-justice).
# related_resources:
#   - ref: https://le.fbi.gov/cjis-division/cjis-security-policy-resource-center
#     description: FBI CJIS Security Policy (Security Addendum, personnel screening, encryption)
#   - ref: https://www.iso.org/standard/81230.html
#     description: ISO/IEC 42001 Annex A.10 (a provider the catalog does not know)
# custom:
#   id: LLM-DATA-008
#   severity: high
#   remediation: >-
#     Deploy in a CJIS-covered government cloud region (region: us-gov on Azure OpenAI or Amazon
#     Bedrock), or self-host on premises.
deny contains f if {
	some f in _cjis
}

_cjis contains f if {
	count(_cjis_cats) > 0
	some [i, m] in lib.vendor_models
	region := object.get(m, "region", "")
	p := lib.provider(m)
	not _cjis_region_ok(p, region)
	msg := sprintf(
		"Model %s via %s in region %s would receive criminal-justice information, %s, but %s.",
		[m.id, lib.provider_text(m), region, "which needs a CJIS-attested government cloud", _cjis_gap(m, p, region)],
	)
	f := lib.cite(lib.model_finding("LLM-DATA-008", i, "region", msg), {_cjis_ref} | _provider_refs(m))
}

_cjis contains f if {
	count(_cjis_cats) > 0
	count({id | some id, p in lib.approved_providers; some r in lib.allowed_regions; _cjis_region_ok(p, r)}) == 0
	msg := sprintf(
		"Criminal-justice information needs a CJIS-attested government cloud, and none is in allowedRegions (%s).",
		[concat(", ", sort(lib.allowed_regions))],
	)
	f := lib.cite(lib.mode_finding("LLM-DATA-008", "vendor-api", "spec.residency.allowedRegions", msg), {_cjis_ref})
}

# ---------------------------------------------------------------------------------------------
# Payment-card, secret and special-category data

_payment_card if "payment-card" in _categories

_pci_ref := lib.regulation_ref("pciDss", "scope")

# METADATA
# title: Payment-card data needs a provider in PCI DSS scope
# description: >-
#   A service that stores, processes or transmits PAN is in the cardholder data environment, so a
#   vendor may receive payment-card data only if its service is PCI DSS validated (provider
#   pciDss). The vendor-api mode is not allowed when no approved provider is.
# related_resources:
#   - ref: https://www.pcisecuritystandards.org/
#     description: PCI DSS v4.0.1 scope (systems that store, process or transmit account data)
#   - ref: https://www.iso.org/standard/81230.html
#     description: ISO/IEC 42001 Annex A.10 (a provider the catalog does not know)
# custom:
#   id: LLM-DATA-009
#   severity: high
#   remediation: >-
#     Tokenise or truncate PAN before it reaches the model, use a provider in PCI DSS scope (Azure
#     OpenAI, Amazon Bedrock, Vertex AI), or self-host inside the cardholder data environment.
deny contains f if {
	some f in _pci
}

_pci contains f if {
	_payment_card
	some [i, m] in lib.vendor_models
	object.get(lib.provider(m), "pciDss", false) != true
	msg := sprintf("Model %s via %s would receive payment-card data, but %s.", [m.id, lib.provider_text(m), _no_pci(m)])
	f := lib.cite(lib.model_finding("LLM-DATA-009", i, "provider", msg), {_pci_ref} | _provider_refs(m))
}

_pci contains f if {
	_payment_card
	count({id | some id, p in lib.approved_providers; p.pciDss == true}) == 0
	f := lib.cite(
		lib.mode_finding(
			"LLM-DATA-009", "vendor-api", "spec.data.categories",
			"Payment-card data needs a provider in PCI DSS scope, and no approved provider is.",
		),
		{_pci_ref},
	)
}

# The zdrCategories whose training LLM-DATA-011 does not already rule out (payment-card, by default).
_zdr_training_cats := _zdr_cats - _no_training_cats

default _zdr_training := false

_zdr_training if count(_zdr_training_cats) > 0

# Settings zdrCategoriesWarnOnly (a loosening every report names) makes LLM-DATA-010 a warning.
_zdr_warn_only if data.settings.zdrCategoriesWarnOnly == true

_zdr_ok(m, p) if {
	lib.under_zdr(m, p)
	not _zdr_trains(p)
}

_zdr_trains(p) if {
	_zdr_training
	_trains(p)
}

# METADATA
# title: Secret and card data need zero data retention at a vendor
# description: >-
#   Source code, trade secrets, credentials and payment-card data (settings zdrCategories) go to a
#   vendor only under zero data retention and without training on them (domain rules 11 and 18):
#   what a vendor keeps can leak, and sensitive authentication data must never be retained (PCI
#   DSS 3.3.1). Training is checked here for the categories LLM-DATA-011 does not cover. A
#   violation unless settings zdrCategoriesWarnOnly is true (reported as a loosening), which makes
#   the model findings warnings. The vendor-api mode is not allowed when no approved provider offers
#   zero data retention (without training, where checked here).
# related_resources:
#   - ref: https://www.pcisecuritystandards.org/
#     description: PCI DSS v4.0.1 Req. 3.3 (no storage of sensitive authentication data), for card data
#   - ref: https://www.iso.org/standard/81230.html
#     description: ISO/IEC 42001 Annex A.10 (a provider the catalog does not know)
# custom:
#   id: LLM-DATA-010
#   severity: high
#   remediation: >-
#     Where the provider grants zero data retention on approval, agree it and set
#     zeroDataRetention: true; otherwise choose a provider that offers it (and does not train on
#     card data), strip secrets and tokenise card data before they reach the model, or self-host.
deny contains f if {
	not _zdr_warn_only
	some f in _zdr
}

# LLM-DATA-010 when settings zdrCategoriesWarnOnly is true (METADATA above): the model findings.
warn contains f if {
	_zdr_warn_only
	some f in _zdr
	f.scope == "model"
}

_zdr contains f if {
	count(_zdr_cats) > 0
	some [i, m] in lib.vendor_models
	p := lib.provider(m)
	not _zdr_ok(m, p)
	msg := sprintf(
		"Model %s via %s would receive %s data, but %s.",
		[m.id, lib.provider_text(m), _and_list(_zdr_cats), concat(" and ", _gaps(m, p, _zdr_training))],
	)
	f := lib.cite(lib.model_finding("LLM-DATA-010", i, "zeroDataRetention", msg), _zdr_refs | _provider_refs(m))
}

_zdr contains f if {
	count(_zdr_cats) > 0
	count({id | some id, p in lib.approved_providers; _offers_zdr(p); not _zdr_trains(p)}) == 0
	need := {false: "zero data retention", true: "zero data retention without training"}[_zdr_training]
	msg := sprintf(
		"The %s data needs %s at a vendor, and no approved provider offers it.",
		[_and_list(_zdr_cats), need],
	)
	f := lib.cite(
		lib.mode_finding("LLM-DATA-010", "vendor-api", _categories_path(_zdr_cats), msg),
		_zdr_refs | _approved_refs,
	)
}

# METADATA
# title: Sensitive data never goes to a vendor that trains on it
# description: >-
#   Special-category, health, biometric, children's, source-code, trade-secret and credential data
#   (settings noTrainingCategories) must not reach a provider that may train models on customer
#   data: what a model learns cannot be deleted, it destroys a trade secret's "reasonable measures",
#   has no GDPR Art. 9(2) basis and is no use a BAA permits. Unknown training terms count as
#   training. The vendor-api mode is not allowed when every approved provider trains.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
#     description: GDPR Art. 9 (special categories), with data subjects in the EU
#   - ref: "https://www.hhs.gov/hipaa/for-professionals/covered-entities/\
#       sample-business-associate-agreement-provisions/index.html"
#     description: HIPAA 45 CFR 164.504(e)(2) (uses a business associate contract permits)
#   - ref: https://www.iso.org/standard/81230.html
#     description: ISO/IEC 42001 Annex A.10 (a provider the catalog does not know)
# custom:
#   id: LLM-DATA-011
#   severity: high
#   remediation: >-
#     Use a provider that does not train on customer data (or record a contractual opt-out by
#     overlaying the provider's trainsOnCustomerData), or self-host.
deny contains f if {
	some f in _no_training
}

_no_training contains f if {
	count(_no_training_cats) > 0
	some [i, m] in lib.vendor_models
	p := lib.provider(m)
	_trains(p)
	msg := sprintf(
		"Model %s via %s would receive %s data, but %s.",
		[m.id, lib.provider_text(m), _and_list(_no_training_cats), _training_gap(m, p)],
	)
	f := lib.cite(lib.model_finding("LLM-DATA-011", i, "provider", msg), _no_training_refs | _provider_refs(m))
}

_no_training contains f if {
	count(_no_training_cats) > 0
	count({id | some id, p in lib.approved_providers; not _trains(p)}) == 0
	msg := sprintf(
		"The %s data must not reach a vendor that trains on customer data, and every approved provider does.",
		[_and_list(_no_training_cats)],
	)
	f := lib.cite(
		lib.mode_finding("LLM-DATA-011", "vendor-api", _categories_path(_no_training_cats), msg),
		_no_training_refs | _approved_refs,
	)
}

_gdpr if "gdpr" in lib.frameworks

_gdpr if {
	some r in data.settings.gdprSubjectRegions
	r in lib.subject_regions
}

# METADATA
# scope: rule
# title: GDPR special-category data at a vendor without zero data retention
# description: >-
#   Special-category and biometric data under the GDPR (a gdpr framework, or data subjects in
#   settings gdprSubjectRegions) may be processed only under an Art. 9(2) condition, and high-risk
#   processing needs a DPIA (Art. 35). A vendor deployment without zero data retention keeps the
#   data at a processor for weeks; this is a warning, because a lawful basis, a DPIA and an Art. 28
#   processor contract can justify it, which the manifest cannot record.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
#     description: GDPR Art. 9(2) (conditions for special categories), Art. 35 (DPIA)
#   - ref: https://www.iso.org/standard/81230.html
#     description: ISO/IEC 42001 Annex A.10 (a provider the catalog does not know)
# custom:
#   id: LLM-DATA-012
#   severity: medium
#   remediation: >-
#     Record the Art. 9(2) condition and a DPIA, and agree zero data retention with the provider
#     (zeroDataRetention: true), or self-host.
warn contains f if {
	count(_gdpr_special) > 0
	_gdpr
	some [i, m] in lib.vendor_models
	gap := _zdr_gap(m, lib.provider(m))
	msg := sprintf(
		"Model %s via %s would receive GDPR special-category data (%s), but %s: record the Art. 9(2) basis and a DPIA.",
		[m.id, lib.provider_text(m), _and_list(_gdpr_special), gap],
	)
	refs := _gdpr_refs({"specialCategories", "dpia"}) | _provider_refs(m)
	f := lib.cite(lib.model_finding("LLM-DATA-012", i, "zeroDataRetention", msg), refs)
}

# METADATA
# title: Zero data retention required by the project
# description: >-
#   The project declares compliance.zeroDataRetentionRequired: every vendor deployment must be
#   under zero data retention (the provider retains nothing by default, or grants ZDR and the
#   deployment declares zeroDataRetention: true). The vendor-api mode is not allowed when no
#   approved provider offers zero data retention at all.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
#     description: GDPR Art. 5(1)(e) (storage limitation) and Art. 28, with data subjects in the EU
#   - ref: https://www.iso.org/standard/81230.html
#     description: ISO/IEC 42001 Annex A.10 (a provider the catalog does not know)
# custom:
#   id: LLM-DATA-013
#   severity: high
#   remediation: >-
#     Agree zero data retention with the provider and set zeroDataRetention: true on the
#     deployment, choose a provider that offers it, or self-host.
deny contains f if {
	some f in _zdr_required
}

_zdr_required_declared if lib.spec.compliance.zeroDataRetentionRequired == true

_zdr_required contains f if {
	_zdr_required_declared
	some [i, m] in lib.vendor_models
	gap := _zdr_gap(m, lib.provider(m))
	msg := sprintf(
		"The project requires zero data retention, but model %s via %s is not under it: %s.",
		[m.id, lib.provider_text(m), gap],
	)
	refs := _gdpr_refs({"storageLimitation"}) | _provider_refs(m)
	f := lib.cite(lib.model_finding("LLM-DATA-013", i, "zeroDataRetention", msg), refs)
}

_zdr_required contains f if {
	_zdr_required_declared
	count({id | some id, p in lib.approved_providers; _offers_zdr(p)}) == 0
	f := lib.cite(
		lib.mode_finding(
			"LLM-DATA-013", "vendor-api", "spec.compliance.zeroDataRetentionRequired",
			"The project requires zero data retention, and no approved provider offers it.",
		),
		_gdpr_refs({"storageLimitation"}) | _approved_refs,
	)
}
