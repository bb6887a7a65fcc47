"""The run key: everything besides a manifest's bytes that a cached result depends on."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import typing as t
from pathlib import Path

if t.TYPE_CHECKING:
    from checker.engine import Engine
    from checker.policy_set import PolicySet

# Part of every key and entry: bump it when an entry's meaning changes (3: values compressed).
FORMAT = 3
OFF = ("off", "0", "none", "false", "no")


def cache_enabled(environ: t.Mapping[str, str] | None = None) -> bool:
    """False when `LLM_POLICY_CACHE` turns all caches off, or `LLM_POLICY_RESULT_CACHE` this one."""
    environ = os.environ if environ is None else environ
    return all(
        environ.get(name, "").lower() not in OFF
        for name in ("LLM_POLICY_CACHE", "LLM_POLICY_RESULT_CACHE")
    )


def results_dir(environ: t.Mapping[str, str] | None = None) -> Path:
    """Where entries are kept: `$LLM_POLICY_CACHE/results`, else under the XDG cache home."""
    environ = os.environ if environ is None else environ
    root = environ.get("LLM_POLICY_CACHE", "")
    if root and os.path.isabs(root):
        return Path(root) / "results"
    xdg = environ.get("XDG_CACHE_HOME", "")  # as checker.catalog.store.cache_home reads it
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "llm-policy" / "results"


def _digest(value: t.Any) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(text.encode()).hexdigest()


# The modules a cached value comes from (reading, parsing with positions, aliases, validation and
# its messages, the engines and the decision's shape, this module), and the manifest schema. The
# rest of the checker runs after the cache on every run (findings, waivers, reports), so an edit
# there needs no new key.
STAMPED = (
    "loader",
    "engine",
    "aliases.py",
    "data_files.py",
    "policy_set.py",
    "problems.py",
    "result_cache",
    "runner.py",
    "schema_messages.py",
    "validator.py",
    "yaml_safe.py",
)


def checker_stamp() -> str:
    """The checker's version, its deciding modules' sizes and times, and the manifest schema."""
    import checker
    from checker.resources import resource_dir

    package = Path(checker.__file__).parent
    h = hashlib.sha256(checker.__version__.encode())
    found: list[str] = []
    for name in STAMPED:
        top = package / name
        if top.is_dir():
            found.extend(str(p) for p in top.rglob("*.py"))
        else:
            found.append(str(top))
    for full in sorted(found):
        with contextlib.suppress(OSError):
            status = os.stat(full)
            h.update(f"{full}\0{status.st_size}\0{status.st_mtime_ns}\0".encode())
    with contextlib.suppress(OSError):
        h.update((resource_dir("schemas") / "manifest.schema.json").read_bytes())
    return h.hexdigest()


def run_key(
    policy_set: PolicySet,
    engine: Engine,
    *,
    as_of: str | None,
    max_bytes: int,
    opa_url: str | None = None,
) -> str:
    """Everything besides the manifest (and the scan) that a decision depends on, as a digest."""
    provenance = engine.provenance
    return _digest(
        {
            "format": FORMAT,
            "checker": checker_stamp(),
            "policies": policy_set.digest,
            "engine": [engine.name, engine.version, opa_url],
            "decides_with": [
                provenance.policy_digest,
                provenance.catalog_digest,
                provenance.catalog_version,
            ],
            "asOf": as_of,
            "maxBytes": max_bytes,
        }
    )
