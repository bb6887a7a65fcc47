"""Building the shared pieces of a run: policy set, rules, engine and runner."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from checker.engine import Engine, build_engine
from checker.metadata import RuleMeta, read_metadata
from checker.policy_set import PolicySet, build_policy_set
from checker.runner import Runner
from checker.settings import CheckSettings
from checker.waivers import WaiverSet, load_waivers


@dataclass
class RunContext:
    """A loaded policy set with its engine; close it to stop a server the run started."""

    policy_set: PolicySet
    rules: dict[str, RuleMeta]
    engine: Engine | None
    runner: Runner
    waivers: WaiverSet | None = None

    def close(self) -> None:
        """Release the engine."""
        if self.engine is not None:
            self.engine.close()

    def __enter__(self) -> RunContext:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def catalog_regions(policy_set: PolicySet) -> t.Collection[str]:
    """Region codes the catalog knows (the validator rejects any other)."""
    regions = policy_set.data.get("catalog", {}).get("regions", {})
    return tuple(regions) if isinstance(regions, dict) else ()


def build_context(
    settings: CheckSettings, *, evaluate: bool = True, keep_facts: bool = True
) -> RunContext:
    """Load policies and data once, and the engine when the command evaluates.

    `keep_facts` keeps each parsed manifest on its result, for commands that read it again.
    """
    policy_set = build_policy_set(settings.policies, settings.data)
    rules = read_metadata(policy_set.sources)
    # Read before the engine starts: a broken waivers file is a usage error, found fast.
    waivers = load_waivers(settings.waivers) if evaluate and settings.waivers else None
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
    )
    return RunContext(
        policy_set=policy_set, rules=rules, engine=engine, runner=runner, waivers=waivers
    )
