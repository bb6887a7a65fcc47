"""One thing `verify` checked, and what it found."""

from __future__ import annotations

from dataclasses import dataclass

STATUSES = ("ok", "altered", "unverified", "unchecked")


@dataclass(frozen=True)
class Check:
    """A verified thing (a report file, the signature, a manifest, the policies) and its status.

    `ok`: unchanged. `altered`: changed, missing from the report, or unreadable; fails `verify`.
    `unverified`: could have been checked but was not (a signature, and no `--key`); fails too.
    `unchecked`: could not be checked (not present any more, not signed, another tool version),
    or a signature accepted unchecked with `--allow-unsigned`.
    """

    subject: str
    status: str
    detail: str = ""
