"""Loading a policy set into an OPA server: data documents, then policies, all or nothing.

The digest document (`checker.engine.provenance`) is written last, once the whole set is loaded;
a push that changes the server removes the old one first, so while it runs, and after it fails,
no digest document names policies the server no longer holds.
"""

from __future__ import annotations

import contextlib
import typing as t
from functools import partial
from urllib.parse import quote

from opa_client.errors import (
    DeleteDataError,
    DeletePolicyError,
    PatchDataError,
    PolicyNotFoundError,
    RegoParseError,
    TypeException,
)

from checker.engine.opa_connection import OpaConnection
from checker.engine.provenance import META_PATH, META_QUERY, meta_document
from checker.errors import EngineError
from checker.policy_set import PolicySet

ID_PREFIX = "llm-policy/"  # our policy ids on a server, so a push replaces only its own modules
# What the client raises when OPA refuses a write (TypeException: an empty policy file).
_REJECTIONS = (RegoParseError, DeletePolicyError, PatchDataError, TypeException)
Op = tuple[str, t.Callable[[], object]]


class _Stalled(EngineError):
    """OPA rejected every remaining write of a push."""


def push(conn: OpaConnection, policy_set: PolicySet) -> None:
    """Load the set's data and policies, replacing an older push of ours; raise `EngineError`.

    A set OPA rejects leaves none of our modules on the server.
    """
    client = conn.client
    meta = meta_document(policy_set)
    stale = _meta(conn) != meta
    if stale:
        _remove_meta(conn)
    data_ops: list[Op] = [
        # The client only PUTs objects; any other top-level value goes in as a JSON patch.
        (f"loading data.{key}", partial(client.update_or_create_data, value, quote(key, "")))
        if isinstance(value, dict)
        else (f"loading data.{key}", partial(_patch_root, conn, [_add(key, value)]))
        for key, value in policy_set.data.items()
    ]
    _settle(conn, data_ops)
    wanted = {ID_PREFIX + name: text for name, text in policy_set.sources.items()}
    ours = _our_policies(conn)
    if set(ours) == set(wanted) and all(_raw(conn, i) == wanted[i] for i in ours):
        # Already loaded (e.g. by a parallel run): rewriting would only open a gap.
        if stale:
            _write_meta(conn, meta)
        return
    puts = [(f"loading {i.removeprefix(ID_PREFIX)}", _put(client, i, s)) for i, s in wanted.items()]
    try:
        try:
            _settle(conn, puts + _deletes(client, set(ours) - set(wanted)))
        except _Stalled:
            if not ours:
                raise
            # Modules of an older push can block the new ones (a helper changed its arity,
            # say): clear ours and load afresh.
            _settle(conn, _deletes(client, _our_policies(conn)))
            _settle(conn, puts)
    except EngineError:
        # Leave none of ours rather than a mix that another client could take for the whole
        # set: with nothing loaded its queries are undefined, an error, never a pass.
        with contextlib.suppress(EngineError):
            _settle(conn, _deletes(client, _our_policies(conn)))
        raise
    _write_meta(conn, meta)


def _meta(conn: OpaConnection) -> object:
    """The digest document on the server, or None."""
    try:
        body = conn.call(f"reading {META_QUERY}", partial(conn.client.get_data, META_PATH))
    except PolicyNotFoundError:
        return None
    return body.get("result") if isinstance(body, dict) else None


def _remove_meta(conn: OpaConnection) -> None:
    with contextlib.suppress(DeleteDataError):  # none there: nothing to remove
        conn.call(f"removing {META_QUERY}", partial(conn.client.delete_data, META_PATH))


def _write_meta(conn: OpaConnection, meta: dict[str, t.Any]) -> None:
    write = partial(conn.client.update_or_create_data, meta, META_PATH)
    _settle(conn, [(f"loading {META_QUERY}", write)])


def _settle(conn: OpaConnection, ops: list[Op]) -> None:
    """Run writes, going round again for rejected ones while any others succeed.

    OPA compiles every module on each write, so a module calling a helper that is not loaded
    yet is rejected; going round orders modules by dependency without parsing any Rego.
    """
    pending = ops
    while pending:
        rejected: list[tuple[str, t.Callable[[], object], str]] = []
        for label, op in pending:
            try:
                conn.call(label, op)
            except _REJECTIONS as exc:
                rejected.append((label, op, _opa_message(exc)))
        if len(rejected) == len(pending):
            details = "; ".join(f"{label}: {message}" for label, _, message in rejected)
            raise _Stalled(
                f"OPA server {conn.url} rejected the policy set ({details}): fix the policies"
            )
        pending = [(label, op) for label, op, _ in rejected]


def _our_policies(conn: OpaConnection) -> list[str]:
    listed = conn.call("listing policies", partial(_list_policies, conn))
    ids = [p.get("id") for p in listed if isinstance(p, dict)] if isinstance(listed, list) else []
    return [i for i in ids if isinstance(i, str) and i.startswith(ID_PREFIX)]


# The client asks for /v1/policies/ and /v1/data/, which OPA answers with a redirect to the URL
# without the slash; the checker follows no redirect, so it asks for those URLs itself.


def _list_policies(conn: OpaConnection) -> object:
    response = conn.session.get(f"{conn.url}/v1/policies", timeout=conn.timeout)
    response.raise_for_status()
    body = response.json()
    return body.get("result", []) if isinstance(body, dict) else None


def _patch_root(conn: OpaConnection, patches: list[t.Any]) -> None:
    response = conn.session.patch(
        f"{conn.url}/v1/data",
        json=patches,
        headers={"Content-Type": "application/json-patch+json"},
        timeout=conn.timeout,
    )
    if response.status_code != 204:
        error = response.json()
        raise PatchDataError(error.get("code"), error.get("message"))


def _raw(conn: OpaConnection, policy_id: str) -> object:
    try:
        body = conn.call("reading a policy", partial(conn.client.get_policy, _id_path(policy_id)))
    except PolicyNotFoundError:  # removed meanwhile: it differs, so the set gets pushed
        return None
    return body.get("result", {}).get("raw") if isinstance(body, dict) else None


def _put(client: t.Any, policy_id: str, text: str) -> t.Callable[[], object]:
    # rego_compat=False: the client would otherwise rewrite rejected Rego and load something else.
    return partial(client.update_policy_from_string, text, _id_path(policy_id), rego_compat=False)


def _deletes(client: t.Any, ids: t.Iterable[str]) -> list[Op]:
    return [(f"removing {i}", partial(client.delete_policy, _id_path(i))) for i in sorted(ids)]


def _id_path(policy_id: str) -> str:
    # Every character escaped, "/" too: an organisation file named by an absolute path gives an
    # id with "//", which OPA answers with a redirect to a cleaned path (not followed).
    return quote(policy_id, safe="")


def _add(key: str, value: object) -> dict[str, object]:
    pointer = key.replace("~", "~0").replace("/", "~1")
    return {"op": "add", "path": f"/{pointer}", "value": value}


def _opa_message(exc: Exception) -> str:
    errors = getattr(exc, "errors", None) or []
    details = [
        f"{loc.get('file')}:{loc.get('row')}: {e.get('message')}"
        if isinstance(loc := e.get("location"), dict)
        else str(e.get("message"))
        for e in errors
        if isinstance(e, dict)
    ]
    if isinstance(exc, TypeException):
        return "the file is empty"
    # Ids appear in OPA's messages; the user knows the files by their source names.
    return ("; ".join(details) or str(getattr(exc, "message", exc))).replace(ID_PREFIX, "")
