"""An OPA server is trusted for nothing it did not prove (issue 12, item 6), through the CLI.

Hostile servers are loopback fakes (tests/opa_fakes.py) whose decisions are the real ones for
the manifest, then changed: each answer below would have been taken for a pass (or a failure
the checker computed itself) before, and is now exit 3 naming the server, with no PASS line,
within the timeout. The digest document is tested on the real OPA: a bundle `llm-policy bundle
build` wrote, loaded by the server, and a push.
"""

from __future__ import annotations

import copy
import io
import json
import tarfile
import time
import typing as t
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from checker.engine.provenance import meta_document
from checker.policy_set import build_policy_set
from tests.acceptance.conftest import EXAMPLES, RunLine
from tests.opa_fakes import META, FakeServer, shipped_meta, start_opa

TIMEOUT = 2.0
ENV = {"LLM_POLICY_OPA_TIMEOUT": f"{TIMEOUT:g}"}
# How long a refused run may take: the timeout, and the start of a run around it.
BOUND = TIMEOUT + 2.0
PASSING = EXAMPLES / "internal-assistant" / "llm-project.yaml"
SECOND_MODEL = """\
    - id: llama-3.1-8b
      hosting: self-hosted
      region: eu
      quantization: int4
"""


@pytest.fixture
def two_models(tmp_path: Path) -> Path:
    """The internal assistant asking for two self-hosted models; it passes."""
    path = tmp_path / "two" / "llm-project.yaml"
    path.parent.mkdir()
    path.write_text(PASSING.read_text() + SECOND_MODEL)
    return path


@pytest.fixture
def serve(fake: t.Callable[..., FakeServer]) -> t.Callable[..., FakeServer]:
    """tests/conftest.py's fake OPA servers, with options (the answer to give)."""
    return fake


def check(
    run_line: RunLine, url: str, manifest: Path, *extra: str, push: bool = False
) -> tuple[t.Any, float]:
    argv = ["llm-policy", "check", str(manifest), "--engine", "opa", "--opa-url", url, *extra]
    started = time.monotonic()
    result = run_line(argv if push else [*argv, "--no-push"], env=ENV)
    return result, time.monotonic() - started


def assert_refused(result: t.Any, elapsed: float, url: str, *needles: str) -> None:
    """Exit 3 naming the server (and `needles`), nothing on stdout, within the bound."""
    assert result.exit_code == 3, (result.exit_code, result.stdout, result.stderr)
    assert "PASS" not in result.stdout and result.stdout == ""
    assert f"error: could not evaluate: OPA server {url}" in result.stderr
    for needle in needles:
        assert needle in result.stderr
    assert "Traceback" not in result.stderr
    assert elapsed < BOUND, f"took {elapsed:.1f}s"


# --- the decision's shape and verdicts --------------------------------------------------------


def _set(path: str, value: t.Any) -> t.Callable[[dict[str, t.Any], t.Any], dict[str, t.Any]]:
    def tamper(decision: dict[str, t.Any], _: t.Any) -> dict[str, t.Any]:
        changed = copy.deepcopy(decision)
        *parents, last = path.split(".")
        target: t.Any = changed
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        target[int(last) if isinstance(target, list) else last] = value
        return changed

    return tamper


def _models(change: t.Callable[[list[t.Any]], list[t.Any]]) -> t.Callable[..., dict[str, t.Any]]:
    def tamper(decision: dict[str, t.Any], _: t.Any) -> dict[str, t.Any]:
        return {**decision, "models": change(copy.deepcopy(decision["models"]))}

    return tamper


def _with_violation(scope: str, **extra: t.Any) -> t.Callable[..., dict[str, t.Any]]:
    # A real rule's finding added; the verdicts left saying everything is allowed.
    finding = {"rule": "LLM-REG-001", "scope": scope, "path": "spec", "message": "m", **extra}

    def tamper(decision: dict[str, t.Any], _: t.Any) -> dict[str, t.Any]:
        return {**decision, "violations": [*decision["violations"], finding]}

    return tamper


def _renumber(models: list[t.Any]) -> list[t.Any]:
    models[0]["index"], models[1]["index"] = 1, 0
    return models


