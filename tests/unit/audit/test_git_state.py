from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from checker.audit.git_state import GitState, read_git_state


@pytest.fixture
def git(tmp_path):
    if shutil.which("git") is None:
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail("git is needed for the audit's git evidence tests")
        pytest.skip("git not installed")
    repo = tmp_path / "repo"
    repo.mkdir()

    def run(*args):
        return subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
            cwd=repo,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()

    run("init", "-q")
    (repo / "svc").mkdir()
    (repo / "svc" / "llm-project.yaml").write_text("a: 1\n")
    (repo / "README").write_text("r\n")
    run("add", ".")
    run("commit", "-q", "-m", "one")
    return repo, run


def test_clean_tree_records_the_commit(git):
    repo, run = git
    manifest = repo / "svc" / "llm-project.yaml"
    state = read_git_state([manifest], ["svc/llm-project.yaml"])
    assert state == GitState(commit=run("rev-parse", "HEAD"), dirty=False, uncommitted=())


def test_modified_manifest_is_dirty_and_named(git):
    repo, _ = git
    manifest = repo / "svc" / "llm-project.yaml"
    manifest.write_text("a: 2\n")
    state = read_git_state([manifest], ["svc/llm-project.yaml"])
    assert state.dirty is True
    assert state.uncommitted == ("svc/llm-project.yaml",)


def test_untracked_manifest_is_named_but_untracked_other_files_are_not_dirt(git):
    repo, _ = git
    (repo / "audit-out").mkdir()
    (repo / "audit-out" / "audit.json").write_text("{}")  # say, the report's own folder
    committed = repo / "svc" / "llm-project.yaml"
    assert read_git_state([committed], ["c"]).dirty is False
    new = repo / "svc" / "new.llm-project.yaml"
    new.write_text("a: 3\n")
    state = read_git_state([committed, new], ["c", "n"])
    assert state.dirty is True and state.uncommitted == ("n",)


def test_modified_tracked_file_elsewhere_is_dirty(git):
    repo, _ = git
    (repo / "README").write_text("changed\n")
    state = read_git_state([repo / "svc" / "llm-project.yaml"], ["m"])
    assert state.dirty is True and state.uncommitted == ()


def test_outside_a_repository_everything_is_unknown(tmp_path):
    manifest = tmp_path / "llm-project.yaml"
    manifest.write_text("a: 1\n")
    # GIT_CEILING_DIRECTORIES is not needed: tmp_path is not inside a repository
    assert read_git_state([manifest], ["llm-project.yaml"]) == GitState()
    assert GitState().commit == "unknown" and GitState().dirty is None


def test_without_git_everything_is_unknown(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert read_git_state([tmp_path / "x.yaml"], ["x.yaml"]) == GitState()
