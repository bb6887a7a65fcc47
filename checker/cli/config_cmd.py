"""`llm-policy config`: the effective settings and where each one came from."""

from __future__ import annotations

import typing as t
from pathlib import Path

import click

from checker.cli.ci_options import effective_settings, setting_options
from checker.cli.errors import exits
from checker.cli.options import policy_options
from checker.config import find_config


def _show(value: t.Any) -> str:
    if value is False or value is None:
        return "none"
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


@click.command("config")
@setting_options
@policy_options
@exits
def config_command(
    *,
    fmt: str | None,
    fail_on: str | None,
    waivers: Path | None,
    no_waivers: bool,
    policies: tuple[Path, ...],
    data: tuple[Path, ...],
) -> int:
    """Print the settings `check` would use, and where each one comes from.

    A value comes from a flag given here (the same flags as `check`), else from .llm-policy.yaml
    or [tool.llm-policy] in pyproject.toml in the current folder, else the default.

    \b
    Examples:
      llm-policy config
      llm-policy config --fail-on high
    """
    found = find_config()
    click.echo(
        f"configuration: {found.label or 'none (no .llm-policy.yaml, no [tool.llm-policy])'}"
    )
    settings = effective_settings(
        fmt=fmt,
        fail_on=fail_on,
        policies=policies,
        data=data,
        waivers=waivers,
        no_waivers=no_waivers,
    )
    rows = [(key, _show(setting.value), setting.source) for key, setting in settings.items()]
    key_width = max(len(key) for key, _, _ in rows)
    value_width = max(len(value) for _, value, _ in rows)
    for key, value, source in rows:
        click.echo(f"{key:<{key_width}} = {value:<{value_width}}  # {source}")
    return 0
