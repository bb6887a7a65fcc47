"""Where the shipped policies and schemas are: the source tree, or the installed bundle."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent

# A file each folder must hold, so a stray folder of the same name is never taken for ours.
_MARKERS = {"policies": "llm/decision/decision.rego", "schemas": "manifest.schema.json"}


def resource_dir(name: str) -> Path:
    """`policies` or `schemas`: beside the package in a checkout, inside it when installed."""
    in_tree = _PACKAGE.parent / name
    if (in_tree / _MARKERS[name]).is_file():
        return in_tree
    return _PACKAGE / "_bundle" / name
