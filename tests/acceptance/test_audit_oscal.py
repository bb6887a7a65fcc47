"""audit.oscal.json: OSCAL 1.1 assessment results, validated with compliance-trestle's models.

The audit of the examples (one waived finding, one invalid manifest) is read with
`AssessmentResults.oscal_read`, written back and read again, and held against audit.json: every
project a subject, every rule evaluated on it an observation, every finding one OSCAL finding
linked to its observation, every waiver an accepted risk, every evidence hash in back-matter.
`verify` names an altered, missing or re-sealed audit.oscal.json.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import typing as t
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.audit.oscal import NAMESPACE, OSCAL_VERSION, SCHEMA_OBJECTIVE
from checker.cli.main import main
from tests.acceptance.conftest import EXAMPLES, ROOT

trestle_ar = pytest.importorskip(
    "trestle.oscal.assessment_results", reason="compliance-trestle is in the test extra"
)

TIMESTAMP = "2025-01-31T12:00:00Z"
OSCAL = "audit.oscal.json"
WAIVERS = """\
waivers:
  - rule: LLM-DATA-001
    project: merger-memo-summarizer
    reason: Legal signed off the pilot <TICKET-12>
    approver: legal@example.com
    expires: 2025-03-01
"""
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def run_audit(
    out: Path, *args: str, timestamp: str = TIMESTAMP, paths: tuple[str, ...] = ("examples/",)
) -> int:
    argv = ["audit", *paths, "--out", str(out), "--timestamp", timestamp, *args]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        return CliRunner().invoke(main, argv, catch_exceptions=False).exit_code


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    """The audit of the examples with a waiver in force (restricted-to-vendor)."""
    base = tmp_path_factory.mktemp("oscal")
    (base / "waivers.yaml").write_text(WAIVERS)
    assert run_audit(base / "audit", "--waivers", str(base / "waivers.yaml")) == 1
    return base / "audit"


@pytest.fixture(scope="module")
def doc(report) -> dict[str, t.Any]:
    return json.loads((report / "audit.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ar(report) -> dict[str, t.Any]:
    return json.loads((report / OSCAL).read_text(encoding="utf-8"))["assessment-results"]


MARKUP = ("title", "description", "remarks", "statement", "prose")


def markup_fields(value: t.Any) -> t.Iterator[str]:
    """Every OSCAL markup-line or markup-multiline value (Markdown in OSCAL JSON)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in MARKUP and isinstance(item, str):
                yield item
            else:
                yield from markup_fields(item)
    elif isinstance(value, list):
        for item in value:
            yield from markup_fields(item)


def props(item: t.Mapping[str, t.Any]) -> dict[str, str]:
    return {p["name"]: p["value"] for p in item.get("props", []) if p.get("ns") == NAMESPACE}


def test_trestle_reads_it_and_it_round_trips(report, tmp_path):
    model = trestle_ar.AssessmentResults.oscal_read(report / OSCAL)
    assert model is not None
    assert model.metadata.oscal_version.__root__ == OSCAL_VERSION
    assert len(model.results) == 1
    written = tmp_path / "again.json"
    model.oscal_write(written)
    again = trestle_ar.AssessmentResults.oscal_read(written)
    assert again == model
    # and what trestle writes back holds what we wrote (datetimes aside, which it reformats)
    ours = json.loads((report / OSCAL).read_text())["assessment-results"]
    theirs = json.loads(written.read_text())["assessment-results"]
    assert theirs["uuid"] == ours["uuid"]
    assert len(theirs["results"][0]["observations"]) == len(ours["results"][0]["observations"])
    assert theirs["back-matter"] == ours["back-matter"]


def test_metadata_and_result_carry_the_report(ar, doc):
    evidence = doc["evidence"]
    assert ar["uuid"] == evidence["reportId"]
    meta = ar["metadata"]
    assert meta["last-modified"] == meta["published"] == TIMESTAMP
    assert meta["oscal-version"] == "1.1.3" and meta["version"] == evidence["reportId"]
    assert evidence["reportId"] in meta["title"]
    assert props(meta)["policy-digest"] == evidence["policy"]["digest"]
    assert props(meta)["verdict"] == "fail" and props(meta)["fail-on"] == evidence["failOn"]
    (result,) = ar["results"]
    assert result["start"] == result["end"] == TIMESTAMP
    selected = result["reviewed-controls"]["control-selections"][0]["include-controls"]
    rule_ids = [r["id"] for r in doc["rules"]]
    assert [c["control-id"] for c in selected] == [SCHEMA_OBJECTIVE, *rule_ids]
    objectives = ar["local-definitions"]["objectives-and-methods"]
    assert [o["control-id"] for o in objectives] == [SCHEMA_OBJECTIVE, *rule_ids]


