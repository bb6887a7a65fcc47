"""Waivers: findings an organisation accepts, each with a reason, an approver and an expiry date.

A waiver matches a finding by rule id AND by the manifest (a path glob, relative to the folder
of the waivers file) or the project name (`metadata.name`); a waiver that names both needs both.
It holds through its `expires` day; from the next day the finding fails again and its message
says the waiver expired. The file is schema-checked: a bad waiver is a usage error (exit 2).

Governance comes from the settings (`WaiverPolicy`): by default every waiver names its approver
and expires within 365 days of the run's as-of day, and no waiver may accept a critical rule's
finding; a waiver that breaks one of these is a usage error naming it. A waiver that selects by
project name alone matches only when that name is unique in the run (`Waiver.by_project` lets the
run take it back when two manifests share the name; see `checker.run`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import typing as t
from dataclasses import dataclass
from pathlib import Path

from checker.errors import UsageError
from checker.evaluation import WaiverLookup
from checker.result import Finding, Waiver
from checker.user_files import load_checked

DEFAULT_FILE = ".llm-policy-waivers.yaml"
SCHEMA = "waivers.schema.json"


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A path glob as a regex: `*` within a folder, `**` across folders, `?` one character."""
    out, i, text = [], 0, pattern.removeprefix("./").rstrip("/")
    while i < len(text):
        if text.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif text.startswith("**", i):
            out.append(".*")
            i += 2
        else:
            out.append({"*": "[^/]*", "?": "[^/]"}.get(text[i], re.escape(text[i])))
            i += 1
    return re.compile("".join(out))


@dataclass(frozen=True)
class WaiverPolicy:
    """What the settings require of every waiver (`waiverApproverRequired` and friends)."""

    approver_required: bool = True
    max_days: int | None = 365
    covers_critical: bool = False

    @classmethod
    def from_settings(cls, settings: t.Mapping[str, t.Any]) -> WaiverPolicy:
        """The policy the (validated) settings give; a missing setting takes the strict default."""
        return cls(
            approver_required=settings.get("waiverApproverRequired", True) is not False,
            max_days=settings.get("waiverMaxDays", 365),
            covers_critical=settings.get("waiverCoversCritical", False) is True,
        )


@dataclass(frozen=True)
class WaiverEntry:
    """One waiver as written in the file."""

    rule: str
    reason: str
    manifest: str | None = None
    project: str | None = None
    approver: str = ""
    expires: dt.date | None = None
    source: str = ""

    def covers(self, rule: str, manifest: str, project: str | None) -> bool:
        """Whether this waiver is about `rule` in this manifest (path relative to the file)."""
        if rule != self.rule:
            return False
        if self.project is not None and project != self.project:
            return False
        if self.manifest is None:
            return True
        regex = glob_regex(self.manifest)
        parts = manifest.split("/")
        # The glob matches the manifest's path, or a folder it sits in.
        return any(regex.fullmatch("/".join(parts[:n])) for n in range(len(parts), 0, -1))

    def waiver(self, today: dt.date) -> Waiver:
        """The result-model waiver, expired or not as of `today`."""
        return Waiver(
            reason=self.reason,
            approver=self.approver,
            expires=self.expires.isoformat() if self.expires else "",
            source=self.source,
            expired=self.expires is not None and today > self.expires,
            by_project=self.project is not None and self.manifest is None,
        )


@dataclass(frozen=True)
class WaiverSet:
    """The waivers of one file; call it with a manifest to get that manifest's lookup."""

    entries: tuple[WaiverEntry, ...]
    base: Path
    today: dt.date
    policy: WaiverPolicy = WaiverPolicy()

    def __call__(self, manifest: Path, project: str | None) -> WaiverLookup:
        """The `WaiverSource` the runner calls once per manifest."""
        absolute = Path(os.path.abspath(manifest))
        try:
            relative = absolute.relative_to(self.base).as_posix()
        except ValueError:
            relative = absolute.as_posix()

        def lookup(finding: Finding) -> Waiver | None:
            found = [
                e.waiver(self.today)
                for e in self.entries
                if e.covers(finding.rule, relative, project)
            ]
            live = [w for w in found if not w.expired]
            if live:
                return live[0]
            return max(found, key=lambda w: w.expires, default=None)

        return lookup

    def unknown_rules(self, known: t.Collection[str]) -> list[WaiverEntry]:
        """Waivers naming a rule the policy set does not have (a typo waives nothing)."""
        return [e for e in self.entries if e.rule not in known]

    def check_severities(self, critical: t.Collection[str]) -> None:
        """Refuse a waiver of a critical rule unless the settings allow it (`UsageError`)."""
        if self.policy.covers_critical:
            return
        for entry in self.entries:
            if entry.rule in critical:
                raise UsageError(
                    f"{entry.source}: the waiver for {entry.rule} accepts a critical rule's"
                    " finding, which no waiver may (setting waiverCoversCritical): fix what the"
                    " rule finds instead"
                )


def _date(text: str | None, where: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{where}: expires: {text!r} is not a real date (YYYY-MM-DD)") from None


def _governed(entry: WaiverEntry, policy: WaiverPolicy, today: dt.date) -> None:
    """Refuse a waiver the settings do not allow, naming it."""
    what = f"{entry.source}: the waiver for {entry.rule}"
    if policy.approver_required and not entry.approver.strip():
        raise UsageError(
            f"{what} has no approver; name who approved it (approver: ...), as the setting"
            " waiverApproverRequired requires"
        )
    if policy.max_days is None:
        return
    latest = today + dt.timedelta(days=policy.max_days)
    if entry.expires is None:
        raise UsageError(
            f"{what} has no expires date; give one at most {policy.max_days} days ahead"
            f" (by {latest.isoformat()}; setting waiverMaxDays)"
        )
    if entry.expires > latest:
        raise UsageError(
            f"{what} expires on {entry.expires.isoformat()}, more than {policy.max_days} days"
            f" after {today.isoformat()}: set it to {latest.isoformat()} or earlier (setting"
            " waiverMaxDays) and renew it when it runs out"
        )


def load_waivers(
    path: Path, *, today: dt.date | None = None, policy: WaiverPolicy | None = None
) -> WaiverSet:
    """Read and check a waivers file under `policy` (default: the strict one).

    `today` is the run's as-of day (default: the local date).
    """
    today = today or dt.date.today()
    policy = policy or WaiverPolicy()
    data, source_map = load_checked(path, SCHEMA, "waivers file")
    entries = []
    for index, item in enumerate(data["waivers"]):
        line = (source_map.locate(f"waivers[{index}]") or (0, 0))[0]
        where = f"{path}:{line}"
        entries.append(
            WaiverEntry(
                rule=item["rule"],
                reason=item["reason"].strip(),
                manifest=item.get("manifest"),
                project=item.get("project"),
                approver=item.get("approver", ""),
                expires=_date(item.get("expires"), where),
                source=where,
            )
        )
    for entry in entries:
        _governed(entry, policy, today)
    base = Path(os.path.abspath(path)).parent
    return WaiverSet(tuple(entries), base, today, policy)
