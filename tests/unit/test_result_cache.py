"""The result cache (checker.result_cache): hits, invalidation on every key part, and distrust.

Observable: a counting wrapper around the engine's `evaluate` says how many manifests were
evaluated; a hit evaluates none. Every cached run's results must equal an uncached run's.
"""

from __future__ import annotations

import datetime as dt
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
from checker.result_cache import FORMAT, Entry, ResultCache, entry_line, prune, run_key
from checker.result_cache.entry import decode_value, encode_value
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
    monkeypatch.setattr(result_cache.key, "checker_stamp", lambda: "checker")
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


def files(folder: Path) -> list[Path]:
    """The run-key files under `folder`."""
    return sorted(folder.glob("*.cache")) if folder.is_dir() else []


def entries(folder: Path) -> dict[str, bytes]:
    """Every entry line in the run-key files under `folder`, by key."""
    found: dict[str, bytes] = {}
    for path in files(folder):
        for line in path.read_bytes().splitlines(keepends=True)[1:]:
            found[line[:64].decode()] = line
    return found


def value(line: bytes) -> dict[str, t.Any]:
    """An entry line's value."""
    return t.cast(dict[str, t.Any], decode_value(line.rstrip(b"\n").split(b"\t", 2)[2]))


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
    assert len(files(cache_home)) == 1  # one file for the run key, not one per manifest


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
    a, b = "a" * 64, "b" * 64  # the sha256 of the manifest's bytes
    plain = cache.key(a, json_name=False)
    assert plain == cache.key(a, json_name=False)
    assert plain != cache.key(b, json_name=False)
    assert plain != cache.key(a, json_name=True)
    assert plain != cache.key(a, json_name=False, scan=[])
    assert cache.key(a, json_name=False, scan=[{"file": "x.py"}]) != cache.key(
        a, json_name=False, scan=[{"file": "y.py"}]
    )
    assert ResultCache(tmp_path, "other").key(a, json_name=False) != plain


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


def _line_for(cache_home: Path, sha256: str) -> bytes:
    for line in entries(cache_home).values():
        if value(line)["sha256"] == sha256:
            return line
    raise AssertionError(f"no entry for {sha256}")


def _forged(line: bytes, change: t.Callable[[dict[str, t.Any]], None], key: bytes = b"") -> bytes:
    """The line with its value edited and its digest recomputed, as a deliberate forger would."""
    stored = value(line)
    change(stored)
    raw = encode_value(stored)
    assert raw is not None
    key = key or line[:64]
    return b"%s\t%s\t%s\n" % (key, result_cache.line_digest(key, raw), raw)


@pytest.mark.parametrize("damage", ["flip", "foreign", "copied", "forged-pass"])
def test_a_damaged_entry_cannot_change_a_decision(tree: Path, cache_home: Path, damage: str):
    truth = check(tree, cache=False).results
    check(tree)
    (path,) = files(cache_home)
    failing = next(r for r in truth if r.decision is not None and r.violations)
    passing = next(r for r in truth if r.decision is not None and not r.violations)
    target = _line_for(cache_home, failing.sha256)
    if damage == "flip":
        spot = len(target) // 2  # a byte in the value's middle
        damaged = bytearray(target)
        damaged[spot] ^= 0x01
        replacement = bytes(damaged)
    elif damage == "foreign":  # another manifest's (passing) line under this key, as it was
        replacement = target[:64] + _line_for(cache_home, passing.sha256)[64:]
    elif damage == "copied":  # ...and with its digest made to match: its bytes are another's
        replacement = _forged(_line_for(cache_home, passing.sha256), lambda v: None, target[:64])
    else:

        def forge(stored: dict[str, t.Any]) -> None:
            stored["raw"]["pass"] = True

        replacement = _forged(target, forge)
    path.write_bytes(path.read_bytes().replace(target, replacement))
    again = check(tree)
    assert again.results == truth
    assert again.evaluated == 1 and again.misses == 1
    # ...and the entry was rewritten: the next run takes it again.
    assert entries(cache_home)[target[:64].decode()] == target
    assert check(tree).evaluated == 0


@pytest.mark.parametrize("damage", ["truncate", "format", "garbage", "empty", "folder"])
def test_a_damaged_file_is_all_misses_never_a_crash(tree: Path, cache_home: Path, damage: str):
    truth = check(tree, cache=False).results
    check(tree)
    (path,) = files(cache_home)
    data = path.read_bytes()
    lines = data.splitlines(keepends=True)
    if damage == "truncate":  # cut in the middle of the fourth entry: it and the rest are lost
        cut = sum(len(line) for line in lines[:4]) + 100
        path.write_bytes(data[:cut])
        lost = len(lines) - 4
    elif damage == "format":  # a file of another format
        path.write_bytes(data.replace(b"\t%d\t" % FORMAT, b"\t%d\t" % (FORMAT - 1), 1))
        lost = len(lines) - 1
    elif damage == "garbage":
        path.write_bytes(os.urandom(len(data)))
        lost = len(lines) - 1
    elif damage == "empty":
        path.write_bytes(b"")
        lost = len(lines) - 1
    else:  # not even a file
        path.unlink()
        path.mkdir()
        lost = len(lines) - 1
    again = check(tree)
    assert again.results == truth
    assert again.misses == lost and again.hits == len(truth) - lost
    if damage != "folder":  # a folder in its place cannot be replaced: evaluated every time
        assert entries(cache_home) == {line[:64].decode(): line for line in lines[1:]}
        assert check(tree).evaluated == 0


