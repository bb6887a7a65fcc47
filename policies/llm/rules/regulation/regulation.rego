# METADATA
# title: Regulation (EU AI Act)
# description: >-
#   The EU AI Act for projects with an EU link (EU data subjects, an EU market, an EU deployment or
#   an organisation established in the EU): prohibited practices allow nothing; a use in an Annex III
#   area is high-risk by law unless a recorded Art. 6(3) assessment says otherwise; a high-risk use
#   owes the deployer duties (human oversight, logs, informing workers, fundamental rights and data
#   protection impact assessments); systems people talk to owe transparency; and a team that
#   modifies a general-purpose model and places it on the market owes the provider's duties. Every
#   obligation applies from its own day (appliesFrom in data.catalog.regulation.euAiAct), judged as
#   of the run's day (input.asOf); the facts live in that catalog entry.
package llm.rules.regulation

import data.llm.lib

_regulations := object.get(data.catalog, "regulation", {})

_ai_act := object.get(_regulations, "euAiAct", {})

_ref(article) := lib.regulation_ref("euAiAct", article)

_catalog_set(key) := {x | some x in object.get(_ai_act, key, [])}

_risk := object.get(lib.use_case, "euAiActRisk", "")

# ---------------------------------------------------------------------------------------------
# The EU link (Art. 2(1)): EU data subjects, the EU market, an EU deployment, or the organisation
# established in the EU. The same definition as eu_link in tests/conformance/references.py.

_link_regions contains r if some r in lib.subject_regions

_link_regions contains r if some r in object.get(lib.use_case, "markets", [])

_link_regions contains r if {
	some m in lib.models
	r := object.get(m, "region", "")
}

default _act_regions := {"eu"}

_act_regions := _catalog_set("subjectRegions") if count(_catalog_set("subjectRegions")) > 0

_eu_link if count(_link_regions & _act_regions) > 0

_eu_link if data.settings.organisationInEu == true

# ---------------------------------------------------------------------------------------------
# High-risk by declaration or by law (Art. 6(2) and Annex III, less a valid Art. 6(3) derogation)

_annex_hit := lib.domains & _catalog_set("annexIiiDomains")

default _derogation := ""

_derogation := trim_space(d) if {
	d := lib.use_case.highRiskDerogation
	is_string(d)
}

_profiling if lib.use_case.profiling == true

# Art. 6(3)-(4): an Annex III use assessed minimal or limited, the assessment recorded, and no
# profiling of natural persons (which the derogation never covers).
_derogated if {
	_risk in {"minimal", "limited"}
	_derogation != ""
	not _profiling
}

_high_risk if _risk == "high"

_high_risk if {
	count(_annex_hit) > 0
	_risk != "prohibited"
	not _derogated
}

# A high-risk use whose deployer duties apply: with an EU link, once high-risk obligations apply.
_high_risk_in_force if {
	_eu_link
	_high_risk
	lib.applies("euAiAct", "highRisk")
}

# Why the use is high-risk, as a message shows it, and the article that makes it so.
_high_risk_text := "is assessed as high-risk under the EU AI Act" if _risk == "high"

else := sprintf("is high-risk under the EU AI Act (Annex III: %s)", [_and_list(sort(_annex_hit))])

_basis_refs := [] if _risk == "high"

else := [_ref("highRisk")]

# "a", "a and b", "a, b and c" (xs sorted, at least one item)
# (total: "" for none, so a message is never lost to an undefined reference)
_and_list(xs) := concat(" and ", xs) if count(xs) < 3

else := concat(" and ", [
	concat(", ", array.slice(xs, 0, count(xs) - 1)),
	concat("", array.slice(xs, count(xs) - 1, count(xs))),
])

_domains_phrase(xs) := sprintf("domain %s is", [_and_list(xs)]) if count(xs) == 1

else := sprintf("domains %s are", [_and_list(xs)])

_months(n) := "1 month" if n == 1

else := sprintf("%s months", [lib.number_text(n)])

