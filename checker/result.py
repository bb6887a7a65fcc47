"""The result model: what a run found, and the pass/fail and exit code that follow from it.

Reporters only render these objects; they never decide pass or fail. The rules behind the
verdict methods are in `checker.verdict`.
"""

from __future__ import annotations

import functools
import typing as t
from dataclasses import dataclass, field

from checker import verdict
from checker.header import ReportHeader
from checker.metadata import RuleMeta
from checker.problems import Problem
from checker.scan.reference import ScanReference
from checker.severity import Severity, Threshold

DEFAULT_THRESHOLD = Threshold()


@dataclass(frozen=True)
class Finding:
    """One policy finding, joined with its rule's METADATA and located in the manifest."""

    rule: str
    severity: Severity
    title: str
    message: str
    scope: str
    path: str
    line: int | None = None
    column: int | None = None
    model: int | None = None
    warning: bool = False
    description: str = ""
    remediation: str = ""
    references: tuple[str, ...] = ()
    waiver: Waiver | None = None
    expired_waiver: Waiver | None = None
    # A finding about evidence in the code (`check --scan`) points at the code file: its path
    # relative to the working directory, with `line`/`column` in that file. None: the manifest.
    source_file: str | None = None

    def applies_to_model(self, index: int) -> bool:
        """Whether this finding counts against requested model `index`."""
        return verdict.applies_to_model(self, index)

    def applies_to_mode(self, mode: str) -> bool:
        """Whether this finding makes deployment mode `mode` not allowed."""
        return verdict.applies_to_mode(self, mode)

    def fails(self, threshold: Threshold) -> bool:
        """Whether this finding, unless waived, fails its manifest under `threshold`."""
        return verdict.fails(self, threshold)


@dataclass(frozen=True)
class Waiver:
    """Why a finding was accepted: from the waivers file.

    `expires` is an ISO date (the last day the waiver holds) or "" for none; `source` says where
    the waiver is written (`file:line`). An `expired` waiver no longer waives anything: the
    finding counts again and keeps the waiver as `Finding.expired_waiver` to say why.
    """

    reason: str
    approver: str = ""
    expires: str = ""
    source: str = ""
    expired: bool = False
    #: the waiver selects by project name alone: it holds only while that name is unique
    by_project: bool = False


@dataclass(frozen=True)
class ModeVerdict:
    """Whether a deployment mode is allowed, and the findings that say why not."""

    allowed: bool
    reasons: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class ModelVerdict:
    """The verdict for one requested model deployment."""

    index: int
    id: str
    hosting: str
    provider: str | None
    allowed: bool
    violations: tuple[str, ...] = ()
    #: the id as the manifest wrote it: `id`, or an alias of it ("" when not known)
    written: str = ""


@dataclass(frozen=True)
class Decision:
    """Both modes' verdicts, each requested model's verdict and the recommendation."""

    self_hosted: ModeVerdict
    vendor_api: ModeVerdict
    models: tuple[ModelVerdict, ...]
    recommendation: str
    preference: str = "either"
    preference_reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class ManifestResult:
    """Everything a run knows about one manifest file."""

    manifest: str
    project: str | None = None
    sha256: str = ""
    errors: tuple[Problem, ...] = ()
    decision: Decision | None = None
    findings: tuple[Finding, ...] = ()
    facts: dict[str, t.Any] = field(default_factory=dict, compare=False, repr=False)
    # What `check --scan` found in the code this manifest governs (checker.scan.reference).
    evidence: tuple[ScanReference, ...] = ()

    @property
    def valid(self) -> bool:
        """Parsed and validated (policy findings aside)."""
        return not self.errors

    @property
    def waived(self) -> tuple[Finding, ...]:
        """Findings accepted by a waiver: reported, never failing (`verdict.counted_waived`)."""
        return verdict.counted_waived(self)

    @property
    def violations(self) -> tuple[Finding, ...]:
        """Unwaived violations that fail the manifest (`verdict.counted_violations`)."""
        return verdict.counted_violations(self)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """Unwaived warnings."""
        return verdict.counted_warnings(self)

    def passed(self, threshold: Threshold = DEFAULT_THRESHOLD) -> bool:
        """The contract's pass rule, with the fail threshold applied (`verdict.passes`)."""
        return verdict.passes(self, threshold)

    def model_allowed(self, index: int) -> bool:
        """Whether requested model `index` is allowed (False when there is no decision)."""
        d = self.decision
        return d is not None and any(m.index == index and m.allowed for m in d.models)


@dataclass(frozen=True)
class RunSummary:
    """Counts over a run, as the JSON report's `summary`."""

    manifests: int = 0
    passed: int = 0
    failed: int = 0
    violations: int = 0
    warnings: int = 0
    waived: int = 0

    def add(self, result: ManifestResult, threshold: Threshold) -> RunSummary:
        """A new summary with one more manifest counted."""
        ok = result.passed(threshold)
        return RunSummary(
            manifests=self.manifests + 1,
            passed=self.passed + ok,
            failed=self.failed + (not ok),
            violations=self.violations + len(result.violations),
            warnings=self.warnings + len(result.warnings),
            waived=self.waived + len(result.waived),
        )

    @property
    def exit_code(self) -> int:
        """0 when every manifest passes, 1 when any fails (contract section 5)."""
        return 1 if self.failed else 0


@dataclass(frozen=True)
class RunReport:
    """A finished run, as every reporter receives it.

    `rules` is every rule of the policy set by id (SARIF and JUnit list the rules evaluated,
    not only those that produced findings). `results` is any collection: a large run's is a
    `checker.spool.ResultSpool`, read back from disk each time it is iterated.
    """

    results: t.Collection[ManifestResult]
    threshold: Threshold
    header: ReportHeader
    rules: t.Mapping[str, RuleMeta] = field(default_factory=dict)
    #: what the run wants a person to know that is not a finding (e.g. a shared project name)
    notices: tuple[str, ...] = ()
    #: the catalog the run decided with (`data.catalog`), for formats that describe the models
    #: themselves (the CycloneDX AI-BOM: vendor, licence, release)
    catalog: t.Mapping[str, t.Any] = field(default_factory=dict, compare=False, repr=False)

    @functools.cached_property
    def summary(self) -> RunSummary:
        """Counts over all results (counted once: a spooled run is read from disk to count)."""
        summary = RunSummary()
        for result in self.results:
            summary = summary.add(result, self.threshold)
        return summary

    @property
    def exit_code(self) -> int:
        """The run's exit code under its threshold."""
        return self.summary.exit_code
