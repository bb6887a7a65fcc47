"""Typed settings of a command, built once by the CLI from flags, configuration and defaults.

`RunSettings` opens a run (`checker.run.open_run`); `OutputSettings` says where and how its
document is written (`checker.emit.emit`). Each keeps, in `sources`, where each value it holds
came from (a flag, a configuration file or a default), for `llm-policy config` and for reports.
"""

from __future__ import annotations

import datetime as dt
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

from checker.severity import Threshold

DEFAULT_MAX_BYTES = 1024 * 1024


@dataclass(frozen=True)
class RunSettings:
    """What a run needs: the manifests, the policies and engine, waivers, threshold, as-of day.

    `waivers` is the waivers file to apply (None: no waivers); `as_of` is the day the rules,
    waiver expiry and price ages are judged on; `jobs` are worker processes for large runs (see
    `checker.parallel`; 1 checks in this process). `config` names the configuration file the
    values came from ("" for none).
    """

    paths: tuple[Path, ...]
    policies: tuple[Path, ...] = ()
    data: tuple[Path, ...] = ()
    engine: str = "regorus"
    opa_url: str | None = None
    push: bool = True
    waivers: Path | None = None
    threshold: Threshold = field(default_factory=Threshold)
    as_of: dt.date = field(default_factory=dt.date.today)
    max_bytes: int = DEFAULT_MAX_BYTES
    jobs: int = 1
    config: str = ""
    sources: t.Mapping[str, str] = field(default_factory=dict)
    # refuse settings an overlay loosened against the shipped defaults (checker.gate)
    strict_settings: bool = False
    # --catalog: a catalog folder or bundle, an installed version, or "shipped"; None: the
    # catalog in force (the installed current one, else the shipped one; checker.catalog.select)
    catalog: str | None = None
    # --scan: each manifest is held to the code in its folder (checker.runner, LLM-EVD rules)
    scan: bool = False
    # --no-cache / cache: false: evaluate every manifest (checker.result_cache)
    cache: bool = True


@dataclass(frozen=True)
class OutputSettings:
    """How a command's document is written: the main format, stdout or `output`, extra reports."""

    format: str = "text"
    output: Path | None = None
    # --report FORMAT=PATH: more formats written from the same document
    reports: tuple[tuple[str, Path], ...] = ()
    color: bool = False
    verbosity: int = 1