# METADATA
# title: Prohibited AI practice
# description: >-
#   The project assessed its use as a prohibited practice under the EU AI Act (Art. 5: manipulation,
#   exploiting vulnerabilities, social scoring, predictive policing by profiling, untargeted facial
#   scraping, emotion recognition at work or school, sensitive biometric categorisation, real-time
#   remote biometric identification). Nothing is allowed: no model, no deployment mode. Applies
#   from 2025-02-02 (appliesFrom.prohibited) to projects with an EU link.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj
#     description: Regulation (EU) 2024/1689 (AI Act), Art. 5 (prohibited AI practices), applies from 2025-02-02
# custom:
#   id: LLM-REG-001
#   severity: critical
#   remediation: >-
#     Do not build this system. If the assessment is wrong, redo it with legal counsel and correct
#     useCase.euAiActRisk.
deny contains f if {
	_risk == "prohibited"
	_eu_link
	lib.applies("euAiAct", "prohibited")
	msg := "The use case is assessed as a prohibited AI practice under the EU AI Act (euAiActRisk: prohibited)."
	f := lib.cite(lib.project_finding("LLM-REG-001", "spec.useCase.euAiActRisk", msg), [_ref("prohibited")])
}

# Point at the field that is there: humanOversight when declared, else the risk it depends on.
# (OPA reads `not is_boolean(x)` with x undefined as undefined, hence the helper rules.)
_declared_oversight if is_boolean(lib.use_case.humanOversight)

default _oversight_path := "spec.useCase.humanOversight"

_oversight_path := "spec.useCase.euAiActRisk" if {
	not _declared_oversight
	_risk == "high"
}

# METADATA
# title: High-risk AI system without human oversight
# description: >-
#   A high-risk system under the EU AI Act (assessed as high, or in an Annex III area without a
#   valid Art. 6(3) derogation) must be designed for effective human oversight and deployed with
#   competent people assigned to it; the manifest must declare useCase.humanOversight: true.
#   Applies from 2026-08-02 (appliesFrom.highRisk and appliesFrom.humanOversight) with an EU link.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj
#     description: Regulation (EU) 2024/1689 (AI Act), Art. 14 (human oversight) and Art. 26(2) (deployers)
# custom:
#   id: LLM-REG-002
#   severity: high
#   remediation: >-
#     Put human oversight in place (people who can understand, monitor, override and stop the
#     system) and declare useCase.humanOversight: true.
deny contains f if {
	_high_risk_in_force
	lib.applies("euAiAct", "humanOversight")
	object.get(lib.use_case, "humanOversight", false) != true
	msg := sprintf("The use case %s, and human oversight is not declared.", [_high_risk_text])
	refs := array.concat([_ref("humanOversight")], _basis_refs)
	f := lib.cite(lib.project_finding("LLM-REG-002", _oversight_path, msg), refs)
}

# METADATA
# title: Annex III use not assessed as high-risk
# description: >-
#   A use in an area the EU AI Act lists as high-risk (Annex III: biometrics, critical
#   infrastructure, education, employment, essential services such as credit and life/health
#   insurance, law enforcement, migration, justice) is high-risk by law. Without euAiActRisk: high
#   that is a violation; minimal or limited is accepted only with the Art. 6(3)-(4) assessment
#   recorded (useCase.highRiskDerogation), and never when the system profiles natural persons
#   (useCase.profiling, Art. 6(3) last subparagraph). Applies from 2026-08-02 (appliesFrom.highRisk,
#   and appliesFrom.derogation for the assessment) with an EU link.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj
#     description: Regulation (EU) 2024/1689 (AI Act), Art. 6(2)-(4) and Annex III (high-risk areas), from 2026-08-02
# custom:
#   id: LLM-REG-003
#   severity: high
#   remediation: >-
#     Set useCase.euAiActRisk: high and meet the high-risk deployer duties; or, if the use only does
#     a narrow procedural or preparatory task and profiles no one (Art. 6(3)), record that
#     assessment and name where in useCase.highRiskDerogation.
deny contains f if {
	_eu_link
	_high_risk
	_risk != "high"
	lib.applies("euAiAct", "highRisk")
	some [msg, refs] in _unassessed
	f := lib.cite(lib.project_finding("LLM-REG-003", "spec.useCase.domains", msg), refs)
}

_annex_text := sprintf("The %s in EU AI Act Annex III, so the use case is high-risk by law", [
	_domains_phrase(sort(_annex_hit)),
])

_unassessed contains [msg, [_ref("highRisk")]] if {
	_risk == ""
	msg := sprintf("%s, but euAiActRisk is not set.", [_annex_text])
}

_unassessed contains [msg, [_ref("highRisk"), _ref("derogation")]] if {
	_risk != ""
	not _profiling
	lib.applies("euAiAct", "derogation")
	msg := sprintf(
		"%s, but it is assessed as %s without a recorded Art. 6(3) assessment (useCase.highRiskDerogation).",
		[_annex_text, _risk],
	)
}

