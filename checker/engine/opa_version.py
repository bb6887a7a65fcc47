"""The OPA release llm-policy is built and tested against.

The single source of the version: `scripts/install-opa` reads it from this file, and the engine
looks for that build in the cache.
"""

from __future__ import annotations

OPA_VERSION = "v1.22.3"
