"""`llm-policy impact`: which manifests a policy or catalog change affects."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import click

from checker.commands.context import catalog_regions
from checker.discovery import discover
from checker.engine import build_engine
from checker.errors import UsageError
from checker.impact.comparison import compare
from checker.impact.report import render_text, report_dict
from checker.impact.revision import PolicyRevision, open_revision, working_tree
from checker.metadata import read_metadata
from checker.policy_set import build_policy_set
from checker.result import ManifestResult
from checker.runner import Runner
from checker.settings import CheckSettings


@dataclass(frozen=True)
class ImpactSettings:
    """What `impact` needs: the manifests and engine (`run`), the base, and the repository."""

    run: CheckSettings
    base: str
    repo: Path = Path(".")
    fail_on_change: bool = False


def evaluate_all(
    revision: PolicyRevision, paths: list[Path], run: CheckSettings
) -> tuple[list[ManifestResult], str]:
    """Every manifest's result under one policy bundle (plus the run's org policies and data)."""
    policy_set = build_policy_set(run.policies, run.data, shipped=revision.root)
    rules = read_metadata(policy_set.sources)
    engine = build_engine(run.engine, policy_set, opa_url=run.opa_url, push=True)
    try:
        runner = Runner(
            engine,
            rules,
            regions=catalog_regions(policy_set),
            max_bytes=run.max_bytes,
            catalog=policy_set.data.get("catalog", {}),
        )
        return [runner.check(p) for p in paths], policy_set.digest
    finally:
        engine.close()


def execute(settings: ImpactSettings) -> int:
    """Compare; 1 only with `fail_on_change` when a manifest changes, else 0."""
    run = settings.run
    paths = discover(run.paths)
    if not paths:
        raise UsageError(f"no manifests found in {', '.join(str(p) for p in run.paths)}")
    head = working_tree(settings.repo)
    # One side after the other: a single --opa-url server holds one policy set at a time.
    with open_revision(settings.base, settings.repo) as base:
        before, base_digest = evaluate_all(base, paths, run)
    after, head_digest = evaluate_all(head, paths, run)
    impacts = [compare(b, a) for b, a in zip(before, after, strict=True)]
    if run.format == "json":
        document = report_dict(impacts, (base, base_digest), (head, head_digest))
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(impacts, base, head), nl=False)
    changed = any(i.changed for i in impacts)
    return 1 if settings.fail_on_change and changed else 0