_unassessed contains [msg, [_ref("highRisk"), _ref("derogation")]] if {
	_risk != ""
	_profiling
	lib.applies("euAiAct", "derogation")
	msg := sprintf(
		"%s and the Art. 6(3) derogation never covers profiling (useCase.profiling: true), but it is assessed as %s.",
		[_annex_text, _risk],
	)
}

# METADATA
# title: High-risk AI system without its logs kept six months
# description: >-
#   A deployer of a high-risk system keeps the logs the system generates, as far as they are under
#   its control, for at least six months (logRetentionMonths in the catalog); the manifest must
#   declare compliance.logRetentionMonths, and a missing value is a violation. Applies from
#   2026-08-02 (appliesFrom.highRisk and appliesFrom.logs) with an EU link.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj
#     description: Regulation (EU) 2024/1689 (AI Act), Art. 26(6) (deployers keep logs at least six months)
# custom:
#   id: LLM-REG-005
#   severity: high
#   remediation: >-
#     Keep the system's logs for at least six months (longer where other law requires) and declare
#     compliance.logRetentionMonths.
deny contains f if {
	_high_risk_in_force
	lib.applies("euAiAct", "logs")
	refs := array.concat([_ref("logs")], _basis_refs)
	some msg in _short_logs
	f := lib.cite(lib.project_finding("LLM-REG-005", "spec.compliance.logRetentionMonths", msg), refs)
}

# The catalog's minimum; the Act's own six months if an overlay drops it, so the rule cannot vanish.
default _min_log_months := 6

_min_log_months := months if {
	months := _ai_act.logRetentionMonths
	is_number(months)
}

_declared_log_months if is_number(lib.spec.compliance.logRetentionMonths)

_short_logs contains msg if {
	not _declared_log_months
	msg := sprintf(
		"The use case %s, and compliance.logRetentionMonths does not say how long its logs are kept (at least %s).",
		[_high_risk_text, _months(_min_log_months)],
	)
}

_short_logs contains msg if {
	months := lib.spec.compliance.logRetentionMonths
	is_number(months)
	months < _min_log_months
	msg := sprintf(
		"The use case %s, and its logs are kept for %s, less than the %s Art. 26(6) requires.",
		[_high_risk_text, _months(months), _months(_min_log_months)],
	)
}

# Used at the workplace: useCase.workplace when declared, else a domain in workplaceDomains.
_workplace_hit := lib.domains & _catalog_set("workplaceDomains")

_declared_workplace if is_boolean(lib.use_case.workplace)

_workplace_reason := "useCase.workplace: true" if {
	lib.use_case.workplace == true
} else := sprintf("domain %s", [_and_list(sort(_workplace_hit))]) if {
	not _declared_workplace
	count(_workplace_hit) > 0
}

# METADATA
# title: High-risk AI system at the workplace without informing workers
# description: >-
#   A deployer who is an employer informs the workers concerned and their representatives before a
#   high-risk system is put into use at the workplace. Used at the workplace: useCase.workplace,
#   by default true for a domain in workplaceDomains (employment). The manifest must declare
#   compliance.workersInformed: true. Applies from 2026-08-02 (appliesFrom.highRisk and
#   appliesFrom.workers) with an EU link.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj
#     description: Regulation (EU) 2024/1689 (AI Act), Art. 26(7) (informing workers and their representatives)
# custom:
#   id: LLM-REG-006
#   severity: high
#   remediation: >-
#     Inform the affected workers and their representatives before the system is used, then declare
#     compliance.workersInformed: true (or useCase.workplace: false if it is not used at work).
deny contains f if {
	_high_risk_in_force
	lib.applies("euAiAct", "workers")
	object.get(lib.spec.compliance, "workersInformed", false) != true
	msg := sprintf(
		concat("", [
			"The use case %s and is used at the workplace (%s), and compliance.workersInformed does not ",
			"record that workers were told.",
		]),
		[_high_risk_text, _workplace_reason],
	)
	refs := array.concat([_ref("workers")], _basis_refs)
	f := lib.cite(lib.project_finding("LLM-REG-006", "spec.compliance.workersInformed", msg), refs)
}

# Art. 27(1): deployers in Annex III 5(b)-(c) (credit, insurance), and public deployers for any
# Annex III use but one only in point 2 (critical infrastructure). A declared high-risk use with no
# Annex III domain counts for a public deployer (stricter reading: not every Annex III area has a
# domain value, e.g. public benefits, 5(a)).
_fria_exempt if {
	count(_annex_hit) > 0
	count(_annex_hit - _catalog_set("friaExemptDomains")) == 0
}

_fria_reasons contains sprintf("a deployer in %s", [d]) if some d in (lib.domains & _catalog_set("friaDomains"))

