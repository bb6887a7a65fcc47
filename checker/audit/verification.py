"""`verify`: whether an audit report folder is exactly as `audit` wrote it.

Each check names one thing (a report file, the signature, the report id, the evidence, a
rendering, a manifest, the policies) and says `ok`, `altered`, `unverified` (could be checked but
was not: a signature with no `--key`) or `unchecked` (could not be checked: not present, not
signed, another tool version, or a signature accepted unchecked with `--allow-unsigned`).
`altered` and `unverified` fail verification: nothing verifies as fine by default that was
changed or whose signature was left unchecked.
"""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass

from checker import __version__
from checker.audit import (
    HTML_NAME,
    JSON_NAME,
    MARKDOWN_NAME,
    OSCAL_NAME,
    REPORT_FILES,
    SEAL_NAME,
    SIGNATURE_NAME,
)
from checker.audit.checks import Check
from checker.audit.evidence_checks import check_evidence, check_report_id
from checker.audit.input_checks import check_manifests, check_policies, check_waivers
from checker.audit.policy_files import sha256_hex
from checker.audit.seal import parse_seal, seal_digest
from checker.audit.settings import VerifySettings
from checker.audit.signing import load_public_key, signature_valid
from checker.errors import UsageError


@dataclass(frozen=True)
class Verification:
    """Every check of one report folder."""

    checks: tuple[Check, ...]
    report_id: str = ""
    timestamp: str = ""
    digest: str = ""

    @property
    def altered(self) -> tuple[Check, ...]:
        """The checks that found a change."""
        return tuple(c for c in self.checks if c.status == "altered")

    @property
    def unverified(self) -> tuple[Check, ...]:
        """The checks that could have been made but were not (a signature and no --key)."""
        return tuple(c for c in self.checks if c.status == "unverified")

    @property
    def exit_code(self) -> int:
        """0 when nothing was altered and nothing left unverified, 1 otherwise."""
        return 1 if self.altered or self.unverified else 0


def _short(hex_digest: str) -> str:
    return hex_digest[:16] + "…"


def _report_files(settings: VerifySettings, sealed: t.Mapping[str, str]) -> list[Check]:
    checks = []
    for name in REPORT_FILES:
        path = settings.folder / name
        if name not in sealed:
            checks.append(Check(name, "altered", "not listed in the seal"))
        elif not path.is_file():
            checks.append(Check(name, "altered", "missing from the report folder"))
        elif (now := sha256_hex(path.read_bytes())) != sealed[name]:
            detail = f"sha256 is {_short(now)}, the seal says {_short(sealed[name])}"
            checks.append(Check(name, "altered", detail))
        else:
            checks.append(Check(name, "ok", f"sha256 {_short(now)}"))
    checks += [
        Check(name, "altered", "listed in the seal, but not a report file")
        for name in sorted(set(sealed) - set(REPORT_FILES))
    ]
    return checks


def _signature(settings: VerifySettings, seal: bytes) -> Check:
    path = settings.folder / SIGNATURE_NAME
    if settings.key is None:
        if not path.is_file():
            return Check("signature", "unchecked", "not signed")
        if settings.allow_unsigned:
            detail = (
                "signed, but not checked (--allow-unsigned): the seal alone does not prove"
                " who wrote the report"
            )
            return Check("signature", "unchecked", detail)
        detail = (
            "signed, but not checked: pass --key PUBLIC.pem (the signer's public key) to check"
            " it, or --allow-unsigned to accept it unchecked"
        )
        return Check("signature", "unverified", detail)
    if not path.is_file():
        return Check("signature", "altered", f"--key given, but {SIGNATURE_NAME} is missing")
    if signature_valid(settings.key, seal, path.read_bytes()):
        return Check("signature", "ok", f"Ed25519, valid for {settings.key}")
    return Check("signature", "altered", f"does not match the seal under key {settings.key}")


# The files rendered from audit.json alone, which verify renders again and compares.
RENDERINGS = (HTML_NAME, MARKDOWN_NAME, OSCAL_NAME)


def _renderings(settings: VerifySettings, document: t.Mapping[str, t.Any]) -> list[Check]:
    # Same version, same templates: the renderings must be exactly what audit.json renders to.
    from checker.audit.report_files import render_files

    tool = document["evidence"].get("tool")
    version = str(tool.get("version", "")) if isinstance(tool, dict) else ""
    if version != __version__:
        why = f"written by llm-policy {version or '?'}; this is {__version__}"
        return [Check(f"{n} from audit.json", "unchecked", why) for n in RENDERINGS]
    try:
        expected = render_files(document)
    except Exception as exc:  # a hand-edited audit.json can break any template assumption
        return [Check("audit.json", "altered", f"cannot be rendered: {type(exc).__name__}")]
    checks = []
    for name in RENDERINGS:
        path = settings.folder / name
        if path.is_file() and path.read_text(encoding="utf-8", errors="replace") != expected[name]:
            checks.append(Check(f"{name} from audit.json", "altered", "differs from audit.json"))
        elif path.is_file():
            checks.append(Check(f"{name} from audit.json", "ok", "matches audit.json"))
    return checks


def verify_report(settings: VerifySettings) -> Verification:
    """Check the report folder, then the manifests and policies it names where still present."""
    folder = settings.folder
    if settings.key is not None and settings.allow_unsigned:
        raise UsageError(
            "--allow-unsigned accepts a signature left unchecked, --key checks it: pass one"
        )
    if settings.key is not None:
        load_public_key(settings.key)  # a bad key is a usage error whatever the report holds
    if not folder.is_dir():
        raise UsageError(
            f"{folder}: no such folder (pass the folder `llm-policy audit --out` wrote)"
        )
    seal_path = folder / SEAL_NAME
    if not seal_path.is_file():
        if not (folder / JSON_NAME).is_file():
            raise UsageError(
                f"{folder}: no audit report here ({JSON_NAME} and {SEAL_NAME} missing)"
            )
        return Verification((Check(SEAL_NAME, "altered", "missing: nothing can be verified"),))
    seal = seal_path.read_bytes()
    try:
        sealed = parse_seal(seal.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        return Verification((Check(SEAL_NAME, "altered", f"malformed: {exc}"),))
    checks = [*_report_files(settings, sealed), _signature(settings, seal)]
    try:
        document = json.loads((folder / JSON_NAME).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        checks.append(Check(JSON_NAME, "altered", f"cannot be read as JSON: {exc}"))
        return Verification(tuple(checks), digest=seal_digest(seal))
    if not isinstance(document, dict) or not isinstance(document.get("evidence"), dict):
        checks.append(Check(JSON_NAME, "altered", "has no evidence object"))
        return Verification(tuple(checks), digest=seal_digest(seal))
    evidence = document["evidence"]
    checks.append(check_report_id(evidence))
    checks += _renderings(settings, document)
    try:
        checks += check_evidence(evidence, document)
        checks += check_manifests(evidence, settings.root)
        checks += check_waivers(evidence, settings.root)
        checks += check_policies(evidence, settings.root)
    except (AttributeError, KeyError, TypeError, ValueError) as exc:  # a hand-edited evidence
        checks.append(Check(JSON_NAME, "altered", f"its evidence is malformed: {exc}"))
    return Verification(
        tuple(checks),
        report_id=str(evidence.get("reportId", "")),
        timestamp=str(evidence.get("timestamp", "")),
        digest=seal_digest(seal),
    )
