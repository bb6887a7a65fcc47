"""Property suite through the real CLI: whatever the files hold, `llm-policy check` never crashes.

Each example writes a handful of files (schema-valid manifests, mutated ones, garbled or random
bytes) and checks them in one run with `--format json`, plus a text report through `--report`.
Properties: exit 0 or 1 (a bad manifest is a finding, never a usage error or a crash), the JSON
parses and has one result per file, an invalid manifest has located errors and no decision,
exit 0 only when every result passes, and the text report holds no control character.

Deterministic for CI (derandomize, no example database) and bounded: about a minute in all.
"""

from __future__ import annotations

import json
import re
import tempfile
import typing as t
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.cli.main import main
from checker.policy_set import build_policy_set
from tests.conformance.manifests import manifests
from tests.strategies import RANDOM_FILES, mutated, odd_free_text, serialise, spliced

DATA = build_policy_set().data
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def ci(max_examples: int) -> settings:
    """Deterministic (the same examples each run, no database) and without deadlines."""
    return settings(
        max_examples=max_examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def check_files(files: list[bytes], names: list[str]) -> dict[str, t.Any]:
    """Run `llm-policy check` on the files; assert the properties every run must have."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, content in zip(names, files, strict=True):
            (root / name).write_bytes(content)
        text_report = root / "report.txt"
        argv = ["check", str(root), "--format", "json", "--report", f"text={text_report}"]
        result = CliRunner().invoke(main, argv, catch_exceptions=False)
        assert result.exit_code in (0, 1), result.stderr
        assert "unexpected" not in result.stderr and "Traceback" not in result.stderr
        report = json.loads(result.stdout)
        text = text_report.read_text(encoding="utf-8")
    assert not UNSAFE.search(text), "a control character reached the text report"
    results = report["results"]
    assert len(results) == report["summary"]["manifests"] == len(files)
    for r in results:
        if not r["valid"]:
            assert r["errors"] and "decision" not in r and r["passed"] is False
            assert all(e["message"] for e in r["errors"])
    assert (result.exit_code == 0) == all(r["passed"] for r in results)
    return report


def names_for(count: int, as_json: list[bool]) -> list[str]:
    return [
        f"m{i}.llm-project.{'json' if j else 'yaml'}"
        for i, j in zip(range(count), as_json, strict=True)
    ]


@ci(50)
@given(st.lists(st.tuples(manifests(DATA), st.booleans()), min_size=1, max_size=4))
def test_valid_manifests_are_decided(batch: list[tuple[dict[str, t.Any], bool]]) -> None:
    files = [serialise(m, as_json) for m, as_json in batch]
    report = check_files(files, names_for(len(files), [j for _, j in batch]))
    for r in report["results"]:
        assert r["valid"] is False or "decision" in r  # unknown region codes are the only invalid


@ci(200)
@given(
    st.lists(
        st.tuples(mutated(DATA), st.booleans(), st.booleans(), st.data()), min_size=1, max_size=4
    )
)
def test_mutated_manifests_never_crash(
    batch: list[tuple[t.Any, bool, bool, st.DataObject]],
) -> None:
    files = []
    for manifest, as_json, garble, data in batch:
        content = serialise(manifest, as_json)
        files.append(data.draw(spliced(content)) if garble else content)
    check_files(files, names_for(len(files), [j for _, j, _, _ in batch]))


@ci(100)
@given(st.lists(st.tuples(odd_free_text(DATA), st.booleans()), min_size=1, max_size=4))
def test_odd_text_that_reaches_the_policies(batch: list[tuple[dict[str, t.Any], bool]]) -> None:
    # Free text passes the schema, so the engines see it: the lone surrogate that crashed
    # regorus came this way.
    files = [serialise(m, as_json) for m, as_json in batch]
    check_files(files, names_for(len(files), [j for _, j in batch]))


@ci(80)
@given(st.lists(st.tuples(RANDOM_FILES, st.booleans()), min_size=1, max_size=4))
def test_random_bytes_are_invalid_manifests(batch: list[tuple[bytes, bool]]) -> None:
    report = check_files([b for b, _ in batch], names_for(len(batch), [j for _, j in batch]))
    assert all(r["valid"] is False for r in report["results"])


@pytest.mark.parametrize("content", [b"", b"\x00", b"\xff\xfe", b"- [", b"{", b"\xef\xbb\xbf"])
def test_known_tiny_inputs(content: bytes) -> None:
    check_files([content, content], ["a.llm-project.yaml", "b.llm-project.json"])
