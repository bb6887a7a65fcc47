"""Install as documented (docs/ci.md, "Install"): `python -m build`, the wheel in a fresh venv.

From a copy of the committed tree (tests/acceptance/source_tree.py; the work tree is only read),
`python -m build` makes the sdist and then the wheel from the sdist, as a user's build does. The
wheel goes into a new virtualenv outside the checkout (its dependencies from the configured
package source, as for any pip install), and every command runs from a folder outside the
checkout, so nothing can come from the source tree: `llm-policy --version`, `check` on copied
examples (the exit code tests/data/examples-expected.yaml documents for each), and
`llm-policy test` (the shipped Rego tests travel in the wheel).

Slow (a build and an install, about a minute): everything is built once for the module. CI runs
it (CI=true): there a missing tool fails instead of skipping.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT
from .source_tree import export_head, unavailable

pytestmark = pytest.mark.slow

TIMEOUT = 900
CHECKED = ("internal-assistant", "restricted-to-vendor", "invalid-typo")


@dataclass
class Built:
    source: Path
    sdist: Path
    wheel: Path
    venv: Path
    outside: Path

    def run(self, *argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        """A command of the installed tool, from a folder outside the checkout."""
        return subprocess.run(
            [str(self.venv / "bin" / argv[0]), *argv[1:]],
            cwd=cwd or self.outside,
            env=clean_env(),
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )


def clean_env() -> dict[str, str]:
    """This environment without what would point Python at the checkout or its venv."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME") and not k.startswith("LLM_POLICY_")
    }
    env["NO_COLOR"] = "1"
    return env


def step(what: str, argv: list[str], cwd: Path) -> None:
    done = subprocess.run(
        argv, cwd=cwd, env=clean_env(), capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    if done.returncode != 0:
        pytest.fail(f"{what} ({' '.join(argv)}) exited {done.returncode}:\n{done.stdout[-3000:]}\n"
                    f"{done.stderr[-3000:]}")  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    try:
        import build  # noqa: F401
    except ImportError:
        unavailable("the build package is not installed (scripts/setup installs the test extra)")
    base = tmp_path_factory.mktemp("wheel")
    assert not base.resolve().is_relative_to(ROOT), "the build must happen outside the checkout"
    source = export_head(base / "source")
    dist = base / "dist"
    step("python -m build", [sys.executable, "-m", "build", "--outdir", str(dist), "."], source)
    [sdist] = dist.glob("*.tar.gz")
    [wheel] = dist.glob("*.whl")
    venv = base / "venv"
    python = shutil.which("python3") or sys.executable
    step("a fresh venv", [python, "-m", "venv", str(venv)], base)
    step("pip install the wheel", [str(venv / "bin" / "python"), "-m", "pip", "install",
                                   "--quiet", str(wheel)], base)  # fmt: skip
    outside = base / "project"
    outside.mkdir()
    return Built(source, sdist, wheel, venv, outside)


def files_under(root: Path, *folders: str) -> set[str]:
    return {
        p.relative_to(root).as_posix()
        for folder in folders
        for p in (root / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_sdist_carries_policies_schemas_and_examples(built):
    with tarfile.open(built.sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    wanted = files_under(built.source, "policies", "schemas", "examples")
    assert wanted, "the source tree has no policies?"
    assert not wanted - names, f"missing from the sdist: {sorted(wanted - names)[:10]}"
    assert {"pyproject.toml", "setup.py", "README.md", "PKG-INFO"} <= names
    top = ("LICENSE", "CHANGELOG.md", "SECURITY.md", "action.yml", ".pre-commit-hooks.yaml")
    shipped = {name for name in top if (built.source / name).is_file()}
    assert shipped <= names, f"missing from the sdist: {sorted(shipped - names)}"


def test_wheel_carries_the_policies_their_tests_and_the_schemas(built):
    with zipfile.ZipFile(built.wheel) as wheel:
        names = set(wheel.namelist())
    wanted = {
        f"checker/_bundle/{name}" for name in files_under(built.source, "policies", "schemas")
    }
    assert not wanted - names, f"missing from the wheel: {sorted(wanted - names)[:10]}"
    assert any(n.endswith("_test.rego") for n in names)
    assert "checker/py.typed" in names


def test_installed_tool_reads_nothing_from_the_checkout(built):
    done = built.run(
        "python", "-c", "import checker.resources as r; print(r.resource_dir('policies'))"
    )
    assert done.returncode == 0, done.stderr
    policies = Path(done.stdout.strip())
    assert policies.is_relative_to(built.venv), policies
    assert not policies.is_relative_to(ROOT)


def test_version(built):
    version = re.search(
        r'^version = "([^"]+)"', (built.source / "pyproject.toml").read_text(), re.MULTILINE
    ).group(1)
    done = built.run("llm-policy", "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"llm-policy {version}"), done.stdout
    assert "catalog" in done.stdout


@pytest.mark.parametrize("example", CHECKED)
def test_check_a_copied_example(built, example):
    """The documented exit code; which rules decide is tests/acceptance/test_examples.py's job."""
    folder = built.outside / example
    shutil.copytree(built.source / "examples" / example, folder, dirs_exist_ok=True)
    expected = yaml.safe_load(
        (built.source / "tests" / "data" / "examples-expected.yaml").read_text(encoding="utf-8")
    )[example]
    done = built.run("llm-policy", "check", example, "--format", "json")
    assert done.returncode == (0 if expected["passed"] else 1), done.stdout[-2000:] + done.stderr
    [result] = json.loads(done.stdout)["results"]
    assert result["passed"] is expected["passed"]
    assert result["valid"] is ("errors" not in expected)
    if not expected["passed"]:
        assert result["violations"] or result["errors"]
    text = built.run("llm-policy", "check", example)
    assert text.returncode == done.returncode
    assert f"{example}/llm-project" in text.stdout


def test_shipped_rego_tests_pass_from_the_wheel(built):
    done = built.run("llm-policy", "test")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr
    counts = re.search(r"(\d+) passed, 0 failed", done.stdout)
    assert counts and int(counts.group(1)) > 100, done.stdout[-500:]
