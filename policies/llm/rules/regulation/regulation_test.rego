package llm.rules.regulation_test

import data.llm.rules.regulation

# The run's day in these tests: after every EU AI Act date in the catalog, unless a test says.
_today := "2026-12-01"

_act := "https://eur-lex.europa.eu/eli/reg/2024/1689/oj"

_ref(article) := sprintf("Regulation (EU) 2024/1689 (AI Act), %s: %s", [
	data.catalog.regulation.euAiAct.articles[article],
	_act,
])

_gdpr_dpia := concat("", [
	"Regulation (EU) 2016/679 (GDPR), Art. 35 (data protection impact assessment): ",
	"https://eur-lex.europa.eu/eli/reg/2016/679/oj",
])

# An EU link through the data subjects; personal data.
_base := {
	"useCase": {"purpose": "decision-support", "audience": "internal"},
	"data": {"classification": "confidential", "categories": ["personal"], "subjectRegions": ["eu"]},
	"residency": {"allowedRegions": ["eu"]},
	"deployment": {"environment": "private-cloud"},
}

_spec(patch) := object.union(_base, patch)

# Every deployer duty declared.
_duties := {
	"logRetentionMonths": 6,
	"workersInformed": true,
	"fundamentalRightsImpactAssessment": true,
	"dataProtectionImpactAssessment": true,
}

# CV screening in the EU, declared high-risk, with oversight; `compliance` as given.
_hiring(compliance) := {
	"useCase": {
		"purpose": "classification", "audience": "internal",
		"domains": ["employment"], "euAiActRisk": "high", "humanOversight": true,
	},
	"data": _base.data,
	"residency": _base.residency,
	"deployment": _base.deployment,
	"compliance": compliance,
}

_deny_on(spec, day) := fs if {
	fs := regulation.deny with input as {"spec": spec, "asOf": day}
}

_warn_on(spec, day) := fs if {
	fs := regulation.warn with input as {"spec": spec, "asOf": day}
}

_deny(spec) := _deny_on(spec, _today)

_warn(spec) := _warn_on(spec, _today)

_rules(fs) := {f.rule | some f in fs}

_project(rule, path, msg, refs) := {
	"rule": rule, "scope": "project", "path": path, "message": msg,
	"references": refs,
}

# The same project with no EU link: subjects, deployment and market all in `region`.
_elsewhere(spec, region) := object.union(spec, {
	"data": {"subjectRegions": [region]},
	"residency": {"allowedRegions": [region]},
	"useCase": {"markets": [region]},
	"models": [{"id": "qwen3-32b", "hosting": "self-hosted", "region": region}],
})

# --- the EU link

_no_link := {
	"useCase": {
		"purpose": "chat-assistant", "audience": "external",
		"domains": ["employment"], "euAiActRisk": "high",
	},
	"data": {"classification": "internal"},
	"residency": {"allowedRegions": ["eu"]},
	"deployment": {"environment": "private-cloud"},
}

test_success_no_eu_link_no_finding if {
	# allowedRegions alone is not a link: processing may happen there, nothing ties the use to the EU
	count(_deny(_no_link)) == 0
	count(_warn(_no_link)) == 0
}

test_fail_eu_link_through_the_market if {
	"LLM-REG-002" in _rules(_deny(object.union(_no_link, {"useCase": {"markets": ["us", "eu"]}})))
	"LLM-REG-004" in _rules(_warn(object.union(_no_link, {"useCase": {"markets": ["eu"]}})))
}

test_fail_eu_link_through_a_deployment if {
	spec := object.union(_no_link, {"models": [{"id": "qwen3-32b", "hosting": "self-hosted", "region": "eu"}]})
	"LLM-REG-002" in _rules(_deny(spec))
}

test_fail_eu_link_through_subjects if {
	"LLM-REG-002" in _rules(_deny(object.union(_no_link, {"data": {"subjectRegions": ["eu"]}})))
}

test_fail_eu_link_through_an_eu_organisation if {
	fs := regulation.deny with input as {"spec": _no_link, "asOf": _today}
		with data.settings.organisationInEu as true
	"LLM-REG-002" in _rules(fs)
}

