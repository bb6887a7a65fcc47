"""Is an engine's answer a decision? The shape of `data.llm.decision.result`, checked strictly.

Both engines run every answer through `check_decision` before the checker reads it. A decision
is the object docs/design.md ("Decision") gives, and nothing else: each field of the right type,
exactly one verdict per requested model, in the request's order and naming its model, and every
verdict the decision states (both modes, each model, the recommendation, `pass`) equal to the
one the checker recomputes from the decision's own findings with `checker.evaluation` and
`checker.verdict`. Anything else is an `EngineError` (exit 3) naming the engine and the field:
a server that answers `pass: true` beside a violation has not proved a pass.

The recomputation needs no rule METADATA: before waivers, and at the default threshold, every
violation fails whatever its severity and no warning does, which is the Rego `pass` rule.
"""

from __future__ import annotations

import typing as t

from checker.errors import EngineError
from checker.evaluation import build_decision, build_findings
from checker.loader import SourceMap
from checker.metadata import RuleMeta
from checker.result import Decision, Finding, ManifestResult, ModeVerdict
from checker.severity import Severity

KEYS = frozenset(
    {"violations", "warnings", "selfHosted", "vendorApi", "models", "preference"}
    | {"preferenceReasons", "recommendation", "pass"}
)
MODE_KEYS = frozenset({"allowed", "reasons"})
MODEL_KEYS = frozenset({"index", "id", "hosting", "provider", "allowed", "violations"})
PREFERENCES = ("self-hosted", "vendor-api", "either")
RECOMMENDATIONS = (*PREFERENCES, "none")
ADVICE = "check that its llm.decision package is llm-policy's"


class _Malformed(Exception):
    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")


def check_decision(
    result: t.Any, manifest: t.Mapping[str, t.Any], *, source: str
) -> dict[str, t.Any]:
    """`result` if it is a well-formed decision for `manifest`; else `EngineError`.

    `source` names the engine in the error ("OPA server http://host:8181").
    """
    decision = check_shape(result, manifest, source=source)
    ids = {
        f["rule"]
        for kind in ("violations", "warnings")
        for f in decision[kind]
        if isinstance(f.get("rule"), str)
    }
    rules = {rule: _placeholder(rule) for rule in ids}
    try:
        findings = build_findings(decision, rules, SourceMap({}))  # checks each finding's shape
    except EngineError as exc:  # a finding of unknown shape (checker.evaluation says which)
        raise EngineError(f"{source} returned a malformed decision: {exc}") from None
    check_verdicts(decision, build_decision(decision, findings), findings, source=source)
    return decision


def check_shape(result: t.Any, manifest: t.Mapping[str, t.Any], *, source: str) -> dict[str, t.Any]:
    """`result` if it has a decision's shape for `manifest` (its verdicts unchecked)."""
    try:
        return _shape(result, _requested(manifest))
    except _Malformed as exc:
        raise EngineError(f"{source} returned a malformed decision ({exc}): {ADVICE}") from None


def check_verdicts(
    decision: t.Mapping[str, t.Any],
    recomputed: Decision,
    findings: t.Sequence[Finding],
    *,
    source: str,
) -> None:
    """Every verdict `decision` states against `recomputed`, built from its `findings`.

    The findings are the decision's own, before waivers (with any rules' METADATA: at the
    default threshold severity changes no verdict); else `EngineError`.
    """
    try:
        _verdicts(decision, recomputed, findings)
    except _Malformed as exc:
        raise EngineError(f"{source} returned a malformed decision ({exc}): {ADVICE}") from None


def _requested(manifest: t.Mapping[str, t.Any]) -> list[t.Any]:
    spec = manifest.get("spec")
    models = spec.get("models") if isinstance(spec, dict) else None
    return models if isinstance(models, list) else []


def _type(value: t.Any, kind: type | tuple[type, ...], field: str, what: str) -> None:
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise _Malformed(field, f"{_shown(value)}, expected {what}")


def _shown(value: t.Any) -> str:
    return f"{value!r:.80}" if isinstance(value, (str, int, float, bool)) else type(value).__name__


def _strings(value: t.Any, field: str) -> list[str]:
    _type(value, list, field, "a list of strings")
    for i, item in enumerate(value):
        _type(item, str, f"{field}[{i}]", "a string")
    return t.cast(list[str], value)