def test_each_project_is_a_subject_with_a_uuid5_of_report_and_manifest(ar, doc):
    items = ar["results"][0]["local-definitions"]["inventory-items"]
    namespace = uuid.UUID(doc["evidence"]["reportId"])
    assert [props(i)["manifest"] for i in items] == [r["manifest"] for r in doc["results"]]
    for item, result in zip(items, doc["results"], strict=True):
        assert item["uuid"] == str(uuid.uuid5(namespace, f"subject\x1f{result['manifest']}"))
        assert props(item)["sha256"] == result["sha256"]
        assert props(item)["verdict"] == ("pass" if result["passed"] else "fail")


def test_every_rule_evaluated_is_an_observation_and_every_finding_is_linked(ar, doc):
    result = ar["results"][0]
    observations = {o["uuid"]: o for o in result["observations"]}
    subject_of = {
        i["uuid"]: props(i)["manifest"] for i in result["local-definitions"]["inventory-items"]
    }
    valid = [r for r in doc["results"] if "decision" in r]
    # the schema check for every manifest, and every rule for every valid one
    assert len(observations) == len(doc["results"]) + len(valid) * len(doc["rules"])
    sha = {m["path"]: m["sha256"] for m in doc["evidence"]["manifests"]}
    for o in observations.values():
        assert o["methods"] == ["TEST"] and o["collected"] == TIMESTAMP
        (subject,) = o["subjects"]
        assert subject["type"] == "inventory-item"
        manifest = subject_of[subject["subject-uuid"]]
        assert sha[manifest] in o["relevant-evidence"][0]["description"]
    outcome = {
        (subject_of[o["subjects"][0]["subject-uuid"]], props(o)["objective"]): props(o)["outcome"]
        for o in observations.values()
    }
    for r in valid:
        for kind, rules in r["rules"].items():
            assert all(outcome[(r["manifest"], rule)] == kind for rule in rules)

    findings = result["findings"]
    expected = [(r["manifest"], f) for r in valid for f in r["findings"]]
    invalid = [r for r in doc["results"] if "decision" not in r]
    assert len(findings) == len(expected) + len(invalid)
    state = {"fails": "not-satisfied", "waived": "not-satisfied", "reported": "satisfied"}
    by_uuid = {f["uuid"]: f for f in findings}
    namespace = uuid.UUID(doc["evidence"]["reportId"])
    for r in valid:
        for index, f in enumerate(r["findings"]):
            oscal = by_uuid[str(uuid.uuid5(namespace, f"finding\x1f{r['manifest']}\x1f{index}"))]
            assert props(oscal)["rule"] == f["rule"] and props(oscal)["status"] == f["status"]
            assert oscal["target"]["target-id"] == f["rule"]
            assert oscal["target"]["status"]["state"] == state[f["status"]]
            (linked,) = oscal["related-observations"]
            observed = observations[linked["observation-uuid"]]
            assert props(observed)["objective"] == f["rule"]
            assert subject_of[observed["subjects"][0]["subject-uuid"]] == r["manifest"]
    (bad,) = invalid
    (schema,) = [f for f in findings if f["target"]["target-id"] == SCHEMA_OBJECTIVE]
    assert schema["target"]["status"] == {"state": "not-satisfied", "reason": "fail"}
    assert bad["manifest"] in schema["title"]


