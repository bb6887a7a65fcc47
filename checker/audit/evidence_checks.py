"""`verify` on audit.json's evidence itself: the report id re-derived, the fields held together.

Anyone who can edit audit.json can recompute the unsigned seal, so the evidence is checked
against what verify can recompute without trusting it:

- the report id: a uuid5 over every other evidence field (`evidence.report_id`), so an edit of
  any field that was not followed by re-deriving the id is caught, whichever field it was;
- the fields that decide which checks run, against the rest of audit.json: the manifests the
  evidence lists are the ones the results were decided for, `waivers: null` is refused when a
  finding was judged against a waiver, every hashed policy file belongs to a folder or overlay
  the evidence lists (and every overlay is hashed), and each field is present, so that emptying a
  list or nulling a field never turns a check into no check.

The checks against the files themselves (manifests, waivers, policies, catalog) are in
input_checks.py.
"""

from __future__ import annotations

import typing as t

from checker.audit.checks import Check
from checker.audit.evidence import report_id
from checker.header import TOOL_NAME

# Every field `audit` writes; a missing one is an edit (new fields are covered by the report id).
FIELDS = (
    "reportId",
    "timestamp",
    "tool",
    "engine",
    "catalog",
    "asOf",
    "policy",
    "manifests",
    "waivers",
    "git",
    "failOn",
)


def check_report_id(evidence: t.Mapping[str, t.Any]) -> Check:
    """The recorded report id against the one the other evidence fields derive."""
    recorded = evidence.get("reportId")
    derived = report_id({k: v for k, v in evidence.items() if k != "reportId"})
    if recorded == derived:
        return Check("report id", "ok", "derived from the evidence")
    shown = recorded if isinstance(recorded, str) else repr(recorded)
    detail = (
        f"audit.json says {shown}, its evidence derives {derived}:"
        " a field of the evidence was changed after the audit"
    )
    return Check("report id", "altered", detail)


def _missing(evidence: t.Mapping[str, t.Any]) -> list[Check]:
    return [Check(f"evidence {k}", "altered", "missing") for k in FIELDS if k not in evidence]


def _tool(evidence: t.Mapping[str, t.Any]) -> list[Check]:
    tool = evidence.get("tool")
    name = tool.get("name") if isinstance(tool, dict) else None
    if name == TOOL_NAME:
        return []
    return [Check("evidence tool.name", "altered", f"is {name!r}, not {TOOL_NAME!r}")]


def _as_of(evidence: t.Mapping[str, t.Any]) -> list[Check]:
    # The waivers were judged as of the run's day: the two fields say the same day.
    waivers = evidence.get("waivers")
    if not isinstance(waivers, dict) or waivers.get("asOf") == evidence.get("asOf"):
        return []
    detail = f"is {evidence.get('asOf')!r}, but waivers.asOf is {waivers.get('asOf')!r}"
    return [Check("evidence asOf", "altered", detail)]


def _results(document: t.Mapping[str, t.Any]) -> list[t.Mapping[str, t.Any]]:
    results = document.get("results")
    if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
        raise ValueError("results is not a list of objects")
    return results


def _manifests(evidence: t.Mapping[str, t.Any], document: t.Mapping[str, t.Any]) -> list[Check]:
    # The evidence decides which manifest files verify rehashes: it must list the manifests the
    # results were decided for, with the hashes the results carry.
    listed = evidence.get("manifests")
    if not isinstance(listed, list):
        return [Check("evidence manifests", "altered", f"is {type(listed).__name__}, not a list")]
    hashes = {str(m.get("path")): m.get("sha256") for m in listed}
    decided = {str(r.get("manifest")): r.get("sha256") for r in _results(document)}
    checks = []
    if len(hashes) != len(listed):
        checks.append(Check("evidence manifests", "altered", "lists a manifest twice"))
    for path in sorted(set(decided) - set(hashes)):
        detail = f"does not list {path}, which the results decide"
        checks.append(Check("evidence manifests", "altered", detail))
    for path in sorted(set(hashes) - set(decided)):
        detail = f"lists {path}, which no result decides"
        checks.append(Check("evidence manifests", "altered", detail))
    for path in sorted(set(hashes) & set(decided)):
        if decided[path] is not None and decided[path] != hashes[path]:
            detail = f"{path}: sha256 {str(hashes[path])[:16]}…, its result says {decided[path]}"
            checks.append(Check("evidence manifests", "altered", detail))
    return checks