test_success_china_only_project_has_no_finding if {
	spec := _elsewhere(object.union(_hiring({}), {"useCase": {"purpose": "chat-assistant", "audience": "external"}}), "cn")
	count(_deny(spec)) == 0
	count(_warn(spec)) == 0
}

test_success_us_only_project_has_no_finding if {
	spec := _elsewhere(
		object.union(_spec({"useCase": {"domains": ["credit"], "euAiActRisk": "prohibited"}}), {
			"requirements": {"fineTuning": "full-weights"},
			"deployment": {"externalDistribution": true},
		}),
		"us",
	)
	count(_deny(spec)) == 0
	count(_warn(spec)) == 0
}

test_success_us_only_prohibited_is_not_judged_under_the_act if {
	count(_deny(_elsewhere(_spec({"useCase": {"euAiActRisk": "prohibited"}}), "us"))) == 0
}

test_fail_no_link_regions_in_data_still_links_the_eu if {
	fs := regulation.deny with input as {"spec": _spec({"useCase": {"euAiActRisk": "prohibited"}}), "asOf": _today}
		with data.catalog.regulation.euAiAct.subjectRegions as []
	_rules(fs) == {"LLM-REG-001"}
}

test_success_the_link_regions_come_from_data if {
	spec := _elsewhere(_spec({"useCase": {"euAiActRisk": "prohibited"}}), "ch")
	fs := regulation.deny with input as {"spec": spec, "asOf": _today}
		with data.catalog.regulation.euAiAct.subjectRegions as ["eu", "ch"]
	_rules(fs) == {"LLM-REG-001"}
}

# --- LLM-REG-001 prohibited

test_fail_prohibited_practice if {
	_deny(_spec({"useCase": {"audience": "external", "euAiActRisk": "prohibited"}})) == {_project(
		"LLM-REG-001", "spec.useCase.euAiActRisk",
		"The use case is assessed as a prohibited AI practice under the EU AI Act (euAiActRisk: prohibited).",
		[_ref("prohibited")],
	)}
}

test_success_prohibited_before_its_day if {
	spec := _spec({"useCase": {"euAiActRisk": "prohibited"}})
	count(_deny_on(spec, "2025-02-01")) == 0
	_rules(_deny_on(spec, "2025-02-02")) == {"LLM-REG-001"}
}

test_success_a_prohibited_annex_iii_use_owes_no_duties if {
	# nothing is allowed anyway; the duties would only repeat it
	_rules(_deny(_spec({"useCase": {"domains": ["employment"], "euAiActRisk": "prohibited"}}))) == {"LLM-REG-001"}
}

test_success_not_prohibited if {
	count(_deny(_spec({"useCase": {"audience": "external", "euAiActRisk": "limited"}}))) == 0
}

test_success_no_assessment_outside_annex_iii_is_no_violation if {
	count(_deny(_spec({"useCase": {"domains": ["general", "legal"]}}))) == 0
}

# --- a high-risk use with every duty declared passes

test_success_high_risk_with_every_duty if {
	count(_deny(_hiring(_duties))) == 0
}

test_success_annex_iii_by_law_with_every_duty_declared_fails_only_its_assessment if {
	spec := json.remove(_hiring(_duties), ["useCase/euAiActRisk"])
	_rules(_deny(spec)) == {"LLM-REG-003"}
}

# --- LLM-REG-002 human oversight

test_fail_high_risk_oversight_false if {
	spec := object.union(_hiring(_duties), {"useCase": {"humanOversight": false}})
	_deny(spec) == {_project(
		"LLM-REG-002", "spec.useCase.humanOversight",
		"The use case is assessed as high-risk under the EU AI Act, and human oversight is not declared.",
		[_ref("humanOversight")],
	)}
}

test_fail_high_risk_oversight_missing if {
	spec := _spec({"useCase": {"euAiActRisk": "high"}, "compliance": _duties})
	_deny(spec) == {_project(
		"LLM-REG-002", "spec.useCase.euAiActRisk",
		"The use case is assessed as high-risk under the EU AI Act, and human oversight is not declared.",
		[_ref("humanOversight")],
	)}
}

