"""`verify` on the audit's inputs: the manifests and the policies, where they are still present.

Paths in audit.json are as `audit` displayed them: relative ones start at `root`, the folder the
audit ran in. Inputs that are gone are `unchecked`, not `altered`: a report outlives checkouts.
"""

from __future__ import annotations

import typing as t
from pathlib import Path

from checker import __version__
from checker.audit.checks import Check
from checker.audit.policy_files import policy_file_hashes, sha256_hex
from checker.errors import UsageError
from checker.policy_set import build_policy_set


def _resolve(shown: str, root: Path) -> Path:
    path = Path(shown)
    return path if path.is_absolute() else root / path


def _short(hex_digest: str) -> str:
    return hex_digest.removeprefix("sha256:")[:16] + "…"


def check_manifests(evidence: t.Mapping[str, t.Any], root: Path) -> list[Check]:
    """One check per manifest the audit hashed."""
    checks = []
    for item in evidence.get("manifests") or ():
        shown, recorded = str(item.get("path")), str(item.get("sha256"))
        path, subject = _resolve(shown, root), f"manifest {shown}"
        if not path.is_file():
            checks.append(Check(subject, "unchecked", f"not present under {root}"))
        elif (now := sha256_hex(path.read_bytes())) != recorded:
            detail = f"sha256 is {_short(now)}, audit.json says {_short(recorded)}"
            checks.append(Check(subject, "altered", detail))
        else:
            checks.append(Check(subject, "ok", f"sha256 {_short(now)}"))
    return checks


def check_waivers(evidence: t.Mapping[str, t.Any], root: Path) -> list[Check]:
    """The waivers file the audit applied, if any."""
    waivers = evidence.get("waivers")
    if not isinstance(waivers, dict):
        return []
    shown, recorded = str(waivers.get("path")), str(waivers.get("sha256"))
    path, subject = _resolve(shown, root), f"waivers {shown}"
    if not path.is_file():
        return [Check(subject, "unchecked", f"not present under {root}")]
    if (now := sha256_hex(path.read_bytes())) != recorded:
        return [
            Check(
                subject, "altered", f"sha256 is {_short(now)}, audit.json says {_short(recorded)}"
            )
        ]
    return [Check(subject, "ok", f"sha256 {_short(now)}")]


def _file_changes(now: t.Mapping[str, str], recorded: t.Mapping[str, t.Any]) -> list[Check]:
    checks = []
    for name in sorted(set(now) | set(recorded)):
        if name not in recorded:
            checks.append(Check(f"policy file {name}", "altered", "added since the audit"))
        elif name not in now:
            checks.append(Check(f"policy file {name}", "altered", "removed since the audit"))
        elif now[name] != recorded[name]:
            detail = f"sha256 is {_short(now[name])}, audit.json says {_short(str(recorded[name]))}"
            checks.append(Check(f"policy file {name}", "altered", detail))
    return checks


def check_policies(evidence: t.Mapping[str, t.Any], root: Path) -> list[Check]:
    """Recompute the policy digest (shipped policies, `--policies` folders, `--data` files)."""
    policy = evidence.get("policy") or {}
    folders = [(str(p), _resolve(str(p), root)) for p in policy.get("policies") or ()]
    data = [(str(p), _resolve(str(p), root)) for p in policy.get("data") or ()]
    missing = [given for given, p in folders if not p.is_dir()]
    missing += [given for given, p in data if not p.is_file()]
    if missing:
        return [Check("policies", "unchecked", f"not present under {root}: {', '.join(missing)}")]
    try:
        policy_set = build_policy_set([p for _, p in folders], [p for _, p in data])
        now = policy_file_hashes([("policies", policy_set.roots[0]), *folders], data)
    except (UsageError, OSError) as exc:
        return [Check("policies", "altered", f"cannot be loaded any more: {exc}")]
    checks = _file_changes(now, policy.get("files") or {})
    recorded = str(policy.get("digest", ""))
    digest = policy_set.digest
    if digest == recorded:
        checks.append(Check("policies", "ok", f"digest {_short(recorded)}"))
    else:
        detail = f"digest is {_short(digest)}, audit.json says {_short(recorded)}"
        version = str((evidence.get("tool") or {}).get("version", ""))
        if version != __version__:
            detail += f" (the audit used llm-policy {version}; this is {__version__})"
        checks.append(Check("policies", "altered", detail))
    return checks
