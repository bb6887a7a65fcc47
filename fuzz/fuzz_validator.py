"""Atheris harness for the validator: whatever a manifest holds, it gets problems, quickly.

Validation returns problems with paths and messages: never an exception, never a message of
unbounded length, never seconds of regular-expression backtracking.

    fuzz/run validator 600               # seeded with examples/ and tests/data/

Inputs are manifest files (YAML or JSON); the ones that load are validated against the shipped
schema with the catalog's region codes, as `llm-policy check` does.
"""

from __future__ import annotations

import functools
import importlib
import sys
import time
import typing as t

from fuzz.fuzz_loader import load

SECONDS = 2.0  # one validation of a 64 kB manifest; a backtracking pattern would blow it


@functools.cache
def _regions() -> tuple[str, ...]:
    from checker.policy_set import build_policy_set

    return tuple(build_policy_set().data["catalog"]["regions"])


def validate(data: bytes) -> t.Any:
    """Load and validate `data`; check the problems that come back."""
    from checker.loader import LoadedManifest
    from checker.validator import validate as run

    loaded = load(data)
    if not isinstance(loaded, LoadedManifest):
        return loaded
    started = time.monotonic()
    problems = run(loaded, regions=_regions())
    assert time.monotonic() - started < SECONDS, "validation took too long"
    for problem in problems:
        assert problem.message and len(problem.message) < 2000, problem.message[:200]
        problem.message.encode("utf-8")
    return problems


def test_one_input(data: bytes) -> None:
    """The fuzz target: raises only on a bug."""
    validate(data)


def main() -> None:
    """Run atheris over `test_one_input` with the command line's libFuzzer options."""
    import atheris

    _regions()  # load the catalog before fuzzing starts
    with atheris.instrument_imports():  # coverage feedback from these modules
        for module in ("checker.schema_messages", "checker.validator"):
            importlib.import_module(module)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
