from pathlib import Path

import pytest

from checker.data_files import deep_merge
from checker.errors import UsageError
from checker.policy_set import build_policy_set


def test_deep_merge_objects_merge_and_scalars_replace():
    base = {"a": {"x": 1, "y": [1]}, "b": 1}
    assert deep_merge(base, {"a": {"y": [2], "z": 3}}) == {"a": {"x": 1, "y": [2], "z": 3}, "b": 1}
    assert base == {"a": {"x": 1, "y": [1]}, "b": 1}


def test_shipped_policy_set_has_catalog_and_splits_tests():
    ps = build_policy_set()
    assert "policies/llm/decision/decision.rego" in ps.sources
    assert all(not name.endswith("_test.rego") for name in ps.sources)
    assert "gpt-4o" in ps.data["catalog"]["models"]
    assert ps.digest.startswith("sha256:") and len(ps.digest) == 71


def test_org_policies_and_data_overlay(tmp_path):
    org = tmp_path / "org"
    (org / "rules" / "acme").mkdir(parents=True)
    (org / "rules" / "acme" / "acme.rego").write_text("package llm.rules.acme\n")
    (org / "settings").mkdir()
    (org / "settings" / "data.yaml").write_text("approvedProviders: [azure-openai]\n")
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text("catalog:\n  models:\n    my-model: {weights: open}\n")
    ps = build_policy_set((org,), (overlay,))
    assert f"{org.as_posix()}/rules/acme/acme.rego" in ps.sources
    assert ps.data["settings"]["approvedProviders"] == ["azure-openai"]
    assert ps.data["catalog"]["models"]["my-model"] == {"weights": "open"}
    assert "gpt-4o" in ps.data["catalog"]["models"]
    assert ps.digest != build_policy_set().digest


def test_digest_is_stable():
    assert build_policy_set().digest == build_policy_set().digest


def test_bad_overlay_is_a_usage_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- a list\n")
    with pytest.raises(UsageError, match=r"bad\.yaml: a data overlay must be an object"):
        build_policy_set((), (bad,))
    with pytest.raises(UsageError, match="data file not found"):
        build_policy_set((), (tmp_path / "missing.yaml",))


def test_digest_does_not_depend_on_how_the_org_folder_is_spelled(tmp_path, monkeypatch):
    org = tmp_path / "org"
    org.mkdir()
    (org / "acme.rego").write_text("package llm.rules.acme\n")
    monkeypatch.chdir(tmp_path)
    relative = build_policy_set((Path("org"),))
    absolute = build_policy_set((org,))
    assert "org/acme.rego" in relative.sources and f"{org.as_posix()}/acme.rego" in absolute.sources
    assert relative.digest == absolute.digest
    (org / "acme.rego").write_text("package llm.rules.acme\n\nx := 1\n")
    assert build_policy_set((org,)).digest != absolute.digest
