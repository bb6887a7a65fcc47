"""Catalog updates between releases, end to end through the CLI (issue 13 item 5).

A signed catalog bundle with one changed fact (Llama 3.1 70B at int4 needs 170 GB, not 42) is
served from a loopback HTTP server, installed with `catalog update`, and decides the next check;
`--catalog` pins the shipped one again. Refused bundles (tampered, unsigned, signed by another
key, of a newer format, cut short in transit, redirected) install nothing and leave the catalog
in force as it was. The user cache is a temporary folder (XDG_CACHE_HOME), never the real one.
"""

from __future__ import annotations

import http.server
import json
import socket
import threading
import typing as t
from pathlib import Path

import pytest

from checker.bundles.archive import build_tarball
from checker.catalog.model import shipped_catalog_dir, shipped_version
from tests.acceptance.conftest import RunLine
from tests.catalog_bundles import (
    MANIFEST,
    NEW_DATE,
    NEW_VERSION,
    changed_catalog,
    files_of,
    replace_once,
    resigned,
    rsa_keys,
    set_version,
    tampered,
)
from tests.ports import free_port

SHIPPED_VERSION, SHIPPED_DATE = shipped_version()


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user cache of every test: a temporary folder."""
    folder = tmp_path / "xdg-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder / "llm-policy" / "catalogs"


class Served:
    """A loopback HTTP server: path -> (bytes, how to send them)."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[bytes, str]] = {}
        self.requests: list[str] = []
        served = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                served.requests.append(self.path)
                body, how = served.routes.get(self.path, (b"", "missing"))
                if how == "missing":
                    self.send_error(404)
                    return
                if how == "redirect":
                    self.send_response(302)
                    self.send_header("Location", body.decode())
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if how == "cut":  # the connection drops halfway through the body
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
                self.wfile.write(body)

            def log_message(self, *_: t.Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def served() -> t.Iterator[Served]:
    server = Served()
    yield server
    server.close()


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path]:
    return rsa_keys(tmp_path)


@pytest.fixture
def bundle(run_line: RunLine, tmp_path: Path, keys: tuple[Path, Path]) -> Path:
    """A signed catalog bundle, version 2027.01.15, with the GPU figure changed."""
    folder = changed_catalog(tmp_path / "new-catalog")
    out = tmp_path / "catalog.tar.gz"
    result = run_line(
        [
            "llm-policy",
            "catalog",
            "build",
            "--out",
            str(out),
            "--from",
            str(folder),
            "--signing-key",
            str(keys[0]),
        ]
    )
    assert result.exit_code == 0, result.stderr
    assert f"catalog {NEW_VERSION} ({NEW_DATE}" in result.stderr
    assert "signed RS256" in result.stderr
    return out


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    path = tmp_path / "project" / "llm-project.yaml"
    path.parent.mkdir()
    path.write_text(MANIFEST, encoding="utf-8")
    return path


def update(run_line: RunLine, source: str, key: Path, *extra: str):
    argv = ["llm-policy", "catalog", "update", "--from", source, "--verification-key", str(key)]
    return run_line([*argv, *extra])


def check_json(run_line: RunLine, manifest: Path, *extra: str) -> tuple[int, dict[str, t.Any]]:
    result = run_line(["llm-policy", "check", str(manifest), "--format", "json", *extra])
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, json.loads(result.stdout)


def rules(report: dict[str, t.Any]) -> set[str]:
    (result,) = report["results"]
    return {f["rule"] for f in [*result["violations"], *result["warnings"]]}


def installed(cache: Path) -> list[str]:
    """Every entry of the store folder (versions, the pointer, any leftover)."""
    return sorted(p.name for p in cache.iterdir()) if cache.is_dir() else []


