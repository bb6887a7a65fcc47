"""`llm-policy bundle build`: the policy set as an OPA bundle, optionally signed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from checker import __version__
from checker.bundles import Signing, build_bundle, bundle_roots
from checker.bundles.signing import DEFAULT_KEY_ID
from checker.errors import UsageError
from checker.output import write_atomic
from checker.policy_set import build_policy_set


@dataclass(frozen=True)
class BundleSettings:
    """What to bundle, where to write it, and how to sign it (no key: unsigned)."""

    out: Path
    revision: str | None = None
    policies: tuple[Path, ...] = ()
    data: tuple[Path, ...] = ()
    signing_key: Path | None = None
    signing_alg: str = "RS256"
    signing_key_id: str = DEFAULT_KEY_ID
    scope: str = ""
    verbosity: int = 1


def _signing(settings: BundleSettings) -> Signing | None:
    if settings.signing_key is None:
        return None
    try:
        key = settings.signing_key.read_bytes()
    except OSError as exc:
        raise UsageError(f"{settings.signing_key}: cannot read the signing key: {exc}") from exc
    return Signing(settings.signing_alg, key, settings.signing_key_id, settings.scope)


def execute(settings: BundleSettings) -> int:
    """Build the bundle and write it atomically to `settings.out`; 0 on success."""
    policy_set = build_policy_set(settings.policies, settings.data)
    signing = _signing(settings)
    revision = settings.revision or policy_set.digest
    archive = build_bundle(
        policy_set,
        revision=revision,
        signing=signing,
        metadata={"tool": f"llm-policy {__version__}", "policyDigest": policy_set.digest},
    )
    write_atomic(settings.out, archive)
    if settings.verbosity >= 1:
        signed = f"signed {signing.algorithm} (key id {signing.key_id})" if signing else "unsigned"
        roots = ", ".join(bundle_roots(policy_set))
        click.echo(
            f"wrote {settings.out}: revision {revision}, roots {roots},"
            f" {len(policy_set.sources)} policy files, {signed}",
            err=True,
        )
    return 0
