# METADATA
# title: The decision for one manifest
# description: >-
#   Aggregates the findings of every llm.rules.* package (shipped and organisation
#   packages alike) into the contract's decision: both modes' verdicts, a verdict per
#   requested model, the recommendation and pass/fail.
package llm.decision

import data.llm.lib

# Every llm.rules.* package's findings. A reference to each package's deny (warn) walks only
# those rules, where iterating the packages' documents (`some rules in data.llm.rules`, the style
# regal asks for) would evaluate every rule of each, tests included when they are loaded. The
# embedded engine gets this block written out once per package (checker/engine/aggregator.py):
# keep the markers.
# aggregation: begin
violations contains f if {
	# regal ignore:mixed-iteration
	some f in data.llm.rules[_].deny
}

warnings contains f if {
	# regal ignore:mixed-iteration
	some f in data.llm.rules[_].warn
}

# aggregation: end

_project_rules contains f.rule if {
	some f in violations
	f.scope == "project"
}

_mode_reasons(mode) := {f.rule |
	some f in violations
	f.scope in {mode, "project"}
}

_model_reasons(i) := {f.rule |
	some f in violations
	_applies_to_model(f, i)
}

_applies_to_model(f, i) if {
	f.scope == "model"
	f.model == i
}

_applies_to_model(f, _) if f.scope == "project"

# (Each mode's reasons gathered once: a function's value is not kept between calls.)
self_hosted := _verdict(_mode_reasons("self-hosted"))

vendor_api := _verdict(_mode_reasons("vendor-api"))

_verdict(reasons) := {"allowed": count(reasons) == 0, "reasons": sort(reasons)}

models := [verdict |
	some i, m in lib.models
	reasons := _model_reasons(i)
	verdict := {
		"index": i,
		"id": m.id,
		"hosting": m.hosting,
		"provider": object.get(m, "provider", null),
		"allowed": count(reasons) == 0,
		"violations": sort(reasons),
	}
]

# Steering signals: each names the mode it favours and why. Rules do not fail on these.
_steer contains ["vendor-api", "frontier reasoning is needed and the strongest models are closed"] if {
	"frontier-reasoning" in lib.capabilities
}

_steer contains ["vendor-api", "multimodal input is needed and closed models lead there"] if {
	"multimodal" in lib.capabilities
}

_steer contains ["vendor-api", "short time to market without a platform to serve models on"] if {
	weeks := object.get(lib.spec.requirements, "timeToMarketWeeks", 1000)
	weeks <= data.settings.fastTimeToMarketWeeks
	not lib.self_hosting_platform
}

_steer contains ["self-hosted", "fine-tuning of the full weights needs open weights"] if {
	lib.fine_tuning == "full-weights"
}

# Each signal's sentence stays in the rule head, where checker/recommendation/driver.py's tests
# find it; this one is longer than a line.
# regal ignore:line-length
_steer contains ["self-hosted", sprintf("%s data is best kept on infrastructure the organisation controls", [lib.classification])] if {
	lib.classification in {"confidential", "restricted"}
}

_steer contains ["self-hosted", "an existing self-hosting platform lowers the cost of running models"] if {
	lib.self_hosting_platform
}

_steer contains ["self-hosted", "a high token volume is cheaper on owned capacity"] if {
	tokens := object.get(lib.spec.requirements, "expectedMonthlyTokens", 0)
	tokens >= data.settings.highVolumeMonthlyTokens
}

_votes(mode) := count({r | some [m, r] in _steer; m == mode})

default preference := "either"

preference := "vendor-api" if {
	_votes("vendor-api") > _votes("self-hosted")
} else := "self-hosted" if {
	_votes("self-hosted") > _votes("vendor-api")
}

preference_reasons := sort({r | some [_, r] in _steer})

default recommendation := "none"

recommendation := preference if {
	self_hosted.allowed
	vendor_api.allowed
} else := "self-hosted" if {
	self_hosted.allowed
} else := "vendor-api" if {
	vendor_api.allowed
}

default pass := false

pass if {
	count(_project_rules) == 0
	every v in models {
		v.allowed
	}
	_some_mode_or_model
}

_some_mode_or_model if count(lib.models) > 0

_some_mode_or_model if recommendation != "none"

# METADATA
# entrypoint: true
result := {
	"violations": violations,
	"warnings": warnings,
	"selfHosted": self_hosted,
	"vendorApi": vendor_api,
	"models": models,
	"preference": preference,
	"preferenceReasons": preference_reasons,
	"recommendation": recommendation,
	"pass": pass,
}
