from __future__ import annotations

import hashlib

from checker.audit.policy_files import policy_file_hashes
from checker.policy_set import SHIPPED_POLICIES, build_policy_set


def test_every_policy_and_data_file_is_hashed_by_folder_name(tmp_path):
    org = tmp_path / "acme"
    (org / "rules").mkdir(parents=True)
    (org / "rules" / "acme.rego").write_text("package llm.rules.acme\n")
    (org / "rules" / "acme_test.rego").write_text("package llm.rules.acme_test\n")
    (org / "settings").mkdir()
    (org / "settings" / "data.yaml").write_text("approvedProviders: []\n")
    (org / "notes.md").write_text("not policy\n")
    (org / ".hidden").mkdir()
    (org / ".hidden" / "data.yaml").write_text("x: 1\n")
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text("settings: {}\n")
    hashes = policy_file_hashes(
        [("policies", SHIPPED_POLICIES), ("org/acme/", org)], [("overlay.yaml", overlay)]
    )
    assert list(hashes) == sorted(hashes)
    assert [n for n in hashes if n.startswith("org/")] == [
        "org/acme/rules/acme.rego",  # tests, other files and hidden folders are not policy
        "org/acme/settings/data.yaml",
    ]
    assert (
        hashes["org/acme/settings/data.yaml"]
        == hashlib.sha256(b"approvedProviders: []\n").hexdigest()
    )
    assert hashes["overlay.yaml"] == hashlib.sha256(b"settings: {}\n").hexdigest()


def test_the_shipped_files_are_the_ones_the_policy_set_reads():
    hashes = policy_file_hashes([("policies", SHIPPED_POLICIES)])
    policy_set = build_policy_set()
    rego = {n for n in hashes if n.endswith(".rego")}
    assert rego == set(policy_set.sources)
    data = {n for n in hashes if not n.endswith(".rego")}
    # every data document the catalog holds comes from a hashed file; the catalog's own
    # data.yaml holds its version and date
    documents = {n.split("/")[2] for n in data if n.startswith("policies/catalog/")}
    assert documents - {"data.yaml"} | {"version", "date"} == set(policy_set.data["catalog"])
