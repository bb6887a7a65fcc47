from __future__ import annotations

import os
import re
import typing as t
from pathlib import Path

import pytest

from checker.discovery import MANIFEST_PATTERN, discover, is_manifest_name
from checker.errors import UsageError
from tests.deep_trees import make_deep_tree, remove_deep_tree
from tests.unprivileged import Unprivileged

MANIFESTS = [
    "llm-project.yaml",
    "llm-project.yml",
    "llm-project.json",
    "claims.llm-project.yaml",
    "a.b.llm-project.json",
]
NOT_MANIFESTS = [
    "llm-project.yaml.bak",
    "llm-project.txt",
    "llm-projects.yaml",
    "my-llm-project.yaml",
    ".llm-project.yaml",
    "llm-project.YAML",
    "llm-project",
    "values.yaml",
]


@pytest.mark.parametrize("name", MANIFESTS)
def test_manifest_names(name: str) -> None:
    assert is_manifest_name(name)
    assert re.search(MANIFEST_PATTERN, name)
    assert re.search(MANIFEST_PATTERN, f"services/claims/{name}")


@pytest.mark.parametrize("name", NOT_MANIFESTS)
def test_other_names(name: str) -> None:
    assert not is_manifest_name(name)
    assert not re.search(MANIFEST_PATTERN, f"services/{name}")


def touch(root: Path, *relative: str) -> None:
    for rel in relative:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("a: 1\n")


def rel(paths: list[Path], root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in paths]


def test_directories_are_searched_recursively_and_sorted(tmp_path: Path) -> None:
    touch(
        tmp_path,
        "z/llm-project.yaml",
        "a/b/c/svc.llm-project.json",
        "a/llm-project.yml",
        "a/values.yaml",
        "README.md",
    )
    assert rel(discover([tmp_path]), tmp_path) == [
        "a/b/c/svc.llm-project.json",
        "a/llm-project.yml",
        "z/llm-project.yaml",
    ]


def test_hidden_and_vendored_directories_are_skipped(tmp_path: Path) -> None:
    touch(
        tmp_path,
        ".git/llm-project.yaml",
        ".venv/lib/llm-project.yaml",
        ".cache/llm-project.yaml",
        "node_modules/pkg/llm-project.yaml",
        "app/llm-project.yaml",
    )
    assert rel(discover([tmp_path]), tmp_path) == ["app/llm-project.yaml"]


def test_a_hidden_directory_named_explicitly_is_searched(tmp_path: Path) -> None:
    touch(tmp_path, ".config/llm-project.yaml")
    assert rel(discover([tmp_path / ".config"]), tmp_path) == [".config/llm-project.yaml"]


def test_explicit_files_are_taken_whatever_their_name(tmp_path: Path) -> None:
    touch(tmp_path, "notes/whatever.txt")
    assert discover([tmp_path / "notes" / "whatever.txt"]) == [tmp_path / "notes/whatever.txt"]


def test_output_is_deduplicated(tmp_path: Path) -> None:
    touch(tmp_path, "a/llm-project.yaml", "b/llm-project.yaml")
    found = discover([tmp_path / "a" / "llm-project.yaml", tmp_path, tmp_path / "a"])
    assert rel(found, tmp_path) == ["a/llm-project.yaml", "b/llm-project.yaml"]


