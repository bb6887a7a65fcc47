"""The digest document: which policies and catalog an OPA server decides with.

`llm-policy bundle build` and a push write it next to the policies, at `data.llm.meta`:

    {"policyDigest": "sha256:...", "catalogDigest": "sha256:...", "catalogVersion": null}

`llm` is a root the policies own: an overlay or an organisation's data cannot write under it
(`checker.policy_guard`), and on a server fed by the bundle OPA refuses any other writer, so the
document is the tool's own. The checker reads it before the first decision and names the
server's digests in the report header, not the local ones.
"""

from __future__ import annotations

import re
import typing as t

from checker.engine.base import Provenance
from checker.header import catalog_digest

if t.TYPE_CHECKING:
    from checker.policy_set import PolicySet

META_PATH = "llm/meta"  # the document's path in the Data API (and in a bundle: llm/meta/)
META_QUERY = "data.llm.meta"
_DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
_VERSION_MAX = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
KEYS = ("policyDigest", "catalogDigest", "catalogVersion")


def local_provenance(policy_set: PolicySet) -> Provenance:
    """The digests of the policy set this process loaded."""
    catalog = policy_set.data.get("catalog") or {}
    version = catalog.get("version") if isinstance(catalog, dict) else None
    return Provenance(
        policy_digest=policy_set.digest,
        catalog_digest=catalog_digest(catalog),
        catalog_version=version if isinstance(version, str) else None,
    )


def meta_document(policy_set: PolicySet) -> dict[str, t.Any]:
    """The digest document for `policy_set`, as a bundle or a push writes it."""
    local = local_provenance(policy_set)
    return {
        "policyDigest": local.policy_digest,
        "catalogDigest": local.catalog_digest,
        "catalogVersion": local.catalog_version,
    }


def read_meta(value: t.Any) -> Provenance:
    """The provenance a digest document states; `ValueError` naming the field if malformed.

    Every value is checked before it reaches a report: digests are `sha256:` and 64 hex
    digits, the catalog version is short text without control characters, or null.
    """
    if not isinstance(value, dict):
        raise ValueError(f"{META_QUERY} is not an object")
    if set(value) != set(KEYS):
        wrong = sorted(set(value) ^ set(KEYS))
        raise ValueError(f"{META_QUERY} must have exactly {', '.join(KEYS)} (not {wrong})")
    for key in ("policyDigest", "catalogDigest"):
        if not isinstance(value[key], str) or not _DIGEST.fullmatch(value[key]):
            raise ValueError(f"{META_QUERY}.{key} is not a sha256 digest: {value[key]!r:.80}")
    version = value["catalogVersion"]
    if version is not None and (
        not isinstance(version, str)
        or not 0 < len(version) <= _VERSION_MAX
        or _CONTROL.search(version)
    ):
        raise ValueError(f"{META_QUERY}.catalogVersion is not a version: {version!r:.80}")
    return Provenance(value["policyDigest"], value["catalogDigest"], version)


def differences(server: Provenance, local: Provenance) -> list[str]:
    """What differs between a server's provenance and the local one, in words (empty: none)."""
    said = []
    if server.policy_digest != local.policy_digest:
        said.append(f"policy {server.policy_digest}, here {local.policy_digest}")
    if server.catalog_digest != local.catalog_digest:
        said.append(f"catalog {server.catalog_digest}, here {local.catalog_digest}")
    elif server.catalog_version != local.catalog_version:
        said.append(f"catalog version {server.catalog_version}, here {local.catalog_version}")
    return said