def _judged_by_waiver(result: t.Mapping[str, t.Any]) -> int:
    findings = result.get("findings") or ()
    marks = ("waiver", "expiredWaiver")
    return sum(
        isinstance(f, dict) and (any(m in f for m in marks) or f.get("status") == "waived")
        for f in findings
    )


def _waivers(evidence: t.Mapping[str, t.Any], document: t.Mapping[str, t.Any]) -> list[Check]:
    # `waivers: null` removes the waivers file from verify's checks; it must be true.
    if evidence.get("waivers") is not None:
        waivers = evidence["waivers"]
        if not isinstance(waivers, dict):
            kind = type(waivers).__name__
            return [Check("evidence waivers", "altered", f"is {kind}, not an object or null")]
        return []
    judged = sum(_judged_by_waiver(r) for r in _results(document))
    if not judged:
        return []
    detail = f"is null, but {judged} finding(s) in the results were judged against a waiver"
    return [Check("evidence waivers", "altered", detail)]


def _belongs(name: str, folders: t.Sequence[str], data: t.Sequence[str]) -> bool:
    prefixes = ("policies", *folders)
    return name in data or any(name.startswith(p.rstrip("/") + "/") for p in prefixes)


def _policy(evidence: t.Mapping[str, t.Any]) -> list[Check]:
    # policy.policies and policy.data decide which folders and overlays verify reads again;
    # policy.files records what they held. The three must describe the same files.
    policy = evidence.get("policy")
    if not isinstance(policy, dict):
        return [Check("evidence policy", "altered", f"is {type(policy).__name__}, not an object")]
    folders, data, files = policy.get("policies"), policy.get("data"), policy.get("files")
    if not isinstance(folders, list) or not isinstance(data, list):
        return [Check("evidence policy", "altered", "policies and data must be lists")]
    if not isinstance(files, dict):
        return [Check("evidence policy", "altered", "files must be an object")]
    folders, data = [str(f) for f in folders], [str(d) for d in data]
    checks = []
    for name in sorted(files):
        if not _belongs(name, folders, data):
            detail = (
                f"policy.files has {name}, which is in no folder of policy.policies"
                " and no file of policy.data"
            )
            checks.append(Check("evidence policy", "altered", detail))
    for name in data:
        if name not in files:
            detail = f"policy.data lists {name}, but policy.files has no hash for it"
            checks.append(Check("evidence policy", "altered", detail))
    return checks


def _gate(evidence: t.Mapping[str, t.Any]) -> list[Check]:
    # The gate's values restate the evidence's own fields: they must say the same.
    gate = evidence.get("gate")
    if gate is None:
        return []
    if not isinstance(gate, dict):
        return [Check("evidence gate", "altered", f"is {type(gate).__name__}, not an object")]
    policy, waivers = evidence.get("policy"), evidence.get("waivers")
    policy = policy if isinstance(policy, dict) else {}
    waivers = waivers if isinstance(waivers, dict) else {}
    expected = {
        "failOn": ("failOn", evidence.get("failOn")),
        "policies": ("policy.policies", policy.get("policies")),
        "data": ("policy.data", policy.get("data")),
        "waivers": ("waivers.path", waivers.get("path")),
    }
    checks = []
    for part, (field, value) in expected.items():
        recorded = gate.get(part)
        shown = recorded.get("value") if isinstance(recorded, dict) else None
        if not isinstance(recorded, dict) or shown != value:
            detail = f"gate.{part}.value is {shown!r}, but {field} is {value!r}"
            checks.append(Check("evidence gate", "altered", detail))
    return checks


def check_evidence(evidence: t.Mapping[str, t.Any], document: t.Mapping[str, t.Any]) -> list[Check]:
    """The evidence held against itself and the results: one `ok` line, or every problem.

    A malformed value raises AttributeError, TypeError or ValueError (the caller reports
    audit.json as altered).
    """
    checks = [
        *_missing(evidence),
        *_tool(evidence),
        *_as_of(evidence),
        *_manifests(evidence, document),
        *_waivers(evidence, document),
        *_policy(evidence),
        *_gate(evidence),
    ]
    return checks or [Check("evidence", "ok", "consistent with itself and the results")]