_fria_reasons contains "a public service (useCase.publicService: true)" if {
	lib.use_case.publicService == true
	not _fria_exempt
}

_fria_reasons contains sprintf("a public body (domain %s)", [d]) if {
	some d in (lib.domains & _catalog_set("friaPublicDomains"))
	not _fria_exempt
}

# METADATA
# title: High-risk AI system without a fundamental rights impact assessment
# description: >-
#   Before deploying a high-risk system, a deployer in credit or insurance (Annex III 5(b)-(c),
#   friaDomains), or a public deployer (a body governed by public law or a private entity providing
#   public services: useCase.publicService or a domain in friaPublicDomains) for any Annex III use
#   except critical infrastructure only (friaExemptDomains), assesses the impact on fundamental
#   rights. A declared high-risk use with no Annex III domain counts for a public deployer (stricter
#   reading). The manifest must declare compliance.fundamentalRightsImpactAssessment: true. Applies
#   from 2026-08-02 (appliesFrom.highRisk and appliesFrom.fria) with an EU link.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj
#     description: Regulation (EU) 2024/1689 (AI Act), Art. 27 (fundamental rights impact assessment), from 2026-08-02
# custom:
#   id: LLM-REG-007
#   severity: high
#   remediation: >-
#     Carry out the fundamental rights impact assessment of Art. 27 before deployment (and notify
#     the market surveillance authority), then declare compliance.fundamentalRightsImpactAssessment: true.
deny contains f if {
	_high_risk_in_force
	lib.applies("euAiAct", "fria")
	count(_fria_reasons) > 0
	object.get(lib.spec.compliance, "fundamentalRightsImpactAssessment", false) != true
	msg := sprintf(
		concat("", [
			"The use case %s and, as %s, needs a fundamental rights impact assessment, which ",
			"compliance.fundamentalRightsImpactAssessment does not record.",
		]),
		[_high_risk_text, _and_list(sort(_fria_reasons))],
	)
	refs := array.concat([_ref("fria")], _basis_refs)
	f := lib.cite(lib.project_finding("LLM-REG-007", "spec.compliance.fundamentalRightsImpactAssessment", msg), refs)
}

# Personal data: a category in personalDataCategories, or data subjects declared anywhere.
_personal_hit := lib.categories & _catalog_set("personalDataCategories")

_personal_reasons contains sprintf("category %s", [_and_list(sort(_personal_hit))]) if count(_personal_hit) == 1

_personal_reasons contains sprintf("categories %s", [_and_list(sort(_personal_hit))]) if count(_personal_hit) > 1

_personal_reasons contains sprintf("data subjects in %s", [_and_list(sort(lib.subject_regions))]) if {
	count(lib.subject_regions) > 0
}

# GDPR is cited beside Art. 26(9) where it applies by its own test: data subjects in its regions.
_gdpr_regions := {r | some r in object.get(object.get(_regulations, "gdpr", {}), "subjectRegions", [])}

_dpia_refs := [_ref("dpia"), lib.regulation_ref("gdpr", "dpia")] if {
	count(lib.subject_regions & _gdpr_regions) > 0
} else := [_ref("dpia")]

# METADATA
# title: High-risk AI system on personal data without a data protection impact assessment
# description: >-
#   A deployer of a high-risk system that processes personal data (a category in
#   personalDataCategories, or data subjects declared) uses the provider's information to carry out
#   the data protection impact assessment GDPR Art. 35 requires. The manifest must declare
#   compliance.dataProtectionImpactAssessment: true. Applies from 2026-08-02 (appliesFrom.highRisk
#   and appliesFrom.dpia) with an EU link.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj
#     description: Regulation (EU) 2024/1689 (AI Act), Art. 26(9) (the deployer's data protection impact assessment)
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
#     description: Regulation (EU) 2016/679 (GDPR), Art. 35 (data protection impact assessment)
# custom:
#   id: LLM-REG-008
#   severity: high
#   remediation: >-
#     Carry out a data protection impact assessment (GDPR Art. 35) for this processing, using the
#     provider's instructions for use, then declare compliance.dataProtectionImpactAssessment: true.
deny contains f if {
	_high_risk_in_force
	lib.applies("euAiAct", "dpia")
	count(_personal_reasons) > 0
	object.get(lib.spec.compliance, "dataProtectionImpactAssessment", false) != true
	msg := sprintf(
		concat("", [
			"The use case %s and processes personal data (%s), and ",
			"compliance.dataProtectionImpactAssessment does not record an assessment.",
		]),
		[_high_risk_text, concat(", ", sort(_personal_reasons))],
	)
	refs := array.concat(_dpia_refs, _basis_refs)
	f := lib.cite(lib.project_finding("LLM-REG-008", "spec.compliance.dataProtectionImpactAssessment", msg), refs)
}

