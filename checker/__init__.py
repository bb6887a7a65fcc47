"""llm-policy: decide by policy whether a project may self-host open models or use vendor APIs."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