test_fail_annex_iii_by_law_oversight_missing if {
	spec := _spec({"useCase": {"domains": ["education", "employment"]}, "compliance": _duties})
	f := [g | some g in _deny(spec); g.rule == "LLM-REG-002"][0]
	f == _project(
		"LLM-REG-002", "spec.useCase.humanOversight",
		concat("", [
			"The use case is high-risk under the EU AI Act (Annex III: education and employment), and human ",
			"oversight is not declared.",
		]),
		[_ref("humanOversight"), _ref("highRisk")],
	)
}

test_success_oversight_before_its_day if {
	spec := object.union(_hiring(_duties), {"useCase": {"humanOversight": false}})
	count(_deny_on(spec, "2026-08-01")) == 0
	_rules(_deny_on(spec, "2026-08-02")) == {"LLM-REG-002"}
}

test_success_oversight_has_its_own_day if {
	spec := object.union(_hiring(_duties), {"useCase": {"humanOversight": false}})
	fs := regulation.deny with input as {"spec": spec, "asOf": _today}
		with data.catalog.regulation.euAiAct.appliesFrom.humanOversight as "2027-01-01"
	count(fs) == 0
}

test_success_an_overlaid_high_risk_day_moves_every_duty if {
	# an organisation that confirmed the Digital Omnibus overlays appliesFrom.highRisk
	spec := _spec({"useCase": {"domains": ["employment"]}})
	_rules(_deny(spec)) == {"LLM-REG-002", "LLM-REG-003", "LLM-REG-005", "LLM-REG-006", "LLM-REG-008"}
	fs := regulation.deny with input as {"spec": spec, "asOf": _today}
		with data.catalog.regulation.euAiAct.appliesFrom.highRisk as "2027-12-02"
	count(fs) == 0
}

test_success_an_undated_obligation_applies if {
	spec := object.union(_hiring(_duties), {"useCase": {"humanOversight": false}})

	# "" is what lib.applies reads for a date the catalog lacks (an object given to `with` is merged
	# into the catalog's, so a key cannot be removed here; lib_test covers the missing key itself)
	fs := regulation.deny with input as {"spec": spec, "asOf": "2000-01-01"}
		with data.catalog.regulation.euAiAct.appliesFrom.highRisk as ""
		with data.catalog.regulation.euAiAct.appliesFrom.humanOversight as ""
	_rules(fs) == {"LLM-REG-002"}
}

# --- LLM-REG-003 Annex III use not assessed as high-risk

test_fail_annex_iii_domain_not_assessed if {
	spec := _spec({"useCase": {"domains": ["employment", "general", "credit"], "humanOversight": true}})
	f := [g | some g in _deny(spec); g.rule == "LLM-REG-003"][0]
	f == _project(
		"LLM-REG-003", "spec.useCase.domains",
		concat("", [
			"The domains credit and employment are in EU AI Act Annex III, so the use case is high-risk by law, ",
			"but euAiActRisk is not set.",
		]),
		[_ref("highRisk")],
	)
}

test_fail_annex_iii_domain_assessed_limited_without_derogation if {
	spec := _spec({"useCase": {"domains": ["education"], "euAiActRisk": "limited"}})
	f := [g | some g in _deny(spec); g.rule == "LLM-REG-003"][0]
	f == _project(
		"LLM-REG-003", "spec.useCase.domains",
		concat("", [
			"The domain education is in EU AI Act Annex III, so the use case is high-risk by law, but it is ",
			"assessed as limited without a recorded Art. 6(3) assessment (useCase.highRiskDerogation).",
		]),
		[_ref("highRisk"), _ref("derogation")],
	)
}

test_fail_blank_derogation_is_no_derogation if {
	spec := _spec({"useCase": {"domains": ["education"], "euAiActRisk": "minimal", "highRiskDerogation": "  "}})
	"LLM-REG-003" in _rules(_deny(spec))
}

test_success_annex_iii_minimal_with_recorded_derogation if {
	spec := _spec({"useCase": {
		"domains": ["employment"], "euAiActRisk": "minimal",
		"highRiskDerogation": "https://wiki.example.com/ai/cv-dedup-art6-3",
	}})
	count(_deny(spec)) == 0
}

