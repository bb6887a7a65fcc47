"""`llm-policy verify` fails closed, through the real CLI (issue 12, item 8).

The attacker here can rewrite every unsigned file of a report folder: they edit a field of
audit.json's evidence, re-render audit.html and audit.md from it with llm-policy's own renderer
and recompute the seal (audit.sha256), as `sha256sum` would. Two strengths:

- **stale id**: the report id is left as `audit` derived it. Every edit must fail, and the
  report id check must name it (for a field verify can recompute, that check too);
- **recomputed id**: the attacker also re-derives the report id (the algorithm is public). A
  field verify can recompute (hashes, digests, names it can hold against the results and the
  files) must still fail, named by its own check. The other fields (the timestamp, the git state,
  the tool and engine versions, the threshold, the waivers path) are then only protected by a
  signature checked with `--key`: that is why a signed report no longer verifies without one.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import re
import shlex
import shutil
import subprocess
import typing as t

import pytest

from checker.audit import REPORT_FILES
from checker.audit.document import dump_document
from checker.audit.evidence import report_id
from checker.audit.report_files import render_files
from tests.acceptance.conftest import EXAMPLES
from tests.keys import write_keypair

TIMESTAMP = "2025-01-31T12:00:00Z"
WAIVERS = """\
waivers:
  - rule: LLM-DATA-001
    project: merger-memo-summarizer
    reason: Legal signed off the pilot
    approver: legal@example.com
    expires: 2025-03-01
"""

Path = tuple[str | int, ...]

# Evidence fields (by path prefix) that verify recomputes, and the check that must name an edit
# even when the attacker re-derived the report id.
RECOMPUTED: dict[Path, str] = {
    ("tool", "name"): r"evidence tool\.name",
    ("catalog",): r"catalog",
    ("asOf",): r"evidence asOf",
    ("waivers", "asOf"): r"evidence asOf",
    ("waivers", "sha256"): r"waivers /",
    ("policy", "digest"): r"policies",
    ("policy", "policies"): r"evidence policy",
    ("policy", "data"): r"evidence policy",
    ("policy", "files"): r"policy file ",
    ("manifests",): r"manifest /|evidence manifests",
    # the gate (where the threshold, policies, overlays and waivers came from) restates them
    **{("gate", part, "value"): r"evidence gate" for part in ("failOn", "policies", "data")},
    ("gate", "waivers", "value"): r"evidence gate",
    ("gate", "loosened"): r"loosened settings",
}
# Fields verify cannot recompute (they describe the moment and the machine of the audit): the
# report id check catches their edit; a re-derived id needs the signature to be caught.
ONLY_THE_REPORT_ID: tuple[Path, ...] = (
    ("reportId",),
    ("timestamp",),
    ("tool", "version"),
    ("engine",),
    ("waivers", "path"),
    ("git",),
    ("failOn",),
    ("gate", "configuration"),
    *(("gate", part, "source") for part in ("failOn", "policies", "data", "waivers")),
)


def classify(path: Path) -> str | None:
    """The check that must catch an edit of `path` with a re-derived id; None: only the id."""
    for prefix, subject in RECOMPUTED.items():
        if path[: len(prefix)] == prefix:
            return subject
    if any(path[: len(prefix)] == prefix for prefix in ONLY_THE_REPORT_ID):
        return None
    pytest.fail(
        f"evidence field {path} is new: add it to RECOMPUTED (and make verify recompute it) or to"
        " ONLY_THE_REPORT_ID"
    )


def leaves(value: t.Any, path: Path = ()) -> t.Iterator[tuple[Path, t.Any]]:
    """Every leaf of a JSON value: scalars, and empty lists and objects."""
    if isinstance(value, dict) and value:
        for key, item in value.items():
            yield from leaves(item, (*path, key))
    elif isinstance(value, list) and value:
        for index, item in enumerate(value):
            yield from leaves(item, (*path, index))
    else:
        yield path, value


def plausible(path: Path, value: t.Any) -> t.Any:
    """Another value of the same kind, as an editor who wants it believed would write it."""
    if isinstance(value, bool):
        return not value
    if value is None:
        return "2025.01" if path == ("catalog", "version") else True
    if isinstance(value, (int, float)):
        return value + 1
    if isinstance(value, list):
        return ["x"]
    if isinstance(value, dict):
        return {"x": "y"}
    if path[-1] == "failOn":
        return "critical" if value != "critical" else "low"
    if path[:2] == ("engine", "name"):
        return "opa" if value != "opa" else "regorus"
    if re.fullmatch(r"(sha256:)?[0-9a-f]{40,64}", value):
        return value[:-1] + ("0" if value[-1] != "0" else "1")
    if re.fullmatch(r"[0-9a-f-]{36}", value):
        return str(report_id({"another": "report"}))
    if re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", value):
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00")) - dt.timedelta(days=40)
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return (dt.date.fromisoformat(value) - dt.timedelta(days=1)).isoformat()
    if re.fullmatch(r"\d+\.\d+\.\d+", value):
        return value + "1"
    return value + "-renamed"


def set_at(document: t.Any, path: Path, value: t.Any) -> None:
    for key in path[:-1]:
        document = document[key]
    document[path[-1]] = value


def forge(out, edit: t.Callable[[dict[str, t.Any]], None], *, rederive_id: bool) -> None:
    """Edit audit.json's evidence, re-render the renderings (OSCAL too), and recompute the seal."""
    document = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    evidence = document["evidence"]
    edit(evidence)
    if rederive_id:
        evidence["reportId"] = report_id({k: v for k, v in evidence.items() if k != "reportId"})
    try:
        files = render_files(document)
    except Exception:  # the edit broke a template: the attacker can only rewrite audit.json
        files = {"audit.json": dump_document(document)}
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
    seal = "".join(
        f"{hashlib.sha256((out / name).read_bytes()).hexdigest()}  {name}\n"
        for name in sorted(REPORT_FILES)
    )
    (out / "audit.sha256").write_text(seal, encoding="utf-8")


