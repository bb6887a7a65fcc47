"""The result cache (checker.result_cache): hits, invalidation on every key part, and distrust.

Observable: a counting wrapper around the engine's `evaluate` says how many manifests were
evaluated; a hit evaluates none. Every cached run's results must equal an uncached run's.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import typing as t
from dataclasses import replace
from pathlib import Path

import pytest

from checker import result_cache
from checker.engine.base import Provenance
from checker.policy_set import build_policy_set
from checker.problems import Problem
from checker.result import ManifestResult
from checker.result_cache import Entry, ResultCache, prune, run_key
from checker.run import find_manifests, open_run
from checker.settings import RunSettings

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
DAY = dt.date(2026, 12, 1)
ENABLED = result_cache.cache_enabled
STAMP = result_cache.checker_stamp

ORG_RULE = """\
package llm.rules.acme

import data.llm.lib

# METADATA
# title: Only approved vendors
# description: ACME buys LLM APIs only from Azure OpenAI.
# custom:
#   id: ACME-001
#   severity: high
#   remediation: Use provider azure-openai.
deny contains f if {
    some [i, m] in lib.vendor_models
    m.provider != "PROVIDER"
    msg := sprintf("provider %s is not approved", [m.provider])
    f := lib.model_finding("ACME-001", i, "provider", msg)
}
"""


@pytest.fixture(autouse=True)
def cache_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The cache on, under this test's own XDG_CACHE_HOME."""
    monkeypatch.delenv("LLM_POLICY_RESULT_CACHE", raising=False)
    # Other work editing the checker's modules meanwhile would be a new key (tested below).
    monkeypatch.setattr(result_cache, "checker_stamp", lambda: "checker")
    monkeypatch.delenv("LLM_POLICY_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "llm-policy" / "results"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of examples/ (valid and invalid manifests)."""
    shutil.copytree(EXAMPLES, tmp_path / "tree")
    return tmp_path / "tree"


class Checked(t.NamedTuple):
    results: list[ManifestResult]
    evaluated: int
    hits: int
    misses: int


def check(folder: Path, **options: t.Any) -> Checked:
    """Check every manifest under `folder` in this process, counting the engine's evaluations."""
    settings = RunSettings(paths=(folder,), as_of=options.pop("as_of", DAY), **options)
    with open_run(settings) as run:
        engine = run.runner.engine
        assert engine is not None
        real, calls = engine.evaluate, [0]

        def counting(document: dict[str, t.Any]) -> dict[str, t.Any]:
            calls[0] += 1
            return real(document)

        engine.evaluate = counting  # type: ignore[method-assign]
        results = list(run.check_all(find_manifests([folder])))
        cache = run.runner.cache
    hits, misses = (cache.hits, cache.misses) if cache is not None else (0, 0)
    return Checked(results, calls[0], hits, misses)


def entries(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.json")) if folder.is_dir() else []


def decided(results: list[ManifestResult]) -> int:
    return sum(1 for r in results if r.decision is not None)


def test_unchanged_rerun_evaluates_nothing_and_reports_the_same(tree: Path, cache_home: Path):
    uncached = check(tree, cache=False)
    first = check(tree)
    second = check(tree)
    assert first.evaluated == decided(first.results) > 10
    assert first.hits == 0
    assert second.evaluated == 0
    assert second.hits == len(second.results) and second.misses == 0
    assert first.results == uncached.results
    assert second.results == uncached.results
    # An invalid manifest is cached too (its problems), and comes back the same.
    assert any(r.errors for r in second.results)
    assert len(entries(cache_home)) == len(first.results)


def test_a_manifest_edit_re_evaluates_that_manifest(tree: Path):
    check(tree)
    manifest = tree / "internal-assistant" / "llm-project.yaml"
    manifest.write_text(manifest.read_text() + "# edited\n")
    again = check(tree)
    assert again.evaluated == 1
    assert again.results == check(tree, cache=False).results


@pytest.mark.parametrize(
    "change",
    ["policy", "catalog", "settings", "as_of"],
)
def test_every_run_key_part_re_evaluates(tree: Path, tmp_path: Path, change: str):
    org = tmp_path / "org"
    org.mkdir()
    (org / "acme.rego").write_text(ORG_RULE.replace("PROVIDER", "azure-openai"))
    catalog = tmp_path / "catalog"
    shutil.copytree(ROOT / "policies" / "catalog", catalog)
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text("settings:\n  gpuMemoryHeadroom: 1.0\n")
    options: dict[str, t.Any] = {"policies": (org,), "catalog": str(catalog), "data": (overlay,)}
    first = check(tree, **options)
    assert check(tree, **options).evaluated == 0
    if change == "policy":
        (org / "acme.rego").write_text(ORG_RULE.replace("PROVIDER", "openai"))
    elif change == "catalog":
        regions = catalog / "regions" / "data.yaml"
        text = regions.read_text()
        assert '  checked: "2026-11-28"' in text
        regions.write_text(text.replace('  checked: "2026-11-28"', '  checked: "2026-11-29"', 1))
    elif change == "settings":
        overlay.write_text("settings:\n  gpuMemoryHeadroom: 1.5\n")
    else:
        options["as_of"] = DAY + dt.timedelta(days=1)
    again = check(tree, **options)
    assert again.evaluated == decided(first.results), change
    assert again.results == check(tree, cache=False, **options).results


def test_a_comment_only_catalog_edit_is_still_a_new_key(tmp_path: Path):
    # The policy digest is over the merged data, which a YAML comment does not change: an edit
    # that changes no value decides the same, so reusing the entry is right.
    catalog = tmp_path / "catalog"
    shutil.copytree(ROOT / "policies" / "catalog", catalog)
    before = build_policy_set((), (), catalog=_catalog(catalog)).digest
    regions = catalog / "regions" / "data.yaml"
    regions.write_text(regions.read_text() + "\n# a comment\n")
    assert build_policy_set((), (), catalog=_catalog(catalog)).digest == before


def _catalog(folder: Path) -> t.Any:
    from checker.catalog.select import resolve

    return resolve(str(folder))


class FakeEngine:
    def __init__(self, name: str, version: str = "1", policy: str = "p") -> None:
        self.name = name
        self.version = version
        self.provenance = Provenance(policy, "c", None)


@pytest.mark.parametrize(
    "other",
    [
        {"engine": FakeEngine("opa")},
        {"engine": FakeEngine("regorus", version="2")},
        {"engine": FakeEngine("regorus", policy="q")},
        {"as_of": "2026-12-02"},
        {"max_bytes": 10},
        {"opa_url": "http://127.0.0.1:8181"},
    ],
)
def test_run_key_names_engine_version_provenance_day_and_limits(other: dict[str, t.Any]):
    policy_set = build_policy_set((), ())
    base: dict[str, t.Any] = {
        "engine": FakeEngine("regorus"),
        "as_of": "2026-12-01",
        "max_bytes": 1024,
        "opa_url": None,
    }

    def key(parts: dict[str, t.Any]) -> str:
        engine = parts.pop("engine")
        return run_key(policy_set, engine, **parts)

    assert key(dict(base)) == key(dict(base))
    assert key({**base, **other}) != key(dict(base))


def test_a_changed_deciding_module_is_a_new_key(tmp_path: Path, monkeypatch):
    import checker

    fake = tmp_path / "checker"
    (fake / "loader").mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    module = fake / "loader" / "x.py"
    module.write_text("A = 1\n")
    report = fake / "reporter.py"
    report.write_text("B = 1\n")
    monkeypatch.setattr(checker, "__file__", str(fake / "__init__.py"))
    stamp = STAMP()
    assert STAMP() == stamp
    report.write_text("B = 22\n")  # runs after the cache: the same key
    assert STAMP() == stamp
    module.write_text("A = 22\n")
    assert STAMP() != stamp


def test_manifest_key_names_bytes_kind_and_scan(tmp_path: Path):
    cache = ResultCache(tmp_path, "run")
    plain = cache.key(b"a", json_name=False)
    assert plain == cache.key(b"a", json_name=False)
    assert plain != cache.key(b"b", json_name=False)
    assert plain != cache.key(b"a", json_name=True)
    assert plain != cache.key(b"a", json_name=False, scan=[])
    assert cache.key(b"a", json_name=False, scan=[{"file": "x.py"}]) != cache.key(
        b"a", json_name=False, scan=[{"file": "y.py"}]
    )
    assert ResultCache(tmp_path, "other").key(b"a", json_name=False) != plain


def test_scan_input_is_part_of_the_key(tree: Path):
    project = tree / "scan-undeclared-claude"
    first = check(project, scan=True)
    assert first.evaluated == 1
    assert check(project, scan=True).evaluated == 0
    assert check(project).evaluated == 1  # without the scan: another input, another entry
    code = next(p for p in project.rglob("*") if p.suffix in (".py", ".ts", ".js"))
    code.write_text(code.read_text() + "\nclient = anthropic.Anthropic()\nMODEL = 'gpt-4o'\n")
    again = check(project, scan=True)
    assert again.evaluated == 1
    assert again.results == check(project, scan=True, cache=False).results


def _rewrite(path: Path, change: t.Callable[[dict[str, t.Any]], None]) -> None:
    """Edit an entry's value and recompute its digest, as a deliberate forger would."""
    stored = json.loads(path.read_text())
    change(stored["value"])
    stored["digest"] = result_cache._digest(stored["value"])
    path.write_text(json.dumps(stored))


@pytest.mark.parametrize("damage", ["flip", "truncate", "foreign", "forged-pass", "format"])
def test_a_damaged_entry_cannot_change_a_decision(tree: Path, cache_home: Path, damage: str):
    truth = check(tree, cache=False).results
    check(tree)
    files = entries(cache_home)
    failing = next(r for r in truth if r.decision is not None and r.violations)
    passing = next(r for r in truth if r.decision is not None and not r.violations)
    target = _find(files, failing.sha256)
    if damage == "flip":
        data = bytearray(target.read_bytes())
        spot = data.index(b'"violations"') + 3
        data[spot] ^= 0x01
        target.write_bytes(bytes(data))
    elif damage == "truncate":
        target.write_bytes(target.read_bytes()[:100])
    elif damage == "foreign":
        shutil.copy(_find(files, passing.sha256), target)  # another manifest's (passing) entry
    elif damage == "forged-pass":

        def forge(value: dict[str, t.Any]) -> None:
            value["raw"]["pass"] = True

        _rewrite(target, forge)
    else:
        stored = json.loads(target.read_text())
        stored["format"] = 0
        target.write_text(json.dumps(stored))
    again = check(tree)
    assert again.results == truth
    assert again.evaluated == 1 and again.misses == 1
    # ...and the entry was rewritten: the next run takes it again.
    assert check(tree).evaluated == 0


def _find(files: list[Path], sha256: str) -> Path:
    for path in files:
        if json.loads(path.read_text())["value"]["sha256"] == sha256:
            return path
    raise AssertionError(f"no entry for {sha256}")


def test_an_entry_that_does_not_round_trip_is_refused(tmp_path: Path):
    cache = ResultCache(tmp_path, "run")
    models = [{"id": "gpt-4o", "hosting": "vendor-api", "provider": "openai"}]
    raw = {"violations": [], "warnings": [], "models": [], "pass": True}
    cache.put("k" * 64, Entry("p", "s", raw=raw, models=tuple(models), where={}))
    assert cache.get("k" * 64) is None  # not a decision for the stored models
    assert cache.misses == 1 and cache.hits == 0


def test_problem_entries_round_trip(tmp_path: Path):

    cache = ResultCache(tmp_path, "run")
    entry = Entry("p", "s", (Problem("spec", "bad", 3, 4), Problem("", "worse")))
    cache.put("a" * 64, entry)
    assert cache.get("a" * 64) == entry
    assert cache.get("b" * 64) is None


def test_eviction_keeps_the_folder_under_its_limit_oldest_first(tmp_path: Path):
    cache = ResultCache(tmp_path, "run", limit=10_000)
    keys = [f"{i:064x}" for i in range(40)]
    for age, key in enumerate(keys):
        cache.put(key, Entry("p" * 200, "s", (Problem("", "m" * 200),)))
        path = cache._path(key)
        os.utime(path, (1_000_000 + age, 1_000_000 + age))
    total = sum(p.stat().st_size for p in entries(tmp_path))
    assert total > 10_000
    removed = cache.prune()
    left = entries(tmp_path)
    assert removed > 0 and len(left) == len(keys) - removed
    assert sum(p.stat().st_size for p in left) <= 10_000
    assert {p.stem for p in left} == set(keys[removed:])  # the newest stay
    assert prune(tmp_path / "missing", 1) == 0


def test_a_run_prunes_when_it_closes(tree: Path, cache_home: Path):
    check(tree)
    assert entries(cache_home)
    # With a 1-byte limit nothing survives the close (each entry is larger).
    settings = RunSettings(paths=(tree,), as_of=DAY)
    with open_run(settings) as run:
        assert run.runner.cache is not None
        run.runner.cache.limit = 1
        list(run.check_all(find_manifests([tree])))
    assert entries(cache_home) == []


def test_no_cache_and_cache_off_write_nothing(
    tree: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
):
    assert check(tree, cache=False).evaluated > 0
    assert entries(cache_home) == []
    monkeypatch.setenv("LLM_POLICY_CACHE", "off")
    assert check(tree).evaluated > 0
    assert check(tree).evaluated > 0
    assert entries(cache_home) == []


def test_cache_location_follows_xdg_and_llm_policy_cache(tmp_path: Path):
    assert result_cache.results_dir({"XDG_CACHE_HOME": "/x"}) == Path("/x/llm-policy/results")
    assert result_cache.results_dir({"XDG_CACHE_HOME": "relative"}) == (
        Path.home() / ".cache" / "llm-policy" / "results"
    )
    assert result_cache.results_dir({"LLM_POLICY_CACHE": "/c"}) == Path("/c/results")
    assert not ENABLED({"LLM_POLICY_CACHE": "off"})
    assert not ENABLED({"LLM_POLICY_RESULT_CACHE": "off"})
    assert ENABLED({})


def test_audit_style_runs_that_keep_facts_do_not_use_the_cache(tree: Path):
    settings = RunSettings(paths=(tree,), as_of=DAY)
    with open_run(settings, keep_facts=True) as run:
        assert run.runner.cache is None
    with open_run(replace(settings), evaluate=False) as run:
        assert run.runner.cache is None