test_fail_derogation_never_covers_profiling if {
	spec := _spec({"useCase": {
		"domains": ["employment"], "euAiActRisk": "limited",
		"highRiskDerogation": "docs/art6-3.md", "profiling": true, "humanOversight": true,
	}})
	f := [g | some g in _deny(spec); g.rule == "LLM-REG-003"][0]
	f == _project(
		"LLM-REG-003", "spec.useCase.domains",
		concat("", [
			"The domain employment is in EU AI Act Annex III, so the use case is high-risk by law and the ",
			"Art. 6(3) derogation never covers profiling (useCase.profiling: true), but it is assessed as limited.",
		]),
		[_ref("highRisk"), _ref("derogation")],
	)

	# and, being high-risk, it owes the deployer duties
	{"LLM-REG-005", "LLM-REG-006", "LLM-REG-008"} & _rules(_deny(spec)) == {"LLM-REG-005", "LLM-REG-006", "LLM-REG-008"}
}

test_success_annex_iii_declared_high if {
	spec := _spec({"useCase": {"domains": ["employment"], "euAiActRisk": "high"}})
	not "LLM-REG-003" in _rules(_deny(spec))
}

test_success_annex_iii_before_its_day if {
	spec := _spec({"useCase": {"domains": ["employment"]}})
	count(_deny_on(spec, "2026-08-01")) == 0
	"LLM-REG-003" in _rules(_deny_on(spec, "2026-08-02"))
}

test_success_derogation_assessment_before_its_day if {
	spec := _spec({"useCase": {"domains": ["employment"], "euAiActRisk": "limited", "humanOversight": true}})
	not "LLM-REG-003" in _rules(_deny_on(spec, "2026-08-01"))
	"LLM-REG-003" in _rules(_deny_on(spec, "2026-08-02"))
}

test_success_the_derogation_assessment_has_its_own_day if {
	spec := _spec({"useCase": {"domains": ["employment"], "euAiActRisk": "limited"}})
	fs := regulation.deny with input as {"spec": spec, "asOf": _today}
		with data.catalog.regulation.euAiAct.appliesFrom.derogation as "2027-01-01"
	not "LLM-REG-003" in _rules(fs)
	"LLM-REG-003" in _rules(_deny(spec))
}

test_success_annex_iii_list_comes_from_data if {
	fs := regulation.deny with input as {"spec": _spec({"useCase": {"domains": ["employment"]}}), "asOf": _today}
		with data.catalog.regulation.euAiAct.annexIiiDomains as ["biometrics"]
	count(fs) == 0
}

# --- LLM-REG-005 logs

test_fail_logs_not_declared if {
	_deny(_hiring(object.remove(_duties, ["logRetentionMonths"]))) == {_project(
		"LLM-REG-005", "spec.compliance.logRetentionMonths",
		concat("", [
			"The use case is assessed as high-risk under the EU AI Act, and compliance.logRetentionMonths does not ",
			"say how long its logs are kept (at least 6 months).",
		]),
		[_ref("logs")],
	)}
}

test_fail_logs_kept_too_short if {
	_deny(_hiring(object.union(_duties, {"logRetentionMonths": 1}))) == {_project(
		"LLM-REG-005", "spec.compliance.logRetentionMonths",
		concat("", [
			"The use case is assessed as high-risk under the EU AI Act, and its logs are kept for 1 month, less ",
			"than the 6 months Art. 26(6) requires.",
		]),
		[_ref("logs")],
	)}
	f := [g | some g in _deny(_hiring(object.union(_duties, {"logRetentionMonths": 5.5})))][0]
	contains(f.message, "kept for 5.5 months")
}

test_success_logs_kept_longer if {
	count(_deny(_hiring(object.union(_duties, {"logRetentionMonths": 24})))) == 0
}

test_success_logs_before_their_day if {
	spec := _hiring(object.remove(_duties, ["logRetentionMonths"]))
	count(_deny_on(spec, "2026-08-01")) == 0
	_rules(_deny_on(spec, "2026-08-02")) == {"LLM-REG-005"}
	fs := regulation.deny with input as {"spec": spec, "asOf": _today}
		with data.catalog.regulation.euAiAct.appliesFrom.logs as "2027-01-01"
	count(fs) == 0
}

