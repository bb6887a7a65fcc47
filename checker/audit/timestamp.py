"""The audit's UTC timestamp: given, from SOURCE_DATE_EPOCH, or now."""

from __future__ import annotations

import datetime as dt
import os
import typing as t

from checker.errors import UsageError

FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def _parse(value: str) -> dt.datetime:
    # Python 3.10's fromisoformat does not read a trailing Z.
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise UsageError(
            f"--timestamp {value!r} is not an ISO 8601 time, e.g. 2025-01-31T12:00:00Z"
        ) from exc
    if moment.tzinfo is None:  # a time without an offset is read as UTC, as documented
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment


def audit_timestamp(
    value: str | None,
    *,
    environ: t.Mapping[str, str] = os.environ,
    now: t.Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc),
) -> str:
    """`value` (ISO 8601, an offset converted to UTC) or SOURCE_DATE_EPOCH or now, to the second.

    SOURCE_DATE_EPOCH is the reproducible-builds convention for a fixed build time.
    """
    if value is not None:
        moment = _parse(value)
    elif epoch := environ.get("SOURCE_DATE_EPOCH"):
        try:
            moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
        except (ValueError, OverflowError, OSError) as exc:
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds") from exc
    else:
        moment = now()
    return moment.astimezone(dt.timezone.utc).strftime(FORMAT)
