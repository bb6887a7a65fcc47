"""`llm-policy audit` and `llm-policy verify` through the real CLI."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import uuid

import pytest
from markdown_it import MarkdownIt

from checker.metadata import read_metadata
from checker.policy_set import build_policy_set
from tests.acceptance.conftest import EXAMPLES, ROOT
from tests.keys import write_keypair

TIMESTAMP = "2025-01-31T12:00:00Z"
REPORT_FILES = ("audit.json", "audit.html", "audit.md", "audit.sha256")


@pytest.fixture
def audit(run_line, tmp_path):
    """Run `llm-policy audit PATHS --out DIR --timestamp T [args]`; return (result, DIR)."""

    def run(*paths, out=None, args=(), timestamp=TIMESTAMP):
        out = out or tmp_path / "audit"
        stamp = ["--timestamp", timestamp] if timestamp else []
        result = run_line(
            ["llm-policy", "audit", *map(str, paths), "--out", str(out), *stamp, *args]
        )
        return result, out

    return run


@pytest.fixture
def verify(run_line):
    def run(out, *args):
        return run_line(["llm-policy", "verify", str(out), *map(str, args)])

    return run


def shows(result, mark, subject, detail=""):
    """Whether verify printed the line `  MARK  SUBJECT  DETAIL...`."""
    pattern = rf"^  {re.escape(mark)} +{re.escape(subject)} +{re.escape(detail)}"
    return re.search(pattern, result.stdout, re.M) is not None


def copy_example(tmp_path, name="internal-assistant"):
    target = tmp_path / "repo" / name
    shutil.copytree(EXAMPLES / name, target)
    return target


def test_audit_of_examples_writes_the_report_and_verify_passes(audit, verify, run_json):
    result, out = audit("examples/")
    assert result.exit_code == 1, result.output  # some examples fail on purpose
    for name in REPORT_FILES:
        assert (out / name).is_file(), name
    assert not (out / "audit.sha256.sig").exists()
    assert "audit FAIL: 12 of 21 projects pass" in result.stdout

    doc = json.loads((out / "audit.json").read_text())
    # the audit judges as of its timestamp's day, so check is asked about that day too
    _, checked = run_json(["llm-policy", "check", "examples/", "--as-of", TIMESTAMP[:10]])
    evidence = doc["evidence"]
    assert evidence["timestamp"] == TIMESTAMP
    assert uuid.UUID(evidence["reportId"]).version == 5
    assert evidence["tool"] == checked["tool"] and evidence["engine"] == checked["engine"]
    assert evidence["policy"]["digest"] == checked["policy"]["digest"]
    assert re.fullmatch(r"[0-9a-f]{40}|unknown", evidence["git"]["commit"])
    assert evidence["git"]["dirty"] in (True, False, None)
    manifests = {m["path"]: m["sha256"] for m in evidence["manifests"]}
    assert len(manifests) == len(checked["results"]) == 21
    for path, digest in manifests.items():
        assert hashlib.sha256((ROOT / path).read_bytes()).hexdigest() == digest
    # the audit decides exactly as check does
    assert [(r["manifest"], r["passed"]) for r in doc["results"]] == [
        (r["manifest"], r["passed"]) for r in checked["results"]
    ]
    # every rule of the policy set is in the appendix, passed ones too
    rules = read_metadata(build_policy_set().sources)
    assert [r["id"] for r in doc["rules"]] == sorted(rules)
    for rule in doc["rules"]:  # 20 valid manifests, each rule in one outcome for each
        fired = rule["failedIn"] + rule["reportedIn"] + rule["waivedIn"]
        assert rule["passedIn"] + len(fired) == 20, rule["id"]
    assert all(
        e["entry"].get("checked") and e["entry"].get("sources") for e in doc["catalog"]["models"]
    )

    verified = verify(out)
    assert verified.exit_code == 0, verified.output
    assert verified.stdout.splitlines()[-1].startswith("intact: sha256:")
    assert "ALTERED" not in verified.stdout


@pytest.mark.parametrize(
    ("name", "before", "after"),
    [
        ("audit.json", '"exitCode": 1', '"exitCode": 0'),
        ("audit.html", ">not allowed<", ">now allowed<"),
        (
            "audit.html",
            '<span class="badge fail">FAIL</span>',
            '<span class="badge fail">FAIR</span>',
        ),
        ("audit.md", "| not allowed |", "| now allowed |"),
        ("audit.md", "❌ FAIL", "❌ PAIL"),
    ],
)
def test_a_one_character_edit_of_a_verdict_is_caught_and_named(audit, verify, name, before, after):
    _, out = audit("examples/")
    text = (out / name).read_text(encoding="utf-8")
    assert before in text
    edited = text.replace(before, after, 1)
    assert len(text) == len(edited)
    assert sum(a != b for a, b in zip(text, edited, strict=True)) == 1
    (out / name).write_text(edited, encoding="utf-8")

    verified = verify(out)
    assert verified.exit_code == 1, verified.output
    assert shows(verified, "ALTERED", name, "sha256 is ")
    assert verified.stdout.splitlines()[-1].startswith(f"ALTERED: {name}")
    untouched = [n for n in ("audit.json", "audit.html", "audit.md") if n != name]
    for other in untouched:
        assert shows(verified, "ok", other, "sha256 ")


def test_a_rewritten_seal_does_not_hide_an_edited_rendering(audit, verify):
    # Without a signature anyone can rewrite the seal; the renderings must still match audit.json.
    _, out = audit("examples/")
    html = out / "audit.html"
    html.write_text(html.read_text().replace(">not allowed<", ">now allowed<", 1))
    seal = (out / "audit.sha256").read_text()
    old = hashlib.sha256(html.read_bytes()).hexdigest()
    seal = re.sub(r"^[0-9a-f]{64}(?=  audit\.html$)", old, seal, flags=re.M)
    (out / "audit.sha256").write_text(seal)
    verified = verify(out)
    assert verified.exit_code == 1
    assert shows(verified, "ok", "audit.html", "sha256")
    assert shows(verified, "ALTERED", "audit.html from audit.json", "differs")


def test_changed_or_missing_manifests(audit, verify, tmp_path):
    example = copy_example(tmp_path)
    manifest = example / "llm-project.yaml"
    result, out = audit(example)
    assert result.exit_code == 0, result.output  # a passing project: audit exits 0
    assert verify(out).exit_code == 0
    manifest.write_text(manifest.read_text().replace("gpuMemoryGb: 160", "gpuMemoryGb: 180"))
    verified = verify(out)
    assert verified.exit_code == 1
    assert shows(verified, "ALTERED", f"manifest {manifest}", "sha256 is ")
    assert verified.stdout.splitlines()[-1] == f"ALTERED: manifest {manifest}"
    manifest.unlink()
    verified = verify(out)
    assert verified.exit_code == 0  # gone is not altered: reports outlive checkouts
    assert shows(verified, "-", f"manifest {manifest}", "not present")
    assert "1 not checked" not in verified.stdout and "2 not checked" in verified.stdout


def write_org_policies(folder):
    (folder / "rules").mkdir(parents=True)
    (folder / "rules" / "acme.rego").write_text(
        "package llm.rules.acme\n\n# Organisation rules will go here.\nplaceholder := true\n"
    )
    (folder / "settings").mkdir()
    (folder / "settings" / "data.yaml").write_text("approvedProviders: []\n")


def test_changed_policies_are_named(audit, verify, tmp_path):
    org = tmp_path / "org-policies"
    write_org_policies(org)
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text("settings: {gpuMemoryHeadroom: 1.0}\n")
    result, out = audit(copy_example(tmp_path), args=("--policies", org, "--data", overlay))
    assert result.exit_code == 0, result.output
    assert verify(out).exit_code == 0
    (org / "rules" / "acme.rego").write_text("package llm.rules.acme\n\nplaceholder := false\n")
    overlay.write_text("settings: {gpuMemoryHeadroom: 2.0}\n")
    verified = verify(out)
    assert verified.exit_code == 1
    assert shows(verified, "ALTERED", f"policy file {org}/rules/acme.rego", "sha256 is ")
    assert shows(verified, "ALTERED", f"policy file {overlay}", "sha256 is ")
    assert shows(verified, "ALTERED", "policies", "digest is ")
    assert not re.search(r"ALTERED +policy file policies/", verified.stdout)


def test_verify_from_elsewhere_with_root(audit, verify, run_line, tmp_path, monkeypatch):
    project = tmp_path / "project"
    copy_example(project)
    write_org_policies(project / "org")
    monkeypatch.chdir(project)  # audit with paths relative to the project folder
    result, out = audit("repo/", args=("--policies", "org"))
    assert result.exit_code == 0, result.output
    doc = json.loads((out / "audit.json").read_text())
    assert doc["evidence"]["manifests"][0]["path"] == "repo/internal-assistant/llm-project.yaml"
    assert doc["evidence"]["policy"]["policies"] == ["org"]
    monkeypatch.chdir(ROOT)
    verified = verify(out, "--root", project)
    assert verified.exit_code == 0, verified.output
    assert shows(verified, "ok", "policies", "digest")
    assert re.search(
        r"^  ok +manifest repo/internal-assistant/llm-project\.yaml", verified.stdout, re.M
    )
    unrooted = verify(out)  # from the repository root, the relative paths lead nowhere
    assert unrooted.exit_code == 0 and "not present under ." in unrooted.stdout


HOSTILE = (
    "<script>alert(1)</script> | `x` # [click](javascript:alert(1)) <img src=x onerror=alert(1)>"
)


def test_manifest_markup_is_escaped_in_html_and_harmless_in_markdown(audit, tmp_path):
    example = copy_example(tmp_path)
    manifest = example / "llm-project.yaml"
    text = manifest.read_text()
    line = next(x for x in text.splitlines() if x.strip().startswith("description:"))
    manifest.write_text(text.replace(line, f"  description: {json.dumps(HOSTILE)}"))
    result, out = audit(example)
    assert result.exit_code == 0, result.output
    (recorded,) = json.loads((out / "audit.json").read_text())["results"]
    assert recorded["facts"]["metadata"]["description"] == HOSTILE

    html = (out / "audit.html").read_text()
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript' not in html

    md = (out / "audit.md").read_text()
    assert r"\<script\>alert(1)\</script\>" in md
    rendered = MarkdownIt("commonmark").enable("table").render(md)
    assert "<script" not in rendered and "<img" not in rendered
    assert "javascript:" not in "".join(re.findall(r'href="([^"]*)"', rendered))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered


def test_same_inputs_and_timestamp_give_identical_bytes(audit, tmp_path, run_line):
    examples = tmp_path / "examples"  # outside any repository: git evidence is "unknown"
    shutil.copytree(EXAMPLES, examples)
    first, one = audit(examples, out=tmp_path / "one")
    second, two = audit(examples, out=tmp_path / "two")
    assert first.exit_code == second.exit_code == 1
    for name in REPORT_FILES:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
    doc = json.loads((one / "audit.json").read_text())
    assert doc["evidence"]["git"] == {"commit": "unknown", "dirty": None, "uncommitted": []}

    _, later = audit(examples, out=tmp_path / "later", timestamp="2025-02-01T00:00:00Z")
    other = json.loads((later / "audit.json").read_text())
    assert other["evidence"]["reportId"] != doc["evidence"]["reportId"]

    # SOURCE_DATE_EPOCH stands in for --timestamp (1738324800 = 2025-01-31T12:00:00Z)
    epoch = run_line(
        ["llm-policy", "audit", str(examples), "--out", str(tmp_path / "epoch")],
        env={"SOURCE_DATE_EPOCH": "1738324800"},
    )
    assert epoch.exit_code == 1
    for name in REPORT_FILES:
        assert (tmp_path / "epoch" / name).read_bytes() == (one / name).read_bytes(), name


def test_signing_round_trip_and_wrong_key(audit, verify, tmp_path):
    private, public = write_keypair(tmp_path, "audit-key")
    _, other = write_keypair(tmp_path, "other-key")
    example = copy_example(tmp_path)
    result, out = audit(example, args=("--sign-key", private))
    assert result.exit_code == 0, result.output
    signature = (out / "audit.sha256.sig").read_bytes()
    assert len(signature) == 64 and "sealed and signed" in result.stdout

    good = verify(out, "--key", public)
    assert good.exit_code == 0, good.output
    assert shows(good, "ok", "signature", "Ed25519, valid")
    unchecked = verify(out)  # a signature left unchecked is no pass (see test_verify_fail_closed)
    assert unchecked.exit_code == 1 and "signed, but not checked: pass --key" in unchecked.stdout

    wrong = verify(out, "--key", other)
    assert wrong.exit_code == 1
    assert shows(wrong, "ALTERED", "signature", "does not match")

    # Rewriting a file and its seal line is caught by the signature.
    md = out / "audit.md"
    md.write_text(md.read_text().replace("| allowed |", "| alloweD |", 1))
    seal = out / "audit.sha256"
    digest = hashlib.sha256(md.read_bytes()).hexdigest()
    seal.write_text(re.sub(r"^[0-9a-f]{64}(?=  audit\.md$)", digest, seal.read_text(), flags=re.M))
    forged = verify(out, "--key", public)
    assert forged.exit_code == 1
    assert shows(forged, "ALTERED", "signature", "does not match")

    # Signing is deterministic, and an unsigned re-run removes the stale signature.
    _, again = audit(example, out=tmp_path / "again", args=("--sign-key", private))
    assert (again / "audit.sha256.sig").read_bytes() == signature
    audit(example, out=again)
    assert not (again / "audit.sha256.sig").exists()
    missing = verify(again, "--key", public)
    assert missing.exit_code == 1 and "audit.sha256.sig is missing" in missing.stdout


def test_the_signature_checks_with_openssl(audit, tmp_path):
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl not installed (optional: the docs' independent check)")
    private, public = write_keypair(tmp_path, "k")
    _, out = audit(copy_example(tmp_path), args=("--sign-key", private))
    done = subprocess.run(
        [openssl, "pkeyutl", "-verify", "-pubin", "-inkey", str(public), "-rawin",
         "-in", str(out / "audit.sha256"), "-sigfile", str(out / "audit.sha256.sig")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if "rawin" in done.stderr and done.returncode != 0:
        pytest.skip(f"this openssl cannot verify Ed25519 raw input: {done.stderr.strip()}")
    assert done.returncode == 0 and "Signature Verified Successfully" in done.stdout


def test_usage_errors_exit_2_and_write_nothing(audit, verify, run_line, tmp_path):
    bad_time, out = audit("examples/internal-assistant", timestamp="last tuesday")
    assert bad_time.exit_code == 2 and "ISO 8601" in bad_time.stderr
    assert not out.exists()
    garbage = tmp_path / "key.pem"
    garbage.write_text("not a key\n")
    bad_key, out = audit("examples/internal-assistant", args=("--sign-key", garbage))
    assert bad_key.exit_code == 2 and "not a PEM private key" in bad_key.stderr
    assert not out.exists()
    private, _ = write_keypair(tmp_path, "k")
    _, out = audit("examples/internal-assistant")
    wrong_half = verify(out, "--key", private)
    assert wrong_half.exit_code == 2 and "not a PEM public key" in wrong_half.stderr
    nowhere = verify(tmp_path / "nowhere")
    assert nowhere.exit_code == 2 and "no such folder" in nowhere.stderr
    (tmp_path / "empty").mkdir()
    empty = verify(tmp_path / "empty")
    assert empty.exit_code == 2 and "no audit report here" in empty.stderr
    for result in (bad_time, bad_key, wrong_half, nowhere, empty):
        assert "Traceback" not in result.output


def test_a_missing_or_broken_seal_fails_verification(audit, verify):
    _, out = audit("examples/internal-assistant")
    seal = out / "audit.sha256"
    seal.write_text(seal.read_text() + "not a seal line\n")
    broken = verify(out)
    assert broken.exit_code == 1 and re.search(r"ALTERED +audit\.sha256 +malformed", broken.stdout)
    seal.unlink()
    missing = verify(out)
    assert missing.exit_code == 1 and "ALTERED: audit.sha256" in missing.stdout


def test_help_has_examples(run_line):
    for command in ("audit", "verify"):
        result = run_line(["llm-policy", command, "--help"])
        assert result.exit_code == 0 and "Examples:" in result.stdout


def test_check_does_not_load_jinja2_or_cryptography():
    code = (
        "import sys\n"
        "from checker.cli.main import main\n"
        "try:\n"
        "    main(['check', 'examples/internal-assistant', '--format', 'json'])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n"
        "loaded = sorted(m for m in ('jinja2', 'cryptography', 'markupsafe') if m in sys.modules)\n"
        "print('LOADED', loaded)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "LOADED []"


WAIVERS = """\
waivers:
  - rule: LLM-DATA-001
    project: merger-memo-summarizer
    reason: Legal signed off the pilot <TICKET-12>
    approver: legal@example.com
    expires: 2025-03-01
