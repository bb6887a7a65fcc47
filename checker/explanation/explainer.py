"""Why a manifest got its decision: each rule that fired, with the facts it used."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from checker.errors import UsageError
from checker.explanation.facts import Facts, build_facts
from checker.explanation.reads import RegoIndex, RuleReads
from checker.metadata import RuleMeta
from checker.recommendation.driver import Driver, build_drivers
from checker.result import Finding, ManifestResult
from checker.suggest import did_you_mean


@dataclass(frozen=True)
class Fired:
    """One finding of a rule, how it counts, and the facts behind it.

    `kind`: `violation` (fails the manifest), `mode` (only rules a deployment mode out),
    `warning` or `waived`.
    """

    finding: Finding
    kind: str
    facts: Facts


@dataclass(frozen=True)
class RuleExplanation:
    """A rule, what it reads and its findings for this manifest (none: it did not fire)."""

    meta: RuleMeta
    reads: RuleReads
    fired: tuple[Fired, ...] = ()
    settings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Explanation:
    """The manifest's result, the decision's reasons in team terms, and the rules explained."""

    result: ManifestResult
    drivers: tuple[Driver, ...] = ()
    rules: tuple[RuleExplanation, ...] = ()


def _kind(result: ManifestResult, finding: Finding) -> str:
    if finding.waiver is not None:
        return "waived"
    if finding.warning:
        return "warning"
    return "violation" if finding in result.violations else "mode"


class Explainer:
    """Explains results against one loaded policy set (its sources, METADATA and data)."""

    def __init__(
        self,
        sources: t.Mapping[str, str],
        rules: t.Mapping[str, RuleMeta],
        data: t.Mapping[str, t.Any],
    ) -> None:
        self.index = RegoIndex(sources)
        self.rules = rules
        self.data = data

    def check_rule(self, rule: str) -> None:
        """Reject a rule id the policy set does not have (exit 2), suggesting a close one."""
        if rule not in self.rules:
            raise UsageError(f"unknown rule {rule!r}{did_you_mean(rule, self.rules)}")

    def explain(self, result: ManifestResult, rule: str | None = None) -> Explanation:
        """The explanation of every rule that fired, or of `rule` alone (fired or not)."""
        if result.decision is None:
            return Explanation(result)
        order: dict[str, list[Finding]] = {}
        for finding in result.findings:
            order.setdefault(finding.rule, []).append(finding)
        if rule is not None:
            order = {rule: order.get(rule, [])}
        explained = []
        for rule_id, findings in order.items():
            meta = self.rules.get(rule_id)
            if meta is None:
                continue
            reads = self.index.reads(meta)
            fired = tuple(
                Fired(f, _kind(result, f), build_facts(f, result.facts, self.data, reads))
                for f in findings
            )
            settings = tuple(
                k for k in sorted(self.data.get("settings") or {}) if k in reads.mentions
            )
            explained.append(RuleExplanation(meta, reads, fired, settings))
        return Explanation(result, build_drivers(result.decision), tuple(explained))