def altered(result) -> list[str]:
    """The subjects of the ALTERED lines."""
    return re.findall(r"^  ALTERED +(.+?)(?:  |$)", result.stdout, re.M)


def git(folder, *args):
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=folder, check=True, capture_output=True,
    )  # fmt: skip


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """An audit with every kind of evidence: two manifests in a git checkout (one edited since
    the commit), organisation policies, a data overlay that loosens a setting and a waivers file
    that waives a finding.
    """
    from click.testing import CliRunner

    from checker.cli.main import main

    base = tmp_path_factory.mktemp("fail-closed")
    repo = base / "repo"
    for name in ("restricted-to-vendor", "internal-assistant"):
        shutil.copytree(EXAMPLES / name, repo / name)
    org = repo / "org-policies"
    (org / "rules").mkdir(parents=True)
    (org / "rules" / "acme.rego").write_text("package llm.rules.acme\n\nplaceholder := true\n")
    (org / "settings").mkdir()
    (org / "settings" / "data.yaml").write_text("approvedProviders: []\n")
    overlay = repo / "overlay.yaml"
    overlay.write_text("settings: {gpuMemoryHeadroom: 0.9}\n")  # loosened: reported in the gate
    waivers = repo / "waivers.yaml"
    waivers.write_text(WAIVERS)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "audited")
    manifest = repo / "internal-assistant" / "llm-project.yaml"
    manifest.write_text(manifest.read_text() + "# edited after the commit\n")
    out = base / "audit"
    result = CliRunner().invoke(
        main,
        ["audit", str(repo / "restricted-to-vendor"), str(repo / "internal-assistant"),
         "--out", str(out), "--timestamp", TIMESTAMP, "--policies", str(org),
         "--data", str(overlay), "--waivers", str(waivers)],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    evidence = json.loads((out / "audit.json").read_text())["evidence"]
    assert evidence["git"]["commit"] != "unknown" and evidence["git"]["uncommitted"]
    assert evidence["waivers"] and evidence["policy"]["policies"] and evidence["policy"]["data"]
    assert evidence["gate"]["loosened"][0]["setting"] == "gpuMemoryHeadroom"
    return out


@pytest.fixture
def report(pristine, tmp_path):
    """A fresh copy of the audit folder (its inputs stay where the audit found them)."""
    return shutil.copytree(pristine, tmp_path / "audit")


@pytest.fixture
def verify(run_line):
    def run(out, *args):
        return run_line(["llm-policy", "verify", str(out), *map(str, args)])

    return run


def test_the_untouched_report_verifies(report, verify):
    verified = verify(report)
    assert verified.exit_code == 0, verified.output
    assert re.search(r"^  ok +report id +derived from the evidence", verified.stdout, re.M)
    assert not altered(verified)


def evidence_leaves(pristine) -> list[tuple[Path, t.Any]]:
    return list(leaves(json.loads((pristine / "audit.json").read_text())["evidence"]))


def test_every_evidence_field_is_classified(pristine):
    paths = [path for path, _ in evidence_leaves(pristine)]
    assert len(paths) > 30
    for path in paths:
        classify(path)


def test_editing_any_evidence_field_fails_verification(pristine, tmp_path, verify):
    """Every leaf, changed to a plausible value: with the stale id, and with a re-derived one."""
    failures = []
    for index, (path, value) in enumerate(evidence_leaves(pristine)):
        new = plausible(path, value)
        assert new != value, path
        check = classify(path)
        for rederive in (False, True) if check else (False,):
            out = shutil.copytree(pristine, tmp_path / f"{index}-{rederive}")
            forge(out, lambda ev, p=path, v=new: set_at(ev, p, v), rederive_id=rederive)
            verified = verify(out)
            subjects = altered(verified)
            expected = [check] if check else []
            expected += [] if rederive else [r"report id"]
            missing = [e for e in expected if not any(re.match(e, s) for s in subjects)]
            if verified.exit_code != 1 or missing:
                failures.append(
                    f"{'.'.join(map(str, path))} = {new!r} (report id re-derived: {rederive}):"
                    f" exit {verified.exit_code}, not named by {missing}\n{verified.stdout}"
                )
    assert not failures, "\n".join(failures)


def test_renaming_a_policy_file_entry_fails_verification(pristine, tmp_path, verify):
    files = json.loads((pristine / "audit.json").read_text())["evidence"]["policy"]["files"]
    for index, name in enumerate(files):

        def rename(ev, name=name):
            recorded = ev["policy"]["files"]
            recorded[name + "-renamed"] = recorded.pop(name)

        out = shutil.copytree(pristine, tmp_path / str(index))
        forge(out, rename, rederive_id=True)
        verified = verify(out)
        assert verified.exit_code == 1, (name, verified.output)
        assert any(s.startswith(("policy file", "evidence policy")) for s in altered(verified))


def emptied(path: Path, value: t.Any) -> t.Callable[[dict[str, t.Any]], None]:
    return lambda ev: set_at(ev, path, copy.deepcopy(value))


def removed(key: str) -> t.Callable[[dict[str, t.Any]], None]:
    return lambda ev: ev.pop(key)


def only_shipped_files(ev: dict[str, t.Any]) -> None:
    ev["policy"]["files"] = {
        k: v for k, v in ev["policy"]["files"].items() if k.startswith("policies/")
    }


CONTROLS: dict[str, tuple[t.Callable[[dict[str, t.Any]], None], str]] = {
    "no manifests": (emptied(("manifests",), []), r"evidence manifests"),
    "manifests null": (emptied(("manifests",), None), r"evidence manifests"),
    "one manifest dropped": (lambda ev: ev["manifests"].pop(), r"evidence manifests"),
    "no --policies folders": (emptied(("policy", "policies"), []), r"evidence policy"),
    "no --data files": (emptied(("policy", "data"), []), r"evidence policy"),
    "no policy files": (emptied(("policy", "files"), {}), r"policy file"),
    "policy files null": (emptied(("policy", "files"), None), r"policy file"),
    "only the shipped policy files": (only_shipped_files, r"evidence policy"),
    "policy null": (emptied(("policy",), None), r"evidence policy|policies"),
    "waivers null": (emptied(("waivers",), None), r"evidence waivers"),
    "catalog emptied": (emptied(("catalog",), {}), r"catalog"),
    "no loosened settings": (lambda ev: ev["gate"].update(loosened=[]), r"loosened settings"),
    "tool emptied": (emptied(("tool",), {}), r"evidence tool"),
    **{f"no {key}": (removed(key), rf"evidence {key}") for key in ("timestamp", "git", "failOn")},
    **{f"no {key}": (removed(key), rf"evidence {key}") for key in ("engine", "asOf", "waivers")},
}


@pytest.mark.parametrize("control", CONTROLS)
def test_editing_what_decides_which_checks_run_skips_no_check(report, verify, control):
    """Emptying a list verify walks, or nulling what it checks, still fails with a derived id."""
    edit, subject = CONTROLS[control]
    forge(report, edit, rederive_id=True)
    verified = verify(report)
    assert verified.exit_code == 1, verified.output
    assert any(re.match(subject, s) for s in altered(verified)), verified.output
    assert "unexpected" not in verified.output


# The signature: a signed report is only verified when its signature was checked.


@pytest.fixture
def signed(run_line, tmp_path):
    private, public = write_keypair(tmp_path, "audit-key")
    result = run_line(
        ["llm-policy", "audit", "examples/internal-assistant", "--out", str(tmp_path / "out"),
         "--timestamp", TIMESTAMP, "--sign-key", str(private)]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return result, tmp_path / "out", private, public


def test_a_signature_not_checked_fails_unless_allowed(signed, verify):
    _, out, _, public = signed
    unchecked = verify(out)
    assert unchecked.exit_code == 1, unchecked.output
    assert re.search(r"^  UNCHECKED +signature +signed, but not checked", unchecked.stdout, re.M)
    assert "--key" in unchecked.stdout and "--allow-unsigned" in unchecked.stdout
    assert unchecked.stdout.splitlines()[-1].startswith("NOT VERIFIED: signature")

    allowed = verify(out, "--allow-unsigned")
    assert allowed.exit_code == 0, allowed.output
    accepted = r"^  - +signature +signed, but not checked \(--allow-unsigned\)"
    assert re.search(accepted, allowed.stdout, re.M)
    assert allowed.stdout.splitlines()[-1].startswith("intact: sha256:")

    checked = verify(out, "--key", public)
    assert checked.exit_code == 0 and "UNCHECKED" not in checked.stdout

    contradiction = verify(out, "--key", public, "--allow-unsigned")
    assert contradiction.exit_code == 2 and "--allow-unsigned" in contradiction.stderr


def test_allow_unsigned_does_not_excuse_an_alteration(signed, verify):
    _, out, _, _ = signed
    forge(out, lambda ev: ev.update(timestamp="2024-12-01T12:00:00Z"), rederive_id=False)
    verified = verify(out, "--allow-unsigned")
    assert verified.exit_code == 1 and "report id" in altered(verified)


def test_an_unsigned_report_without_key_still_verifies(run_line, verify, tmp_path):
    out = tmp_path / "out"
    run_line(["llm-policy", "audit", "examples/internal-assistant", "--out", str(out)])
    verified = verify(out)
    assert verified.exit_code == 0, verified.output
    assert re.search(r"^  - +signature +not signed", verified.stdout, re.M)


def test_audit_prints_the_verify_command_with_the_public_key(signed, run_line):
    result, out, _, public = signed
    line = next(x for x in result.stdout.splitlines() if "check with:" in x)
    command = line.split("check with: ", 1)[1]
    assert command == f"llm-policy verify {shlex.quote(str(out))} --key {shlex.quote(str(public))}"
    assert run_line(shlex.split(command)).exit_code == 0


def test_audit_names_a_placeholder_when_the_public_key_is_not_beside(run_line, tmp_path):
    private, public = write_keypair(tmp_path, "audit-key")
    public.unlink()
    out = tmp_path / "out"
    args = ["--out", str(out), "--sign-key", str(private)]
    result = run_line(["llm-policy", "audit", "examples/internal-assistant", *args])
    assert result.exit_code == 0, result.output
    assert f"check with: llm-policy verify {out} --key PUBLIC-KEY.pem" in result.stdout
    assert f"openssl pkey -in {private} -pubout -out {public}" in result.stdout

    _, other = write_keypair(tmp_path, "other-key")
    shutil.copy(other, public)  # a public key beside it, but of another key pair
    result = run_line(["llm-policy", "audit", "examples/internal-assistant", *args])
    assert "--key PUBLIC-KEY.pem" in result.stdout
    assert f"{public} is not the public half of {private}" in result.stdout
