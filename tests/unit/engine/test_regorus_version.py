from __future__ import annotations

from importlib import metadata

from checker.engine.regorus_ import regorus_version


def test_the_fast_version_lookup_agrees_with_importlib_metadata() -> None:
    assert regorus_version() == metadata.version("gordon-to-regorus")
