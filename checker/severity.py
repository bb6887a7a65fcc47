"""Severities and the fail threshold that turns findings into an exit code."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.IntEnum):
    """A rule's severity, ordered so that comparisons read naturally (critical > low)."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        """Read a METADATA severity; unknown text is rejected by the caller."""
        return cls[value.upper()]


SEVERITY_NAMES = tuple(str(s) for s in sorted(Severity, reverse=True))

# `--fail-on` choices: a severity, `warning` (warnings fail too) or `never` (report only).
FAIL_ON_CHOICES = (*SEVERITY_NAMES, "warning", "never")


@dataclass(frozen=True)
class Threshold:
    """What fails a run: violations at or above a severity, optionally warnings too, or nothing."""

    name: str = "low"

    def __post_init__(self) -> None:
        if self.name not in FAIL_ON_CHOICES:
            raise ValueError(f"unknown --fail-on value {self.name!r}")

    @property
    def never(self) -> bool:
        """Report only: nothing fails."""
        return self.name == "never"

    def fails(self, severity: Severity, *, warning: bool = False) -> bool:
        """Whether a finding of this severity (and kind) fails the manifest."""
        if self.never:
            return False
        if warning:
            return self.name == "warning"
        return self.name == "warning" or severity >= Severity.parse(self.name)
