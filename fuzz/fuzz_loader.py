"""Atheris harness for the loader: any bytes come back as plain data or located problems.

Read as YAML or JSON, every input gives JSON-compatible data or a `LoadFailure`; never an
exception, never data that JSON cannot carry.

    .venv/bin/pip install atheris        # a prebuilt wheel for CPython 3.11 on Linux x86-64
    fuzz/run loader 600                  # ten minutes, seeded with examples/ and tests/data/

`test_one_input` runs without atheris too: tests/unit/test_fuzz_harnesses.py feeds it the seeds.
"""

from __future__ import annotations

import atexit
import importlib
import json
import os
import shutil
import sys
import tempfile
import typing as t
from pathlib import Path

# One file reused for every input (tmpfs when there is one): the harness goes through the real
# read path, size cap and decoding included.
_FOLDER = Path(tempfile.mkdtemp(dir="/dev/shm" if os.path.isdir("/dev/shm") else None))
atexit.register(shutil.rmtree, _FOLDER, ignore_errors=True)
MAX_BYTES = 64 * 1024


def load(data: bytes) -> t.Any:
    """Load `data` as YAML or JSON (the first byte decides) and check what comes back."""
    from checker.loader import LoadedManifest, LoadFailure, format_path, load_manifest

    name = "llm-project.json" if data[:1] in (b"{", b"[", b" ") else "llm-project.yaml"
    path = _FOLDER / name
    path.write_bytes(data)
    result = load_manifest(path, max_bytes=MAX_BYTES)
    if isinstance(result, LoadFailure):
        assert result.problems, "a failure without a problem"
        for problem in result.problems:
            assert isinstance(problem.message, str) and problem.message
            problem.message.encode("utf-8")  # printable in any report
        return result
    assert isinstance(result, LoadedManifest) and isinstance(result.data, dict)
    text = json.dumps(result.data, allow_nan=False, ensure_ascii=False)  # JSON can carry it
    text.encode("utf-8")  # no lone surrogate
    for key in result.data:
        assert result.source_map.locate(format_path((key,))) is not None, key
    return result


def test_one_input(data: bytes) -> None:
    """The fuzz target: raises only on a bug."""
    load(data)


def main() -> None:
    """Run atheris over `test_one_input` with the command line's libFuzzer options."""
    import atheris

    with atheris.instrument_imports():  # coverage feedback from these modules
        for module in ("checker.loader", "checker.loader.json_", "checker.loader.yaml_"):
            importlib.import_module(module)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
