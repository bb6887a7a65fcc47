import datetime as dt
import textwrap

import pytest

from checker.errors import UsageError
from checker.evaluation import build_findings
from checker.loader import SourceMap
from checker.metadata import RuleMeta
from checker.result import Finding
from checker.severity import Severity
from checker.waivers import WaiverPolicy, glob_regex, load_waivers

TODAY = dt.date(2026, 11, 28)
# These tests are about matching; governance (approver, expiry cap) has tests of its own below.
LENIENT = WaiverPolicy(approver_required=False, max_days=None)


def write(tmp_path, text, name=".llm-policy-waivers.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def finding(rule="LLM-DATA-001", message="Restricted data to a vendor."):
    return Finding(
        rule=rule,
        severity=Severity.HIGH,
        title="t",
        message=message,
        scope="model",
        path="spec.models[0]",
        model=0,
    )


@pytest.fixture
def waivers(tmp_path):
    path = write(
        tmp_path,
        """\
        waivers:
          - rule: LLM-DATA-001
            manifest: services/claims/**
            reason: DPO approved the pilot
            approver: dpo@example.com
            expires: 2026-12-31
          - rule: LLM-RES-001
            project: chat
            reason: Legal review done
          - rule: LLM-LIC-001
            manifest: "*/llm-project.yaml"
            project: both-needed
            reason: narrow
        """,
    )
    return load_waivers(path, today=TODAY, policy=LENIENT)


def lookup(waivers, manifest, project=None):
    return waivers(waivers.base / manifest, project)


def test_matches_rule_and_manifest_glob(waivers):
    waiver = lookup(waivers, "services/claims/eu/llm-project.yaml")(finding())
    assert waiver is not None
    assert waiver.reason == "DPO approved the pilot"
    assert waiver.approver == "dpo@example.com"
    assert waiver.expires == "2026-12-31"
    assert waiver.source.endswith(".llm-policy-waivers.yaml:2")
    assert not waiver.expired
    assert lookup(waivers, "services/other/llm-project.yaml")(finding()) is None
    assert lookup(waivers, "services/claims/llm-project.yaml")(finding("LLM-DATA-002")) is None


def test_matches_rule_and_project(waivers):
    assert lookup(waivers, "x/llm-project.yaml", "chat")(finding("LLM-RES-001")) is not None
    assert lookup(waivers, "x/llm-project.yaml", "other")(finding("LLM-RES-001")) is None
    assert lookup(waivers, "x/llm-project.yaml", None)(finding("LLM-RES-001")) is None


def test_manifest_and_project_both_needed_when_both_given(waivers):
    rule = finding("LLM-LIC-001")
    assert lookup(waivers, "a/llm-project.yaml", "both-needed")(rule) is not None
    assert lookup(waivers, "a/llm-project.yaml", "other")(rule) is None
    assert lookup(waivers, "a/b/llm-project.yaml", "both-needed")(rule) is None  # * stays in a/


def test_manifest_globs_are_relative_to_the_waivers_file(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    repo.mkdir()
    path = write(repo, "waivers: [{rule: R-1, manifest: services/**, reason: r}]\n")
    waivers = load_waivers(path, today=TODAY, policy=LENIENT)
    monkeypatch.chdir(tmp_path)  # the working directory does not matter
    assert waivers(repo / "services/a/llm-project.yaml", None)(finding("R-1")) is not None
    assert waivers(tmp_path / "services/a/llm-project.yaml", None)(finding("R-1")) is None


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("services/**", "services/a/b/llm-project.yaml", True),
        ("**/llm-project.yaml", "llm-project.yaml", True),
        ("**/llm-project.yaml", "a/b/llm-project.yaml", True),
        ("services/*/llm-project.yaml", "services/a/llm-project.yaml", True),
        ("services/*/llm-project.yaml", "services/a/b/llm-project.yaml", False),
        ("services/?/llm-project.yaml", "services/ab/llm-project.yaml", False),
        ("./a.llm-project.yaml", "a.llm-project.yaml", True),
        ("a.llm-project.yaml", "aXllm-project.yaml", False),  # dots are literal
    ],
)
def test_glob(pattern, path, matches):
    assert (glob_regex(pattern).fullmatch(path) is not None) is matches


def test_a_folder_covers_the_manifests_under_it(tmp_path):
    path = write(tmp_path, "waivers: [{rule: R-1, manifest: services/claims, reason: r}]\n")
    waivers = load_waivers(path, today=TODAY, policy=LENIENT)
    assert lookup(waivers, "services/claims/x/llm-project.yaml")(finding("R-1")) is not None
    assert lookup(waivers, "services/claims2/llm-project.yaml")(finding("R-1")) is None


def expiring(tmp_path, expires):
    path = write(
        tmp_path,
        f"waivers: [{{rule: LLM-DATA-001, project: p, reason: pilot, expires: {expires}}}]\n",
    )
    return load_waivers(path, today=TODAY, policy=LENIENT)


def test_waiver_holds_through_its_expiry_day(tmp_path):
    waiver = lookup(expiring(tmp_path, TODAY.isoformat()), "llm-project.yaml", "p")(finding())
    assert waiver is not None and not waiver.expired


