"""The scanner on the labelled corpus of others' code (tests/data/scan-corpus, issue 15 item 5).

Recall on the labels: every use written by hand in labels.yaml is found, in its file and on its
line (within the use's [line, end]), naming the same model (else the same provider). And the
files labelled as non-uses (type stubs, SDK internals listing model names, docs prose) get no
reference at all. bench/scan_accuracy.py measures the same on the same rule, with precision and
ai-bom beside it (docs/scan.md "Precision and recall").
"""

from __future__ import annotations

import typing as t
from pathlib import Path

import pytest

from bench.scan_accuracy import Found, catalog, copy_corpus, load_labels, matches

scanner = pytest.importorskip("checker.scan.scanner")

USES, NON_USES = load_labels()


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> list[Found]:
    root = copy_corpus(tmp_path_factory.mktemp("corpus"))
    result = scanner.scan_paths([root], catalog(), base=root)
    return [
        Found(file=r.file, line=r.line, text=r.text, model=r.model, provider=r.provider)
        for r in result.references
    ]


def test_the_labels_are_real_places() -> None:
    corpus = Path(__file__).resolve().parents[1] / "data" / "scan-corpus"
    for use in USES:
        lines = (corpus / use.file).read_text(encoding="utf-8").splitlines()
        assert 1 <= use.line <= use.end <= len(lines), use
    for name in NON_USES:
        assert (corpus / name).is_file(), name


@pytest.mark.parametrize("use", USES, ids=lambda u: f"{u.file}:{u.line}")
def test_each_labelled_use_is_found(use: t.Any, found: list[Found]) -> None:
    there = [f for f in found if f.file == use.file and use.line <= f.line <= use.end]
    assert any(matches(f, use) for f in there), (
        f"{use.file}:{use.line} {use.kind} {use.id!r} (model {use.model}, provider"
        f" {use.provider}) not found; reported there: {there}"
    )


@pytest.mark.parametrize("name", NON_USES)
def test_no_reference_in_a_non_use(name: str, found: list[Found]) -> None:
    assert [f for f in found if f.file == name] == []
