# METADATA
# title: Deployment environment and self-hosting capacity
# description: >-
#   What spec.deployment allows: no network egress (or an air-gapped environment) rules out vendor
#   APIs, and self-hosted models must fit the GPU memory the team declares, using the catalog's
#   per-quantization figures times settings gpuMemoryHeadroom. Unknown capacity is a warning.
package llm.rules.deployment

import data.llm.lib

# A self-hosted model needs no egress and runs in any environment (on-premises, private or public
# cloud); only vendor APIs need to reach the internet.

_headroom := data.settings.gpuMemoryHeadroom

_gpu := object.get(lib.spec.deployment, "gpuMemoryGb", null)

_gpu_declared if is_number(_gpu)

_gpu_text := _gb(_gpu) if _gpu_declared

# The catalog's GPU memory figure (GB) for each requested self-hosted model at its quantization,
# by model index: looked up once, read by LLM-DEP-002, -004 and -006.
_figures[i] := figure if {
	some [i, m] in lib.self_hosted_models
	figure := lib.catalog_model(m).gpuMemoryGb[lib.quantization(m)]
	is_number(figure)
}

# GPU memory a catalog figure needs once settings gpuMemoryHeadroom is applied.
_need(figure) := figure * _headroom

_fits(figure) if _need(figure) <= _gpu

_gb(x) := sprintf("%s GB", [lib.number_text(x)])

# How a need was reached, when the headroom changes it.
_headroom_text(figure) := "" if {
	_headroom == 1
} else := sprintf(" (%s in the catalog x %s headroom)", [_gb(figure), lib.number_text(_headroom)])

# The headroom as a trailing clause, when it is not 1.
_headroom_note := "" if {
	_headroom == 1
} else := sprintf(" with gpuMemoryHeadroom %s", [lib.number_text(_headroom)])

# ---------------------------------------------------------------------------------------------
# References: the model's catalog entry (its GPU memory figures) when the catalog knows the model,
# and the framework article each rule enforces.

_model_refs(m) := [lib.entry_ref(entry)] if {
	entry := lib.catalog_model(m)
} else := []

_boundary_ref := lib.regulation_ref("nist800171", "boundary")

_context_ref := lib.regulation_ref("nistAiRmf", "map1")

_resources_ref := lib.regulation_ref("iso42001", "a45")

# METADATA
# title: No network egress rules out vendor APIs
# description: >-
#   A vendor API is reached over the internet. With networkEgress none, or an air-gapped
#   environment (which implies none), no vendor deployment can work, so the vendor-api mode is not
#   allowed and every requested vendor-api model is rejected. Restricted egress (an allow-list or
#   a private endpoint) is fine.
# related_resources:
#   - ref: https://csrc.nist.gov/pubs/sp/800/171/r3/final
#     description: NIST SP 800-171r3 03.13.01 (boundary protection)
#   - ref: https://www.nist.gov/itl/ai-risk-management-framework
#     description: NIST AI RMF MAP 1 (context and deployment constraints)
# custom:
#   id: LLM-DEP-001
#   severity: high
#   remediation: >-
#     Self-host an open-weight model inside the environment, or allow restricted egress to the
#     provider's endpoint (networkEgress: restricted) where the environment permits it.
deny contains f if {
	some f in _no_egress
}

default _egress_reason := "networkEgress is none"

_egress_reason := "the environment is air-gapped" if lib.environment == "air-gapped"

default _egress_path := "spec.deployment.networkEgress"

_egress_path := "spec.deployment.environment" if lib.environment == "air-gapped"

_no_egress contains f if {
	lib.network_egress == "none"
	msg := sprintf("Vendor APIs are unreachable because %s; only self-hosted models can run.", [_egress_reason])
	f := lib.cite(lib.mode_finding("LLM-DEP-001", "vendor-api", _egress_path, msg), [_boundary_ref, _context_ref])
}

_no_egress contains f if {
	lib.network_egress == "none"
	some [i, m] in lib.vendor_models
	msg := sprintf(
		"Model %s is requested through the API of provider %s, which cannot be reached because %s.",
		[m.id, lib.provider_text(m), _egress_reason],
	)
	refs := array.concat(_model_refs(m), [_boundary_ref, _context_ref])
	f := lib.cite(lib.model_finding("LLM-DEP-001", i, "hosting", msg), refs)
}

