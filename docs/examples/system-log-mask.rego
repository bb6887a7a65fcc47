# Decision-log masking for OPA servers that answer llm-policy checks.
#
# OPA evaluates data.system.log.mask before it logs a decision, and removes (or replaces) the
# JSON pointers it returns. llm-policy sends the whole manifest as the input; its metadata can
# name people (owner e-mail addresses) and describe products not yet announced, while the
# decision itself needs none of it. Load this file beside the llm-policy bundle (it lives
# outside the bundle's roots): opa run --server --config-file opa.yaml system-log-mask.rego
package system.log

# The owner is often a person's e-mail address.
mask contains "/input/metadata/owner"

# Free text about the project, and labels such as cost centres.
mask contains "/input/metadata/description"

mask contains "/input/metadata/labels"

# Keep the project name for traceability, but not when it is marked confidential.
mask contains "/input/metadata/name" if {
	input.input.metadata.labels.confidential == "true"
}
