"""The facts that changed between two catalogs, field by field."""

from __future__ import annotations

from checker.catalog.diff import EntryChange, FieldChange, diff_catalogs, field_changes


def test_entries_added_removed_and_changed_per_document() -> None:
    base = {
        "version": "1",
        "models": {"a": {"contextTokens": 8000, "capabilities": ["code"]}, "gone": {}},
        "lifecycle": {"a": {"openai": {"status": "ga", "retiredOn": None}}},
    }
    head = {
        "version": "2",
        "models": {"a": {"contextTokens": 128000, "capabilities": ["code", "tools"]}, "new": {}},
        "lifecycle": {"a": {"openai": {"status": "retired", "retiredOn": "2027-01-01"}}},
        "regions": {"eu": {"name": "EU"}},
    }
    assert diff_catalogs(base, head) == [
        EntryChange(
            "lifecycle",
            "a",
            "changed",
            (
                FieldChange("openai.retiredOn", None, "2027-01-01"),
                FieldChange("openai.status", "ga", "retired"),
            ),
        ),
        EntryChange(
            "models",
            "a",
            "changed",
            (
                FieldChange("capabilities", ["code"], ["code", "tools"]),
                FieldChange("contextTokens", 8000, 128000),
            ),
        ),
        EntryChange("models", "gone", "removed"),
        EntryChange("models", "new", "added"),
        EntryChange("regions", "eu", "added"),
    ]
    assert diff_catalogs(base, base) == []
    assert diff_catalogs({"regulation": ["x"]}, {"regulation": {}}) == [
        EntryChange("regulation", "", "changed", (FieldChange("(value)", ["x"], {}),))
    ]


def test_fields_that_appear_or_go_and_keys_that_need_quoting() -> None:
    old = {"pricing": {"inputPerMTokUsd": 2.5}, "notes": "x"}
    new = {"pricing": {"inputPerMTokUsd": 2.5, "outputPerMTokUsd": 10}, "gpu.mem": 1}
    assert field_changes(old, new) == (
        FieldChange('["gpu.mem"]', None, 1, "old"),
        FieldChange("notes", "x", None, "new"),
        FieldChange("pricing.outputPerMTokUsd", None, 10, "old"),
    )
    assert field_changes({"n": 1}, {"n": 1.0}) == (FieldChange("n", 1, 1.0),)
