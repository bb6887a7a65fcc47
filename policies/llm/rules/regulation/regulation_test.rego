package llm.rules.regulation_test

import data.llm.rules.regulation

_spec := {
	"data": {"classification": "internal"},
	"residency": {"allowedRegions": ["eu"]},
	"deployment": {"environment": "private-cloud"},
}

_input(use_case) := {"spec": object.union(_spec, {"useCase": use_case})}

_deny(use_case) := findings if {
	findings := regulation.deny with input as _input(use_case)
}

_warn(use_case) := findings if {
	findings := regulation.warn with input as _input(use_case)
}

_project(rule, path, msg) := {"rule": rule, "scope": "project", "path": path, "message": msg}

# --- LLM-REG-001 prohibited

test_fail_prohibited_practice if {
	_deny({"purpose": "decision-support", "audience": "external", "euAiActRisk": "prohibited"}) == {_project(
		"LLM-REG-001", "spec.useCase.euAiActRisk",
		"The use case is assessed as a prohibited AI practice under the EU AI Act (euAiActRisk: prohibited).",
	)}
}

test_success_not_prohibited if {
	count(_deny({"purpose": "decision-support", "audience": "external", "euAiActRisk": "limited"})) == 0
}

test_success_no_assessment_is_no_violation if {
	count(_deny({"purpose": "decision-support", "audience": "external"})) == 0
}

# --- LLM-REG-002 high risk without oversight

test_fail_high_risk_oversight_false if {
	_deny({
		"purpose": "decision-support", "audience": "internal",
		"euAiActRisk": "high", "humanOversight": false,
	}) == {_project(
		"LLM-REG-002", "spec.useCase.humanOversight",
		"The use case is assessed as high-risk under the EU AI Act, and human oversight is not declared.",
	)}
}

test_fail_high_risk_oversight_missing if {
	_deny({"purpose": "decision-support", "audience": "internal", "euAiActRisk": "high"}) == {_project(
		"LLM-REG-002", "spec.useCase.euAiActRisk",
		"The use case is assessed as high-risk under the EU AI Act, and human oversight is not declared.",
	)}
}

test_success_high_risk_with_oversight if {
	count(_deny({
		"purpose": "decision-support", "audience": "internal",
		"euAiActRisk": "high", "humanOversight": true,
	})) == 0
}

# --- LLM-REG-003 Annex III area (warning)

test_fail_annex_iii_domain_not_assessed if {
	_warn({
		"purpose": "classification", "audience": "internal",
		"domains": ["employment", "general", "credit"],
	}) == {_project(
		"LLM-REG-003", "spec.useCase.domains",
		concat("", [
			"The domain(s) credit, employment fall in EU AI Act Annex III high-risk areas, and the ",
			"use case is not assessed.",
		]),
	)}
}

test_fail_annex_iii_domain_assessed_limited if {
	_warn({
		"purpose": "classification", "audience": "internal",
		"domains": ["education"], "euAiActRisk": "limited",
	}) == {_project(
		"LLM-REG-003", "spec.useCase.domains",
		"The domain(s) education fall in EU AI Act Annex III high-risk areas, and the use case is assessed as limited.",
	)}
}

test_success_annex_iii_domain_assessed_high if {
	count(_warn({
		"purpose": "classification", "audience": "internal",
		"domains": ["employment"], "euAiActRisk": "high", "humanOversight": true,
	})) == 0
}

test_success_domain_outside_annex_iii if {
	count(_warn({"purpose": "classification", "audience": "internal", "domains": ["general", "legal"]})) == 0
}

test_success_annex_iii_list_comes_from_data if {
	findings := regulation.warn with input as _input({
		"purpose": "classification", "audience": "internal",
		"domains": ["employment"],
	})
		with data.catalog.regulation.euAiAct.annexIiiDomains as ["biometrics"]
	count(findings) == 0
}

# --- LLM-REG-004 Art. 50 transparency (warning)

test_fail_external_chat_assistant_transparency if {
	_warn({"purpose": "chat-assistant", "audience": "external"}) == {_project(
		"LLM-REG-004", "spec.useCase.purpose",
		concat("", [
			"An external chat-assistant must disclose that people are interacting with AI and mark ",
			"generated content (EU AI Act Art. 50).",
		]),
	)}
}

test_fail_external_content_generation_transparency if {
	{f.rule | some f in _warn({"purpose": "content-generation", "audience": "external"})} == {"LLM-REG-004"}
}

test_success_internal_chat_assistant if {
	count(_warn({"purpose": "chat-assistant", "audience": "internal"})) == 0
}

test_success_external_classification if {
	count(_warn({"purpose": "classification", "audience": "external"})) == 0
}