def test_a_waiver_is_an_accepted_risk_with_approver_and_expiry(ar):
    result = ar["results"][0]
    waived = [f for f in result["findings"] if props(f)["status"] == "waived"]
    risks = {r["uuid"]: r for r in result["risks"]}
    assert waived and len(risks) == len(waived)
    (party,) = ar["metadata"]["parties"]
    assert party["name"] == "legal@example.com" and party["type"] == "person"
    assert ar["metadata"]["roles"] == [{"id": "waiver-approver", "title": "Waiver approver"}]
    for finding in waived:
        (link,) = finding["related-risks"]
        risk = risks[link["risk-uuid"]]
        assert risk["status"] == "deviation-approved"
        assert risk["deadline"] == "2025-03-01T23:59:59Z"
        assert risk["related-observations"] == finding["related-observations"]
        (response,) = risk["remediations"]
        assert response["lifecycle"] == "completed"
        assert "legal@example.com until 2025-03-01" in response["description"]
        assert r"Legal signed off the pilot \<TICKET-12\>" in response["description"]
        (entry,) = risk["risk-log"]["entries"]
        assert entry["status-change"] == "deviation-approved"
        assert entry["logged-by"] == [{"party-uuid": party["uuid"], "role-id": "waiver-approver"}]
        assert entry["related-responses"] == [{"response-uuid": response["uuid"]}]
        assert entry["end"] == risk["deadline"]


def test_back_matter_holds_every_evidence_hash_and_every_reference_resolves(report, ar, doc):
    resources = {r["uuid"]: r for r in ar["back-matter"]["resources"]}
    hashes = {
        r["rlinks"][0]["href"]: r["rlinks"][0]["hashes"][0]["value"] for r in resources.values()
    }
    assert all(r["rlinks"][0]["hashes"][0]["algorithm"] == "SHA-256" for r in resources.values())
    evidence = doc["evidence"]
    assert hashes["audit.json"] == hashlib.sha256((report / "audit.json").read_bytes()).hexdigest()
    for manifest in evidence["manifests"]:
        assert hashes[manifest["path"]] == manifest["sha256"]
    for name, sha256 in evidence["policy"]["files"].items():
        assert hashes[name] == sha256
    assert hashes[evidence["waivers"]["path"]] == evidence["waivers"]["sha256"]
    imported = ar["import-ap"]["href"]
    assert resources[imported.removeprefix("#")]["rlinks"][0]["href"] == "audit.json"

    text = (report / OSCAL).read_text()
    uuids = re.findall(r'"uuid":"([^"]+)"', text)
    assert len(uuids) == len(set(uuids)) and all(_UUID.fullmatch(u) for u in uuids)
    defined = set(uuids)
    for ref in re.findall(r'"href":"#([^"]+)"', text):
        assert ref in resources, ref
    for key in ("observation-uuid", "risk-uuid", "subject-uuid", "party-uuid", "response-uuid"):
        for ref in re.findall(rf'"{key}":"([^"]+)"', text):
            assert ref in defined, (key, ref)


def test_manifest_text_stays_text_for_a_markdown_renderer(tmp_path):
    example = tmp_path / "hostile"
    shutil.copytree(EXAMPLES / "internal-assistant", example)
    manifest = example / "llm-project.yaml"
    text = manifest.read_text()
    name = next(x for x in text.splitlines() if x.strip().startswith("name:"))
    manifest.write_text(text.replace(name, '  name: "[x](javascript:alert(1)) <b>bold</b>"', 1))
    out = tmp_path / "audit"
    argv = ["audit", str(example), "--out", str(out), "--timestamp", TIMESTAMP]
    assert CliRunner().invoke(main, argv, catch_exceptions=False).exit_code in (0, 1)
    model = trestle_ar.AssessmentResults.oscal_read(out / OSCAL)
    assert model is not None
    ar = json.loads((out / OSCAL).read_text())["assessment-results"]
    (item,) = ar["results"][0]["local-definitions"]["inventory-items"]
    assert props(item)["project"] == "[x](javascript:alert(1)) <b>bold</b>"  # a plain value
    assert r"Project \[x\](javascript:alert(1)) \<b\>bold\</b\>" in item["description"]
    markup = list(markup_fields(ar))
    assert any("javascript" in value for value in markup)
    for value in markup:  # no link, image or tag survives in text a GRC tool renders as Markdown
        assert not re.search(r"(?<!\\)[\]<]", value), value


