"""Turn an engine's raw decision into result objects: findings joined to METADATA and located.

The verdicts are recomputed here from the findings, after waivers, with the same rules the
`llm.decision` package applies; with no waivers the two agree (the conformance suite checks it).
"""

from __future__ import annotations

import re
import typing as t
from dataclasses import replace

from checker import verdict
from checker.errors import EngineError
from checker.metadata import RuleMeta
from checker.result import Decision, Finding, ManifestResult, ModelVerdict, Waiver
from checker.suggest import did_you_mean, suggest_model

if t.TYPE_CHECKING:
    from pathlib import Path

    from checker.loader import SourceMap
    from checker.scan.reference import ScanReference

WaiverLookup = t.Callable[[Finding], "Waiver | None"]
# Given a manifest's path and project name, the lookup for its findings (see checker.waivers).
WaiverSource = t.Callable[["Path", "str | None"], WaiverLookup]
# A finding about the code (`check --scan`) names the scan reference it rests on by this path.
_REFERENCE_PATH = re.compile(r"scan\.references\[(\d+)\]")


def _message(raw: t.Mapping[str, t.Any], title: str, catalog: t.Mapping[str, t.Any]) -> str:
    """The finding's message, with "did you mean" when the rule asks for it (`suggest`)."""
    message = str(raw.get("message", title))
    hint = raw.get("suggest")
    if not isinstance(hint, dict):
        return message
    among = str(hint.get("among", ""))
    choices = catalog.get(among)
    names = choices if isinstance(choices, dict) else ()
    value = str(hint.get("value", ""))
    close = suggest_model(value, names) if among == "models" else did_you_mean(value, names)
    return f"{message.rstrip('.')}{close}." if close else message


def _shape_error(raw: t.Mapping[str, t.Any], problem: str) -> EngineError:
    return EngineError(
        f"rule {raw.get('rule')!r} produced a finding {problem}: {raw!r:.200}; a finding the"
        " decision does not understand is never dropped (fix the rule)"
    )


def _checked(raw: t.Any, models: int) -> dict[str, t.Any]:
    """The raw finding, when it has the shape the decision understands; else `EngineError`."""
    if not isinstance(raw, dict) or not isinstance(raw.get("rule"), str) or not raw["rule"]:
        raise EngineError(f"a policy produced a finding without a rule id: {raw!r:.200}")
    scope = raw.get("scope", verdict.PROJECT)
    if scope not in verdict.SCOPES:
        raise _shape_error(raw, f"with scope {scope!r} (one of {', '.join(verdict.SCOPES)})")
    model = raw.get("model")
    if scope == verdict.MODEL and (
        isinstance(model, bool) or not isinstance(model, int) or not 0 <= model < models
    ):
        raise _shape_error(raw, f"for model {model!r}, not one of the {models} requested")
    for key in ("path", "message"):
        if key in raw and not isinstance(raw[key], str):
            raise _shape_error(raw, f"whose {key} is not text")
    refs = raw.get("references", [])
    if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
        raise _shape_error(raw, "whose references are not a list of text")
    return raw


def _finding(
    raw: t.Any,
    rules: t.Mapping[str, RuleMeta],
    source_map: SourceMap,
    catalog: t.Mapping[str, t.Any],
    *,
    warning: bool,
    models: int,
    evidence: t.Sequence[ScanReference] = (),
) -> Finding:
    raw = _checked(raw, models)
    meta = rules.get(raw["rule"])
    if meta is None:
        raise EngineError(
            f"a policy produced finding {raw['rule']!r}, but no rule has that METADATA custom.id"
        )
    path = str(raw.get("path", ""))
    where = source_map.locate(path)
    source_file = None
    code = _REFERENCE_PATH.fullmatch(path)
    if code is not None and int(code.group(1)) < len(evidence):
        ref = evidence[int(code.group(1))]
        source_file, where = ref.file, (ref.line, ref.column)
    model = raw.get("model") if raw.get("scope") == verdict.MODEL else None
    return Finding(
        rule=meta.id,
        severity=meta.severity,
        title=meta.title,
        message=_message(raw, meta.title, catalog),
        scope=str(raw.get("scope", verdict.PROJECT)),
        path=path,
        line=where[0] if where else None,
        column=where[1] if where else None,
        model=model if isinstance(model, int) else None,
        warning=warning,
        description=meta.description,
        remediation=meta.remediation,
        # The catalog entries the rule used, when it cites them; else the rule's METADATA.
        references=tuple(raw.get("references") or ()) or meta.references,
        source_file=source_file,
    )


def _sort_key(f: Finding) -> tuple[int, int, str, str]:
    return (-int(f.severity), f.line or 0, f.rule, f.message)