def test_update_from_a_loopback_url_then_check_uses_it_and_catalog_pins_the_shipped_one(
    run_line: RunLine, served: Served, bundle: Path, keys: tuple[Path, Path], manifest, cache
):
    code, before = check_json(run_line, manifest)
    assert code == 0
    assert before["catalog"]["version"] == SHIPPED_VERSION == "2026.12.01.2"
    assert before["catalog"]["date"] == SHIPPED_DATE == "2026-12-01"

    served.routes["/catalogs/latest.tar.gz"] = (bundle.read_bytes(), "ok")
    result = update(run_line, served.url("/catalogs/latest.tar.gz"), keys[1])
    assert result.exit_code == 0, result.stderr
    assert served.requests == ["/catalogs/latest.tar.gz"]
    assert f"catalog {NEW_VERSION} ({NEW_DATE}) installed" in result.stderr
    assert "signature verified; now in force" in result.stderr
    assert installed(cache) == [NEW_VERSION, "current"]
    assert (cache / "current").read_text() == f"{NEW_VERSION}\n"
    # the installed files are the bundle's, as signed
    on_disk = {
        p.relative_to(cache / NEW_VERSION).as_posix(): p.read_bytes()
        for p in (cache / NEW_VERSION).rglob("*")
        if p.is_file()
    }
    assert on_disk == files_of(bundle.read_bytes())

    # every evaluating command now decides with it, and says so in its header
    code, after = check_json(run_line, manifest)
    assert code == 1
    assert after["catalog"]["version"] == NEW_VERSION
    assert after["catalog"]["date"] == NEW_DATE
    assert after["catalog"]["digest"] != before["catalog"]["digest"]
    assert "LLM-DEP-002" in rules(after) and "LLM-DEP-002" not in rules(before)
    version = run_line(["llm-policy", "--version"])
    assert version.stdout.strip().endswith(f", catalog {NEW_VERSION}")

    # --catalog pins the shipped catalog again: by its folder, or by name
    for pin in (str(shipped_catalog_dir()), "shipped"):
        code, pinned = check_json(run_line, manifest, "--catalog", pin)
        assert code == 0
        assert pinned["catalog"] == before["catalog"]
        assert rules(pinned) == rules(before)
    # ... and an installed version by its version, or a bundle file by its path
    for pin in (NEW_VERSION, str(bundle)):
        code, pinned = check_json(run_line, manifest, "--catalog", pin)
        assert (code, pinned["catalog"]) == (1, after["catalog"])

    listing = run_line(["llm-policy", "catalog", "list", "--format", "json"])
    document = json.loads(listing.stdout)
    assert document["current"] == NEW_VERSION
    assert document["inForce"] == {"version": NEW_VERSION, "source": "installed"}
    assert [i["version"] for i in document["installed"]] == [NEW_VERSION]

    # back to the shipped catalog without losing the installed one
    assert run_line(["llm-policy", "catalog", "use", "shipped"]).exit_code == 0
    assert check_json(run_line, manifest)[1]["catalog"] == before["catalog"]
    assert installed(cache) == [NEW_VERSION]
    assert run_line(["llm-policy", "catalog", "use", NEW_VERSION]).exit_code == 0
    assert check_json(run_line, manifest)[1]["catalog"]["version"] == NEW_VERSION


def test_a_second_update_keeps_the_previous_catalog(
    run_line: RunLine, tmp_path: Path, bundle: Path, keys, manifest, cache
):
    assert update(run_line, str(bundle), keys[1]).exit_code == 0
    later = changed_catalog(tmp_path / "later", "2027.02.01", "2027-02-01")
    out = tmp_path / "later.tar.gz"
    built = run_line(
        ["llm-policy", "catalog", "build", "--out", str(out), "--from", str(later),
         "--signing-key", str(keys[0]), "-q"]
    )  # fmt: skip
    assert built.exit_code == 0 and built.stderr == ""
    result = update(run_line, str(out), keys[1])
    assert result.exit_code == 0, result.stderr
    assert f"previous: {NEW_VERSION} (kept)" in result.stderr
    assert installed(cache) == [NEW_VERSION, "2027.02.01", "current"]
    # the same bundle again is no change; an older one is refused unless meant
    again = update(run_line, str(out), keys[1])
    assert again.exit_code == 0 and "already installed" in again.stderr
    older = update(run_line, str(bundle), keys[1])
    assert older.exit_code == 2
    assert "earlier than the catalog in force (2027.02.01" in older.stderr
    assert (cache / "current").read_text() == "2027.02.01\n"
    assert update(run_line, str(bundle), keys[1], "--allow-older").exit_code == 0
    assert (cache / "current").read_text() == f"{NEW_VERSION}\n"


