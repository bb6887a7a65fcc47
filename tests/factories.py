"""Factories for the result objects unit tests render: rules, findings, waivers, decisions, runs.

Each builds a complete object from the few values a test cares about, with plain defaults for the
rest, so that an expected output names only what the test chose. The canonical runs of the
reporter and audit tests (their conftests) are built from these.
"""

from __future__ import annotations

import typing as t

from checker.header import ReportHeader
from checker.metadata import RuleMeta
from checker.result import (
    Decision,
    Finding,
    ManifestResult,
    ModelVerdict,
    ModeVerdict,
    RunReport,
    Waiver,
)
from checker.severity import Severity, Threshold


def rule(
    rule_id: str,
    severity: Severity,
    title: str | None = None,
    *,
    references: t.Iterable[str] = (),
    package: str = "llm.rules.x",
    file: str = "x.rego",
    line: int = 1,
) -> RuleMeta:
    """A rule's METADATA: title `<id> title` unless given, remediation `Fix <id>.`."""
    title = f"{rule_id} title" if title is None else title
    return RuleMeta(
        id=rule_id,
        severity=severity,
        title=title,
        description=f"{title}, described.",
        remediation=f"Fix {rule_id}.",
        references=tuple(references),
        package=package,
        rule="deny",
        file=file,
        line=line,
        annotation={},
    )


def rules(*metas: RuleMeta) -> dict[str, RuleMeta]:
    """Rules by id, as `RunReport.rules` holds them."""
    return {meta.id: meta for meta in metas}


def finding(
    rule_id: str,
    *,
    rules: t.Mapping[str, RuleMeta],
    scope: str = "model",
    path: str = "spec.models[0]",
    line: int | None = None,
    column: int | None = None,
    warning: bool = False,
    message: str | None = None,
    **kw: t.Any,
) -> Finding:
    """A finding of `rules[rule_id]` (message `<id> happened.`); model-scoped ones are model 0.

    `kw` sets the other fields (`waiver`, `expired_waiver`).
    """
    meta = rules[rule_id]
    return Finding(
        rule=rule_id,
        severity=meta.severity,
        title=meta.title,
        message=f"{rule_id} happened." if message is None else message,
        scope=scope,
        path=path,
        line=line,
        column=column,
        model=0 if scope == "model" else None,
        warning=warning,
        description=meta.description,
        remediation=meta.remediation,
        references=meta.references,
        **kw,
    )


def waiver(
    reason: str,
    *,
    approver: str = "dpo@example.com",
    expires: str = "2099-01-31",
    source: str = "",
    expired: bool = False,
) -> Waiver:
    """A waiver approved by dpo@example.com, valid until 2099 unless told otherwise."""
    return Waiver(reason=reason, approver=approver, expires=expires, source=source, expired=expired)


def decision(
    models: int = 1,
    *,
    vendor_api: bool = False,
    reasons: t.Sequence[Finding] = (),
    allowed: bool = False,
    violations: tuple[str, ...] = (),
    recommendation: str = "self-hosted",
) -> Decision:
    """Self-hosting allowed; the vendor API as told (not allowed for `reasons`); `models`
    requested gpt-4o models via openai, none allowed unless `allowed`."""
    return Decision(
        self_hosted=ModeVerdict(True),
        vendor_api=ModeVerdict(vendor_api, tuple(reasons)),
        models=tuple(
            ModelVerdict(i, "gpt-4o", "vendor-api", "openai", allowed, violations)
            for i in range(models)
        ),
        recommendation=recommendation,
    )


def header(policy_digest: str = "sha256:abc") -> ReportHeader:
    """llm-policy 0.1.0 on regorus 0.13.0, as of 2026-12-01."""
    return ReportHeader("0.1.0", "regorus", "0.13.0", policy_digest, as_of="2026-12-01")


def run_report(
    *results: ManifestResult,
    rules: t.Mapping[str, RuleMeta],
    threshold: str = "low",
    policy_digest: str = "sha256:abc",
) -> RunReport:
    """A finished run of `results` under `--fail-on threshold`, with `header(policy_digest)`."""
    return RunReport(
        results=results,
        threshold=Threshold(threshold),
        header=header(policy_digest),
        rules=rules,
    )