test_success_log_minimum_comes_from_data if {
	spec := _hiring(object.union(_duties, {"logRetentionMonths": 6}))
	fs := regulation.deny with input as {"spec": spec, "asOf": _today}
		with data.catalog.regulation.euAiAct.logRetentionMonths as 12
	_rules(fs) == {"LLM-REG-005"}
}

test_fail_log_minimum_missing_from_data_still_applies if {
	spec := _hiring(object.union(_duties, {"logRetentionMonths": 3}))
	fs := regulation.deny with input as {"spec": spec, "asOf": _today}
		with data.catalog.regulation.euAiAct.logRetentionMonths as null
	_rules(fs) == {"LLM-REG-005"}
}

# --- LLM-REG-006 workers informed

test_fail_workers_not_informed if {
	_deny(_hiring(object.remove(_duties, ["workersInformed"]))) == {_project(
		"LLM-REG-006", "spec.compliance.workersInformed",
		concat("", [
			"The use case is assessed as high-risk under the EU AI Act and is used at the workplace (domain ",
			"employment), and compliance.workersInformed does not record that workers were told.",
		]),
		[_ref("workers")],
	)}
}

test_fail_workplace_declared if {
	spec := object.union(_spec({"useCase": {"domains": ["education"], "euAiActRisk": "high", "humanOversight": true}}), {
		"compliance": object.remove(_duties, ["workersInformed"]),
		"useCase": {"workplace": true},
	})
	[f | some f in _deny(spec)][0].message == concat("", [
		"The use case is assessed as high-risk under the EU AI Act and is used at the workplace ",
		"(useCase.workplace: true), and compliance.workersInformed does not record that workers were told.",
	])
}

test_success_workplace_false_overrides_the_domain if {
	spec := object.union(_hiring(object.remove(_duties, ["workersInformed"])), {"useCase": {"workplace": false}})
	count(_deny(spec)) == 0
}

test_success_not_at_the_workplace if {
	spec := object.union(_hiring(object.remove(_duties, ["workersInformed"])), {"useCase": {"domains": ["education"]}})
	count(_deny(spec)) == 0
}

test_success_workers_before_their_day if {
	spec := _hiring(object.remove(_duties, ["workersInformed"]))
	count(_deny_on(spec, "2026-08-01")) == 0
	_rules(_deny_on(spec, "2026-08-02")) == {"LLM-REG-006"}
	fs := regulation.deny with input as {"spec": spec, "asOf": _today}
		with data.catalog.regulation.euAiAct.appliesFrom.workers as "2027-01-01"
	count(fs) == 0
}

# --- LLM-REG-007 fundamental rights impact assessment

_no_fria := object.remove(_duties, ["fundamentalRightsImpactAssessment"])

_high(use_case) := _spec({
	"useCase": object.union({"euAiActRisk": "high", "humanOversight": true, "workplace": false}, use_case),
	"compliance": _no_fria,
})

test_fail_fria_for_credit if {
	_deny(_high({"domains": ["credit"]})) == {_project(
		"LLM-REG-007", "spec.compliance.fundamentalRightsImpactAssessment",
		concat("", [
			"The use case is assessed as high-risk under the EU AI Act and, as a deployer in credit, needs a ",
			"fundamental rights impact assessment, which compliance.fundamentalRightsImpactAssessment does not record.",
		]),
		[_ref("fria")],
	)}
}

test_fail_fria_for_insurance_by_law if {
	spec := json.remove(_high({"domains": ["insurance"]}), ["useCase/euAiActRisk"])
	fs := [f | some f in _deny(spec); f.rule == "LLM-REG-007"]
	fs[0].references == [_ref("fria"), _ref("highRisk")]
	contains(fs[0].message, "(Annex III: insurance) and, as a deployer in insurance, needs")
}

test_fail_fria_for_a_public_service if {
	fs := _deny(_high({"domains": ["education"], "publicService": true}))
	_rules(fs) == {"LLM-REG-007"}
	contains([f | some f in fs][0].message, "as a public service (useCase.publicService: true), needs")
}

test_fail_fria_for_a_public_body if {
	fs := _deny(_high({"domains": ["government", "migration", "credit"]}))
	contains([f | some f in fs][0].message, "as a deployer in credit and a public body (domain government), needs")
}