def test_same_inputs_and_timestamp_give_identical_bytes(report, tmp_path):
    # A waived finding and its risk, in a small audit (the full one is slow to repeat), of copies
    # outside any repository: the git evidence ("unknown") cannot change between the runs.
    args = ("--waivers", str(report.parent / "waivers.yaml"))
    paths = tuple(
        str(shutil.copytree(EXAMPLES / name, tmp_path / "examples" / name))
        for name in ("restricted-to-vendor", "internal-assistant")
    )
    for name in ("one", "two"):
        run_audit(tmp_path / name, *args, paths=paths)
    one = (tmp_path / "one" / OSCAL).read_bytes()
    assert one == (tmp_path / "two" / OSCAL).read_bytes()
    assert json.loads(one)["assessment-results"]["results"][0]["risks"]
    run_audit(tmp_path / "later", *args, paths=paths, timestamp="2025-02-01T00:00:00Z")
    later = json.loads((tmp_path / "later" / OSCAL).read_text())["assessment-results"]
    ours = json.loads(one)["assessment-results"]
    assert later["uuid"] != ours["uuid"]
    uuids = re.compile(r'"uuid":"([^"]+)"')
    assert not set(uuids.findall(json.dumps(later, separators=(",", ":")))) & set(
        uuids.findall(one.decode())
    )  # another report id: every uuid changes


# verify covers audit.oscal.json like every other report file


@pytest.fixture
def copy(report, tmp_path) -> Path:
    return shutil.copytree(report, tmp_path / "copy")


def verify(folder: Path) -> tuple[int, str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        done = CliRunner().invoke(main, ["verify", str(folder)], catch_exceptions=False)
    return done.exit_code, done.stdout


def test_the_untouched_report_verifies_with_the_oscal_file(copy):
    code, out = verify(copy)
    assert code == 0, out
    assert re.search(r"^  ok +audit\.oscal\.json +sha256 ", out, re.M)
    assert re.search(r"^  ok +audit\.oscal\.json from audit\.json +matches audit\.json", out, re.M)
    assert f"  {OSCAL}\n" in (copy / "audit.sha256").read_text()


def test_a_flipped_byte_in_the_oscal_file_is_named(copy):
    path = copy / OSCAL
    data = bytearray(path.read_bytes())
    at = data.index(b'"not-satisfied"') + 1
    data[at] ^= 0x20  # "Not-satisfied": one bit of one byte
    path.write_bytes(bytes(data))
    code, out = verify(copy)
    assert code == 1, out
    assert re.search(r"^  ALTERED +audit\.oscal\.json +sha256 is ", out, re.M)
    assert out.splitlines()[-1].startswith("ALTERED: audit.oscal.json")
    for other in ("audit.json", "audit.html", "audit.md"):
        assert re.search(rf"^  ok +{re.escape(other)} +sha256 ", out, re.M), other


def test_a_missing_oscal_file_is_named(copy):
    (copy / OSCAL).unlink()
    code, out = verify(copy)
    assert code == 1, out
    assert re.search(r"^  ALTERED +audit\.oscal\.json +missing from the report folder", out, re.M)


def test_an_oscal_file_left_out_of_the_seal_is_named(copy):
    seal = copy / "audit.sha256"
    seal.write_text("".join(x for x in seal.read_text().splitlines(True) if OSCAL not in x))
    code, out = verify(copy)
    assert code == 1, out
    assert re.search(r"^  ALTERED +audit\.oscal\.json +not listed in the seal", out, re.M)


def test_a_rewritten_seal_does_not_hide_an_edited_oscal_file(copy):
    # The attacker edits a finding's status and rewrites its seal line: the file must still be
    # what audit.json renders to.
    path = copy / OSCAL
    path.write_text(path.read_text().replace('"not-satisfied"', '"satisfied"', 1))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    seal = copy / "audit.sha256"
    pattern = rf"^[0-9a-f]{{64}}(?=  {re.escape(OSCAL)}$)"
    seal.write_text(re.sub(pattern, digest, seal.read_text(), flags=re.M))
    code, out = verify(copy)
    assert code == 1, out
    assert re.search(r"^  ok +audit\.oscal\.json +sha256 ", out, re.M)
    assert re.search(r"^  ALTERED +audit\.oscal\.json from audit\.json +differs", out, re.M)
