"""`llm-policy scan`: scan the paths, resolve against the catalog in force, write the report."""

from __future__ import annotations

import datetime as dt
import errno
import os
import typing as t
from pathlib import Path

from checker.emit import emit
from checker.errors import UsageError
from checker.settings import OutputSettings

_MISSING = frozenset({errno.ENOENT, errno.ENOTDIR})


def check_paths(paths: t.Sequence[Path]) -> None:
    """Refuse a path that does not exist (a usage error, as check does); loops are skipped."""
    for path in paths:
        try:
            os.stat(path)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                continue  # scanned as a skipped entry: a symlink loop
            if exc.errno in _MISSING:
                raise UsageError(f"no such file or directory: {path}") from None
            raise UsageError(f"cannot read {path}: {exc.strerror}") from exc


def execute(
    paths: t.Sequence[Path],
    output: OutputSettings,
    *,
    policies: t.Sequence[Path] = (),
    data: t.Sequence[Path] = (),
    catalog: str | None = None,
) -> int:
    """Scan `paths` and emit the report; 0 always (scan decides nothing)."""
    from checker.catalog.model import Choice
    from checker.header import build_header
    from checker.policy_set import build_policy_set
    from checker.scan.report import SCAN_FORMATS, ScanReport
    from checker.scan.scanner import scan_paths

    check_paths(paths)
    if catalog is None:
        policy_set = build_policy_set(policies, data, catalog=Choice.IN_FORCE)
    else:
        from checker.catalog.select import resolve

        policy_set = build_policy_set(policies, data, catalog=resolve(catalog))
    result = scan_paths(paths, policy_set.data.get("catalog") or {})
    header = build_header(policy_set, None, dt.date.today())
    document = ScanReport(header, tuple(p.as_posix() for p in paths), result)
    emit(document, SCAN_FORMATS, output)
    return 0