def build_findings(
    raw: t.Mapping[str, t.Any],
    rules: t.Mapping[str, RuleMeta],
    source_map: SourceMap,
    waiver_for: WaiverLookup | None = None,
    catalog: t.Mapping[str, t.Any] | None = None,
    *,
    evidence: t.Sequence[ScanReference] = (),
) -> tuple[Finding, ...]:
    """Every violation and warning in the raw decision, with waivers attached.

    `catalog` (the data document's `catalog`) feeds "did you mean" for unknown ids. A finding
    whose path is `scan.references[N]` is located in the code: at `evidence[N]`'s file, line and
    column (`Finding.source_file`).
    """
    found = collect_findings(raw, rules, source_map, catalog, evidence=evidence)
    return waived_findings(found, waiver_for)


def collect_findings(
    raw: t.Mapping[str, t.Any],
    rules: t.Mapping[str, RuleMeta],
    source_map: SourceMap,
    catalog: t.Mapping[str, t.Any] | None = None,
    *,
    evidence: t.Sequence[ScanReference] = (),
) -> list[Finding]:
    """`build_findings` before waivers and sorting: the raw decision's order."""
    models = len(raw.get("models") or ())
    return [
        _finding(
            item,
            rules,
            source_map,
            catalog or {},
            warning=kind == "warnings",
            models=models,
            evidence=evidence,
        )
        for kind in ("violations", "warnings")
        for item in raw.get(kind) or ()
    ]


def waived_findings(
    found: t.Sequence[Finding], waiver_for: WaiverLookup | None = None
) -> tuple[Finding, ...]:
    """`found` (from `collect_findings`) with waivers attached, in the order reports use."""
    findings = list(found)
    if waiver_for is not None:
        findings = [_waive(f, waiver_for(f)) for f in findings]
    return tuple(sorted(findings, key=_sort_key))


def _waive(finding: Finding, waiver: Waiver | None) -> Finding:
    """Attach a live waiver; an expired one leaves the finding failing and says so."""
    if waiver is None:
        return finding
    if waiver.expired:
        message = f"{finding.message} (waiver expired on {waiver.expires}: {waiver.reason})"
        return replace(finding, message=message, expired_waiver=waiver)
    return replace(finding, waiver=waiver)


def build_decision(
    raw: t.Mapping[str, t.Any], findings: t.Sequence[Finding], written: t.Sequence[str] = ()
) -> Decision:
    """Both modes, each model and the recommendation, from the unwaived violations.

    `written` are the model ids as the manifest wrote them (an alias resolved to the catalog id
    the decision names); each verdict keeps its own.
    """
    self_hosted = verdict.mode_verdict(findings, "self-hosted")
    vendor_api = verdict.mode_verdict(findings, "vendor-api")
    live = [f for f in findings if verdict.is_live(f)]
    models = []
    for item in raw.get("models") or ():
        index = int(item["index"])
        ids = sorted({f.rule for f in live if f.applies_to_model(index)})
        models.append(
            ModelVerdict(
                index=index,
                id=str(item.get("id")),
                hosting=str(item.get("hosting")),
                provider=item.get("provider"),
                allowed=not ids,
                violations=tuple(ids),
                written=written[index] if index < len(written) else str(item.get("id")),
            )
        )
    preference = str(raw.get("preference", "either"))
    return Decision(
        self_hosted=self_hosted,
        vendor_api=vendor_api,
        models=tuple(models),
        recommendation=verdict.recommendation(self_hosted.allowed, vendor_api.allowed, preference),
        preference=preference,
        preference_reasons=tuple(str(r) for r in raw.get("preferenceReasons") or ()),
    )


def redecide(decision: Decision, findings: t.Sequence[Finding]) -> Decision:
    """`decision` decided again from `findings` (after a waiver was taken back)."""
    raw = {
        "models": [
            {"index": m.index, "id": m.id, "hosting": m.hosting, "provider": m.provider}
            for m in decision.models
        ],
        "preference": decision.preference,
        "preferenceReasons": list(decision.preference_reasons),
    }
    return build_decision(raw, findings, [m.written for m in decision.models])


def without_project_waivers(result: ManifestResult, why: str) -> ManifestResult:
    """`result` with every waiver that matched by project name alone taken back, saying `why`."""
    if result.decision is None or not any(
        f.waiver is not None and f.waiver.by_project for f in result.findings
    ):
        return result
    findings = tuple(
        replace(f, waiver=None, message=f"{f.message} (waiver not applied: {why})")
        if f.waiver is not None and f.waiver.by_project
        else f
        for f in result.findings
    )
    return replace(result, findings=findings, decision=redecide(result.decision, findings))