# METADATA
# title: Self-hosted model does not fit the declared GPU memory
# description: >-
#   A self-hosted model needs the catalog's GPU memory figure for its quantization (fp16 when not
#   given) times settings gpuMemoryHeadroom; more than deployment.gpuMemoryGb does not fit. The
#   message says how much is missing and names the model's other quantizations (catalog
#   gpuMemoryGb) that would fit, or says that none does. Catalog figures include about 20% for KV
#   cache and runtime; long contexts and batching need more (raise the headroom).
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
#     description: ISO/IEC 42001:2023, Annex A.4.5 (system and computing resources)
#   - ref: https://modal.com/blog/how-much-vram-need-inference
#     description: GPU memory for inference (parameters x bytes per parameter x 1.2)
#   - ref: https://hb.int2inf.com/s/item/NxHhv8mHtxyfKqDyax6a74-gpu-memory-math-for-llms-2026-edition
#     description: Mixture-of-experts models hold all experts in memory
# custom:
#   id: LLM-DEP-002
#   severity: high
#   remediation: >-
#     Set the model's quantization to one that fits (the message names any), use a smaller model,
#     or declare (and provision) more GPU memory in deployment.gpuMemoryGb.
deny contains f if {
	_gpu_declared
	some i, figure in _figures
	not _fits(figure)
	m := lib.models[i]
	quantization := lib.quantization(m)
	need := _need(figure)
	msg := sprintf(
		"Model %s needs %s of GPU memory at %s%s but %s is declared in deployment.gpuMemoryGb, %s short; %s.",
		[
			m.id, _gb(need), quantization, _headroom_text(figure), _gpu_text,
			_gb(need - _gpu), _alternatives(_others(m, quantization)),
		],
	)
	refs := array.concat(_model_refs(m), [_resources_ref])
	f := lib.cite(lib.model_finding("LLM-DEP-002", i, "", msg), refs)
}

# The model's other catalog quantizations (than `quantization`, the requested one) as
# [need, quantization], smallest need first.
_others(m, quantization) := sort([[_need(figure), q] |
	some q, figure in lib.catalog_model(m).gpuMemoryGb
	q != quantization
	is_number(figure)
])

# Those of `others` that fit the declared memory, largest (closest to the requested precision) first.
_fitting_texts(others) := [sprintf("%s (%s)", [q, _gb(0 - negative)]) |
	some [negative, q] in sort([[0 - need, quantization] | some [need, quantization] in others; need <= _gpu])
]

# What the message suggests, from the other quantizations (each list computed once per finding).
_alternatives(others) := _alternatives_text(others, _fitting_texts(others))

_alternatives_text(others, fitting) := sprintf("%s would fit", [_join(fitting, "or")]) if {
	count(fitting) > 0
} else := sprintf(
	"no other quantization fits either (the smallest, %s, needs %s), so use a smaller model or declare more GPU memory",
	[others[0][1], _gb(others[0][0])],
) if {
	count(others) > 0
} else := "the catalog lists no other quantization of it, so use a smaller model or declare more GPU memory"

# "a", "a or b", "a, b or c" (word "or"; likewise "and")
_join(items, word) := items[0] if {
	count(items) == 1
} else := sprintf("%s %s %s", [
	concat(", ", array.slice(items, 0, count(items) - 1)),
	word,
	items[count(items) - 1],
]) if {
	count(items) > 1
}

# METADATA
# title: GPU memory not declared for self-hosted models
# description: >-
#   Self-hosted models are requested but deployment.gpuMemoryGb is absent, so whether they fit
#   cannot be checked. Unknown capacity is a warning, not a pass.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
#     description: ISO/IEC 42001:2023, Annex A.4.5 (system and computing resources)
#   - ref: https://modal.com/blog/how-much-vram-need-inference
#     description: GPU memory for inference (parameters x bytes per parameter x 1.2)
# custom:
#   id: LLM-DEP-003
#   severity: medium
#   remediation: Declare the GPU memory the team can dedicate in deployment.gpuMemoryGb.
warn contains f if {
	not _gpu_declared
	some [i, m] in lib.self_hosted_models
	msg := sprintf(
		"Model %s is self-hosted, but deployment.gpuMemoryGb is not declared, so its fit cannot be checked.",
		[m.id],
	)
	f := lib.cite(lib.model_finding("LLM-DEP-003", i, "", msg), array.concat(_model_refs(m), [_resources_ref]))
}

