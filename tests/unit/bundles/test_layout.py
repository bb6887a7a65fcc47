"""Bundle layout: where policies and data go, the roots, and a reproducible archive."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

from checker.bundles import build_bundle
from checker.bundles.archive import build_tarball
from checker.bundles.layout import bundle_files, bundle_roots
from checker.policy_set import build_policy_set


def make_set(tmp_path: Path) -> tuple[Path, Path]:
    shipped, org = tmp_path / "shipped", tmp_path / "nested" / "org"
    (shipped / "llm" / "lib").mkdir(parents=True)
    (shipped / "llm" / "lib" / "lib.rego").write_text("package llm.lib\n\nx := 1\n")
    (shipped / "llm" / "lib" / "lib_test.rego").write_text("package llm.lib_test\n")
    (shipped / "settings").mkdir()
    (shipped / "settings" / "data.yaml").write_text("limit: 10\n")
    org.mkdir(parents=True)
    (org / "acme.rego").write_text("package llm.rules.acme\n\ny := 2\n")
    (org / "acme").mkdir()
    (org / "acme" / "data.yaml").write_text("flag: true\n")
    return shipped, org


def test_files_and_roots(tmp_path: Path) -> None:
    shipped, org = make_set(tmp_path)
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text("catalog: {models: {}}\n")
    policy_set = build_policy_set([org], [overlay], shipped=shipped)
    files = bundle_files(policy_set, revision="r1", metadata={"tool": "t"})
    assert sorted(files) == [
        ".manifest",
        "acme/data.json",
        "catalog/data.json",
        "llm/lib/lib.rego",
        "llm/meta/data.json",
        "org/1-org/acme.rego",
        "settings/data.json",
    ]
    assert json.loads(files["acme/data.json"]) == {"flag": True}
    manifest = json.loads(files[".manifest"])
    assert manifest == {
        "revision": "r1",
        "roots": ["llm", "catalog", "settings", "acme"],
        "rego_version": 1,
        "metadata": {"tool": "t"},
    }
    assert bundle_roots(policy_set) == manifest["roots"]


def test_revision_defaults_to_the_digest_and_bytes_repeat(tmp_path: Path) -> None:
    shipped, _ = make_set(tmp_path)
    policy_set = build_policy_set(shipped=shipped)
    first, second = build_bundle(policy_set), build_bundle(policy_set)
    assert first == second
    with tarfile.open(fileobj=io.BytesIO(first)) as tar:
        members = tar.getmembers()
        manifest = json.loads(tar.extractfile(".manifest").read())  # type: ignore[union-attr]
    assert manifest["revision"] == policy_set.digest
    assert [m.name for m in members] == sorted(m.name for m in members)
    assert {(m.mtime, m.uid, m.gid, m.mode) for m in members} == {(0, 0, 0, 0o644)}


def test_the_archive_changes_with_its_content() -> None:
    assert build_tarball({"a": b"1"}) != build_tarball({"a": b"2"})
    assert build_tarball({"a": b"1", "b": b""}) == build_tarball({"b": b"", "a": b"1"})