"""


def test_waivers_are_shown_judged_at_the_report_date_and_verified(audit, verify, tmp_path):
    example = copy_example(tmp_path, "restricted-to-vendor")
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(WAIVERS)
    args = ("--waivers", waivers)
    _, live = audit(example, out=tmp_path / "live", args=args, timestamp="2025-03-01T23:00:00Z")
    doc = json.loads((live / "audit.json").read_text())
    assert doc["evidence"]["waivers"] == {
        "path": str(waivers),
        "sha256": hashlib.sha256(WAIVERS.encode()).hexdigest(),
        "asOf": "2025-03-01",
    }
    waived = [f for f in doc["results"][0]["findings"] if f["status"] == "waived"]
    assert waived and {f["rule"] for f in waived} == {"LLM-DATA-001"}
    assert all(f["waiver"]["approver"] == "legal@example.com" for f in waived)
    html = (live / "audit.html").read_text()
    shown = "Legal signed off the pilot &lt;TICKET-12&gt;; approved by legal@example.com"
    assert f"{shown}; expires 2025-03-01" in html
    md = (live / "audit.md").read_text()
    assert r"Waiver: Legal signed off the pilot \<TICKET-12\>; approved by legal@example.com" in md

    # The day after the expiry date the waiver no longer holds, and the report says why.
    later = "2025-03-02T00:00:00Z"
    _, expired = audit(example, out=tmp_path / "expired", args=args, timestamp=later)
    doc = json.loads((expired / "audit.json").read_text())
    data = [f for f in doc["results"][0]["findings"] if f["rule"] == "LLM-DATA-001"]
    assert all("waiver" not in f for f in data)
    failing = [f for f in data if f["status"] == "fails"]
    assert failing and all(f["expiredWaiver"]["expires"] == "2025-03-01" for f in failing)
    assert "Expired waiver" in (expired / "audit.html").read_text()

    assert verify(live).exit_code == 0
    waivers.write_text(WAIVERS.replace("2025-03-01", "2026-03-01"))
    verified = verify(live)
    assert verified.exit_code == 1
    assert shows(verified, "ALTERED", f"waivers {waivers}", "sha256 is ")

    _, none = audit(example, out=tmp_path / "none", args=("--no-waivers",))
    assert json.loads((none / "audit.json").read_text())["evidence"]["waivers"] is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda doc: doc["evidence"].update(manifests=[5], policy=[1]),
        lambda doc: doc.pop("summary"),
        lambda doc: doc.update(evidence="gone"),
    ],
)
def test_a_hand_edited_audit_json_is_altered_never_a_crash(audit, verify, damage):
    _, out = audit("examples/internal-assistant")
    doc = json.loads((out / "audit.json").read_text())
    damage(doc)
    (out / "audit.json").write_text(json.dumps(doc))
    verified = verify(out)
    assert verified.exit_code == 1, verified.output
    names = verified.stdout.splitlines()[-1].removeprefix("ALTERED: ").split(", ")
    assert names[0] == "audit.json" and set(names) <= {"audit.json", "report id"}, names
    assert "unexpected" not in verified.output
