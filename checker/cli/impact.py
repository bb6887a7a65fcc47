"""`llm-policy impact`."""

from __future__ import annotations

from pathlib import Path

import click

from checker.cli.build import build_output_settings, build_run_settings
from checker.cli.command import configured
from checker.cli.errors import exits
from checker.cli.explain import DECISION_KEYS
from checker.cli.options import decision_options, engine_options, output_options, policy_options
from checker.errors import UsageError
from checker.formats import IMPACT_FORMATS


@configured(keys=DECISION_KEYS)
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
@output_options(IMPACT_FORMATS)
@decision_options
@policy_options
@engine_options
@exits
def impact(*, base: str, repo: Path, fail_on_change: bool, **_: object) -> int:
    """Show which manifests a policy or catalog change affects.

    Decides every manifest under the policies and catalog at --base (a git revision of
    --repo, read with git archive, or a folder) and under the working tree's policies/, and
    lists each manifest whose pass/fail, mode verdicts, recommendation, model verdicts or
    findings (rule ids per manifest path) differ. --policies, --data, waivers and --fail-on
    (from the configuration as for check) apply to both sides.

    \b
    Exit codes: 0 compared (changes or not); 1 with --fail-on-change when a manifest
    changes; 2 usage error (unknown revision, no git); 3 the policies could not be evaluated.

    \b
    Examples:
      llm-policy impact --base main services/
      llm-policy impact --base HEAD~1 examples/ --format json -o impact.json
      llm-policy impact --base origin/main . --fail-on-change
      llm-policy impact --base ../policies-v1 examples/
    """
    from checker.commands.impact import ImpactSettings, execute

    ctx = click.get_current_context()
    if ctx.params.get("no_push"):
        raise UsageError("impact loads two policy sets, so it must push them: drop --no-push")
    settings = ImpactSettings(base=base, repo=repo, fail_on_change=fail_on_change)
    return execute(build_run_settings(ctx), build_output_settings(ctx), settings)
