"""The METADATA the checker reads is what OPA itself reads: `opa inspect -a` for every rule id."""

from __future__ import annotations

import json
import subprocess
import typing as t
from pathlib import Path

import pytest

from checker.metadata import RuleMeta, read_metadata
from checker.policy_set import build_policy_set

ROOT = Path(__file__).resolve().parents[2]


def normalised(text: object) -> str:
    return " ".join(str(text or "").split())


@pytest.fixture(scope="module")
def opa_annotations(opa_binary: str) -> dict[str, dict[str, t.Any]]:
    """OPA's annotations that carry custom.id, by that id, from `opa inspect -a` on policies/."""
    done = subprocess.run(
        [opa_binary, "inspect", "-a", "--format", "json", "policies/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    found: dict[str, dict[str, t.Any]] = {}
    for entry in json.loads(done.stdout)["annotations"]:
        rule_id = (entry["annotations"].get("custom") or {}).get("id")
        if rule_id:
            assert rule_id not in found, f"OPA sees {rule_id} twice"
            found[rule_id] = entry
    return found


@pytest.fixture(scope="module")
def checker_rules() -> dict[str, RuleMeta]:
    return read_metadata(build_policy_set().sources)


def test_the_same_rule_ids(
    opa_annotations: dict[str, dict[str, t.Any]], checker_rules: dict[str, RuleMeta]
) -> None:
    assert len(opa_annotations) >= 50  # every shipped rule; an empty inspect must not pass
    assert sorted(checker_rules) == sorted(opa_annotations)


def test_every_rule_reads_the_same(
    opa_annotations: dict[str, dict[str, t.Any]], checker_rules: dict[str, RuleMeta]
) -> None:
    for rule_id, entry in opa_annotations.items():
        ours, theirs = checker_rules[rule_id], entry["annotations"]
        custom = theirs["custom"]
        where = f"{rule_id} ({entry['location']['file']}:{entry['location']['row']})"
        assert ours.title == theirs.get("title"), where
        assert ours.description == normalised(theirs.get("description")), where
        assert ours.severity.name.lower() == custom["severity"], where
        assert ours.remediation == normalised(custom.get("remediation")), where
        related = theirs.get("related_resources") or []
        assert ours.annotation.get("related_resources", []) == related, where
        assert ours.references == tuple(
            f"{r['description']}: {r['ref']}" if r.get("description") else r["ref"] for r in related
        ), where
        assert (ours.file, ours.rule_line) == (entry["location"]["file"], entry["location"]["row"])
        path = [p["value"] for p in entry["path"]]
        assert path[0] == "data", where
        assert (ours.package, ours.rule) == (".".join(path[1:-1]), path[-1]), where
