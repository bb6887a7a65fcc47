"""The one report header: what produced a document, from which policies, as of which day.

Every document llm-policy writes (the check report in every format, explain, recommend, impact
and the audit evidence) names the same facts, built here once per run: the tool, the engine, the
policy digest, the catalog (its version, date and digest) and the as-of day the rules were
applied on.
"""

from __future__ import annotations

import hashlib
import json
import typing as t
from dataclasses import dataclass

from checker import __version__
from checker.gate import Gate, gate_dict

if t.TYPE_CHECKING:
    import datetime as dt

    from checker.engine import Engine
    from checker.policy_set import PolicySet

TOOL_NAME = "llm-policy"
# The version of every JSON document's shape (contract section 4: `reportVersion`).
REPORT_VERSION = "1"


@dataclass(frozen=True)
class ReportHeader:
    """Who decided, with what, as of when."""

    tool_version: str
    engine_name: str
    engine_version: str
    policy_digest: str
    as_of: str
    catalog_version: str | None = None
    catalog_digest: str = ""
    gate: Gate | None = None
    catalog_date: str | None = None


def catalog_digest(catalog: t.Any) -> str:
    """sha256 over the catalog data, independent of key order."""
    text = json.dumps(catalog, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def build_header(
    policy_set: PolicySet, engine: Engine | None, as_of: dt.date, gate: Gate | None = None
) -> ReportHeader:
    """The header of a run with this policy set and engine (None: nothing was evaluated).

    The policy and catalog are the ones the engine decided with (`Engine.provenance`): for an
    OPA server the digest document it holds, which need not be the local policy set's.
    """
    from checker.engine.provenance import local_provenance  # it uses catalog_digest below

    provenance = engine.provenance if engine is not None else local_provenance(policy_set)
    return ReportHeader(
        tool_version=__version__,
        engine_name=engine.name if engine is not None else "none",
        engine_version=engine.version if engine is not None else "",
        policy_digest=provenance.policy_digest,
        as_of=as_of.isoformat(),
        catalog_version=provenance.catalog_version,
        catalog_digest=provenance.catalog_digest,
        gate=gate,
        catalog_date=_catalog_date(policy_set, provenance.catalog_version),
    )


def _catalog_date(policy_set: PolicySet, version: str | None) -> str | None:
    """`data.catalog.date` of the local catalog, when it is the version that decided."""
    catalog = policy_set.data.get("catalog") or {}
    if not isinstance(catalog, dict) or catalog.get("version") != version:
        return None
    date = catalog.get("date")
    return date if isinstance(date, str) else None


def header_dict(header: ReportHeader) -> dict[str, t.Any]:
    """The header as the first keys of a JSON document."""
    return {
        "reportVersion": REPORT_VERSION,
        "tool": {"name": TOOL_NAME, "version": header.tool_version},
        "engine": {"name": header.engine_name, "version": header.engine_version},
        "policy": {"digest": header.policy_digest},
        "catalog": {
            "version": header.catalog_version,
            "date": header.catalog_date,
            "digest": header.catalog_digest,
        },
        "asOf": header.as_of,
        "gate": gate_dict(header.gate) if header.gate is not None else None,
    }


def header_line(header: ReportHeader) -> str:
    """The header in one line of text, for reports read by people."""
    catalog = header.catalog_version or header.catalog_digest[:19]
    return (
        f"llm-policy {header.tool_version} · engine {header.engine_name} {header.engine_version}"
        f" · policy {header.policy_digest[:19]} · catalog {catalog} · as of {header.as_of}"
    ).replace("  ", " ")