def test_a_tampered_bundle_is_refused_and_nothing_installed(
    run_line: RunLine, served: Served, bundle: Path, keys, tmp_path: Path, manifest, cache
):
    def weaken(models: dict[str, t.Any]) -> dict[str, t.Any]:
        models["llama-3.1-70b"]["gpuMemoryGb"]["int4"] = 1
        return models

    bad = tampered(bundle.read_bytes(), "catalog/models/data.json", weaken)
    served.routes["/catalog.tar.gz"] = (bad, "ok")
    result = update(run_line, served.url("/catalog.tar.gz"), keys[1])
    assert result.exit_code == 2
    assert "refused" in result.stderr
    assert "catalog/models/data.json was changed after it was signed" in result.stderr
    assert installed(cache) == []

    # a file added after signing
    files = files_of(bundle.read_bytes())
    files["catalog/extra/data.json"] = b"{}"
    (tmp_path / "added.tar.gz").write_bytes(build_tarball(files))
    result = update(run_line, str(tmp_path / "added.tar.gz"), keys[1])
    assert result.exit_code == 2
    assert "catalog/extra/data.json is not covered by the signature" in result.stderr

    # signed, but by another key
    _, other_public = rsa_keys(tmp_path, "other")
    result = update(run_line, str(bundle), other_public)
    assert result.exit_code == 2
    assert "the signature does not verify with" in result.stderr

    # not signed at all
    unsigned = tmp_path / "unsigned.tar.gz"
    built = run_line(["llm-policy", "catalog", "build", "--out", str(unsigned), "-q"])
    assert built.exit_code == 0
    result = update(run_line, str(unsigned), keys[1])
    assert result.exit_code == 2
    assert "the bundle is not signed" in result.stderr

    # an OPA policy bundle is not a catalog bundle
    policy_bundle = tmp_path / "policy.tar.gz"
    assert run_line(["llm-policy", "bundle", "build", "--out", str(policy_bundle)]).exit_code == 0
    result = update(run_line, str(policy_bundle), keys[1])
    assert result.exit_code == 2
    assert "files a catalog bundle does not hold" in result.stderr

    assert installed(cache) == []
    code, report = check_json(run_line, manifest)
    assert (code, report["catalog"]["version"]) == (0, SHIPPED_VERSION)


def test_an_interrupted_download_leaves_the_previous_catalog_intact(
    run_line: RunLine, served: Served, bundle: Path, keys, tmp_path: Path, manifest, cache
):
    first = changed_catalog(tmp_path / "first", "2026.12.15", "2026-12-15")
    replace_once(first / "models" / "data.yaml", "int4: 170}", "int4: 42}")
    out = tmp_path / "first.tar.gz"
    built = run_line(
        ["llm-policy", "catalog", "build", "--out", str(out), "--from", str(first),
         "--signing-key", str(keys[0])]
    )  # fmt: skip
    assert built.exit_code == 0, built.stderr
    assert update(run_line, str(out), keys[1]).exit_code == 0
    assert installed(cache) == ["2026.12.15", "current"]

    served.routes["/catalog.tar.gz"] = (bundle.read_bytes(), "cut")
    result = update(run_line, served.url("/catalog.tar.gz"), keys[1])
    assert result.exit_code == 2
    assert "the download was interrupted" in result.stderr
    assert f"of {bundle.stat().st_size} bytes arrived" in result.stderr
    # no partial folder, no leftover, the pointer unchanged
    assert installed(cache) == ["2026.12.15", "current"]
    assert (cache / "current").read_text() == "2026.12.15\n"
    code, report = check_json(run_line, manifest)
    assert (code, report["catalog"]["version"]) == (0, "2026.12.15")

    # the whole bundle, once the network is back
    served.routes["/catalog.tar.gz"] = (bundle.read_bytes(), "ok")
    assert update(run_line, served.url("/catalog.tar.gz"), keys[1]).exit_code == 0
    assert check_json(run_line, manifest)[1]["catalog"]["version"] == NEW_VERSION


