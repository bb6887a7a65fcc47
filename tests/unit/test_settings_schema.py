"""schemas/settings.schema.json: the one place a setting's type, range and default are written."""

from __future__ import annotations

import datetime as dt
import re
import typing as t
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from checker.errors import UsageError
from checker.policy_set import (
    SETTINGS_SCHEMA,
    SHIPPED_POLICIES,
    build_policy_set,
    check_settings,
    setting_defaults,
)
from checker.recommendation.cost import build_cost_model
from checker.user_files import load_schema

SHIPPED_SETTINGS = SHIPPED_POLICIES / "settings" / "data.yaml"
# A rule reading a setting: `data.settings.name` (dynamic keys, `data.settings[key]`, are the
# licence-named ones, which the schema's pattern covers).
SETTING_READ = re.compile(r"\bdata\.settings\.([A-Za-z]\w*)")


def _schema() -> dict[str, t.Any]:
    return load_schema(SETTINGS_SCHEMA)


def _shipped() -> dict[str, t.Any]:
    return t.cast(dict[str, t.Any], yaml.safe_load(SHIPPED_SETTINGS.read_text(encoding="utf-8")))


def test_the_schema_is_a_valid_draft_2020_12_schema():
    schema = _schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_every_property_has_a_description_and_a_default_the_schema_accepts():
    schema = _schema()
    validator = Draft202012Validator(schema)
    for name, spec in schema["properties"].items():
        assert spec.get("description"), name
        assert "default" in spec, name
        assert validator.is_valid({name: spec["default"]}), name


def test_the_shipped_settings_are_valid():
    Draft202012Validator(_schema()).validate(_shipped())
    check_settings(_shipped())  # the checker's own path, without raising


def test_the_shipped_settings_are_the_schema_defaults_and_hold_every_setting():
    # Both directions: a setting without a default in data.yaml would make a rule undefined,
    # and a default that differs would make the schema lie about what runs.
    assert _shipped() == setting_defaults()


def test_every_setting_a_rule_reads_is_described_by_the_schema():
    properties = set(_schema()["properties"])
    read = {
        name
        for path in SHIPPED_POLICIES.rglob("*.rego")
        if not path.name.endswith("_test.rego")
        for name in SETTING_READ.findall(path.read_text(encoding="utf-8"))
    }
    assert read, "no data.settings reads found: has the pattern gone stale?"
    assert read <= properties, read - properties


def _overlay(tmp_path: Path, text: str, name: str = "org-settings.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        ("settings: {gpuMemoryHeadroom: 0}\n", "gpuMemoryHeadroom", "less than or equal to"),
        ("settings: {budgetInputTokenShare: 1.5}\n", "budgetInputTokenShare", "maximum"),
        ("settings: {approvedProviders: azure-openai}\n", "approvedProviders", "not of type"),
        ("settings: {govCloudMinFedramp: low}\n", "govCloudMinFedramp", "is not one of"),
        ("settings: {organisationInEu: 'yes'}\n", "organisationInEu", "not of type"),
        ("settings: {acmeLicenseRecorded: 1}\n", "acmeLicenseRecorded", "not of type"),
        ("settings: {frameworkCategories: {pci-dss: [Card]}}\n", "frameworkCategories", "id"),
    ],
)
def test_an_overlay_with_a_bad_setting_is_a_usage_error_naming_the_file_and_key(
    tmp_path, text, key, message
):
    overlay = _overlay(tmp_path, text)
    with pytest.raises(UsageError) as caught:
        build_policy_set(data_files=(overlay,))
    line = next(s for s in str(caught.value).splitlines() if f"settings.{key}" in s)
    assert line.startswith(f"{overlay}: settings.{key}")
    assert message in line
    assert SETTINGS_SCHEMA in str(caught.value)


def test_the_file_named_is_the_one_that_set_the_bad_value(tmp_path):
    org = tmp_path / "org"
    (org / "settings").mkdir(parents=True)
    (org / "settings" / "data.yaml").write_text("priceMaxAgeDays: -1\n", encoding="utf-8")
    later = _overlay(tmp_path, "settings: {approvedProviders: [openai]}\n")
    with pytest.raises(UsageError, match=re.escape(f"{org / 'settings' / 'data.yaml'}: ")):
        build_policy_set((org,), (later,))
    # A later overlay that fixes the value wins, as it does for the rules.
    fixed = _overlay(tmp_path, "settings: {priceMaxAgeDays: 30}\n", "fix.yaml")
    assert build_policy_set((org,), (fixed,)).data["settings"]["priceMaxAgeDays"] == 30


def test_a_settings_document_that_is_no_object_names_its_file(tmp_path):
    overlay = _overlay(tmp_path, "settings: [gpuMemoryHeadroom]\n")
    with pytest.raises(UsageError, match=re.escape(f"{overlay}: settings: ")):
        build_policy_set(data_files=(overlay,))


def test_good_overlays_and_organisation_settings_pass(tmp_path):
    overlay = _overlay(
        tmp_path,
        "settings:\n  approvedProviders: [aws-bedrock]\n  gpuMemoryHeadroom: 1.3\n"
        "  acmeMaxModels: 3\n  acmeLicenseRecorded: true\n",
    )
    settings = build_policy_set(data_files=(overlay,)).data["settings"]
    assert settings["approvedProviders"] == ["aws-bedrock"]
    assert settings["acmeMaxModels"] == 3  # an organisation rule's own setting is allowed
    assert settings["zdrCategories"] == setting_defaults()["zdrCategories"]


def test_the_cost_model_takes_its_defaults_from_the_schema():
    defaults = setting_defaults()
    model = build_cost_model({}, dt.date(2026, 11, 28))
    assert model.input_share == defaults["budgetInputTokenShare"]
    assert model.gpu_hourly_usd_per_gb == defaults["gpuHourlyUsdPerGb"]
    assert model.gpu_headroom == defaults["gpuMemoryHeadroom"]
    assert model.price_max_age_days == defaults["priceMaxAgeDays"]
    assert model.assumed_monthly_tokens == defaults["assumedMonthlyTokens"]


def test_the_check_works_without_the_parse_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("LLM_POLICY_CACHE", "off")
    check_settings(_shipped())
    with pytest.raises(UsageError, match=r"settings\.priceMaxAgeDays"):
        check_settings({**_shipped(), "priceMaxAgeDays": "a year"})