TAMPERED = {
    "pass is text": (_set("pass", "true"), "pass: 'true', expected true or false"),
    "pass is missing": (
        lambda d, _: {k: v for k, v in d.items() if k != "pass"},
        "the decision: missing pass",
    ),
    "violations is an object": (_set("violations", {}), "violations: dict, expected a list"),
    "a finding is text": (_set("warnings", ["LLM-REG-001"]), "warnings[0]: 'LLM-REG-001'"),
    "allowed is a number": (_set("selfHosted.allowed", 1), "selfHosted.allowed: 1"),
    "reasons are not text": (_set("vendorApi.reasons", [1]), "vendorApi.reasons[0]: 1"),
    "an unknown field": (_set("override", True), "the decision: unknown override"),
    "a model verdict missing": (
        _models(lambda m: m[:1]),
        "models: 1 verdicts for 2 requested models",
    ),
    "an extra model verdict": (
        _models(lambda m: [*m, {**m[1], "index": 2}]),
        "models: 3 verdicts for 2 requested models",
    ),
    "indices shuffled": (_models(_renumber), "models[0].index: 1, expected 0"),
    "verdicts in another order": (
        _models(lambda m: [{**m[1], "index": 0}, {**m[0], "index": 1}]),
        "models[0].id: 'llama-3.1-8b', expected 'llama-3.1-70b'",
    ),
    "another model's hosting": (
        _set("models.1.hosting", "vendor-api"),
        "models[1].hosting: 'vendor-api', expected 'self-hosted'",
    ),
    "an index that is a boolean": (_set("models.1.index", True), "models[1].index: True"),
    "pass=true with a project violation": (
        _with_violation("project"),
        "pass: true, but the decision's own findings give false",
    ),
    "pass=true with a violation of model 1": (
        _with_violation("model", model=1),
        "pass: true, but the decision's own findings give false",
    ),
    "a mode allowed despite its violation": (
        lambda d, m: {
            **_with_violation("vendor-api")(d, m),
            "vendorApi": {"allowed": True, "reasons": []},
        },
        "vendorApi.allowed: true, but the decision's own findings give false",
    ),
    "a model denied without a violation": (
        _set("models.0.allowed", False),
        "models[0].allowed: false, but the decision's own findings give true",
    ),
    "a recommendation the verdicts do not give": (
        _set("recommendation", "vendor-api"),
        "recommendation: 'vendor-api', but the decision's own findings give 'self-hosted'",
    ),
    "an unknown preference": (_set("preference", "cheapest"), "preference: 'cheapest'"),
}


def test_the_real_decision_untouched_passes(
    run_line: RunLine, serve: t.Callable[..., FakeServer], two_models: Path
) -> None:
    # The control: the fake's own answer is a decision the checker accepts.
    server = serve("decide")
    result, _ = check(run_line, server.url, two_models)
    assert result.exit_code == 0, result.stderr
    assert "PASS" in result.stdout and "warning" not in result.stderr


@pytest.mark.parametrize("case", sorted(TAMPERED))
def test_a_decision_that_does_not_add_up_is_exit_3(
    run_line: RunLine, serve: t.Callable[..., FakeServer], two_models: Path, case: str
) -> None:
    tamper, field = TAMPERED[case]
    server = serve("decide", tamper=tamper)
    result, elapsed = check(run_line, server.url, two_models)
    assert_refused(result, elapsed, server.url, "returned a malformed decision", field)


# --- redirects --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "path", "extra", "what"),
    [
        (302, "/v1/data/llm/decision", (), "the decision query"),
        (307, "/v1/data/llm/decision", (), "the decision query"),
        (302, "/health", (), "the health check"),
        (301, META, (), "reading its digest document"),
        (307, "/v1/data/catalog", ("push",), "loading data.catalog"),
    ],
)
def test_a_redirect_is_never_followed(
    run_line: RunLine,
    serve: t.Callable[..., FakeServer],
    status: int,
    path: str,
    extra: tuple[str, ...],
    what: str,
) -> None:
    # The server it points to answers well; the checker must not ask it.
    good = serve("decide", fixed_input=_manifest(PASSING))
    server = serve("redirect", redirect_to=good.url, redirect_status=status, redirect_path=path)
    result, elapsed = check(run_line, server.url, PASSING, push="push" in extra)
    assert_refused(
        result, elapsed, server.url, f"redirected (HTTP {status} to '{good.url}{path}", what
    )
    assert good.seen == []


def _manifest(path: Path) -> dict[str, t.Any]:
    from checker.loader import load_manifest

    return t.cast(dict[str, t.Any], t.cast(t.Any, load_manifest(path)).data)


# --- the deadline and the size of an answer ---------------------------------------------------