def _keys(value: t.Any, keys: frozenset[str], field: str) -> dict[str, t.Any]:
    _type(value, dict, field, "an object")
    if missing := keys - set(value):
        raise _Malformed(field, f"missing {', '.join(sorted(missing))}")
    if extra := set(value) - keys:
        raise _Malformed(field, f"unknown {', '.join(sorted(map(str, extra)))}")
    return t.cast(dict[str, t.Any], value)


def _shape(result: t.Any, requested: list[t.Any]) -> dict[str, t.Any]:
    """The decision's types, and its model verdicts against the requested models."""
    decision = _keys(result, KEYS, "the decision")
    for kind in ("violations", "warnings"):
        _type(decision[kind], list, kind, "a list of findings")
        for i, finding in enumerate(decision[kind]):
            _type(finding, dict, f"{kind}[{i}]", "a finding object")
    for mode in ("selfHosted", "vendorApi"):
        verdict = _keys(decision[mode], MODE_KEYS, mode)
        _type(verdict["allowed"], bool, f"{mode}.allowed", "true or false")
        _strings(verdict["reasons"], f"{mode}.reasons")
    models = decision["models"]
    _type(models, list, "models", "a list of model verdicts")
    if len(models) != len(requested):
        raise _Malformed("models", f"{len(models)} verdicts for {len(requested)} requested models")
    for i, (verdict, model) in enumerate(zip(models, requested, strict=True)):
        field = f"models[{i}]"
        _keys(verdict, MODEL_KEYS, field)
        _type(verdict["index"], int, f"{field}.index", str(i))
        if verdict["index"] != i:
            raise _Malformed(f"{field}.index", f"{verdict['index']}, expected {i}")
        asked = model if isinstance(model, dict) else {}
        for key in ("id", "hosting", "provider"):
            if verdict[key] != asked.get(key):
                expected = asked.get(key)
                raise _Malformed(f"{field}.{key}", f"{_shown(verdict[key])}, expected {expected!r}")
        _type(verdict["allowed"], bool, f"{field}.allowed", "true or false")
        _strings(verdict["violations"], f"{field}.violations")
    if decision["preference"] not in PREFERENCES:
        raise _Malformed(
            "preference", f"{_shown(decision['preference'])}, not one of {PREFERENCES}"
        )
    _strings(decision["preferenceReasons"], "preferenceReasons")
    if decision["recommendation"] not in RECOMMENDATIONS:
        shown = _shown(decision["recommendation"])
        raise _Malformed("recommendation", f"{shown}, not one of {RECOMMENDATIONS}")
    _type(decision["pass"], bool, "pass", "true or false")
    return decision


def _verdicts(
    decision: t.Mapping[str, t.Any], recomputed: Decision, findings: t.Sequence[Finding]
) -> None:
    """Every verdict the decision states, against the one its findings give."""
    passed = ManifestResult(manifest="", decision=recomputed, findings=tuple(findings)).passed()
    _same("pass", decision["pass"], passed)
    for mode, verdict in (
        ("selfHosted", recomputed.self_hosted),
        ("vendorApi", recomputed.vendor_api),
    ):
        _same(f"{mode}.allowed", decision[mode]["allowed"], verdict.allowed)
        _same(f"{mode}.reasons", decision[mode]["reasons"], _reasons(verdict))
    for stated, model in zip(decision["models"], recomputed.models, strict=True):
        _same(f"models[{model.index}].allowed", stated["allowed"], model.allowed)
        _same(f"models[{model.index}].violations", stated["violations"], list(model.violations))
    _same("recommendation", decision["recommendation"], recomputed.recommendation)


def _same(field: str, stated: t.Any, recomputed: t.Any) -> None:
    if stated != recomputed:
        raise _Malformed(
            field, f"{_json(stated)}, but the decision's own findings give {_json(recomputed)}"
        )


def _json(value: t.Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value!r:.120}"


def _reasons(verdict: ModeVerdict) -> list[str]:
    return sorted({f.rule for f in verdict.reasons})


def _placeholder(rule: str) -> RuleMeta:
    # Severity does not change a verdict before waivers at the default threshold (see above).
    return RuleMeta(
        id=rule,
        severity=Severity.LOW,
        title=rule,
        description="",
        remediation="",
        references=(),
        package="",
        rule="",
        file="",
        line=0,
        annotation={},
    )
