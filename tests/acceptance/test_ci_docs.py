"""docs/ci.md's snippets are tested as written: each fenced YAML block is validated as what it is.

A block is a GitHub workflow (`on:` and `jobs:`), a GitHub action (`runs:`), GitLab CI (a job with
`script:`, or `include:`), a pre-commit configuration (`repos:`), a llm-policy waivers file
(`waivers:` as a list) or configuration (only keys of schemas/config.schema.json). Each is
validated with its schema: SchemaStore's `vendor.github-workflows`, `vendor.github-actions` and
`vendor.gitlab-ci` (check-jsonschema), `pre-commit validate-config`, and llm-policy's own loader
and schemas. A block that is none of these fails, so a new snippet cannot go untested.

Beyond the schemas: a workflow step that uses the llm-policy action pins a full commit SHA and
passes only inputs action.yml declares and reads only outputs it sets; a pre-commit
configuration of llm-policy pins a full commit SHA and names hooks .pre-commit-hooks.yaml offers;
the action's inputs and outputs tables list exactly action.yml's; no code block installs
llm-policy by a package-index name.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from checker.config import load_config
from checker.errors import UsageError
from checker.user_files import load_checked

from .conftest import ROOT
from .source_tree import unavailable

DOC = ROOT / "docs" / "ci.md"
TEXT = DOC.read_text(encoding="utf-8")
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
HOOK_IDS = {h["id"] for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
CONFIG_KEYS = set(
    yaml.safe_load((ROOT / "schemas" / "config.schema.json").read_text())["properties"]
)
FULL_SHA = re.compile(r"[0-9a-f]{40}")
FENCE = re.compile(r"^```([A-Za-z0-9_-]*)[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


@dataclass
class Block:
    language: str
    line: int
    text: str


def blocks(text: str) -> list[Block]:
    return [
        Block(m.group(1), text.count("\n", 0, m.start()) + 1, m.group(2))
        for m in FENCE.finditer(text)
    ]


YAML_BLOCKS = [b for b in blocks(TEXT) if b.language in ("yaml", "yml")]


def load_plain(text: str):
    """YAML with every scalar as text: `on:` stays the key "on" (YAML 1.1 reads true)."""
    return yaml.load(text, Loader=yaml.BaseLoader)


def classify(data) -> str | None:
    if not isinstance(data, dict):
        return None
    if "on" in data and "jobs" in data:
        return "github-workflow"
    if isinstance(data.get("runs"), dict) and "using" in data["runs"]:
        return "github-action"
    if "repos" in data:
        return "pre-commit"
    if isinstance(data.get("waivers"), list):
        return "waivers"
    jobs = [v for v in data.values() if isinstance(v, dict)]
    if "include" in data or any("script" in job for job in jobs):
        return "gitlab-ci"
    if data and set(data) <= CONFIG_KEYS:
        return "config"
    return None


def tool(name: str) -> str:
    found = Path(sys.executable).with_name(name)
    if found.exists():
        return str(found)
    on_path = shutil.which(name)
    if on_path is None:
        unavailable(f"{name} is not installed (scripts/setup installs the test extra)")
    return str(on_path)


def run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False, timeout=300)


def schemastore(schema: str, path: Path) -> None:
    done = run([tool("check-jsonschema"), "--builtin-schema", schema, str(path)], path.parent)
    assert done.returncode == 0, f"{schema}:\n{done.stdout}{done.stderr}"


def expressions(text: str) -> list[str]:
    return re.findall(r"\$\{\{\s*(.*?)\s*\}\}", text)


def check_workflow(data: dict, text: str) -> None:
    jobs = data["jobs"]
    used = False
    for job in jobs.values():
        steps = job.get("steps", [])
        for step in steps:
            uses = step.get("uses", "")
            if "/llm-policy@" not in uses:
                continue
            used = True
            assert FULL_SHA.fullmatch(uses.rsplit("@", 1)[1]), f"pin a full commit SHA: {uses}"
            unknown = set(step.get("with", {})) - set(ACTION["inputs"])
            assert not unknown, f"not inputs of action.yml: {sorted(unknown)}"
            step_id = step.get("id")
            if step_id:
                read = {
                    m.group(1)
                    for e in expressions(text)
                    for m in re.finditer(rf"steps\.{re.escape(step_id)}\.outputs\.([\w-]+)", e)
                }
                assert read <= set(ACTION["outputs"]), (
                    f"not outputs: {read - set(ACTION['outputs'])}"
                )
        uploads = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload")]
        if uploads:
            permissions = job.get("permissions") or data.get("permissions") or {}
            assert permissions.get("security-events") == "write", "upload-sarif needs it"
    assert used, "the GitHub workflow of docs/ci.md should use the llm-policy action"


def check_pre_commit(data: dict, path: Path) -> None:
    done = run([tool("pre-commit"), "validate-config", str(path)], path.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "mutable reference" not in done.stdout + done.stderr, done.stdout + done.stderr
    for repo in data["repos"]:
        if repo["repo"].rstrip("/").endswith("/llm-policy"):
            assert FULL_SHA.fullmatch(repo["rev"]), f"pin a full commit SHA: {repo['rev']}"
            assert {h["id"] for h in repo["hooks"]} <= HOOK_IDS


@pytest.mark.parametrize("block", YAML_BLOCKS, ids=lambda b: f"line{b.line}")
def test_yaml_snippet_is_valid_as_what_it_is(block, tmp_path):
    data = load_plain(block.text)
    kind = classify(data)
    assert kind, (
        f"docs/ci.md:{block.line}: a YAML block this test cannot classify; teach "
        "tests/acceptance/test_ci_docs.py what it is so it is validated"
    )
    path = tmp_path / "snippet.yaml"
    path.write_text(block.text, encoding="utf-8")
    if kind == "github-workflow":
        schemastore("vendor.github-workflows", path)
        check_workflow(data, block.text)
    elif kind == "github-action":
        schemastore("vendor.github-actions", path)
    elif kind == "gitlab-ci":
        schemastore("vendor.gitlab-ci", path)
    elif kind == "pre-commit":
        check_pre_commit(data, path)
    else:
        schema = {"waivers": "waivers.schema.json", "config": "config.schema.json"}[kind]
        try:
            load_checked(path, schema, kind)
        except UsageError as exc:
            pytest.fail(f"docs/ci.md:{block.line}: {exc}")


def test_the_page_shows_every_kind_it_documents():
    kinds = {classify(load_plain(b.text)) for b in YAML_BLOCKS}
    assert {"github-workflow", "gitlab-ci", "pre-commit", "waivers", "config"} <= kinds


def test_toml_snippet_is_a_valid_configuration(tmp_path):
    [block] = [b for b in blocks(TEXT) if b.language == "toml"]
    path = tmp_path / "pyproject.toml"
    path.write_text(block.text, encoding="utf-8")
    try:
        load_config(path)
    except UsageError as exc:
        pytest.fail(f"docs/ci.md:{block.line}: {exc}")


def table_names(heading: str) -> set[str]:
    """The backticked names in the first column of the table whose header starts `| heading |`."""
    start = TEXT.index(f"| {heading} |")
    names: set[str] = set()
    for line in TEXT[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        names.update(re.findall(r"`([^`]+)`", line.split("|")[1]))
    return names


def test_action_tables_list_exactly_its_inputs_and_outputs():
    assert table_names("input") == set(ACTION["inputs"])
    assert table_names("output") == set(ACTION["outputs"])


INDEX_INSTALL = re.compile(r"pip install\b(?:\s+-{1,2}[\w-]+)*\s+[\"']?llm-policy(?![\w-]*\s*@)\b")


@pytest.mark.parametrize(
    "path",
    [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))],
    ids=lambda p: p.name,
)
def test_no_install_by_a_package_index_name(path):
    """llm-policy is on no package index: code blocks install it from git or a built wheel."""
    for block in blocks(path.read_text(encoding="utf-8")):
        for number, line in enumerate(block.text.splitlines(), start=block.line + 1):
            assert not INDEX_INSTALL.search(line), f"{path.name}:{number}: {line.strip()}"


def test_index_install_pattern():
    assert INDEX_INSTALL.search("python -m pip install llm-policy")
    assert INDEX_INSTALL.search("pip install --quiet llm-policy==0.1.0")
    assert not INDEX_INSTALL.search('pip install "llm-policy @ git+https://x/llm-policy@abc"')
    assert not INDEX_INSTALL.search("pip install dist/llm_policy-0.1.0-py3-none-any.whl")
    assert not INDEX_INSTALL.search("pip install -e '.[test]'")


def test_documented_git_requirement_is_valid_pep_508():
    """The install line, its placeholders filled in, is a requirement pip accepts."""
    from packaging.requirements import Requirement

    lines = [
        line
        for block in blocks(TEXT)
        for line in block.text.splitlines()
        if "pip install" in line and "git+" in line
    ]
    assert lines, "docs/ci.md shows no install from git"
    for line in lines:
        quoted = re.search(r'"(llm-policy @ git\+[^"]+)"', line)
        assert quoted, f"quote the whole requirement: {line.strip()}"
        filled = quoted.group(1).replace("<git host>", "git.example.com").replace("<org>", "org")
        filled = filled.replace("<commit or tag>", "0" * 40)
        requirement = Requirement(filled)
        assert requirement.name == "llm-policy"
        assert requirement.url.startswith("git+https://git.example.com/org/llm-policy@")