def test_a_newer_format_is_refused(
    run_line: RunLine, bundle: Path, keys, tmp_path: Path, manifest, cache
):
    def newer(files: dict[str, bytes]) -> None:
        manifest_file = json.loads(files[".manifest"])
        manifest_file["format"] = 2
        files[".manifest"] = json.dumps(manifest_file).encode()

    future = tmp_path / "future.tar.gz"
    future.write_bytes(resigned(bundle.read_bytes(), keys[0], newer))
    result = update(run_line, str(future), keys[1])
    assert result.exit_code == 2
    assert "catalog bundle format 2 is newer than this llm-policy" in result.stderr
    assert "reads (format 1); upgrade llm-policy" in result.stderr
    assert installed(cache) == []
    pinned = run_line(["llm-policy", "check", str(manifest), "--catalog", str(future)])
    assert pinned.exit_code == 2
    assert "format 2 is newer" in pinned.stderr


def test_only_http_urls_without_redirects(
    run_line: RunLine, served: Served, bundle: Path, keys, cache
):
    served.routes["/old"] = (served.url("/new").encode(), "redirect")
    served.routes["/new"] = (bundle.read_bytes(), "ok")
    result = update(run_line, served.url("/old"), keys[1])
    assert result.exit_code == 2
    assert "redirects (302)" in result.stderr and "give the final URL" in result.stderr
    assert served.requests == ["/old"]  # the target was never asked for

    result = update(run_line, "ftp://127.0.0.1/catalog.tar.gz", keys[1])
    assert result.exit_code == 2
    assert "only http:// and https:// URLs" in result.stderr

    result = update(run_line, served.url("/nothing"), keys[1])
    assert result.exit_code == 2
    assert "answered 404" in result.stderr

    result = update(run_line, served.url("/new"), keys[1], "--max-bytes", "100")
    assert result.exit_code == 2
    assert "more than 100" in result.stderr
    assert installed(cache) == []


