"""`llm-policy impact`: one catalog entry changed in a copy of the repository, and exactly the
examples that use it are listed. The expected set is worked out here from the examples
themselves, never by asking impact."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.acceptance.conftest import EXAMPLES, ROOT


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding a copy of policies/ and examples/, all committed."""
    git = shutil.which("git")
    if git is None:
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail("git is needed for the impact tests in CI")
        pytest.skip("git is not installed")
    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "policies", copy / "policies")
    shutil.copytree(EXAMPLES, copy / "examples")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    for argv in (
        ["init", "-q"],
        ["add", "policies", "examples"],
        ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "base"],
    ):
        subprocess.run([git, "-C", str(copy), *argv], check=True, env=env)
    return copy


def _replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} is not unique in {path}"
    path.write_text(text.replace(old, new))


def _examples() -> dict[str, dict]:
    out = {}
    for folder in sorted(p for p in EXAMPLES.iterdir() if p.is_dir()):
        (path,) = folder.glob("llm-project.*")
        document = yaml.safe_load(path.read_text())
        if isinstance(document, dict) and isinstance(document.get("spec"), dict):
            out[folder.name] = document["spec"]
    return out


def _impact(run_json, repo: Path, *extra: str):
    code, report = run_json(
        [
            "llm-policy",
            "impact",
            "--base",
            "HEAD",
            "--repo",
            str(repo),
            str(repo / "examples"),
            *extra,
        ]
    )
    changed = {Path(c["manifest"]).parent.name for c in report["changed"]}
    return code, report, changed


def test_nothing_changed_lists_nothing(run_json, repo):
    code, report, changed = _impact(run_json, repo, "--fail-on-change")
    assert code == 0
    assert changed == set()
    assert report["summary"] == {"manifests": len(list(EXAMPLES.iterdir())), "changed": 0}


def test_a_provider_losing_a_region_lists_exactly_its_deployments_there(run_json, repo):
    providers = repo / "policies/catalog/providers/data.yaml"
    _replace_once(
        providers,
        "  regions: [us, eu, uk, ch, ca, jp, kr, au, in, br, ae, us-gov]\n",
        "  regions: [us, uk, ch, ca, jp, kr, au, in, br, ae, us-gov]\n",
    )
    assert "eu" not in yaml.safe_load(providers.read_text())["azure-openai"]["regions"]
    # Who reads azure-openai's regions: its deployments (LLM-RES-002 per model). The mode-level
    # rules ask whether *any* provider processes in a region, and others still do in eu.
    expected = {
        name
        for name, spec in _examples().items()
        if any(
            m.get("provider") == "azure-openai" and m.get("region") == "eu"
            for m in spec.get("models", [])
        )
    }
    assert expected, "the examples use Azure OpenAI in the EU, or this test shows nothing"
    code, report, changed = _impact(run_json, repo, "--fail-on-change")
    assert changed == expected
    assert code == 1
    for entry in report["changed"]:
        added = {(k["rule"], k["kind"]) for k in entry["findings"]["added"]}
        assert ("LLM-RES-002", "violation") in added
        assert entry["findings"]["removed"] == []


def test_a_bigger_gpu_figure_lists_exactly_the_deployments_it_no_longer_fits(run_json, repo):
    models = repo / "policies/catalog/models/data.yaml"
    old, new = 42, 170
    text = models.read_text()
    start = text.index("\nllama-3.1-70b:\n")
    end = text.index("\n\n", start + 1)
    block = text[start:end]
    line = "  gpuMemoryGb: {fp16: 168, int8: 84, int4: 42}"
    assert block.count(line) == 1
    models.write_text(text[:start] + block.replace(line, line.replace("42", str(new))) + text[end:])
    assert yaml.safe_load(models.read_text())["llama-3.1-70b"]["gpuMemoryGb"]["int4"] == new
    # Who reads this figure: a self-hosted llama-3.1-70b at int4 whose declared GPU memory
    # held 42 GB and does not hold 170 (LLM-DEP-002). Undeclared memory only ever warns.
    expected = set()
    for name, spec in _examples().items():
        gpu = spec.get("deployment", {}).get("gpuMemoryGb")
        for m in spec.get("models", []):
            hit = m.get("id") == "llama-3.1-70b" and m.get("hosting") == "self-hosted"
            if hit and m.get("quantization") == "int4" and gpu is not None and old <= gpu < new:
                expected.add(name)
    assert expected, "an example self-hosts llama-3.1-70b at int4, or this test shows nothing"
    code, report, changed = _impact(run_json, repo)
    assert code == 0  # no --fail-on-change
    assert changed == expected
    (entry,) = [
        e for e in report["changed"] if Path(e["manifest"]).parent.name == "internal-assistant"
    ]
    fields = {c["field"]: (c["base"], c["head"]) for c in entry["changes"]}
    assert fields["passed"] == (True, False)


def test_a_folder_is_a_base_too(run_line, repo, tmp_path):
    before = tmp_path / "before"
    shutil.copytree(repo / "policies", before)
    _replace_once(
        repo / "policies/catalog/providers/data.yaml",
        "  regions: [us, eu, au, in, jp]\n",  # OpenAI's, where multimodal-product runs in the EU
        "  regions: [us, au, in, jp]\n",
    )
    result = run_line(
        ["llm-policy", "impact", "--base", str(before), "--repo", str(repo), str(repo / "examples")]
    )
    assert result.exit_code == 0, result.stderr
    assert "multimodal-product" in result.stdout
    assert "+ LLM-RES-002 violation at spec.models[0].region" in result.stdout
    assert "passed: yes -> no" in result.stdout


def test_an_unknown_revision_is_a_usage_error(run_line, repo):
    result = run_line(
        [
            "llm-policy",
            "impact",
            "--base",
            "no-such-rev",
            "--repo",
            str(repo),
            str(repo / "examples"),
        ]
    )
    assert result.exit_code == 2
    assert "no-such-rev" in result.stderr


def test_help_has_examples(run_line):
    result = run_line(["llm-policy", "impact", "--help"])
    assert (
        result.exit_code == 0
        and "Examples:" in result.stdout
        and "--fail-on-change" in result.stdout
    )
