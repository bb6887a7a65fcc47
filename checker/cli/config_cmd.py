"""`llm-policy config`: the effective settings and where each one came from."""

from __future__ import annotations

import typing as t

import click

from checker.cli.build import build_output_settings, build_run_settings
from checker.cli.command import configured
from checker.cli.errors import exits
from checker.cli.options import decision_options, output_options, policy_options, scan_option
from checker.config import KEYS
from checker.reporters import REPORTERS


def _show(value: t.Any) -> str:
    if value is False or value is None:
        return "none"
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


@configured("config", keys=KEYS)
@output_options(REPORTERS)
@decision_options
@policy_options
@scan_option
@exits
def config_command(**_: object) -> int:
    """Print the settings `check` would use, and where each one comes from.

    A value comes from a flag given here (the same flags as `check`), else from .llm-policy.yaml
    or [tool.llm-policy] in pyproject.toml in the current folder (or --config FILE; none with
    --no-config), else the default.

    \b
    Examples:
      llm-policy config
      llm-policy config --fail-on high
      llm-policy config --no-config
    """
    ctx = click.get_current_context()
    run = build_run_settings(ctx, evaluate=True)
    output = build_output_settings(ctx)
    click.echo(f"configuration: {run.config or 'none (no .llm-policy.yaml, no [tool.llm-policy])'}")
    values = {
        "policies": run.policies,
        "data": run.data,
        "format": output.format,
        "fail-on": run.threshold.name,
        "waivers": run.waivers,
        # none given: the installed current catalog, else the shipped one (checker.catalog)
        "catalog": run.catalog or "in force",
        "scan": "true" if run.scan else "false",
    }
    rows = [(key, _show(value), run.sources[key]) for key, value in values.items()]
    key_width = max(len(key) for key, _, _ in rows)
    value_width = max(len(value) for _, value, _ in rows)
    for key, value, source in rows:
        click.echo(f"{key:<{key_width}} = {value:<{value_width}}  # {source}")
    return 0
