"""What changed for one manifest between two policy sets: verdicts and findings."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from checker.result import ManifestResult, ModelVerdict
from checker.severity import Threshold


@dataclass(frozen=True, order=True)
class FindingKey:
    """A finding as impact compares it: rule id, manifest path and kind (messages may reword)."""

    path: str
    rule: str
    kind: str


@dataclass(frozen=True)
class Change:
    """One compared field with its value under the base and under the head policies."""

    field: str
    base: t.Any
    head: t.Any


@dataclass(frozen=True)
class ManifestImpact:
    """A manifest's changes; `changed` is false when the two policy sets agree on everything."""

    manifest: str
    project: str | None
    changes: tuple[Change, ...] = ()
    added: tuple[FindingKey, ...] = ()
    removed: tuple[FindingKey, ...] = ()

    @property
    def changed(self) -> bool:
        """Whether anything differs."""
        return bool(self.changes or self.added or self.removed)


def _model(v: ModelVerdict) -> str:
    if v.allowed:
        return "allowed"
    return f"not allowed ({', '.join(v.violations)})"


def _verdicts(r: ManifestResult, threshold: Threshold) -> dict[str, t.Any]:
    out: dict[str, t.Any] = {"valid": r.valid, "passed": r.passed(threshold)}
    d = r.decision
    if d is None:
        return out
    out["selfHosted.allowed"] = d.self_hosted.allowed
    out["vendorApi.allowed"] = d.vendor_api.allowed
    out["recommendation"] = d.recommendation
    for v in d.models:
        out[f"models[{v.index}] {v.id}"] = _model(v)
    return out


def _findings(r: ManifestResult) -> set[FindingKey]:
    keys = {FindingKey(p.path, "LLM-SCHEMA", "error") for p in r.errors}
    for f in r.findings:
        kind = "waived" if f.waiver is not None else "warning" if f.warning else "violation"
        keys.add(FindingKey(f.path, f.rule, kind))
    return keys


def compare(
    base: ManifestResult, head: ManifestResult, threshold: Threshold | None = None
) -> ManifestImpact:
    """The differences between one manifest's results under the base and the head policies.

    Pass or fail is judged at `threshold` (the run's `--fail-on`; default `low`).
    """
    threshold = threshold or Threshold()
    before, after = _verdicts(base, threshold), _verdicts(head, threshold)
    changes = tuple(
        Change(name, before.get(name), after.get(name))
        for name in dict.fromkeys([*before, *after])
        if before.get(name) != after.get(name)
    )
    old, new = _findings(base), _findings(head)
    return ManifestImpact(
        manifest=head.manifest,
        project=head.project or base.project,
        changes=changes,
        added=tuple(sorted(new - old)),
        removed=tuple(sorted(old - new)),
    )
