"""The atheris harnesses' targets run in CI without atheris: on the seeds and on known hostile
inputs, so a harness that rots, or a regression they would catch, fails the suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.loader import LoadedManifest, LoadFailure
from fuzz import fuzz_loader, fuzz_validator

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted(
    p
    for folder in ("examples", "tests/data")
    for p in (ROOT / folder).rglob("*")
    if p.suffix in (".yaml", ".json")
)
HOSTILE = [
    b"",
    b"\x00",
    b"\xff\xfe a",
    b'{"a": "\\ud800"}',
    b'{"a": 1, "a": 2}',
    b"a: &a [*a]",
    b"a: !!python/object/apply:os.system ['true']",
    b"[" * 10_000,
    b"{" + b'"a":[' * 5000,
    b"a: " + b"9" * 5000,
    b"owner: 'a@" + b"a." * 20_000 + b"@'",
    b"\xef\xbb\xbf---\n...\n---\n",
    b"# CanonicB) fits. Ee\n999: !!float\n",  # atheris: IndexError before the fix
]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_seeds_load_and_validate(seed: Path) -> None:
    data = seed.read_bytes()
    fuzz_loader.test_one_input(data)
    fuzz_validator.test_one_input(data)


@pytest.mark.parametrize("data", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_inputs_are_values_not_exceptions(data: bytes) -> None:
    result = fuzz_loader.load(data)
    assert isinstance(result, (LoadedManifest, LoadFailure))
    fuzz_validator.test_one_input(data)


def test_the_harness_fails_on_what_it_guards_against(monkeypatch: pytest.MonkeyPatch) -> None:
    import checker.loader

    real = checker.loader.load_manifest

    def unsafe(path: Path, **kwargs: int) -> LoadedManifest:
        loaded = real(path, **kwargs)
        assert isinstance(loaded, LoadedManifest)
        return LoadedManifest(loaded.path, {"a": "\ud800"}, loaded.source_map, loaded.sha256)

    monkeypatch.setattr(checker.loader, "load_manifest", unsafe)
    with pytest.raises(UnicodeEncodeError):
        fuzz_loader.load(b"a: 1\n")
