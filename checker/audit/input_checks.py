"""`verify` on the audit's inputs: the manifests and the policies, where they are still present.

Paths in audit.json are as `audit` displayed them: relative ones start at `root`, the folder the
audit ran in. Inputs that are gone are `unchecked`, not `altered`: a report outlives checkouts.
"""

from __future__ import annotations

import datetime as dt
import typing as t
from pathlib import Path

from checker import __version__
from checker.audit.checks import Check
from checker.audit.policy_files import policy_file_hashes, sha256_hex
from checker.errors import UsageError
from checker.header import build_header
from checker.policy_set import SHIPPED_POLICIES, PolicySet, build_policy_set


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


def _in_part(name: str, given: str, is_folder: bool) -> bool:
    return name.startswith(given.rstrip("/") + "/") if is_folder else name == given


def _version_note(evidence: t.Mapping[str, t.Any]) -> str:
    tool = evidence.get("tool")
    version = str(tool.get("version", "")) if isinstance(tool, dict) else ""
    if version == __version__:
        return ""
    return f" (the audit used llm-policy {version or '?'}; this is {__version__})"


def _catalog(evidence: t.Mapping[str, t.Any], policy_set: PolicySet) -> Check:
    # The catalog's version and digest, derived as every report header derives them.
    header = build_header(policy_set, None, dt.date(1970, 1, 1))  # only its catalog is read
    recorded = evidence.get("catalog")
    if not isinstance(recorded, dict):
        return Check("catalog", "altered", "audit.json has no catalog object")
    problems = []
    if recorded.get("digest") != header.catalog_digest:
        problems.append(
            f"digest is {_short(header.catalog_digest)}, audit.json says"
            f" {_short(str(recorded.get('digest')))}"
        )
    if recorded.get("version") != header.catalog_version:
        problems.append(
            f"version is {header.catalog_version!r}, audit.json says {recorded.get('version')!r}"
        )
    if problems:
        return Check("catalog", "altered", "; ".join(problems) + _version_note(evidence))
    return Check("catalog", "ok", f"digest {_short(header.catalog_digest)}")


def _as_given(origin: str, parts: t.Sequence[tuple[str, Path]]) -> str:
    # A setting's file as `audit` named it: the --policies folder or --data file as given.
    for given, path in parts:
        if origin == str(path):
            return given
        if origin.startswith(str(path) + "/"):
            return given.rstrip("/") + origin[len(str(path)) :]
    return origin


def _loosened(
    evidence: t.Mapping[str, t.Any], policy_set: PolicySet, parts: t.Sequence[tuple[str, Path]]
) -> list[Check]:
    # The settings the overlays loosened, recomputed: emptying the list hides no loosening.
    gate = evidence.get("gate")
    if not isinstance(gate, dict):
        return []  # a report from before the gate; the evidence checks hold a gate's shape
    from checker.gate import loosened_settings

    now = [
        {"setting": x.setting, "shipped": x.shipped, "value": x.value,
         "file": _as_given(x.file, parts)}
        for x in loosened_settings(policy_set)
    ]  # fmt: skip
    recorded = gate.get("loosened")
    if recorded == now:
        return [Check("loosened settings", "ok", f"{len(now) or 'none'}, as the gate records")]
    detail = f"the policies loosen {_describe(now)}; gate.loosened says {_describe(recorded)}"
    return [Check("loosened settings", "altered", detail + _version_note(evidence))]


def _describe(loosened: t.Any) -> str:
    if not isinstance(loosened, list):
        return repr(loosened)
    shown = [
        f"{x.get('setting')} = {x.get('value')!r} ({x.get('file')})"
        if isinstance(x, dict)
        else repr(x)
        for x in loosened
    ]
    return ", ".join(shown) or "none"


def _with_the_audits_catalog(
    evidence: t.Mapping[str, t.Any],
    folders: t.Sequence[tuple[str, Path]],
    data: t.Sequence[tuple[str, Path]],
    digest: str,
) -> PolicySet | None:
    """The policy set under the catalog the audit named, when another one is in force now.

    A catalog installed (`catalog update`) or pinned after the audit would otherwise make every
    older report look altered: verify tries the shipped catalog and the installed version the
    evidence names, and keeps one only when it gives the recorded digest exactly.
    """
    from checker.catalog.select import resolve

    version = (evidence.get("catalog") or {}).get("version")
    for choice in dict.fromkeys(["shipped", *([version] if isinstance(version, str) else [])]):
        try:
            catalog = resolve(choice)
        except UsageError:
            continue  # not installed here: the mismatch stands
        candidate = build_policy_set([p for _, p in folders], [p for _, p in data], catalog=catalog)
        if candidate.digest == digest:
            return candidate
    return None


def check_policies(evidence: t.Mapping[str, t.Any], root: Path) -> list[Check]:
    """Recompute the policy file hashes, the policy digest, the catalog and loosened settings.

    The shipped policies are always present; a `--policies` folder or `--data` file that is gone
    leaves its own files, the digest and the catalog unchecked, never the files still present.
    """
    policy = evidence.get("policy") or {}
    folders = [(str(p), _resolve(str(p), root)) for p in policy.get("policies") or ()]
    data = [(str(p), _resolve(str(p), root)) for p in policy.get("data") or ()]
    recorded = policy.get("files") or {}
    if not isinstance(recorded, dict):
        raise TypeError("policy.files is not an object")
    missing = [(given, True) for given, p in folders if not p.is_dir()]
    missing += [(given, False) for given, p in data if not p.is_file()]
    present_folders = [(g, p) for g, p in folders if p.is_dir()]
    present_data = [(g, p) for g, p in data if p.is_file()]
    try:
        now = policy_file_hashes([("policies", SHIPPED_POLICIES), *present_folders], present_data)
    except OSError as exc:
        return [Check("policies", "altered", f"cannot be read any more: {exc}")]
    gone = {
        name
        for name in recorded
        if any(_in_part(name, given, is_folder) for given, is_folder in missing)
    }
    checks = _file_changes(now, {k: v for k, v in recorded.items() if k not in gone})
    if missing:
        names = ", ".join(given for given, _ in missing)
        detail = f"not present under {root}: {names} (the other policy files were checked)"
        return [*checks, Check("policies", "unchecked", detail)]
    recorded_digest = str(policy.get("digest", ""))
    try:
        policy_set = build_policy_set([p for _, p in folders], [p for _, p in data])
        if policy_set.digest != recorded_digest:
            policy_set = (
                _with_the_audits_catalog(evidence, folders, data, recorded_digest) or policy_set
            )
    except (UsageError, OSError) as exc:
        return [*checks, Check("policies", "altered", f"cannot be loaded any more: {exc}")]
    if policy_set.digest == recorded_digest:
        checks.append(Check("policies", "ok", f"digest {_short(recorded_digest)}"))
    else:
        detail = f"digest is {_short(policy_set.digest)}, audit.json says {_short(recorded_digest)}"
        checks.append(Check("policies", "altered", detail + _version_note(evidence)))
    checks.append(_catalog(evidence, policy_set))
    checks += _loosened(evidence, policy_set, [*folders, *data])
    return checks
