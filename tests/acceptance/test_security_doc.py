"""docs/security.md's table of hostile cases is the one tests/hostile.py renders, and every test
it names exists: the table cannot drift from what the suite tries."""

from __future__ import annotations

import ast

import pytest

from tests.acceptance.conftest import ROOT
from tests.hostile import CASES, INPUT_TEST, TABLE_END, TABLE_START, render_table

DOC = ROOT / "docs" / "security.md"


def test_the_table_in_the_doc_is_the_generated_one():
    text = DOC.read_text(encoding="utf-8")
    assert TABLE_START in text and TABLE_END in text, "docs/security.md lost its table markers"
    shown = text[text.index(TABLE_START) : text.index(TABLE_END) + len(TABLE_END)]
    assert shown == render_table(), (
        "docs/security.md's hostile-case table is out of date: replace it with the output of "
        "`.venv/bin/python -m tests.hostile`"
    )


def test_case_ids_are_unique():
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("test", sorted({case.test for case in CASES}))
def test_every_named_test_exists(test):
    path, function = test.split("::")
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    names = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    assert function in names, f"{test} is named in tests/hostile.py but does not exist"


def test_the_input_test_runs_every_input_case():
    from tests.acceptance.test_hostile_input import CASES as RUN

    assert [c.id for c in RUN] == [c.id for c in CASES if c.test == INPUT_TEST]
    assert all(c.exit is not None for c in RUN)
