"""What `llm-policy scan` reports: references to LLM use in code, and the files it skipped.

These are the shared types of the scan (issue "Evidence from the code"): the scanner builds them,
and `scan --format json`, `check --scan`, `init`, the CycloneDX AI-BOM and the audit read them.
A reference says where (file relative to the scanned root, 1-based line and column), what kind of
evidence it is, the text the code says, and what it resolves to in the catalog (None when the
catalog does not know it: an unknown model is still evidence, and the rules fail closed on it).
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field

# Kinds of evidence: an SDK call (with its model argument when there is one), a model id in code
# or configuration, a serving set-up (vLLM, TGI, Ollama in Docker/Compose/Kubernetes/Helm), a
# vendor endpoint URL.
SDK_CALL = "sdk-call"
MODEL_ID = "model-id"
SERVING = "serving"
ENDPOINT = "endpoint"
KINDS = (SDK_CALL, MODEL_ID, SERVING, ENDPOINT)


@dataclass(frozen=True)
class ScanReference:
    """One place in the code that uses, names or serves an LLM.

    `file` is POSIX-style and relative to the scanned root; `model` and `provider` are catalog
    ids (or None); `hosting` is "vendor-api" for SDK calls and endpoints of a vendor, "self-hosted"
    for serving set-ups and local runtimes (transformers, vLLM, Ollama), None when the code does
    not say; `region` and `deployment_type` only where the code says them (a Bedrock `us.`
    profile is deployment type geo in us).
    """

    file: str
    line: int
    column: int
    kind: str
    text: str
    model: str | None = None
    provider: str | None = None
    hosting: str | None = None
    region: str | None = None
    deployment_type: str | None = None

    def as_dict(self) -> dict[str, t.Any]:
        """The JSON shape (`scan --format json`'s `references` items)."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "kind": self.kind,
            "text": self.text,
            "model": self.model,
            "provider": self.provider,
            "hosting": self.hosting,
            "region": self.region,
            "deploymentType": self.deployment_type,
        }


@dataclass(frozen=True)
class Skipped:
    """A file the scan did not read, and why (unreadable, binary, too large, a symlink loop...)."""

    file: str
    reason: str


@dataclass(frozen=True)
class ScanResult:
    """Everything a scan of one or more roots found, in file, line, column order."""

    references: tuple[ScanReference, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    files_scanned: int = 0
    problems: tuple[Skipped, ...] = field(default=())  # files that could not be parsed (once each)