def test_an_entry_that_does_not_round_trip_is_refused(tmp_path: Path):
    cache = ResultCache(tmp_path, "run")
    models = [{"id": "gpt-4o", "hosting": "vendor-api", "provider": "openai"}]
    raw = {"violations": [], "warnings": [], "models": [], "pass": True}
    line = entry_line("k" * 64, Entry("p", "s", raw=raw, models=tuple(models), where={}))
    assert line is not None
    cache.add("k" * 64, line)
    cache.save()
    again = ResultCache(tmp_path, "run")
    assert len(entries(tmp_path)) == 1
    assert again.get("k" * 64, "s") is None  # not a decision for the stored models


def test_problem_entries_round_trip(tmp_path: Path):
    cache = ResultCache(tmp_path, "run")
    entry = Entry("p", "s", (Problem("spec", "bad", 3, 4), Problem("", "worse")))
    line = entry_line("a" * 64, entry)
    assert line is not None
    cache.add("a" * 64, line)
    cache.save()
    again = ResultCache(tmp_path, "run")
    assert again.get("a" * 64, "s") == entry
    assert again.get("a" * 64, "t") is None  # stored for other bytes
    assert again.get("b" * 64, "s") is None
    assert ResultCache(tmp_path, "other").get("a" * 64, "s") is None  # another run key's


def _problem_line(key: str) -> bytes:
    line = entry_line(key, Entry("p" * 200, "s", (Problem("", "m" * 200),)))
    assert line is not None
    return line


def test_the_file_keeps_the_most_recently_used_entries_within_its_limit(tmp_path: Path):
    keys = [f"{i:064x}" for i in range(40)]
    first = ResultCache(tmp_path, "run", limit=10_000)
    for key in keys:
        first.add(key, _problem_line(key))
    first.save()
    (path,) = files(tmp_path)
    assert path.stat().st_size <= 10_000
    kept = list(entries(tmp_path))
    assert 0 < len(kept) < len(keys) and kept == keys[len(keys) - len(kept) :]  # the newest
    # A run that uses the oldest kept entry makes it the most recently used: a new entry now
    # pushes out the next oldest instead.
    second = ResultCache(tmp_path, "run", limit=10_000)
    assert second.get(kept[0], "s") is not None
    second.hit(kept[0])
    second.add("f" * 64, _problem_line("f" * 64))
    second.save()
    now = list(entries(tmp_path))
    assert now[-2:] == [kept[0], "f" * 64] and kept[1] not in now
    assert path.stat().st_size <= 10_000


def test_a_run_of_hits_does_not_rewrite_the_file(tmp_path: Path):
    first = ResultCache(tmp_path, "run")
    for key in ("a" * 64, "b" * 64):
        first.add(key, _problem_line(key))
    first.save()
    (path,) = files(tmp_path)
    inode = path.stat().st_ino
    second = ResultCache(tmp_path, "run")
    for key in ("a" * 64, "b" * 64):
        assert second.get(key, "s") is not None
        second.hit(key)
    second.save()
    assert path.stat().st_ino == inode
    # Using the older alone reorders the file (it becomes the most recently used).
    third = ResultCache(tmp_path, "run")
    assert third.get("a" * 64, "s") is not None
    third.hit("a" * 64)
    third.save()
    assert path.stat().st_ino != inode
    assert list(entries(tmp_path)) == ["b" * 64, "a" * 64]


def test_runs_that_save_concurrently_keep_each_others_entries(tmp_path: Path):
    # Both read the (empty) file before either saves; the later save merges the earlier's.
    one, two = ResultCache(tmp_path, "run"), ResultCache(tmp_path, "run")
    assert one.get("a" * 64, "s") is None and two.get("b" * 64, "s") is None
    one.add("a" * 64, _problem_line("a" * 64))
    two.add("b" * 64, _problem_line("b" * 64))
    one.save()
    two.save()
    assert set(entries(tmp_path)) == {"a" * 64, "b" * 64}
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind


