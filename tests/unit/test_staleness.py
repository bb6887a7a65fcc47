"""`models --stale`: every catalog entry whose facts are older than factMaxAgeDays."""

from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner

from checker.cli.main import main
from checker.staleness import StaleEntry, stale_entries

DAY = dt.date(2026, 12, 1)
CATALOG = {
    "models": {"fresh": {"checked": "2026-11-30"}, "old": {"checked": "2025-11-30"}, "undated": {}},
    "providers": {"p": {"checked": "2025-12-01"}},
    "lifecycle": {"old": {"p": {"checked": "2020-01-01"}}},
}


def test_entries_past_the_age_undated_first_then_oldest_first():
    assert stale_entries(CATALOG, 365, DAY) == [
        StaleEntry("models", "undated", None, None),
        StaleEntry("lifecycle", "old on p", "2020-01-01", 2526),
        StaleEntry("models", "old", "2025-11-30", 366),
    ]  # the provider checked exactly 365 days before is not stale


def test_the_cli_lists_them_as_of_a_day_from_the_settings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    overlay = tmp_path / "o.yaml"
    overlay.write_text(
        "catalog:\n  models:\n    gpt-4o: {checked: '2020-01-01'}\nsettings: {factMaxAgeDays: 30}\n"
    )
    run = CliRunner().invoke(
        main,
        ["models", "--stale", "--data", str(overlay), "--as-of", "2026-12-01", "-f", "json"],
    )
    assert run.exit_code == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["factMaxAgeDays"] == 30 and out["asOf"] == "2026-12-01"
    assert {"document": "models", "id": "gpt-4o", "checked": "2020-01-01", "ageDays": 2526} in out[
        "stale"
    ]