def test_catalog_diff_lists_the_changed_field_and_the_changed_decision(
    run_line: RunLine, bundle: Path, manifest: Path
):
    shipped = str(shipped_catalog_dir())
    text = run_line(["llm-policy", "catalog", "diff", shipped, str(bundle), str(manifest)])
    assert text.exit_code == 0, text.stderr
    assert f"{SHIPPED_VERSION} ({SHIPPED_DATE}" in text.stdout
    assert f"-> {NEW_VERSION} ({NEW_DATE}" in text.stdout
    assert "models\n  ~ llama-3.1-70b\n      gpuMemoryGb.int4: 42 -> 170\n" in text.stdout
    assert "1 entry changed, 0 added, 0 removed" in text.stdout
    assert "passed: yes -> no" in text.stdout
    assert "+ LLM-DEP-002 violation at spec.models[0]" in text.stdout
    assert "1 of 1 manifests change" in text.stdout

    out = manifest.parent / "diff.json"
    result = run_line(
        ["llm-policy", "catalog", "diff", "shipped", str(bundle), str(manifest),
         "--format", "json", "-o", str(out)]
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    document = json.loads(out.read_text())
    assert document["catalog"]["version"] == NEW_VERSION  # the header is the head side's run
    assert document["base"]["version"] == SHIPPED_VERSION
    assert document["head"]["version"] == NEW_VERSION
    assert document["facts"]["summary"] == {"added": 0, "removed": 0, "changed": 1}
    assert document["facts"]["changes"] == [
        {
            "document": "models",
            "entry": "llama-3.1-70b",
            "change": "changed",
            "fields": [{"field": "gpuMemoryGb.int4", "old": 42, "new": 170}],
        }
    ]
    (changed,) = document["decisions"]["changed"]
    assert {"field": "passed", "base": True, "head": False} in changed["changes"]
    assert {"rule": "LLM-DEP-002", "path": "spec.models[0]", "kind": "violation"} in changed[
        "findings"
    ]["added"]

    # without manifests: the facts only
    facts = run_line(["llm-policy", "catalog", "diff", "shipped", str(bundle), "-f", "json"])
    assert json.loads(facts.stdout)["decisions"] is None
    same = run_line(["llm-policy", "catalog", "diff", "shipped", shipped])
    assert "no fact changes" in same.stdout


def test_a_lifecycle_date_that_does_not_parse_is_named_with_its_file_and_line(
    run_line: RunLine, tmp_path: Path, keys, bundle: Path, manifest: Path, cache
):
    assert update(run_line, str(bundle), keys[1]).exit_code == 0
    broken = changed_catalog(tmp_path / "broken", "2027.03.01", "2027-03-01")
    lifecycle = broken / "lifecycle" / "data.yaml"
    text = lifecycle.read_text()
    start = text.index("\ngpt-4:\n  openai:\n")
    old = text.index("    retiredOn:", start)
    end = text.index("\n", old)
    lifecycle.write_text(text[:old] + '    retiredOn: "2026-13-01"' + text[end:])
    line = text[: old + 1].count("\n") + 1

    for argv in (
        ["llm-policy", "check", str(manifest), "--catalog", str(broken)],
        ["llm-policy", "catalog", "build", "--out", str(tmp_path / "x.tar.gz"), "--from",
         str(broken)],
    ):  # fmt: skip
        result = run_line(argv)
        assert result.exit_code == 2, result.output
        assert f"{lifecycle}:{line}:" in result.stderr
        assert "lifecycle.gpt-4.openai.retiredOn: '2026-13-01' is not a date" in result.stderr
        assert "ISO date (YYYY-MM-DD) or null" in result.stderr
    assert not (tmp_path / "x.tar.gz").exists()

    # an overlay that writes a bad date is named instead
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(
        'catalog:\n  lifecycle:\n    gpt-4o:\n      openai:\n        deprecatedOn: "soon"\n'
    )
    result = run_line(["llm-policy", "check", str(manifest), "--data", str(overlay)])
    assert result.exit_code == 2
    assert f"{overlay}:5:9: lifecycle.gpt-4o.openai.deprecatedOn: 'soon' is not a date" in (
        result.stderr
    )
    # the installed catalog is still the one in force
    assert check_json(run_line, manifest)[1]["catalog"]["version"] == NEW_VERSION


def test_an_alias_under_two_models_is_named_with_its_file(
    run_line: RunLine, tmp_path: Path, manifest: Path
):
    broken = changed_catalog(tmp_path / "aliased")
    aliases = broken / "aliases" / "data.yaml"
    replace_once(
        aliases,
        "  ids: [gpt-4o, gpt-4o-2024-05-13,",
        "  ids: [gpt-4o, meta-llama/Llama-3.1-70B, gpt-4o-2024-05-13,",
    )
    result = run_line(["llm-policy", "check", str(manifest), "--catalog", str(broken)])
    assert result.exit_code == 2, result.output
    assert f"{aliases}: 'meta-llama/Llama-3.1-70B' names two models" in result.stderr


def test_the_catalog_reaches_every_command_and_the_configuration(
    run_line: RunLine, tmp_path: Path, bundle: Path, manifest: Path
):
    # bundle build: the OPA bundle carries the pinned catalog
    out = tmp_path / "policy.tar.gz"
    result = run_line(
        ["llm-policy", "bundle", "build", "--out", str(out), "--catalog", str(bundle)]
    )
    assert result.exit_code == 0, result.stderr
    catalog = json.loads(files_of(out.read_bytes())["catalog/data.json"])
    assert (catalog["version"], catalog["date"]) == (NEW_VERSION, NEW_DATE)
    assert catalog["models"]["llama-3.1-70b"]["gpuMemoryGb"]["int4"] == 170

    # models
    listed = run_line(["llm-policy", "models", "--format", "json", "--catalog", str(bundle)])
    (llama,) = [m for m in json.loads(listed.stdout) if m["id"] == "llama-3.1-70b"]
    assert llama["gpuMemoryGb"]["int4"] == 170

    # explain and validate name the catalog they used in their header
    for command in ("explain", "recommend"):
        result = run_line(
            ["llm-policy", command, str(manifest), "--format", "json", "--catalog", str(bundle)]
        )
        assert result.exit_code in (0, 1), result.stderr
        assert json.loads(result.stdout)["catalog"]["version"] == NEW_VERSION, command
    validated = run_line(
        ["llm-policy", "validate", str(manifest), "--format", "json", "--catalog", str(bundle)]
    )
    assert json.loads(validated.stdout)["catalog"]["version"] == NEW_VERSION

    # the configuration file may set it (a path relative to the file)
    config = manifest.parent / ".llm-policy.yaml"
    (manifest.parent / "pinned.tar.gz").write_bytes(bundle.read_bytes())
    config.write_text("catalog: pinned.tar.gz\n")
    code, report = check_json(run_line, manifest, "--config", str(config))
    assert (code, report["catalog"]["version"]) == (1, NEW_VERSION)
    for command in (["explain"], ["audit", "--out", str(tmp_path / "audit")]):
        argv = ["llm-policy", *command, str(manifest), "--config", str(config)]
        if command == ["explain"]:
            argv += ["--format", "json"]
        result = run_line(argv)
        assert result.exit_code in (0, 1), result.stderr
    evidence = json.loads((tmp_path / "audit" / "audit.json").read_text())
    assert evidence["evidence"]["catalog"]["version"] == NEW_VERSION
    # a flag wins over the file
    code, report = check_json(run_line, manifest, "--config", str(config), "--catalog", "shipped")
    assert (code, report["catalog"]["version"]) == (0, SHIPPED_VERSION)

    # an unknown version or path is a usage error that says what it looked for
    missing = run_line(["llm-policy", "check", str(manifest), "--catalog", "2099.01.01"])
    assert missing.exit_code == 2
    assert "catalog 2099.01.01 is not installed" in missing.stderr
    nowhere = run_line(["llm-policy", "check", str(manifest), "--catalog", "no/such/folder"])
    assert nowhere.exit_code == 2
    assert "no such folder or bundle file" in nowhere.stderr


def test_a_catalog_missing_a_document_or_version_is_refused(
    run_line: RunLine, tmp_path: Path, manifest: Path
):
    folder = changed_catalog(tmp_path / "partial")
    (folder / "providers" / "data.yaml").unlink()
    result = run_line(["llm-policy", "check", str(manifest), "--catalog", str(folder)])
    assert result.exit_code == 2
    assert "catalog.providers is missing" in result.stderr
    folder = changed_catalog(tmp_path / "badversion")
    set_version(folder, "../escape", NEW_DATE)
    result = run_line(
        ["llm-policy", "catalog", "build", "--out", str(tmp_path / "x.tar.gz"), "--from",
         str(folder)]
    )  # fmt: skip
    assert result.exit_code == 2
    assert "catalog.version '../escape' is not a version" in result.stderr


def test_an_audit_made_before_an_update_still_verifies(
    run_line: RunLine,
    served: Served,
    bundle: Path,
    keys: tuple[Path, Path],
    manifest,
    cache,
    tmp_path,
):
    out = tmp_path / "audit"
    made = run_line(["llm-policy", "audit", str(manifest), "--out", str(out)])
    assert made.exit_code == 0, made.stderr
    served.routes["/catalogs/latest.tar.gz"] = (bundle.read_bytes(), "ok")
    assert update(run_line, served.url("/catalogs/latest.tar.gz"), keys[1]).exit_code == 0
    # another catalog is in force now; the report was made under the shipped one, and says so
    verified = run_line(["llm-policy", "verify", str(out)])
    assert verified.exit_code == 0, verified.stdout
    # the evidence names the catalog the audit was made under
    evidence = json.loads((out / "audit.json").read_text())
    assert evidence["evidence"]["catalog"]["version"] == SHIPPED_VERSION