test_fail_fria_for_a_declared_high_risk_public_use_without_annex_iii_domain if {
	_rules(_deny(_high({"domains": ["government"]}))) == {"LLM-REG-007"}
}

test_success_fria_exempt_for_critical_infrastructure_only if {
	count(_deny(_high({"domains": ["critical-infrastructure"], "publicService": true}))) == 0
	_rules(_deny(_high({"domains": ["critical-infrastructure", "employment"], "publicService": true}))) == {"LLM-REG-007"}
	_rules(_deny(_high({"domains": ["critical-infrastructure", "credit"]}))) == {"LLM-REG-007"}
}

test_success_no_fria_for_a_private_employer if {
	count(_deny(_high({"domains": ["employment"]}))) == 0
}

test_success_fria_declared if {
	count(_deny(object.union(_high({"domains": ["credit"]}), {"compliance": _duties}))) == 0
}

test_success_fria_before_its_day if {
	spec := _high({"domains": ["credit"]})
	count(_deny_on(spec, "2026-08-01")) == 0
	_rules(_deny_on(spec, "2026-08-02")) == {"LLM-REG-007"}
	fs := regulation.deny with input as {"spec": spec, "asOf": _today}
		with data.catalog.regulation.euAiAct.appliesFrom.fria as "2027-01-01"
	count(fs) == 0
}

# --- LLM-REG-008 data protection impact assessment

_no_dpia := _hiring(object.remove(_duties, ["dataProtectionImpactAssessment"]))

test_fail_dpia_missing if {
	_deny(_no_dpia) == {_project(
		"LLM-REG-008", "spec.compliance.dataProtectionImpactAssessment",
		concat("", [
			"The use case is assessed as high-risk under the EU AI Act and processes personal data (category ",
			"personal, data subjects in eu), and compliance.dataProtectionImpactAssessment does not record an ",
			"assessment.",
		]),
		[_ref("dpia"), _gdpr_dpia],
	)}
}

test_fail_dpia_for_categories_without_subjects_cites_the_act_only if {
	spec := object.union(
		object.remove(_no_dpia, ["data"]),
		{
			"data": {"classification": "confidential", "categories": ["health", "biometric", "source-code"]},
			"useCase": {"markets": ["eu"]},
		},
	)
	f := [g | some g in _deny(spec)][0]
	f.references == [_ref("dpia")]
	contains(f.message, "(categories biometric and health)")
}

test_fail_dpia_for_subjects_only if {
	spec := object.union(
		object.remove(_no_dpia, ["data"]),
		{"data": {"classification": "internal", "subjectRegions": ["eu", "uk"]}},
	)
	contains([f | some f in _deny(spec)][0].message, "(data subjects in eu and uk)")
}

test_success_no_personal_data_no_dpia if {
	spec := object.union(
		object.remove(_no_dpia, ["data"]),
		{"data": {"classification": "internal", "categories": ["source-code"]}, "useCase": {"markets": ["eu"]}},
	)
	count(_deny(spec)) == 0
}

test_success_dpia_before_its_day if {
	count(_deny_on(_no_dpia, "2026-08-01")) == 0
	_rules(_deny_on(_no_dpia, "2026-08-02")) == {"LLM-REG-008"}
	fs := regulation.deny with input as {"spec": _no_dpia, "asOf": _today}
		with data.catalog.regulation.euAiAct.appliesFrom.dpia as "2027-01-01"
	count(fs) == 0
}

test_success_not_high_risk_no_duties if {
	spec := _spec({"useCase": {"domains": ["general"], "euAiActRisk": "limited"}})
	count(_deny(spec)) == 0
}

# --- LLM-REG-004 Art. 50 transparency (warning)

_chat := _spec({"useCase": {"purpose": "chat-assistant", "audience": "external"}})

test_fail_external_chat_assistant_transparency if {
	_warn(_chat) == {_project(
		"LLM-REG-004", "spec.useCase.purpose",
		concat("", [
			"This external chat assistant must tell people they are interacting with AI and mark the content it ",
			"generates (EU AI Act Art. 50).",
		]),
		[_ref("transparency")],
	)}
}

test_fail_external_content_generation_transparency if {
	fs := _warn(_spec({"useCase": {"purpose": "content-generation", "audience": "external"}}))
	startswith([f | some f in fs][0].message, "This external content generator must tell people")
}

