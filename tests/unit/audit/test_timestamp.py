from __future__ import annotations

import datetime as dt

import pytest

from checker.audit.timestamp import audit_timestamp
from checker.errors import UsageError

NOW = dt.datetime(2026, 3, 4, 5, 6, 7, 890, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2025-01-31T12:00:00Z", "2025-01-31T12:00:00Z"),
        ("2025-01-31T12:00:00z", "2025-01-31T12:00:00Z"),
        ("2025-01-31T14:30:00+02:00", "2025-01-31T12:30:00Z"),
        ("2025-01-31T12:00:00.999Z", "2025-01-31T12:00:00Z"),
        ("2025-01-31T12:00:00", "2025-01-31T12:00:00Z"),  # no offset: UTC
        ("2025-01-31", "2025-01-31T00:00:00Z"),
    ],
)
def test_given_timestamps_become_utc_seconds(given, expected):
    assert audit_timestamp(given, environ={}, now=lambda: NOW) == expected


def test_now_and_source_date_epoch():
    assert audit_timestamp(None, environ={}, now=lambda: NOW) == "2026-03-04T05:06:07Z"
    epoch = {"SOURCE_DATE_EPOCH": "1700000000"}
    assert audit_timestamp(None, environ=epoch, now=lambda: NOW) == "2023-11-14T22:13:20Z"
    # a --timestamp wins over SOURCE_DATE_EPOCH
    assert audit_timestamp("2025-01-31T00:00:00Z", environ=epoch) == "2025-01-31T00:00:00Z"


@pytest.mark.parametrize("given", ["yesterday", "31/01/2025", "2025-13-01T00:00:00Z", ""])
def test_bad_timestamps_are_usage_errors(given):
    with pytest.raises(UsageError, match="ISO 8601"):
        audit_timestamp(given, environ={})


def test_bad_source_date_epoch_is_a_usage_error():
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH"):
        audit_timestamp(None, environ={"SOURCE_DATE_EPOCH": "soon"})
