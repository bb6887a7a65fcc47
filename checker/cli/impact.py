"""`llm-policy impact`."""

from __future__ import annotations

from pathlib import Path

import click

from checker.cli.errors import exits
from checker.cli.options import check_engine_flags, engine_options, policy_options
from checker.errors import UsageError
from checker.settings import CheckSettings


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--base",
    required=True,
    metavar="REV|DIR",
    help="The policies to compare against: a git revision (its policies/ folder) or a folder.",
)
@click.option(
    "--repo",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The git repository whose policies/ are compared (the working tree side, and REV).",
)
@click.option("--fail-on-change", is_flag=True, help="Exit 1 when any manifest changes.")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True
)
@policy_options
@engine_options
@exits
def impact(
    *,
    paths: tuple[Path, ...],
    base: str,
    repo: Path,
    fail_on_change: bool,
    fmt: str,
    policies: tuple[Path, ...],
    data: tuple[Path, ...],
    engine: str,
    opa_url: str | None,
    no_push: bool,
) -> int:
    """Show which manifests a policy or catalog change affects.

    Decides every manifest under the policies and catalog at --base (a git revision of
    --repo, read with git archive, or a folder) and under the working tree's policies/, and
    lists each manifest whose pass/fail, mode verdicts, recommendation, model verdicts or
    findings (rule ids per manifest path) differ. --policies and --data apply to both sides.

    \b
    Exit codes: 0 compared (changes or not); 1 with --fail-on-change when a manifest
    changes; 2 usage error (unknown revision, no git); 3 the policies could not be evaluated.

    \b
    Examples:
      llm-policy impact --base main services/
      llm-policy impact --base HEAD~1 examples/ --format json
      llm-policy impact --base origin/main . --fail-on-change
      llm-policy impact --base ../policies-v1 examples/
    """
    from checker.commands.impact import ImpactSettings, execute

    check_engine_flags(engine, opa_url, no_push=False)
    if no_push:
        raise UsageError("impact loads two policy sets, so it must push them: drop --no-push")
    run = CheckSettings(
        paths=paths, engine=engine, opa_url=opa_url, policies=policies, data=data, format=fmt
    )
    return execute(ImpactSettings(run=run, base=base, repo=repo, fail_on_change=fail_on_change))
