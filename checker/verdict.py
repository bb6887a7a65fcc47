"""The verdict rules, in one place: what a finding applies to, and when a result passes.

The Rego `llm.decision` package states the same rules for OPA servers and bundles (its `result`
is the contract); the conformance suite holds the two to the same answer. In Python these rules
are applied after waivers (which only the checker knows), and every consumer — the reporters,
audit, explain, impact and recommend — asks this module, through the methods of
`checker.result`, never a rule of its own.

- A finding's `scope` is `project` (it applies to the whole project), a deployment mode
  (`self-hosted`, `vendor-api`: the mode is not allowed) or `model` (one requested model, by
  index). A project finding applies to every mode and every model.
- A mode is allowed when no live violation applies to it; a model likewise.
- A result counts its project and model violations; mode violations count only when no model is
  requested and neither mode is allowed (otherwise they explain the decision without failing it).
- A result passes at a threshold when it is valid and no counted violation or warning fails at
  that threshold; a waived finding never fails.
"""

from __future__ import annotations

import typing as t

if t.TYPE_CHECKING:
    from checker.result import Decision, Finding, ManifestResult, ModeVerdict
    from checker.severity import Threshold

PROJECT = "project"
MODEL = "model"
MODES = ("self-hosted", "vendor-api")
SCOPES = (PROJECT, MODEL, *MODES)


def applies_to_model(finding: Finding, index: int) -> bool:
    """Whether `finding` counts against requested model `index`."""
    return finding.scope == PROJECT or (finding.scope == MODEL and finding.model == index)


def applies_to_mode(finding: Finding, mode: str) -> bool:
    """Whether `finding` makes deployment mode `mode` not allowed."""
    return finding.scope in (mode, PROJECT)


def is_live(finding: Finding) -> bool:
    """An unwaived violation: it decides modes and models."""
    return not finding.warning and finding.waiver is None


def fails(finding: Finding, threshold: Threshold) -> bool:
    """Whether an unwaived violation or warning fails its manifest under `threshold`."""
    if finding.waiver is not None:
        return False
    return threshold.fails(finding.severity, warning=finding.warning)


def _modes_count(decision: Decision | None) -> bool:
    """Mode findings count when no model is requested and neither mode is allowed."""
    return (
        decision is not None
        and not decision.models
        and not (decision.self_hosted.allowed or decision.vendor_api.allowed)
    )


def counted_violations(result: ManifestResult) -> tuple[Finding, ...]:
    """The unwaived violations that fail `result` (at the default threshold)."""
    modes = _modes_count(result.decision)
    return tuple(
        f for f in result.findings if is_live(f) and (f.scope in (PROJECT, MODEL) or modes)
    )


def counted_waived(result: ManifestResult) -> tuple[Finding, ...]:
    """Waived findings, listed like violations: mode findings only when no model is requested.

    Otherwise a rule's waived mode finding would show twice beside its model findings.
    """
    d = result.decision
    no_model = d is not None and not d.models
    return tuple(
        f
        for f in result.findings
        if f.waiver is not None and (f.scope in (PROJECT, MODEL) or no_model)
    )


def counted_warnings(result: ManifestResult) -> tuple[Finding, ...]:
    """Unwaived warnings."""
    return tuple(f for f in result.findings if f.warning and f.waiver is None)


def passes(result: ManifestResult, threshold: Threshold) -> bool:
    """The contract's pass rule, with the fail threshold applied."""
    if threshold.never:
        return True
    if not result.valid:
        return False
    if any(fails(f, threshold) for f in counted_violations(result)):
        return False
    return not any(fails(f, threshold) for f in counted_warnings(result))


def mode_verdict(findings: t.Sequence[Finding], mode: str) -> ModeVerdict:
    """Whether `mode` is allowed by these findings, and the live violations that say why not."""
    from checker.result import ModeVerdict

    reasons = tuple(f for f in findings if is_live(f) and applies_to_mode(f, mode))
    return ModeVerdict(allowed=not reasons, reasons=reasons)


def recommendation(self_hosted: bool, vendor_api: bool, preference: str) -> str:
    """Both modes allowed: the preference; one: that one; none: `none`."""
    if self_hosted and vendor_api:
        return preference
    if self_hosted:
        return "self-hosted"
    if vendor_api:
        return "vendor-api"
    return "none"