# METADATA
# title: No catalog GPU figure for a self-hosted model
# description: >-
#   The catalog has no GPU memory figure for the model at the requested quantization (a closed or
#   unknown model, or a missing entry), so its fit against deployment.gpuMemoryGb cannot be
#   checked: a warning. Unknown model ids and closed weights are reported by other rules.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
#     description: ISO/IEC 42001:2023, Annex A.4.5 (system and computing resources)
#   - ref: https://modal.com/blog/how-much-vram-need-inference
#     description: GPU memory for inference (parameters x bytes per parameter x 1.2)
# custom:
#   id: LLM-DEP-004
#   severity: low
#   remediation: Add gpuMemoryGb figures for the model to the catalog by overlay, or use a quantization it lists.
warn contains f if {
	_gpu_declared
	some [i, m] in lib.self_hosted_models
	not _figures[i]
	msg := sprintf(
		"Model %s has no GPU memory figure at %s in the catalog, so its fit in the %s declared cannot be checked.",
		[m.id, lib.quantization(m), _gpu_text],
	)
	f := lib.cite(lib.model_finding("LLM-DEP-004", i, "", msg), array.concat(_model_refs(m), [_resources_ref]))
}

_int4_figures contains figure if {
	some entry in data.catalog.models
	entry.weights == "open"
	figure := entry.gpuMemoryGb.int4
	is_number(figure)
}

# Some open-weight catalog model fits the declared memory at int4. A requested self-hosted model
# that does is a witness, found without reading the catalog; else the catalog is searched for one
# (a search that stops at the first: collecting every figure and taking the smallest cost about
# three times as much on the embedded engine).
_int4_fits if {
	some [_, m] in lib.self_hosted_models
	entry := lib.catalog_model(m)
	entry.weights == "open"
	figure := entry.gpuMemoryGb.int4
	is_number(figure)
	_fits(figure)
} else if {
	some entry in data.catalog.models
	entry.weights == "open"
	figure := entry.gpuMemoryGb.int4
	is_number(figure)
	_fits(figure)
}

default _smallest_text := "the catalog has no int4 figure for any open-weight model"

_smallest_text := sprintf("the smallest needs %s%s", [_gb(_need(min(_int4_figures))), _headroom_note]) if {
	count(_int4_figures) > 0
}

# METADATA
# title: No open-weight model fits the declared GPU memory
# description: >-
#   When deployment.gpuMemoryGb is declared and no open-weight catalog model fits in it even at
#   int4 (times settings gpuMemoryHeadroom), self-hosting is not possible with that capacity, so
#   the self-hosted mode is not allowed.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
#     description: ISO/IEC 42001:2023, Annex A.4.5 (system and computing resources)
#   - ref: https://modal.com/blog/how-much-vram-need-inference
#     description: GPU memory for inference (parameters x bytes per parameter x 1.2)
# custom:
#   id: LLM-DEP-005
#   severity: medium
#   remediation: Provision more GPU memory (and update deployment.gpuMemoryGb), or use a vendor API.
deny contains f if {
	_gpu_declared
	not _int4_fits
	msg := sprintf(
		"No open-weight catalog model fits in the %s of GPU memory declared in deployment.gpuMemoryGb, even at int4: %s.",
		[_gpu_text, _smallest_text],
	)
	f := lib.cite(lib.mode_finding("LLM-DEP-005", "self-hosted", "spec.deployment.gpuMemoryGb", msg), [_resources_ref])
}

# METADATA
# title: Self-hosted models together exceed the declared GPU memory
# description: >-
#   Each self-hosted model fits on its own, but together they need more than
#   deployment.gpuMemoryGb, so they cannot all be served at once. A warning: the team may run them
#   one at a time or on separate capacity.
# related_resources:
#   - ref: https://www.iso.org/standard/81230.html
#     description: ISO/IEC 42001:2023, Annex A.4.5 (system and computing resources)
#   - ref: https://modal.com/blog/how-much-vram-need-inference
#     description: GPU memory for inference (parameters x bytes per parameter x 1.2)
# custom:
#   id: LLM-DEP-006
#   severity: low
#   remediation: >-
#     Declare the total GPU memory available for all self-hosted models, use lower quantizations,
#     or serve the models on separate capacity.
warn contains f if {
	_gpu_declared
	sized := [[m, figure] | some [i, m] in lib.self_hosted_models; figure := _figures[i]]
	count(sized) > 1
	every pair in sized {
		_fits(pair[1])
	}
	total := _need(sum([figure | some [_, figure] in sized]))
	total > _gpu
	msg := sprintf(
		"The self-hosted models %s each fit in the %s declared in deployment.gpuMemoryGb, but together need %s%s, %s more.",
		[
			_join([sprintf("%s (%s)", [m.id, _gb(_need(figure))]) | some [m, figure] in sized], "and"),
			_gpu_text, _gb(total), _headroom_note, _gb(total - _gpu),
		],
	)
	refs := array.concat(sort({ref | some [m, _] in sized; some ref in _model_refs(m)}), [_resources_ref])
	f := lib.cite(lib.mode_finding("LLM-DEP-006", "self-hosted", "spec.deployment.gpuMemoryGb", msg), refs)
}