@pytest.mark.parametrize("mode", ["trickle-body", "trickle-headers"])
def test_a_trickled_answer_ends_within_the_timeout(
    run_line: RunLine, serve: t.Callable[..., FakeServer], mode: str
) -> None:
    # A byte every half second keeps every read well inside the timeout, and the whole answer
    # (a real, passing decision) would arrive after 8 s: the deadline is for the request.
    server = serve(mode, trickle_gap=0.5, trickle_for=8.0)
    result, elapsed = check(run_line, server.url, PASSING)
    assert_refused(
        result, elapsed, server.url, f"did not answer the decision query within {TIMEOUT:g}s"
    )


@pytest.mark.parametrize("mode", ["huge", "endless"])
def test_an_answer_past_the_cap_is_exit_3(
    run_line: RunLine, serve: t.Callable[..., FakeServer], mode: str
) -> None:
    # A real decision padded to 20 MiB, with a Content-Length (huge) or read until the server
    # closes (endless): refused at 8 MiB, never read whole.
    server = serve(mode)
    result, elapsed = check(run_line, server.url, PASSING)
    assert_refused(result, elapsed, server.url, "larger than the 8388608 bytes allowed")


# --- which policies decided: the digest document ----------------------------------------------


def test_a_server_without_the_digest_document_is_exit_3(
    run_line: RunLine, serve: t.Callable[..., FakeServer]
) -> None:
    server = serve("decide", meta=None)
    result, elapsed = check(run_line, server.url, PASSING)
    assert_refused(
        result, elapsed, server.url, "has no llm-policy digest document", "llm-policy bundle build"
    )
    assert not [s for s in server.seen if s.startswith("POST")]  # no decision asked


@pytest.mark.parametrize(
    ("meta", "field"),
    [
        ({"policyDigest": "sha256:abc"}, "must have exactly"),
        ({**shipped_meta(), "policyDigest": "sha256:" + "x" * 64}, "policyDigest is not"),
        ({**shipped_meta(), "catalogVersion": "1\x1b[31m"}, "catalogVersion is not a version"),
        ("sha256:" + "0" * 64, "is not an object"),
    ],
)
def test_a_malformed_digest_document_is_exit_3(
    run_line: RunLine, serve: t.Callable[..., FakeServer], meta: t.Any, field: str
) -> None:
    server = serve("decide", meta=meta)
    result, elapsed = check(run_line, server.url, PASSING)
    assert_refused(result, elapsed, server.url, "malformed digest document", field)


def test_a_bundle_activated_during_the_run_is_exit_3(
    run_line: RunLine, serve: t.Callable[..., FakeServer]
) -> None:
    server = serve(
        "decide", meta_bundles={"llm-policy": "r1"}, decision_bundles={"llm-policy": "r2"}
    )
    result, elapsed = check(run_line, server.url, PASSING)
    assert_refused(result, elapsed, server.url, "llm-policy r1, now llm-policy r2", "rollout")
    steady = serve(
        "decide", meta_bundles={"llm-policy": "r1"}, decision_bundles={"llm-policy": "r1"}
    )
    result, _ = check(run_line, steady.url, PASSING)
    assert result.exit_code == 0, result.stderr


# --- the real OPA -----------------------------------------------------------------------------

OVERLAY = "settings: {gpuMemoryHeadroom: 1.5}\n"


def build_bundle(run_line: RunLine, out: Path, *extra: str) -> Path:
    built = run_line(["llm-policy", "bundle", "build", "--out", str(out), *extra])
    assert built.exit_code == 0, built.stderr
    return out


def without_member(bundle: Path, out: Path, name: str) -> Path:
    """A copy of `bundle` without one file (a bundle from before the digest document)."""
    with tarfile.open(bundle) as source, tarfile.open(out, "w:gz") as target:
        for member in source.getmembers():
            if member.name != name:
                data = t.cast(t.IO[bytes], source.extractfile(member)).read()
                target.addfile(member, io.BytesIO(data))
    return out


@pytest.fixture
def opa_with(opa_binary: str) -> Iterator[t.Callable[..., str]]:
    processes = []

    def start(*args: str) -> str:
        process, url = start_opa(opa_binary, *args)
        processes.append(process)
        return url

    yield start
    for process in processes:
        process.kill()
        process.wait(5)


def report_of(result: t.Any) -> dict[str, t.Any]:
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr)
    return t.cast(dict[str, t.Any], json.loads(result.stdout))


