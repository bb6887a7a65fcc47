"""The pre-commit hooks: their definitions as data, then real `pre-commit` in a throwaway repo.

The real runs install this repository's hooks the way a user does (`repo:` this checkout,
`rev:` its HEAD commit), so they test what is committed. They run in a temporary git
repository with git's user and system configuration and every GIT_* variable kept out, so
nothing touches this checkout. They need git and pre-commit: in CI (CI=true) whatever is missing
is installed, and the test fails if that is impossible; elsewhere the tests skip, saying why.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from checker.cli.main import main
from checker.discovery import MANIFEST_PATTERN

from .conftest import EXAMPLES, ROOT

HOOKS = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
FAILING = (EXAMPLES / "restricted-to-vendor" / "llm-project.yaml").read_text()  # LLM-DATA-001:24
PASSING = (EXAMPLES / "internal-assistant" / "llm-project.yaml").read_text()
IN_CI = os.environ.get("CI", "").lower() in ("true", "1")
TIMEOUT = 900  # the first run builds the hook's environment (pip install of this repository)


# -- the hook definitions, as data ----------------------------------------------------------


def test_hooks_offered():
    assert set(HOOKS) == {"llm-policy-check", "llm-policy-test"}
    assert all(h["language"] == "python" for h in HOOKS.values())
    assert HOOKS["llm-policy-test"]["pass_filenames"] is False


def test_check_hook_files_pattern_is_the_spec_pattern():
    assert HOOKS["llm-policy-check"]["files"] == MANIFEST_PATTERN


@pytest.mark.parametrize(
    ("path", "matches"),
    [
        ("llm-project.yaml", True),
        ("services/claims/llm-project.yml", True),
        ("a/b/llm-project.json", True),
        ("services/claims.llm-project.yaml", True),
        ("llm-project.yaml.bak", False),
        ("my-llm-project.yaml", False),
        ("llm-project.txt", False),
        ("docs/llm-project.md", False),
        ("llm-project.yaml/readme.md", False),
    ],
)
def test_check_hook_files_pattern(path, matches):
    assert (re.search(HOOKS["llm-policy-check"]["files"], path) is not None) is matches


@pytest.mark.parametrize(
    ("path", "matches"),
    [
        ("policies/llm/rules/data/data.rego", True),
        ("policies/catalog/models/data.yaml", True),
        ("org-policies/acme.rego", True),
        ("platform/org_policies/overlay.json", True),
        ("policies/data.yml", True),
        ("policies/README.md", False),
        ("services/claims/llm-project.yaml", False),  # a manifest: llm-policy-check's job
        (".llm-policy.yaml", False),
        ("config/settings.json", False),
        ("policies.yaml", False),
        ("docs/policies.rego", False),
    ],
)
def test_test_hook_runs_only_on_policy_changes(path, matches):
    assert (re.search(HOOKS["llm-policy-test"]["files"], path) is not None) is matches


def test_hook_entries_run_as_written(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ok.llm-project.yaml").write_text(PASSING)
    (tmp_path / "bad.llm-project.yaml").write_text(FAILING)
    runner = CliRunner()

    def run(hook, *files):
        argv = shlex.split(HOOKS[hook]["entry"])
        assert argv[0] == "llm-policy"
        return runner.invoke(main, [*argv[1:], *files], catch_exceptions=False)

    assert run("llm-policy-check", "ok.llm-project.yaml").exit_code == 0
    failed = run("llm-policy-check", "ok.llm-project.yaml", "bad.llm-project.yaml")
    assert failed.exit_code == 1
    assert "bad.llm-project.yaml:24:7" in failed.stdout
    assert run("llm-policy-test").exit_code == 0


# -- real pre-commit ------------------------------------------------------------------------


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"CI needs this: {reason}")
    pytest.skip(f"pre-commit acceptance tests NOT RUN: {reason}")


def _install(command: list[str]) -> None:
    subprocess.run(command, check=False, capture_output=True, timeout=TIMEOUT)


@pytest.fixture(scope="session")
def tools() -> dict[str, str]:
    """git and pre-commit, installed in CI when missing."""
    if shutil.which("git") is None and IN_CI and shutil.which("apt-get"):
        _install(["apt-get", "install", "-y", "--no-install-recommends", "git"])
    git = shutil.which("git")
    if git is None:
        _unavailable("git is not installed")
    local = Path(sys.executable).with_name("pre-commit")
    if not local.exists() and shutil.which("pre-commit") is None and IN_CI:
        _install([sys.executable, "-m", "pip", "install", "pre-commit"])
    found = str(local) if local.exists() else shutil.which("pre-commit")
    if found is None:
        _unavailable("pre-commit is not installed (scripts/setup installs the test extra)")
    head = subprocess.run(
        [git, "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=False
    )
    if head.returncode != 0:
        _unavailable(f"{ROOT} is not a git checkout: {head.stderr.strip()}")
    return {"git": git, "pre-commit": found, "rev": head.stdout.strip()}


@pytest.fixture(scope="session")
def hook_home(tmp_path_factory) -> Path:
    """One PRE_COMMIT_HOME per session: the hook environment is built once."""
    return tmp_path_factory.mktemp("pre-commit-home")


class Repo:
    """A throwaway git repository that uses this checkout's hooks."""

    def __init__(self, path: Path, tools: dict[str, str], home: Path) -> None:
        self.path, self.tools = path, tools
        empty = path.parent / "empty.gitconfig"
        empty.write_text("")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
        self.env.update(
            GIT_CONFIG_NOSYSTEM="1",
            GIT_CONFIG_GLOBAL=str(empty),
            GIT_AUTHOR_NAME="Test",
            GIT_AUTHOR_EMAIL="test@example.com",
            GIT_COMMITTER_NAME="Test",
            GIT_COMMITTER_EMAIL="test@example.com",
            PRE_COMMIT_HOME=str(home),
            PRE_COMMIT_COLOR="never",
            NO_COLOR="1",
        )

    def run(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        exe = self.tools["pre-commit"] if argv[0] == "pre-commit" else self.tools["git"]
        done = subprocess.run(
            [exe, *argv[1:]],
            cwd=self.path,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,  # git hooks write to stderr: keep the order, one stream
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        if check and done.returncode != 0:
            pytest.fail(f"{' '.join(argv)} exited {done.returncode}:\n{done.stdout}")
        return done

    def write(self, name: str, text: str) -> None:
        path = self.path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def commit(self, message: str, *extra: str) -> subprocess.CompletedProcess[str]:
        self.run("git", "add", "-A")
        return self.run("git", "commit", "-m", message, *extra, check=False)

    def commits(self) -> int:
        return int(self.run("git", "rev-list", "--count", "HEAD").stdout)


def _config(rev: str, hooks: str) -> str:
    return f"repos:\n  - repo: {ROOT}\n    rev: {rev}\n    hooks:\n{hooks}"


@pytest.fixture
def repo(tmp_path, tools, hook_home) -> Repo:
    path = tmp_path / "project"
    path.mkdir()
    repo = Repo(path, tools, hook_home)
    repo.run("git", "init", "-q", "-b", "main")
    repo.write(
        ".pre-commit-config.yaml",
        _config(
            tools["rev"],
            "      - id: llm-policy-check\n"
            "      - id: llm-policy-test\n"
            "        args: [--policies, org-policies]\n",
        ),
    )
    repo.write("org-policies/acme_test.rego", "package acme_test\n\ntest_ok if {\n\t1 == 1\n}\n")
    repo.write("README.md", "# project\n")
    assert repo.commit("start", "--no-verify").returncode == 0
    repo.run("pre-commit", "install")
    return repo


def test_commit_of_a_non_compliant_manifest_fails_with_file_and_line(repo):
    real_head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=False
    ).stdout
    repo.write("services/memo/llm-project.yaml", FAILING)
    refused = repo.commit("add memo service")
    output = refused.stdout
    assert refused.returncode != 0, output
    assert re.search(r"llm-policy check\.+Failed", output), output
    assert "LLM-DATA-001" in output
    assert "services/memo/llm-project.yaml:24:7" in output
    assert repo.commits() == 1  # nothing was committed

    repo.write("services/memo/llm-project.yaml", PASSING)
    accepted = repo.commit("add memo service")
    assert accepted.returncode == 0, accepted.stdout
    assert re.search(r"llm-policy check\.+Passed", accepted.stdout), accepted.stdout
    assert repo.commits() == 2
    # this checkout was only read: its HEAD has not moved
    assert (
        subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        == real_head
    )


def test_only_changed_manifests_are_checked(repo):
    repo.write("legacy/llm-project.yaml", FAILING)
    assert repo.commit("legacy, before the hook", "--no-verify").returncode == 0
    repo.write("services/memo/llm-project.yaml", PASSING)
    changed = repo.commit("a compliant manifest beside a failing one")
    assert changed.returncode == 0, changed.stdout
    repo.write("README.md", "# project\n\nmore\n")
    other = repo.commit("docs only")
    assert other.returncode == 0
    assert re.search(r"llm-policy check\.+\(no files to check\)Skipped", other.stdout)
    # a manifest or a README is no policy change: the Rego tests do not run
    assert re.search(r"llm-policy test\.+\(no files to check\)Skipped", changed.stdout)
    assert re.search(r"llm-policy test\.+\(no files to check\)Skipped", other.stdout)
    every = repo.run("pre-commit", "run", "llm-policy-check", "--all-files", check=False)
    assert every.returncode != 0  # the hook is not lenient: it was not given the legacy file
    assert "legacy/llm-project.yaml:24:7" in every.stdout


def test_policy_test_hook_runs_without_file_names(repo):
    # organisation packages live under llm.rules.<their own area> (checker/policy_guard.py)
    repo.write("org-policies/acme.rego", "package llm.rules.acme\n\nanswer := 42\n")
    passed = repo.commit("org policy")
    assert passed.returncode == 0, passed.stdout
    assert re.search(r"llm-policy test\.+Passed", passed.stdout)
    repo.write(
        "org-policies/acme_test.rego",
        "package llm.rules.acme_test\n\nimport data.llm.rules.acme\n\n"
        "test_answer if {\n\tacme.answer == 41\n}\n",
    )
    failed = repo.commit("a failing policy test")
    assert failed.returncode != 0
    assert "test_answer" in failed.stdout