def test_eviction_drops_the_least_recently_used_run_keys_files(tmp_path: Path):
    for age, name in enumerate(("old", "middle", "new")):
        cache = ResultCache(tmp_path, name)
        for i in range(10):
            cache.add(f"{i:064x}", _problem_line(f"{i:064x}"))
        cache.save()
        os.utime(cache.path, (1_000_000 + age, 1_000_000 + age))
    size = ResultCache(tmp_path, "new").path.stat().st_size
    legacy = tmp_path / "ab"  # format 1's per-entry files, oldest of all
    legacy.mkdir()
    (legacy / "ab12.json").write_text("{}")
    os.utime(legacy / "ab12.json", (1, 1))
    assert prune(tmp_path, 2 * size + 10, keep=tmp_path / "old.cache") == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ab", "new.cache", "old.cache"]
    assert prune(tmp_path / "missing", 1) == 0


def test_a_run_prunes_when_it_closes(tree: Path, cache_home: Path):
    check(tree)
    assert entries(cache_home)
    # With a 1-byte limit nothing survives the close (each entry is larger).
    settings = RunSettings(paths=(tree,), as_of=DAY)
    with open_run(settings) as run:
        assert run.runner.cache is not None
        run.runner.cache.limit = 1
        manifest = tree / "internal-assistant" / "llm-project.yaml"
        manifest.write_text(manifest.read_text() + "# edited\n")  # a miss: the file is saved
        list(run.check_all(find_manifests([tree])))
    assert entries(cache_home) == {}


def test_no_cache_and_cache_off_write_nothing(
    tree: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
):
    assert check(tree, cache=False).evaluated > 0
    assert entries(cache_home) == {}
    monkeypatch.setenv("LLM_POLICY_CACHE", "off")
    assert check(tree).evaluated > 0
    assert check(tree).evaluated > 0
    assert entries(cache_home) == {}


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


def test_hits_are_replayed_here_and_only_misses_reach_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import concurrent.futures

    from checker import parallel

    many = tmp_path / "many"
    for i in range(30):  # 60 manifests: --jobs 2 uses workers (50 or more)
        for name in ("internal-assistant", "rapid-prototype"):
            shutil.copytree(EXAMPLES / name, many / f"{name}-{i}")
            manifest = many / f"{name}-{i}" / "llm-project.yaml"
            manifest.write_text(manifest.read_text().replace("name: ", f"name: c{i}-", 1))
    truth = check(many, cache=False, jobs=2).results
    cold = check(many, jobs=2)
    assert cold.results == truth and cold.misses == 60
    # The first misses are evaluated here (a few edited files start no worker); the rest in
    # the workers (each with an engine of its own, which `check` does not count).
    assert cold.evaluated == parallel.POOL_AFTER

    class NoPool:
        def __init__(self, *_: t.Any, **__: t.Any) -> None:
            raise AssertionError("a run of hits started workers")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", NoPool)
    warm = check(many, jobs=2)
    assert warm.results == truth and warm.hits == 60 and warm.evaluated == 0

    # Edited manifests between unchanged ones: misses go to workers in chunks that span hits,
    # and every result still comes back in its place.
    monkeypatch.undo()
    monkeypatch.delenv("LLM_POLICY_RESULT_CACHE", raising=False)
    monkeypatch.delenv("LLM_POLICY_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(result_cache.key, "checker_stamp", lambda: "checker")
    monkeypatch.setattr(parallel, "POOL_AFTER", 2)
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 10)
    edited = sorted(many.rglob("llm-project.yaml"))[1::3]
    for manifest in edited:
        manifest.write_text(manifest.read_text() + "# edited\n")
    truth = check(many, cache=False, jobs=2).results
    mixed = check(many, jobs=2)
    assert mixed.misses == len(edited) == 20 and mixed.hits == 40
    assert mixed.evaluated == 2  # the rest in the workers
    assert [r.manifest for r in mixed.results] == [r.manifest for r in truth]
    assert mixed.results == truth


def test_a_file_that_does_not_parse_is_cached_as_it_failed(tmp_path: Path):
    folder = tmp_path / "broken"
    (folder / "a").mkdir(parents=True)
    (folder / "a" / "llm-project.yaml").write_text("apiVersion: [unclosed\n")
    (folder / "b").mkdir()
    (folder / "b" / "llm-project.yaml").write_text("- a list\n- not a mapping\n")
    truth = check(folder, cache=False).results
    assert all(r.errors and not r.sha256 and r.project is None for r in truth)
    first = check(folder)
    again = check(folder)
    assert first.misses == 2 and again.hits == 2 and again.misses == 0
    assert first.results == again.results == truth


def test_a_file_that_cannot_be_read_is_not_cached(tmp_path: Path):
    folder = tmp_path / "unreadable"
    folder.mkdir()
    manifest = folder / "llm-project.yaml"
    manifest.write_text("apiVersion: x\n")
    settings = RunSettings(paths=(folder,), as_of=DAY)
    with open_run(settings) as run:
        cache = run.runner.cache
        assert cache is not None
        found = result_cache.probe(run.runner, manifest)
        assert isinstance(found, result_cache.Miss)
        manifest.unlink()  # gone between the look-up and the check: "no such file"
        result, line = result_cache.evaluate(run.runner, found)
    assert result.errors and line is None
