"""Walking: .gitignore, vendored folders, excludes, bases, and bad input (never a crash)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checker.scan.scanner import scan_paths
from tests.unit.scan.conftest import CATALOG

USE = 'MODEL = "gpt-4o"\n'


def files(root: Path, tree: dict[str, str | bytes]) -> None:
    for name, text in tree.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")


def test_gitignore_nested_and_negated(tmp_path: Path) -> None:
    files(
        tmp_path,
        {
            ".gitignore": "generated/\n*.tmp.py\n",
            "app.py": USE,
            "x.tmp.py": USE,
            "generated/a.py": USE,
            "pkg/.gitignore": "*.py\n!keep.py\n",
            "pkg/drop.py": USE,
            "pkg/keep.py": USE,
        },
    )
    result = scan_paths([tmp_path], CATALOG, base=tmp_path)
    assert sorted({r.file for r in result.references}) == ["app.py", "pkg/keep.py"]
    assert result.files_scanned == 2


def test_gitignore_of_the_enclosing_repository(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    files(tmp_path, {".gitignore": "out/\n", "svc/out/a.py": USE, "svc/b.py": USE})
    result = scan_paths([tmp_path / "svc"], CATALOG, base=tmp_path)
    assert [r.file for r in result.references] == ["svc/b.py"]


def test_vendored_and_environment_folders_are_never_scanned(tmp_path: Path) -> None:
    tree = {
        f"{d}/m.py": USE
        for d in (
            "node_modules/openai",
            ".venv/lib",
            "venv",
            "vendor",
            "third_party",
            "dist",
            "build",
            "lib/site-packages/x",
            ".git",
        )
    }
    files(tmp_path, {**tree, "src/app.py": USE})
    result = scan_paths([tmp_path], CATALOG, base=tmp_path)
    assert [r.file for r in result.references] == ["src/app.py"]


def test_exclude_and_base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files(tmp_path, {"a/app.py": USE, "a/sub/llm-project.yaml": "x: 1\n", "a/sub/b.py": USE})
    result = scan_paths([tmp_path / "a"], CATALOG, exclude=[tmp_path / "a" / "sub"])
    assert [r.file for r in result.references] == ["app.py"]  # the root: not under cwd
    monkeypatch.chdir(tmp_path)
    result = scan_paths([Path("a")], CATALOG)
    assert [r.file for r in result.references] == ["a/app.py", "a/sub/b.py"]
    assert scan_paths([Path("a/app.py")], CATALOG).references[0].file == "a/app.py"


def test_a_root_outside_the_current_folder_is_reported_relative_to_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files(tmp_path, {"repo/app.py": USE, "elsewhere/.keep": ""})
    monkeypatch.chdir(tmp_path / "elsewhere")
    result = scan_paths([tmp_path / "repo"], CATALOG)
    assert [r.file for r in result.references] == ["app.py"]


def test_bad_input_is_skipped_with_a_reason(tmp_path: Path) -> None:
    files(
        tmp_path,
        {
            "binary.py": b"import openai\x00\x01\x02",
            "huge.js": 'var m = "gpt-4o";\n' * 300_000,  # 5.4 MB
            "minified.js": 'var m="gpt-4o";' * 1000,
            "broken.ipynb": '{"cells": [',
            "not-a-notebook.ipynb": '{"nope": 1}',
            "ok.py": USE,
        },
    )
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    os.mkfifo(tmp_path / "pipe.py")
    result = scan_paths([tmp_path], CATALOG, base=tmp_path)
    reasons = {s.file: s.reason for s in result.skipped}
    assert reasons == {
        "binary.py": "binary (NUL bytes)",
        "huge.js": "larger than 2 MiB (5400000 bytes)",
        "minified.js": "minified or generated (a line longer than 10000 characters)",
        "broken.ipynb": reasons["broken.ipynb"],
        "not-a-notebook.ipynb": "invalid notebook (no cells list)",
        "pipe.py": "not a regular file",
        "sub/loop": "symlink loop (folder already scanned)",
    }
    assert reasons["broken.ipynb"].startswith("invalid notebook (not JSON")
    assert [r.file for r in result.references] == ["ok.py"]
    assert result.files_scanned == 1


def test_unreadable_roots(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.py")
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    result = scan_paths([tmp_path / "pipe.py", tmp_path / "a"], CATALOG, base=tmp_path)
    assert [(s.file, s.reason.split(":")[0]) for s in result.skipped] == [
        ("a", "unreadable"),
        ("pipe.py", "not a regular file"),
    ]
    assert result.references == () and result.files_scanned == 0


def test_a_file_that_does_not_parse_is_one_problem_and_the_scan_goes_on(tmp_path: Path) -> None:
    files(
        tmp_path,
        {
            "bad.yaml": "a: [b\n",
            "bad.json": '{"model": ',
            "bad.toml": "model = \n",
            "broken.py": 'x = = 1\nMODEL = "gpt-4o"\n',
            "good.py": USE,
        },
    )
    result = scan_paths([tmp_path], CATALOG, base=tmp_path)
    assert [p.file for p in result.problems] == ["bad.json", "bad.toml", "bad.yaml", "broken.py"]
    assert [r.file for r in result.references] == ["broken.py", "good.py"]  # what parsed
    assert result.files_scanned == 5


def test_the_result_is_sorted_and_repeatable(tmp_path: Path) -> None:
    files(tmp_path, {"b.py": USE + USE, "a.py": USE, "c/d.ts": 'const m = "gpt-4o";\n'})
    first = scan_paths([tmp_path], CATALOG, base=tmp_path)
    again = scan_paths([tmp_path, tmp_path / "a.py"], CATALOG, base=tmp_path)
    assert first == again
    assert [(r.file, r.line) for r in first.references] == [
        ("a.py", 1),
        ("b.py", 1),
        ("b.py", 2),
        ("c/d.ts", 1),
    ]
