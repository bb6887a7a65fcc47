"""Options shared by several commands, and turning them into settings."""

from __future__ import annotations

import os
import sys
import typing as t
from pathlib import Path

import click

from checker.engine import ENGINE_NAMES
from checker.errors import UsageError

F = t.TypeVar("F", bound=t.Callable[..., t.Any])


def use_color(choice: str) -> bool:
    """Colour only on a terminal, never with NO_COLOR set, unless forced."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def verbosity(verbose: int, quiet: int) -> int:
    """1 by default; each -v adds one, each -q takes one away."""
    return 1 + verbose - quiet


def output_options(func: F) -> F:
    """--color, --verbose, --quiet."""
    func = click.option(
        "--color",
        type=click.Choice(["auto", "always", "never"]),
        default="auto",
        show_default=True,
        help="Colour the text report (auto: only on a terminal; NO_COLOR is honoured).",
    )(func)
    func = click.option("-v", "--verbose", count=True, help="More detail (repeatable).")(func)
    return click.option(
        "-q", "--quiet", count=True, help="Less output: only failing manifests and the summary."
    )(func)


def policy_options(func: F) -> F:
    """--policies, --data."""
    func = click.option(
        "--policies",
        "policies",
        multiple=True,
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        help="Extra folder of organisation Rego rule packages (llm.rules.*); repeatable.",
    )(func)
    return click.option(
        "--data",
        "data",
        multiple=True,
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="YAML/JSON overlay merged over the catalog and settings (e.g. approved providers); "
        "repeatable, later files win.",
    )(func)


def engine_options(func: F) -> F:
    """--engine, --opa-url, --no-push."""
    func = click.option(
        "--engine",
        type=click.Choice(ENGINE_NAMES),
        default="regorus",
        show_default=True,
        help="regorus: embedded, no server. opa: a real OPA server.",
    )(func)
    func = click.option(
        "--opa-url",
        metavar="URL",
        help="Use this OPA server (with --engine opa) instead of starting a local one.",
    )(func)
    return click.option(
        "--no-push",
        is_flag=True,
        help="Do not upload policies and data to --opa-url (servers fed by bundles).",
    )(func)


def check_engine_flags(engine: str, opa_url: str | None, no_push: bool) -> None:
    """Refuse engine flags that only make sense together."""
    if no_push and not opa_url:
        raise UsageError("--no-push needs --opa-url (a server fed by bundles)")
    if opa_url and engine != "opa":
        raise UsageError("--opa-url needs --engine opa")
