"""The run context: one place that opens a run and gives every command the same pipeline.

`open_run(settings)` loads the policy set, reads the waivers (as of the run's day), starts the
engine (or none, for a command that only validates) and builds the runner. Commands find their
manifests first with `find_manifests` (discovery and its one "no manifests" error, before an
engine starts), then ask the run for results (`check`, `check_all`) and for the finished report
(`report`), whose header says what decided and as of when. Nothing is patched after it is built.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field

from checker.catalog.model import Catalog, Choice
from checker.discovery import discover
from checker.engine import Engine, build_engine
from checker.errors import UsageError
from checker.evaluation import without_project_waivers
from checker.gate import Gate, build_gate, refuse_loosened
from checker.header import ReportHeader, build_header
from checker.metadata import RuleMeta, read_metadata
from checker.parallel import run_jobs
from checker.policy_set import PolicySet, build_policy_set
from checker.result import ManifestResult, RunReport
from checker.result_cache import open_cache
from checker.runner import Runner
from checker.severity import Severity
from checker.spool import ResultSpool
from checker.waivers import WaiverPolicy, WaiverSet, load_waivers

if t.TYPE_CHECKING:
    from pathlib import Path

    from checker.settings import RunSettings


def find_manifests(paths: t.Sequence[Path]) -> list[Path]:
    """The manifests under `paths`; none at all is a usage error that says how to name them."""
    found = discover(paths)
    if not found:
        shown = ", ".join(str(p) for p in paths)
        raise UsageError(
            f"no manifests found in {shown}: name them llm-project.yaml (or .yml/.json, or"
            " <name>.llm-project.yaml), or pass the files explicitly"
        )
    return found


def catalog_regions(policy_set: PolicySet) -> t.Collection[str]:
    """Region codes the catalog knows (the validator rejects any other)."""
    regions = policy_set.data.get("catalog", {}).get("regions", {})
    return tuple(regions) if isinstance(regions, dict) else ()


@dataclass
class Run:
    """An open run: its settings, policy set, rules, engine (None: validate only) and runner.

    Close it (or use it as a context manager) to stop a server the run started.
    """

    settings: RunSettings
    policy_set: PolicySet
    rules: dict[str, RuleMeta]
    engine: Engine | None
    runner: Runner
    waivers: WaiverSet | None = None
    notices: tuple[str, ...] = field(default=())
    gate: Gate | None = None

    @property
    def header(self) -> ReportHeader:
        """What decides this run, and as of which day."""
        return build_header(self.policy_set, self.engine, self.settings.as_of, self.gate)

    def check(self, path: Path) -> ManifestResult:
        """One manifest's result, in this process."""
        return self.runner.check(path)

    def check_all(self, paths: t.Sequence[Path]) -> t.Iterator[ManifestResult]:
        """Every manifest's result in order, on `settings.jobs` workers for large runs."""
        return run_jobs(self.runner, self.policy_set, paths, jobs=self.settings.jobs)

    def report(self, results: t.Iterable[ManifestResult]) -> RunReport:
        """The finished run, as every reporter receives it.

        Two manifests that share a project name are named in `notices`, and a waiver that
        selects by that name alone is taken back from both: it cannot tell them apart.
        """
        settled, shared = _unique_project_waivers(ResultSpool(results))
        notices = tuple(
            f"{len(paths)} manifests use the project name {name!r} ({_some(paths)}): a"
            " waiver by project name does not apply to them; give each a unique metadata.name"
            for name, paths in shared.items()
        )
        return RunReport(
            results=settled,
            threshold=self.settings.threshold,
            header=self.header,
            rules=self.rules if self.engine is not None else {},
            notices=notices,
            catalog=self.policy_set.data.get("catalog") or {},
        )

    def close(self) -> None:
        """Release the engine; write the result cache (once, for the whole run)."""
        if self.engine is not None:
            self.engine.close()
        if self.runner.cache is not None:
            self.runner.cache.save()

    def __enter__(self) -> Run:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _some(paths: t.Sequence[str], shown: int = 5) -> str:
    """The first few paths, and how many more (a notice stays one readable line)."""
    more = f", and {len(paths) - shown} more" if len(paths) > shown else ""
    return ", ".join(paths[:shown]) + more


