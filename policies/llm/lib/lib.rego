# METADATA
# title: Shared helpers for llm-policy rules
# description: >-
#   Manifest facts with the contract's defaults applied, and builders for the
#   finding objects every rule emits.
package llm.lib

# The manifest's spec, with an empty object for every optional section so rules
# can read fields without guarding each level.
spec := object.union(
	{
		"useCase": {},
		"data": {},
		"residency": {},
		"deployment": {},
		"requirements": {},
		"compliance": {},
		"models": [],
	},
	object.get(input, "spec", {}),
)

use_case := spec.useCase

commercial := object.get(spec.useCase, "commercial", true)

domains := {d | some d in object.get(spec.useCase, "domains", [])}

classification := object.get(spec.data, "classification", "")

categories := {c | some c in object.get(spec.data, "categories", [])}

subject_regions := {r | some r in object.get(spec.data, "subjectRegions", [])}

allowed_regions := {r | some r in object.get(spec.residency, "allowedRegions", [])}

cross_border := object.get(spec.residency, "crossBorderTransfer", "forbidden")

environment := object.get(spec.deployment, "environment", "")

# Air-gapped implies no egress, whatever the manifest says.
network_egress := "none" if environment == "air-gapped"

else := object.get(spec.deployment, "networkEgress", "restricted")

external_distribution := object.get(spec.deployment, "externalDistribution", false)

self_hosting_platform := object.get(spec.deployment, "selfHostingPlatform", false)

capabilities := {c | some c in object.get(spec.requirements, "capabilities", [])}

fine_tuning := object.get(spec.requirements, "fineTuning", "none")

frameworks := {f | some f in object.get(spec.compliance, "frameworks", [])}

models := spec.models

# Requested models with their index, hosting and the catalog entries they name.
requested contains [i, m] if some i, m in models

self_hosted_models contains [i, m] if {
	some i, m in models
	m.hosting == "self-hosted"
}

vendor_models contains [i, m] if {
	some i, m in models
	m.hosting == "vendor-api"
}

quantization(m) := object.get(m, "quantization", "fp16")

# ---------------------------------------------------------------------------------------------
# The day rules are judged on (dates compare as ISO strings; day arithmetic goes through ns)

# input.asOf, which the checker sets (--as-of, default today); a server queried without it judges
# as of its own clock, so a date-bound rule is never skipped for want of a day.
as_of := input.asOf if is_string(input.asOf)

else := time.format([time.now_ns(), "UTC", "2006-01-02"])

# Whole days from the as-of day to ISO date `day` (negative: in the past).
days_until(day) := round((time.parse_ns("2006-01-02", day) - time.parse_ns("2006-01-02", as_of)) / 86400e9)

catalog_model(m) := data.catalog.models[m.id]

# Licence entries a catalog model is bound by (its main licence and any extra terms).
model_licenses(entry) := {lic |
	some key in array.concat([object.get(entry, "license", "")], object.get(entry, "extraLicenses", []))
	lic := data.catalog.licenses[key]
}

# ---------------------------------------------------------------------------------------------
# Providers of vendor deployments (shared by the data and residency rules, so they cannot drift)

# The provider id a requested model names ("" when it names none).
provider_id(m) := object.get(m, "provider", "")

# The provider as a message shows it.
provider_text(m) := object.get(m, "provider", "(no provider)")

# The catalog entry of a requested model's provider. An id the catalog does not know (or none)
# gives an entry offering nothing, so the rules fail closed; llm.rules.governance reports the id.
# (provider_id inlined: a function call per lookup is most of its cost on regorus, and rules ask
# for the provider of a deployment many times.)
provider(m) := object.get(data.catalog.providers, object.get(m, "provider", ""), {})

# Catalog providers the organisation approves, by id (settings approvedProviders; empty = all).
# Rules ask these whether any vendor deployment could comply before failing the vendor-api mode.
# (One comprehension per case rather than approved_provider(id) per entry: every decision reads it.)
approved_providers := {id: p | some id, p in data.catalog.providers} if {
	count(data.settings.approvedProviders) == 0
} else := {id: p | some id, p in data.catalog.providers; id in data.settings.approvedProviders}

approved_provider(_) if count(data.settings.approvedProviders) == 0

approved_provider(id) if id in data.settings.approvedProviders

