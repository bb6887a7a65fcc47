from __future__ import annotations

import typing as t
from pathlib import Path

import pytest
import yaml

from checker.scan.reference import ScanReference
from checker.scan.resolve import Resolver
from checker.scan.scanner import scan_paths

ROOT = Path(__file__).resolve().parents[3]


def _catalog() -> dict[str, t.Any]:
    return {
        p.parent.name: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((ROOT / "policies" / "catalog").glob("*/data.yaml"))
    }


CATALOG = _catalog()


@pytest.fixture(scope="session")
def catalog() -> dict[str, t.Any]:
    return CATALOG


@pytest.fixture(scope="session")
def resolver() -> Resolver:
    return Resolver(CATALOG)


@pytest.fixture
def scan(tmp_path: Path) -> t.Callable[..., list[ScanReference]]:
    """Write files {name: text} under a fresh folder and scan it."""

    def run(files: dict[str, str | bytes], **kwargs: t.Any) -> list[ScanReference]:
        for name, text in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")
        return list(scan_paths([tmp_path], CATALOG, base=tmp_path, **kwargs).references)

    return run


def brief(refs: t.Iterable[ScanReference]) -> list[tuple[t.Any, ...]]:
    """(line, kind, model, provider, hosting, region, deployment type) of each reference."""
    return [
        (r.line, r.kind, r.model, r.provider, r.hosting, r.region, r.deployment_type) for r in refs
    ]
