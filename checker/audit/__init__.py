"""Audit reports: the evidence and decisions of a run, in files an auditor can verify.

`audit.json` is the source of truth; `audit.html`, `audit.md` and `audit.oscal.json` (OSCAL
assessment results) are rendered from it alone. `audit.sha256` (sha256sum format) seals them,
and `audit.sha256.sig`, when the run was signed, is a raw Ed25519 signature over the seal. See
docs/audit.md.

Jinja2 and cryptography are imported inside the functions that need them, so `check` never pays
for them.
"""

from __future__ import annotations

AUDIT_VERSION = "1"
JSON_NAME = "audit.json"
HTML_NAME = "audit.html"
MARKDOWN_NAME = "audit.md"
OSCAL_NAME = "audit.oscal.json"
PDF_NAME = "audit.pdf"  # checker/audit/pdf.py, rendered by WeasyPrint
SEAL_NAME = "audit.sha256"
SIGNATURE_NAME = "audit.sha256.sig"
REPORT_FILES = (JSON_NAME, HTML_NAME, MARKDOWN_NAME, OSCAL_NAME, PDF_NAME)
