# METADATA
# title: Regulation (EU AI Act)
# description: >-
#   The project's EU AI Act self-assessment (useCase.euAiActRisk) and what follows from it:
#   prohibited practices allow nothing, high-risk systems need human oversight, Annex III domains
#   need a high-risk assessment, and systems people talk to or whose content they see need
#   transparency. Facts live in data.catalog.regulation.
package llm.rules.regulation

import data.llm.lib

default _ai_act := {}

_ai_act := data.catalog.regulation.euAiAct

_risk := object.get(lib.use_case, "euAiActRisk", "")

_annex_iii_domains := {d | some d in object.get(_ai_act, "annexIiiDomains", [])}

_transparency_purposes := {p | some p in object.get(_ai_act, "transparencyPurposes", [])}

# Point at the field that is there: humanOversight when declared, else the risk it depends on.
default _oversight_path := "spec.useCase.euAiActRisk"

_oversight_path := "spec.useCase.humanOversight" if is_boolean(lib.use_case.humanOversight)

default _assessment := "not assessed"

_assessment := sprintf("assessed as %s", [_risk]) if _risk != ""

# METADATA
# title: Prohibited AI practice
# description: >-
#   The project assessed its use as a prohibited practice under the EU AI Act (Art. 5: manipulation,
#   exploiting vulnerabilities, social scoring, predictive policing by profiling, untargeted facial
#   scraping, emotion recognition at work or school, sensitive biometric categorisation, real-time
#   remote biometric identification). Nothing is allowed: no model, no deployment mode.
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
	msg := "The use case is assessed as a prohibited AI practice under the EU AI Act (euAiActRisk: prohibited)."
	f := lib.project_finding("LLM-REG-001", "spec.useCase.euAiActRisk", msg)
}

# METADATA
# title: High-risk AI system without human oversight
# description: >-
#   A system assessed as high-risk under the EU AI Act must be designed for effective human
#   oversight and deployed with people assigned to it; the manifest must declare
#   useCase.humanOversight: true.
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
	_risk == "high"
	object.get(lib.use_case, "humanOversight", false) != true
	msg := "The use case is assessed as high-risk under the EU AI Act, and human oversight is not declared."
	f := lib.project_finding("LLM-REG-002", _oversight_path, msg)
}

# METADATA
# title: Annex III area without a high-risk assessment
# description: >-
#   The project works in an area the EU AI Act lists as high-risk (Annex III: biometrics, critical
#   infrastructure, education, employment, essential services such as credit and life/health
#   insurance, law enforcement, migration, justice) but its self-assessment is missing, minimal or
#   limited. Art. 6(3) can exempt narrow procedural tasks, never profiling of natural persons.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj
#     description: Regulation (EU) 2024/1689 (AI Act), Art. 6(2)-(4) and Annex III (high-risk areas), from 2026-08-02
# custom:
#   id: LLM-REG-003
#   severity: medium
#   remediation: >-
#     Do and record a high-risk assessment; set euAiActRisk: high (with human oversight), or document
#     why the Art. 6(3) exemption applies.
warn contains f if {
	_risk in {"", "minimal", "limited"}
	hit := lib.domains & _annex_iii_domains
	count(hit) > 0
	msg := sprintf(
		"The domain(s) %s fall in EU AI Act Annex III high-risk areas, and the use case is %s.",
		[concat(", ", sort(hit)), _assessment],
	)
	f := lib.project_finding("LLM-REG-003", "spec.useCase.domains", msg)
}

# METADATA
# title: Transparency duties for systems people interact with
# description: >-
#   An external chat assistant or content generator must tell people they are interacting with an
#   AI system and mark generated content as such (machine-readable marking; deepfakes disclosed).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj
#     description: Regulation (EU) 2024/1689 (AI Act), Art. 50 (transparency obligations), from 2026-08-02
# custom:
#   id: LLM-REG-004
#   severity: low
#   remediation: Tell users they are talking to an AI system and label or watermark generated content.
warn contains f if {
	lib.use_case.audience == "external"
	purpose := object.get(lib.use_case, "purpose", "")
	purpose in _transparency_purposes
	msg := sprintf(
		concat("", [
			"An external %s must disclose that people are interacting with AI and mark generated ",
			"content (EU AI Act Art. 50).",
		]),
		[purpose],
	)
	f := lib.project_finding("LLM-REG-004", "spec.useCase.purpose", msg)
}