def test_relative_paths_stay_relative(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    touch(tmp_path, "svc/llm-project.yaml")
    monkeypatch.chdir(tmp_path)
    assert discover([Path("."), Path("./svc/llm-project.yaml")]) == [Path("svc/llm-project.yaml")]


@pytest.mark.parametrize("missing", ["nope.yaml", "nope/dir"])
def test_missing_paths_are_usage_errors(tmp_path: Path, missing: str) -> None:
    with pytest.raises(UsageError, match=f"^no such file or directory: {re.escape(str(tmp_path))}"):
        discover([tmp_path / missing])


def test_a_broken_symlink_named_explicitly_is_missing(tmp_path: Path) -> None:
    (tmp_path / "llm-project.yaml").symlink_to(tmp_path / "gone.yaml")
    with pytest.raises(UsageError, match="no such file or directory"):
        discover([tmp_path / "llm-project.yaml"])


def test_a_symlink_loop_named_explicitly_says_so(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    with pytest.raises(UsageError, match=r"a\.yaml \(a symlink loop\)$"):
        discover([tmp_path / "a.yaml"])
    (tmp_path / "c.yaml").symlink_to("gone.yaml")
    with pytest.raises(UsageError, match=r"c\.yaml \(a broken symlink to gone\.yaml\)$"):
        discover([tmp_path / "c.yaml"])


def test_symlinked_directories_are_not_followed_so_loops_end(tmp_path: Path) -> None:
    touch(tmp_path, "real/llm-project.yaml")
    (tmp_path / "real" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "alias").symlink_to(tmp_path / "real", target_is_directory=True)
    assert rel(discover([tmp_path]), tmp_path) == ["real/llm-project.yaml"]


def test_a_symlinked_directory_named_explicitly_is_searched(tmp_path: Path) -> None:
    touch(tmp_path, "real/llm-project.yaml")
    (tmp_path / "alias").symlink_to(tmp_path / "real", target_is_directory=True)
    assert discover([tmp_path / "alias"]) == [tmp_path / "alias" / "llm-project.yaml"]


def test_symlinked_files_are_taken_once(tmp_path: Path) -> None:
    touch(tmp_path, "a/llm-project.yaml")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "llm-project.yaml").symlink_to(tmp_path / "a" / "llm-project.yaml")
    assert rel(discover([tmp_path]), tmp_path) == ["a/llm-project.yaml"]


DISCOVER = (
    "import sys; from pathlib import Path; from checker.discovery import discover\n"
    "from checker.errors import UsageError\n"
    "try:\n    print(discover([Path(sys.argv[1])]))\n"
    "except UsageError as exc:\n    print('UsageError:', exc)"
)


def test_unlistable_directories_are_usage_errors() -> None:
    # In a subprocess as nobody when the suite is root: root lists a chmod-000 folder.
    with Unprivileged() as box:
        touch(box.root, "tree/locked/llm-project.yaml", "tree/open/llm-project.yaml")
        (box.root / "tree" / "locked").chmod(0)
        done = box.python(DISCOVER, str(box.root / "tree"))
    assert done.returncode == 0, done.stderr
    locked = box.root / "tree" / "locked"
    assert done.stdout.strip() == f"UsageError: cannot read directory {locked}: Permission denied"


def test_unlistable_directories_are_usage_errors_simulated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    touch(tmp_path, "svc/llm-project.yaml")
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        if os.fspath(path).endswith("svc"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(UsageError, match=r"cannot read directory .*svc: Permission denied"):
        discover([tmp_path])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifos_in_a_tree_are_skipped_but_broken_links_are_kept(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "llm-project.yaml")
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "llm-project.yaml").symlink_to(tmp_path / "gone")
    assert rel(discover([tmp_path]), tmp_path) == ["svc/llm-project.yaml"]


def test_an_empty_tree_finds_nothing(tmp_path: Path) -> None:
    assert discover([tmp_path]) == []


@pytest.fixture
def deep(tmp_path: Path) -> t.Iterator[Path]:
    """tmp_path, emptied of deep trees afterwards (pytest's own clean-up would recurse)."""
    yield tmp_path
    remove_deep_tree(tmp_path)


def test_a_tree_deeper_than_the_recursion_limit_is_searched(deep: Path) -> None:
    # 1,200 levels: past Python's recursion limit (os.walk recursed: RecursionError), within
    # PATH_MAX (a path of about 2,500 bytes). The CLI test goes to 1,500 and 3,000 levels.
    make_deep_tree(deep, 1200, b"a: 1\n")
    found = discover([deep])
    assert len(found) == 1
    assert found[0].relative_to(deep).as_posix() == "d/" * 1200 + "llm-project.yaml"


def test_a_tree_whose_paths_outgrow_path_max_is_a_usage_error_naming_the_folder(
    deep: Path,
) -> None:
    make_deep_tree(deep, 2100, b"a: 1\n")  # 4,200 bytes of d/d/...
    with pytest.raises(UsageError) as caught:
        discover([deep])
    message = str(caught.value)
    assert message.startswith(f"cannot read directory {deep}/…/d/d/")
    assert re.search(
        rf"\(2,0\d\d folders below {re.escape(str(deep))}\): its path of 4,09\d", message
    )
    assert "too long for the system (PATH_MAX is 4,096" in message
    assert len(message) < 500


def test_an_explicit_path_longer_than_path_max_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / ("d/" * 2100 + "llm-project.yaml")
    with pytest.raises(
        UsageError, match=r"^cannot read .*/d/llm-project\.yaml: File name too long$"
    ):
        discover([path])


def test_a_folder_that_cannot_be_entered_above_a_named_path_is_a_usage_error() -> None:
    # Not "no such file": the path may well exist (as nobody when the suite is root).
    with Unprivileged() as box:
        touch(box.root, "locked/svc/llm-project.yaml")
        (box.root / "locked").chmod(0)
        done = box.python(DISCOVER, str(box.root / "locked" / "svc"))
    assert done.returncode == 0, done.stderr
    shown = box.root / "locked" / "svc"
    assert done.stdout.strip() == f"UsageError: cannot read {shown}: Permission denied"
