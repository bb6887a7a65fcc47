"""OPA bundles of a policy set, for fleets of OPA servers: layout, archive, signing."""

from __future__ import annotations

import typing as t

from checker.bundles.archive import build_tarball
from checker.bundles.layout import bundle_files, bundle_roots
from checker.bundles.signing import SIGNATURES, Signing, signatures_file
from checker.policy_set import PolicySet

__all__ = ["Signing", "build_bundle", "bundle_files", "bundle_roots"]


def build_bundle(
    policy_set: PolicySet,
    *,
    revision: str | None = None,
    signing: Signing | None = None,
    metadata: t.Mapping[str, t.Any] | None = None,
) -> bytes:
    """The bundle as tar.gz bytes; `revision` defaults to the policy set's digest."""
    files = bundle_files(policy_set, revision=revision or policy_set.digest, metadata=metadata)
    if signing is not None:
        files[SIGNATURES] = signatures_file(files, signing)
    return build_tarball(files)