_transparency_nouns := {"chat-assistant": "chat assistant", "content-generation": "content generator"}

# METADATA
# title: Transparency duties for systems people interact with
# description: >-
#   An external chat assistant or content generator (transparencyPurposes) must tell people they
#   are interacting with an AI system and mark generated content as such (machine-readable marking;
#   deepfakes disclosed); compliance.aiDisclosure: true records both. Applies from 2026-08-02
#   (appliesFrom.transparency) with an EU link.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj
#     description: Regulation (EU) 2024/1689 (AI Act), Art. 50 (transparency obligations), from 2026-08-02
# custom:
#   id: LLM-REG-004
#   severity: low
#   remediation: >-
#     Tell users they are talking to an AI system, label or watermark generated content, and declare
#     compliance.aiDisclosure: true.
warn contains f if {
	lib.use_case.audience == "external"
	purpose := object.get(lib.use_case, "purpose", "")
	purpose in _catalog_set("transparencyPurposes")
	_eu_link
	lib.applies("euAiAct", "transparency")
	object.get(lib.spec.compliance, "aiDisclosure", false) != true
	noun := object.get(_transparency_nouns, purpose, sprintf("%s system", [purpose]))
	msg := sprintf(
		concat("", [
			"This external %s must tell people they are interacting with AI and mark the content it ",
			"generates (EU AI Act Art. 50).",
		]),
		[noun],
	)
	f := lib.cite(lib.project_finding("LLM-REG-004", "spec.useCase.purpose", msg), [_ref("transparency")])
}

# A general-purpose model modified by the project: fine-tuned, or trained on another model's outputs.
_modifications contains sprintf("fine-tunes a model (requirements.fineTuning: %s)", [lib.fine_tuning]) if {
	lib.fine_tuning in {"full-weights", "vendor-managed"}
}

_modifications contains "trains other models on model outputs (requirements.trainsOtherModelsOnOutputs)" if {
	lib.spec.requirements.trainsOtherModelsOnOutputs == true
}

# Placed on the market: distributed to third parties, or the EU among the markets.
_on_market contains "deployment.externalDistribution: true" if lib.external_distribution == true

_on_market contains "useCase.markets includes eu" if "eu" in object.get(lib.use_case, "markets", [])

# METADATA
# title: Modified general-purpose model placed on the market without the provider's duties
# description: >-
#   A team that fine-tunes a general-purpose model (requirements.fineTuning full-weights or
#   vendor-managed) or trains a model on another model's outputs (trainsOtherModelsOnOutputs), and
#   places the result on the market (deployment.externalDistribution, or eu in useCase.markets),
#   becomes the provider of the modified model and owes the Art. 53 duties: technical
#   documentation, information for downstream providers, a copyright policy and a public summary
#   of the training content. The Commission's GPAI guidelines (2025-07-18) make a modifier the
#   provider only when the modification uses more than a third of the original training compute;
#   the manifest does not record compute, so the rule takes the stricter reading that every such
#   modification counts. Applies from 2025-08-02 (appliesFrom.gpai) with an EU link.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj
#     description: Regulation (EU) 2024/1689 (AI Act), Art. 53 and Recital 109 (modifiers of general-purpose models)
# custom:
#   id: LLM-REG-009
#   severity: high
#   remediation: >-
#     Meet the Art. 53 duties for the modified model (technical documentation, information for
#     downstream providers, a copyright policy, a public training-content summary) and declare
#     compliance.gpaiProviderDuties: true, or keep the modified model off the market.
deny contains f if {
	count(_modifications) > 0
	count(_on_market) > 0
	_eu_link
	lib.applies("euAiAct", "gpai")
	object.get(lib.spec.compliance, "gpaiProviderDuties", false) != true
	msg := sprintf(
		concat("", [
			"The project %s and places the result on the market (%s), so it is the provider of a modified ",
			"general-purpose AI model, and compliance.gpaiProviderDuties does not record the Art. 53 duties as met.",
		]),
		[_and_list(sort(_modifications)), _and_list(sort(_on_market))],
	)
	refs := [_ref("gpai"), _ref("modifier")]
	f := lib.cite(lib.project_finding("LLM-REG-009", "spec.compliance.gpaiProviderDuties", msg), refs)
}