def test_waiver_that_expired_yesterday_no_longer_waives(tmp_path):
    yesterday = (TODAY - dt.timedelta(days=1)).isoformat()
    waiver = lookup(expiring(tmp_path, yesterday), "llm-project.yaml", "p")(finding())
    assert waiver is not None and waiver.expired
    rules = {
        "LLM-DATA-001": RuleMeta(
            "LLM-DATA-001", Severity.HIGH, "t", "", "", (), "p", "deny", "f", 1, {}
        )
    }
    raw = {
        "violations": [{"rule": "LLM-DATA-001", "scope": "model", "model": 0, "message": "m"}],
        "models": [{"index": 0, "id": "m", "hosting": "vendor-api"}],
    }
    lookup_fn = expiring(tmp_path, yesterday)(tmp_path / "llm-project.yaml", "p")
    (f,) = build_findings(raw, rules, SourceMap(), lookup_fn)
    assert f.waiver is None  # counts again
    assert f.expired_waiver is not None
    assert f.message == f"m (waiver expired on {yesterday}: pilot)"


def test_live_waiver_wins_over_an_expired_one(tmp_path):
    path = write(
        tmp_path,
        """\
        waivers:
          - {rule: R-1, project: p, reason: old, expires: 2020-01-01}
          - {rule: R-1, project: p, reason: renewed, expires: 2027-01-01}
        """,
    )
    waiver = lookup(load_waivers(path, today=TODAY, policy=LENIENT), "x.yaml", "p")(finding("R-1"))
    assert waiver.reason == "renewed" and not waiver.expired


def test_unknown_rules_are_listed(waivers):
    unknown = waivers.unknown_rules({"LLM-DATA-001", "LLM-RES-001"})
    assert [e.rule for e in unknown] == ["LLM-LIC-001"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("waivers: [{rule: R-1, project: p}]\n", ":1:11: waivers[0]: 'reason' is a required"),
        ("waivers: [{rule: R-1, reason: r}]\n", ":1:11: waivers[0]: needs manifest or project"),
        (
            "waivers:\n  - {rule: R-1, project: p, reason: ' '}\n",
            ":2:29: waivers[0].reason: Say why",
        ),
        (
            "waivers:\n  - {rule: R-1, project: p, reason: r, expires: 31/12/2026}\n",
            ":2:40: waivers[0].expires: An ISO date",
        ),
        ("waivers:\n  - {rule: R-1, project: p, reason: r, expires: 2026-02-30}\n", ":2: expires"),
        ("waivers:\n  - {rule: R-1, project: p, reason: r, owner: x}\n", "'owner' was unexpected"),
        ("waiver: []\n", ":1:1: 'waivers' is a required property"),
        ("", "file is empty"),
        ("waivers: [\n", "cannot be read"),
        ("waivers: []\nwaivers: []\n", "cannot be read"),  # duplicate key
    ],
)
def test_invalid_files_are_usage_errors_with_file_and_line(tmp_path, text, expected):
    path = write(tmp_path, text)
    with pytest.raises(UsageError) as info:
        load_waivers(path, today=TODAY, policy=LENIENT)
    assert str(path) in str(info.value)
    assert expected in str(info.value)


def governed(tmp_path, body, policy=None):
    return load_waivers(write(tmp_path, "waivers:\n" + body), today=TODAY, policy=policy)


def test_a_waiver_without_an_approver_is_refused_by_default(tmp_path):
    body = "  - rule: R-1\n    project: p\n    reason: ok\n    expires: 2026-12-31\n"
    with pytest.raises(UsageError, match=r"waivers.yaml:2: the waiver for R-1 has no approver"):
        governed(tmp_path, body)
    assert governed(tmp_path, body, WaiverPolicy(approver_required=False)).entries


def test_a_waiver_must_expire_within_the_cap(tmp_path):
    base = "  - rule: R-1\n    project: p\n    reason: ok\n    approver: a@example.com\n"
    with pytest.raises(UsageError, match="has no expires date; give one at most 365 days"):
        governed(tmp_path, base)
    with pytest.raises(
        UsageError,
        match=r"expires on 2027-12-01, more than 365 days after 2026-11-28: set it to 2027-11-28",
    ):
        governed(tmp_path, base + "    expires: 2027-12-01\n")
    assert governed(tmp_path, base + "    expires: 2027-11-28\n").entries  # the last day allowed
    assert governed(
        tmp_path, base + "    expires: 2027-12-01\n", WaiverPolicy(max_days=400)
    ).entries


def test_a_waiver_of_a_critical_rule_is_refused_unless_allowed(tmp_path):
    body = (
        "  - rule: R-1\n    project: p\n    reason: ok\n    approver: a\n    expires: 2026-12-31\n"
    )
    with pytest.raises(UsageError, match="accepts a critical rule's finding"):
        governed(tmp_path, body).check_severities({"R-1"})
    governed(tmp_path, body).check_severities({"R-2"})
    governed(tmp_path, body, WaiverPolicy(covers_critical=True)).check_severities({"R-1"})


def test_policy_from_settings_takes_the_strict_default_for_what_is_missing():
    assert WaiverPolicy.from_settings({}) == WaiverPolicy()
    loose = {"waiverApproverRequired": False, "waiverMaxDays": 30, "waiverCoversCritical": True}
    assert WaiverPolicy.from_settings(loose) == WaiverPolicy(False, 30, True)
