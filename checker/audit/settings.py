"""What `audit` and `verify` need after option parsing."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field
from pathlib import Path

from checker.settings import RunSettings


@dataclass(frozen=True)
class AuditSettings:
    """`llm-policy audit`: a check run (`run`) plus where and how to write the report.

    `timestamp` is the report's ISO 8601 UTC time (from `--timestamp`, SOURCE_DATE_EPOCH or
    now); the run's as-of day is its date unless `--as-of` says otherwise. `sign_key` is a PEM
    Ed25519 private key. `sign_off` maps preparedBy/reviewedBy/approvedBy to the flag's value
    ("Jane Doe 2026-12-01") or None; `paper` is audit.pdf's page size (a4 or letter).
    """

    run: RunSettings
    out: Path
    timestamp: str
    sign_key: Path | None = None
    sign_off: t.Mapping[str, str | None] = field(default_factory=dict)
    paper: str = "a4"


@dataclass(frozen=True)
class VerifySettings:
    """`llm-policy verify`: the report folder, an optional public key, and where paths start.

    Manifest, policy and data paths in `audit.json` are relative to the folder `audit` ran in;
    `root` is that folder now (the current directory by default). `allow_unsigned` accepts a
    signed report without checking its signature (no `key`); otherwise that fails.
    """

    folder: Path
    key: Path | None = None
    root: Path = Path(".")
    allow_unsigned: bool = False
