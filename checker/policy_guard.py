"""What organisation policies and data overlays may add, so they cannot redefine the gate.

The shipped policies own the `llm` packages and data root: `llm.decision` aggregates, `llm.lib`
builds findings, each shipped `llm.rules.<area>` decides. An organisation `--policies` folder
may only add rule areas of its own (`llm.rules.<new area>`); an overlay (`--data`, a `data:`
entry of the configuration) may only add to or change the `catalog` and `settings` documents.
Anything else could silence a shipped rule (`llm: {rules: {regulation: {deny: []}}}` made a
prohibited use pass on the embedded engine, while OPA refused it), so it is a usage error naming
the file and the key, on both engines alike, before an engine is built.
"""

from __future__ import annotations

import typing as t

from checker.errors import UsageError
from checker.parse_cache import parsed

if t.TYPE_CHECKING:
    from pathlib import Path

# The data documents an overlay may add to or change.
OVERLAY_ROOTS = ("catalog", "settings")
# The package prefix organisation rules go under.
RULES_PREFIX = "llm.rules."
# The data root the shipped policies own: organisation data files may not write under it.
POLICY_ROOT = "llm"


def package_of(name: str, text: str) -> str:
    """The package a Rego source declares (parsed once per text, then cached)."""
    from checker.rego_ast import parse_module  # only on a parse-cache miss

    return parsed("rego-package", text, lambda source: parse_module(name, source).package)


def _area(package: str) -> str:
    return package[len(RULES_PREFIX) :].split(".")[0]


def check_organisation_packages(
    shipped: t.Mapping[str, str], organisation: t.Mapping[str, str]
) -> None:
    """Refuse an organisation package outside `llm.rules.*` or in a shipped rule area."""
    taken = {
        _area(p)
        for p in (package_of(n, s) for n, s in shipped.items())
        if p.startswith(RULES_PREFIX)
    }
    for name, text in organisation.items():
        package = package_of(name, text)
        if not package.startswith(RULES_PREFIX) or not _area(package):
            raise UsageError(
                f"{name}: package {package} is not allowed: organisation policies add rule"
                f" packages under {RULES_PREFIX}<area> only (llm.decision, llm.lib and other"
                " packages belong to the shipped policies)"
            )
        if _area(package) in taken:
            raise UsageError(
                f"{name}: package {package} is a shipped rule area ({RULES_PREFIX}"
                f"{_area(package)}); organisation rules cannot replace or extend it: name the"
                f" package after your organisation, e.g. {RULES_PREFIX}acme"
            )


def check_overlay(path: Path, overlay: t.Mapping[str, t.Any]) -> None:
    """Refuse an overlay key outside the catalog and the settings."""
    for key in overlay:
        if key not in OVERLAY_ROOTS:
            raise UsageError(
                f"{path}: key {key!r} is not allowed in a data overlay: an overlay may only add"
                f" to or change {' and '.join(OVERLAY_ROOTS)} (the policies own every other root)"
            )


def check_organisation_data(path: Path, parts: t.Sequence[str]) -> None:
    """Refuse a data file in an organisation folder that writes under the policies' own root."""
    if parts and parts[0] == POLICY_ROOT:
        raise UsageError(
            f"{path}: organisation data may not be written under data.{POLICY_ROOT} (the shipped"
            " policies own it); put it under data.catalog, data.settings or a root of your own"
        )