# Zero data retention holds for deployment m at provider entry p: by default at the provider, or
# granted on approval and declared by the deployment (zeroDataRetention: true).
under_zdr(_, p) if p.zeroDataRetention == "default"

under_zdr(m, p) if {
	p.zeroDataRetention == "approval"
	m.zeroDataRetention == true
}

# A finding against a deployment mode ("self-hosted" or "vendor-api").
mode_finding(rule, mode, path, message) := {
	"rule": rule,
	"scope": mode,
	"path": path,
	"message": message,
}

# A finding against requested model number i (0-based), at a field of that model.
model_finding(rule, i, field, message) := {
	"rule": rule,
	"scope": "model",
	"model": i,
	"path": model_path(i, field),
	"message": message,
}

# A finding against the whole project.
project_finding(rule, path, message) := {
	"rule": rule,
	"scope": "project",
	"path": path,
	"message": message,
}

model_path(i, "") := sprintf("spec.models[%d]", [i])

model_path(i, field) := sprintf("spec.models[%d].%s", [i, field]) if field != ""

# A number as a message shows it, the same on OPA and the embedded regorus engine: their %v
# differ for floats under 1e-4 (1e-07 against 0.0000001) and for large ones. Three decimals at
# most below a billion, whole numbers up to 1e15, and no digits beyond (float64 has no exact
# integers there for both engines to agree on).
number_text(x) := sprintf("%v", [round(x * 1000) / 1000]) if {
	abs(x) < 1000000000
} else := sprintf("%d", [round(x)]) if {
	abs(x) < 1000000000000000
} else := "over 10^15"

# ---------------------------------------------------------------------------------------------
# References a finding cites: the catalog entries the rule used (docs/design.md, "References").
# Each helper is total (an entry or key the catalog lacks still gives text), so a finding is never
# lost for want of a reference.

# A finding with the references it cites (a list of "title: url" strings): a set sorted, so both
# engines give the same order; an array as given.
cite(f, refs) := object.union(f, {"references": sort(refs)}) if is_set(refs)

else := object.union(f, {"references": [r | some r in refs]})

# "name: url" of a licence, provider or model entry (its `url`, else its first source).
entry_ref(entry) := sprintf("%s: %s", [object.get(entry, "name", "(unnamed catalog entry)"), _entry_url(entry)])

_entry_url(entry) := entry.url if is_string(entry.url)

else := entry.sources[0] if is_string(entry.sources[0])

else := "(no source recorded)"

# The acceptable-use policy a licence incorporates, else the licence itself.
use_policy_ref(lic) := sprintf("%s, acceptable use policy: %s", [
	object.get(lic, "name", "licence"),
	lic.usePolicy.url,
]) if {
	is_string(lic.usePolicy.url)
} else := entry_ref(lic)

# The licences a catalog model is bound by, as references (sorted, so both engines agree).
license_refs(entry) := sort({entry_ref(lic) | some lic in model_licenses(entry)})

# The provider of deployment m, as a reference ("" provider: its id as text).
provider_ref(m) := entry_ref(p) if {
	p := provider(m)
	count(p) > 0
}

else := sprintf("provider %s: not in the catalog", [provider_text(m)])

# A regulation's article as a reference: "<regulation>, <article>: <url>", from
# data.catalog.regulation[key] (its `articles` give the article's text).
regulation_ref(key, article) := sprintf("%s, %s: %s", [
	object.get(entry, "name", key),
	object.get(object.get(entry, "articles", {}), article, article),
	object.get(entry, "url", "(no source recorded)"),
]) if {
	entry := _regulation(key)
}

# The entry, indexed directly: object.get on data.catalog would build the whole catalog document.
_regulation(key) := entry if {
	entry := data.catalog.regulation[key]
} else := {}

# An obligation applies on the as-of day: its date in the regulation's `appliesFrom` map (else the
# regulation's `inForce` date) is on or before it. A date the catalog lacks counts as applying
# (fail closed: "" sorts before every day).
applies(key, obligation) if applies_from(key, obligation) <= as_of

applies_from(key, obligation) := object.get(
	object.get(entry, "appliesFrom", {}),
	obligation,
	object.get(entry, "inForce", ""),
) if {
	entry := _regulation(key)
}
