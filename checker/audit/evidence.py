"""The evidence block of audit.json: what was audited, with what, when, and from which commit."""

from __future__ import annotations

import json
import typing as t
import uuid
from pathlib import Path

from checker.audit.git_state import GitState
from checker.audit.policy_files import policy_file_hashes, sha256_hex
from checker.gate import gate_dict
from checker.policy_set import PolicySet
from checker.result import RunReport

# Report ids are uuid5 names in this namespace: the same evidence always gets the same id.
REPORT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://llm-policy.invalid/audit")


def report_id(evidence: t.Mapping[str, t.Any]) -> str:
    """A uuid5 over the evidence (timestamp included): unique per audit, reproducible."""
    canonical = json.dumps(evidence, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return str(uuid.uuid5(REPORT_NAMESPACE, canonical))


def build_evidence(
    report: RunReport,
    *,
    manifests: t.Sequence[tuple[str, Path]],
    policy_set: PolicySet,
    policies: t.Sequence[str],
    data: t.Sequence[tuple[str, Path]],
    waivers: tuple[str, Path] | None = None,
    git: GitState,
    timestamp: str,
    scan: bool = False,
) -> dict[str, t.Any]:
    """Evidence for `report`.

    `manifests` are (display path, path) pairs; `policies` (the `--policies` folders), `data`
    (the `--data` files, as (name, path)) and `waivers` ((name, path) or None) are named as the
    command line gave them, as the policy digest names them. Hashes are taken from the files'
    bytes here, so an unparseable manifest has one too. Waivers are judged as of the UTC date of
    `timestamp` (`asOf`). `scan`: the manifests were held to the code in their folders (`audit
    --scan`); each result then lists the scan's references (`build_document`).
    """
    shipped, *folders = policy_set.roots
    evidence: dict[str, t.Any] = {
        "timestamp": timestamp,
        "tool": {"name": "llm-policy", "version": report.header.tool_version},
        "engine": {"name": report.header.engine_name, "version": report.header.engine_version},
        "catalog": {
            "version": report.header.catalog_version,
            "digest": report.header.catalog_digest,
        },
        "asOf": report.header.as_of,
        "gate": gate_dict(report.header.gate) if report.header.gate is not None else None,
        "policy": {
            "digest": report.header.policy_digest,
            "policies": list(policies),
            "data": [shown for shown, _ in data],
            "files": policy_file_hashes(
                [("policies", shipped), *zip(policies, folders, strict=True)], data
            ),
        },
        "manifests": [
            {"path": shown, "sha256": sha256_hex(path.read_bytes())} for shown, path in manifests
        ],
        "waivers": (
            {
                "path": waivers[0],
                "sha256": sha256_hex(waivers[1].read_bytes()),
                "asOf": report.header.as_of,
            }
            if waivers
            else None
        ),
        "git": {"commit": git.commit, "dirty": git.dirty, "uncommitted": list(git.uncommitted)},
        "failOn": report.threshold.name,
    }
    if scan:  # only then: an audit without --scan keeps the evidence (and report id) it had
        evidence["scan"] = True
    return {"reportId": report_id(evidence), **evidence}