def test_a_bundle_with_the_local_policies_is_named_without_a_warning(
    run_line: RunLine, opa_with: t.Callable[..., str], tmp_path: Path
) -> None:
    url = opa_with("--bundle", str(build_bundle(run_line, tmp_path / "b.tar.gz")))
    result, _ = check(run_line, url, PASSING, "-f", "json")
    report = report_of(result)
    local = meta_document(build_policy_set())
    assert report["policy"]["digest"] == local["policyDigest"]
    assert report["catalog"]["digest"] == local["catalogDigest"]
    assert "warning" not in result.stderr


def test_a_bundle_of_other_policies_is_named_and_warned_about(
    run_line: RunLine, opa_with: t.Callable[..., str], tmp_path: Path
) -> None:
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(OVERLAY)
    bundle = build_bundle(run_line, tmp_path / "b.tar.gz", "--data", str(overlay))
    url = opa_with("--bundle", str(bundle))
    server = meta_document(build_policy_set((), [overlay]))
    local = meta_document(build_policy_set())
    assert server["policyDigest"] != local["policyDigest"]
    result, _ = check(run_line, url, PASSING, "-f", "json")
    report = report_of(result)
    # The report names the policies that decided (the server's), not the local ones.
    assert report["policy"]["digest"] == server["policyDigest"]
    assert report["catalog"]["digest"] == server["catalogDigest"]
    assert f"warning: OPA server {url} decides with other policies than the local ones" in (
        result.stderr
    )
    assert f"policy {server['policyDigest']}, here {local['policyDigest']}" in result.stderr
    markdown, _ = check(run_line, url, PASSING, "-f", "markdown")
    assert f"policy {server['policyDigest'][:19]}" in markdown.stdout  # its header line


def test_audit_evidence_and_verify_show_the_servers_digest(
    run_line: RunLine, opa_with: t.Callable[..., str], tmp_path: Path
) -> None:
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(OVERLAY)
    url = opa_with(
        "--bundle", str(build_bundle(run_line, tmp_path / "b.tar.gz", "--data", str(overlay)))
    )
    server = meta_document(build_policy_set((), [overlay]))["policyDigest"]
    out = tmp_path / "audit"
    argv = ["llm-policy", "audit", str(PASSING), "--out", str(out), "--engine", "opa"]
    audited = run_line([*argv, "--opa-url", url, "--no-push"], env=ENV)
    assert audited.exit_code == 0, audited.stderr
    evidence = json.loads((out / "audit.json").read_text())["evidence"]
    assert evidence["policy"]["digest"] == server
    # verify recomputes the local digest and names the difference: the server decided.
    verified = run_line(["llm-policy", "verify", str(out)])
    assert verified.exit_code == 1
    assert server.removeprefix("sha256:")[:16] in verified.stdout + verified.stderr


def test_a_bundle_without_the_digest_document_is_exit_3(
    run_line: RunLine, opa_with: t.Callable[..., str], tmp_path: Path
) -> None:
    bundle = build_bundle(run_line, tmp_path / "b.tar.gz")
    old = without_member(bundle, tmp_path / "old.tar.gz", "llm/meta/data.json")
    url = opa_with("--bundle", str(old))
    result, elapsed = check(run_line, url, PASSING)
    assert_refused(
        result, elapsed, url, "has no llm-policy digest document", "llm-policy bundle build"
    )


def test_a_push_carries_the_digest_document(
    run_line: RunLine, opa_with: t.Callable[..., str], tmp_path: Path
) -> None:
    url = opa_with()
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(OVERLAY)
    pushed, _ = check(run_line, url, PASSING, "-f", "json", "--data", str(overlay), push=True)
    server = meta_document(build_policy_set((), [overlay]))
    assert report_of(pushed)["policy"]["digest"] == server["policyDigest"]
    assert "warning" not in pushed.stderr
    with urllib.request.urlopen(f"{url}{META}", timeout=5) as answer:
        assert json.load(answer)["result"] == server
    # A later --no-push run without the overlay names what the server holds, and warns.
    result, _ = check(run_line, url, PASSING, "-f", "json")
    assert report_of(result)["policy"]["digest"] == server["policyDigest"]
    assert "decides with other policies than the local ones" in result.stderr
    # Pushing the local policies replaces the document; then no warning.
    check(run_line, url, PASSING, push=True)
    result, _ = check(run_line, url, PASSING, "-f", "json")
    assert report_of(result)["policy"]["digest"] == build_policy_set().digest
    assert "warning" not in result.stderr
