"""Typed settings built from the command line (and, later, configuration files)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from checker.severity import Threshold

DEFAULT_MAX_BYTES = 1024 * 1024


@dataclass(frozen=True)
class CheckSettings:
    """Everything `check` (and the commands built on it) needs, after option parsing."""

    paths: tuple[Path, ...]
    engine: str = "regorus"
    opa_url: str | None = None
    push: bool = True
    policies: tuple[Path, ...] = ()
    data: tuple[Path, ...] = ()
    threshold: Threshold = field(default_factory=Threshold)
    format: str = "text"
    output: Path | None = None
    # --report FORMAT=PATH: more formats written from the same evaluation
    reports: tuple[tuple[str, Path], ...] = ()
    # the waivers file to apply (None: no waivers)
    waivers: Path | None = None
    color: bool = False
    verbosity: int = 1
    max_bytes: int = DEFAULT_MAX_BYTES
    # worker processes for large runs (see checker.parallel); 1 checks in this process
    jobs: int = 1
