"""What goes into an OPA bundle of a policy set: policies, data documents and the manifest.

The bundle holds what the checker evaluates, laid out the way OPA reads a bundle: the shipped
Rego at its place under the bundle root (`llm/...`), organisation Rego under
`org/<n>-<folder name>/`, one `data.json` per top-level data document (`catalog/data.json`,
`settings/data.json`, ...; the merged data, overlays included), the digest document at
`llm/meta/data.json` (`checker.engine.provenance`: the policy and catalog digests, which a
`--no-push` run reads to name what the server decides with), and a `.manifest` whose `roots`
claim exactly the top-level packages and documents the bundle writes, so a server can hold
other bundles beside it (the digest document sits under the `llm` root, which the policies own).
"""

from __future__ import annotations

import json
import re
import typing as t

from checker.engine.provenance import META_PATH, meta_document
from checker.policy_set import PolicySet

MANIFEST = ".manifest"
BASE_ROOTS = ("llm", "catalog", "settings")
SHIPPED_PREFIX = "policies/"
_PACKAGE = re.compile(r"^package\s+([A-Za-z_][A-Za-z0-9_]*)", re.MULTILINE)


def document_json(value: t.Any) -> bytes:
    """A JSON document as the bundle stores it (compact, keys sorted, UTF-8)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def policy_paths(policy_set: PolicySet) -> dict[str, str]:
    """Where each policy source lives in the bundle: shipped under the root, others under org/.

    Organisation sources are named by the folder the user gave (maybe absolute); in the bundle
    they go under `org/<n>-<folder name>/`, so the bundle is the same wherever it is built.
    """
    prefixes = [(SHIPPED_PREFIX, "")]
    for index, root in enumerate(policy_set.roots[1:], start=1):
        name = f"{index}-{root.name}" if root.name else str(index)
        prefixes.append((root.as_posix().rstrip("/") + "/", f"org/{name}/"))
    paths = {}
    for source in policy_set.sources:
        # The longest matching folder: an organisation folder may sit inside another.
        prefix, place = max(
            ((p, q) for p, q in prefixes if source.startswith(p)),
            key=lambda pair: len(pair[0]),
            default=("", "org/"),
        )
        paths[source] = place + source.removeprefix(prefix)
    return paths


def bundle_roots(policy_set: PolicySet) -> list[str]:
    """The roots the bundle owns: llm, catalog, settings, and any other top-level name it has."""
    extra = set(policy_set.data)
    for text in policy_set.sources.values():
        extra.update(_PACKAGE.findall(text))
    return [*BASE_ROOTS, *sorted(extra - set(BASE_ROOTS))]


def bundle_files(
    policy_set: PolicySet, *, revision: str, metadata: t.Mapping[str, t.Any] | None = None
) -> dict[str, bytes]:
    """Every file of the bundle (path inside it -> content), `.signatures.json` aside."""
    paths = policy_paths(policy_set)
    files = {paths[name]: text.encode() for name, text in policy_set.sources.items()}
    loose: dict[str, t.Any] = {}
    for key, value in policy_set.data.items():
        if isinstance(value, dict):
            files[f"{key}/data.json"] = document_json(value)
        else:  # a scalar or list cannot be a folder's document: it goes in the root document
            loose[key] = value
    if loose:
        files["data.json"] = document_json(loose)
    # Written by the tool, never from the data: no overlay or organisation file may write under
    # `llm` (checker.policy_guard), so this is the only document there.
    files[f"{META_PATH}/data.json"] = document_json(meta_document(policy_set))
    manifest: dict[str, t.Any] = {
        "revision": revision,
        "roots": bundle_roots(policy_set),
        "rego_version": 1,
    }
    if metadata:
        manifest["metadata"] = dict(metadata)
    files[MANIFEST] = document_json(manifest)
    return files