def _unique_project_waivers(
    results: ResultSpool,
) -> tuple[ResultSpool, dict[str, list[str]]]:
    """The results with project-name waivers taken back where the name is not unique."""
    paths: dict[str, list[str]] = {}
    for result in results:
        if result.project is not None:
            paths.setdefault(result.project, []).append(result.manifest)
    shared = {name: found for name, found in paths.items() if len(found) > 1}
    if not shared:
        return results, {}
    settled = ResultSpool(
        without_project_waivers(r, f"the project name {r.project!r} is not unique in this run")
        if r.project in shared
        else r
        for r in results
    )
    results.close()
    return settled, shared


def _notices(waivers: WaiverSet | None, rules: t.Collection[str]) -> tuple[str, ...]:
    if waivers is None:
        return ()
    return tuple(
        f"{entry.source}: no rule has id {entry.rule}; this waiver waives nothing"
        for entry in waivers.unknown_rules(rules)
    )


def _catalog(settings: RunSettings) -> Catalog | Choice:
    """The catalog `--catalog` names (checked), else the one in force (`build_policy_set`)."""
    if settings.catalog is None:
        return Choice.IN_FORCE
    from checker.catalog.select import resolve

    return resolve(settings.catalog)


def open_run(
    settings: RunSettings,
    *,
    evaluate: bool = True,
    keep_facts: bool = False,
    shipped: Path | None = None,
) -> Run:
    """Open a run; `evaluate=False` loads no engine (validation only).

    `keep_facts` keeps each parsed manifest on its result, for commands that read it again;
    `shipped` replaces the shipped policies folder (`impact` evaluates another revision's). The
    catalog is `settings.catalog`'s, else the one in force; another revision's policies keep
    their own catalog unless `settings.catalog` names one.
    """
    extra = {"shipped": shipped} if shipped is not None else {}
    policy_set = build_policy_set(
        settings.policies, settings.data, catalog=_catalog(settings), **extra
    )
    gate = build_gate(settings, policy_set)
    if settings.strict_settings:
        refuse_loosened(gate)
    # A run that only validates reads no rule: a policy it never evaluates cannot stop it.
    rules = read_metadata(policy_set.sources) if evaluate else {}
    # Read before the engine starts: a broken waivers file is a usage error, found fast.
    waivers = (
        load_waivers(
            settings.waivers,
            today=settings.as_of,
            policy=WaiverPolicy.from_settings(policy_set.data.get("settings") or {}),
        )
        if evaluate and settings.waivers
        else None
    )
    if waivers is not None:
        waivers.check_severities({r.id for r in rules.values() if r.severity == Severity.CRITICAL})
    engine = (
        build_engine(settings.engine, policy_set, opa_url=settings.opa_url, push=settings.push)
        if evaluate
        else None
    )
    runner = Runner(
        engine,
        rules,
        regions=catalog_regions(policy_set),
        max_bytes=settings.max_bytes,
        catalog=policy_set.data.get("catalog", {}),
        waivers=waivers,
        keep_facts=keep_facts,
        as_of=settings.as_of.isoformat(),
        scan=settings.scan and evaluate,
        cache=open_cache(
            policy_set,
            engine,
            enabled=settings.cache and not keep_facts,
            as_of=settings.as_of.isoformat(),
            max_bytes=settings.max_bytes,
            opa_url=settings.opa_url,
        ),
    )
    return Run(
        settings=settings,
        policy_set=policy_set,
        rules=rules,
        engine=engine,
        runner=runner,
        waivers=waivers,
        notices=_notices(waivers, rules),
        gate=gate,
    )