test_fail_transparency_for_a_purpose_the_catalog_adds if {
	fs := regulation.warn with input as {"spec": _spec({"useCase": {"audience": "external"}}), "asOf": _today}
		with data.catalog.regulation.euAiAct.transparencyPurposes as ["decision-support"]
	startswith([f | some f in fs][0].message, "This external decision-support system must tell people")
}

test_success_transparency_declared if {
	count(_warn(object.union(_chat, {"compliance": {"aiDisclosure": true}}))) == 0
}

test_success_transparency_before_its_day if {
	count(_warn_on(_chat, "2026-08-01")) == 0
	_rules(_warn_on(_chat, "2026-08-02")) == {"LLM-REG-004"}
}

test_success_internal_chat_assistant if {
	count(_warn(_spec({"useCase": {"purpose": "chat-assistant", "audience": "internal"}}))) == 0
}

test_success_external_classification if {
	count(_warn(_spec({"useCase": {"purpose": "classification", "audience": "external"}}))) == 0
}

# --- LLM-REG-009 modified general-purpose model on the market

_tuned := _spec({
	"useCase": {"purpose": "content-generation", "audience": "internal"},
	"requirements": {"fineTuning": "full-weights"},
	"deployment": {"externalDistribution": true},
})

test_fail_fine_tuned_model_distributed if {
	_deny(_tuned) == {_project(
		"LLM-REG-009", "spec.compliance.gpaiProviderDuties",
		concat("", [
			"The project fine-tunes a model (requirements.fineTuning: full-weights) and places the result on the ",
			"market (deployment.externalDistribution: true), so it is the provider of a modified general-purpose AI ",
			"model, and compliance.gpaiProviderDuties does not record the Art. 53 duties as met.",
		]),
		[_ref("gpai"), _ref("modifier")],
	)}
}

test_fail_outputs_trained_on_for_the_eu_market if {
	spec := object.union(_base, {
		"requirements": {"trainsOtherModelsOnOutputs": true, "fineTuning": "vendor-managed"},
		"useCase": {"markets": ["eu"]},
	})
	contains([f | some f in _deny(spec)][0].message, concat("", [
		"The project fine-tunes a model (requirements.fineTuning: vendor-managed) and trains other models on ",
		"model outputs (requirements.trainsOtherModelsOnOutputs) and places the result on the market (useCase.markets ",
		"includes eu), so",
	]))
}

test_success_modified_model_kept_in_house if {
	spec := object.union(_tuned, {"deployment": {"externalDistribution": false}})
	count(_deny(spec)) == 0
}

test_success_distributed_without_modification if {
	spec := object.union(_tuned, {"requirements": {"fineTuning": "none"}})
	count(_deny(spec)) == 0
}

test_success_provider_duties_declared if {
	count(_deny(object.union(_tuned, {"compliance": {"gpaiProviderDuties": true}}))) == 0
}

test_success_gpai_before_its_day if {
	count(_deny_on(_tuned, "2025-08-01")) == 0
	_rules(_deny_on(_tuned, "2025-08-02")) == {"LLM-REG-009"}
}

# --- every finding cites what it enforces

test_success_every_finding_cites_the_act if {
	spec := object.union(
		_spec({"useCase": {
			"purpose": "chat-assistant", "audience": "external",
			"domains": ["credit", "employment"], "euAiActRisk": "limited", "publicService": true,
		}}),
		{"requirements": {"fineTuning": "full-weights"}, "deployment": {"externalDistribution": true}},
	)
	fs := _deny(spec) | _warn(spec)
	_rules(fs) == {
		"LLM-REG-002", "LLM-REG-003", "LLM-REG-004", "LLM-REG-005", "LLM-REG-006",
		"LLM-REG-007", "LLM-REG-008", "LLM-REG-009",
	}
	every f in fs {
		count(f.references) > 0
		every r in f.references {
			_cited(f.rule, r)
		}
	}
	_gdpr_dpia in [f | some f in fs; f.rule == "LLM-REG-008"][0].references
}

_cited(_, r) if endswith(r, _act)

_cited("LLM-REG-008", r) if r == _gdpr_dpia
