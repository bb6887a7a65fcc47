"""From a parsed command line to typed settings, keeping where each value came from.

Click has already applied the precedence (flag, then configuration, then default; see
`checker.cli.command`); `Context.get_parameter_source` says which one gave each value, and the
settings keep that as `sources`. Contradicting flags are refused here, before any work.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
import typing as t
from pathlib import Path

import click
from click.core import ParameterSource

from checker.cli.command import config_of
from checker.cli.options import CATALOG_META
from checker.errors import UsageError
from checker.settings import OutputSettings, RunSettings
from checker.severity import Threshold
from checker.waivers import DEFAULT_FILE as WAIVERS_FILE

C = t.TypeVar("C", bound=click.Command)

# setting name (as `llm-policy config` and reports show it) -> click parameter
SETTING_PARAMETERS = {
    "format": "fmt",
    "fail-on": "fail_on",
    "policies": "policies",
    "data": "data",
    "waivers": "waivers",
    "as-of": "as_of",
    "engine": "engine",
    "scan": "scan",
    "cache": "cache",
}


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


def source_of(ctx: click.Context, param: str) -> str:
    """Where the value of `param` came from, in words."""
    source = ctx.get_parameter_source(param)
    if source is ParameterSource.COMMANDLINE:
        option = next((p for p in ctx.command.params if p.name == param), None)
        flag = option.opts[-1] if option is not None and option.opts else param
        return f"command line ({flag})"
    if source is ParameterSource.DEFAULT_MAP:
        return config_of(ctx).label
    if source is ParameterSource.ENVIRONMENT:
        return "environment"
    return "default"


def _waivers(ctx: click.Context) -> tuple[Path | None, str]:
    """The waivers file to apply and where that choice came from."""
    params = ctx.params
    path, off = params.get("waivers"), params.get("no_waivers", False)
    path_source = ctx.get_parameter_source("waivers")
    off_source = ctx.get_parameter_source("no_waivers")
    if path is not None and off:
        if path_source is off_source:  # both flags, or (never) both in one file
            raise UsageError("--waivers and --no-waivers contradict each other; use one")
        # One is a flag, the other from the configuration: the flag wins.
        if path_source is ParameterSource.COMMANDLINE:
            return path, source_of(ctx, "waivers")
        return None, source_of(ctx, "no_waivers")
    if off:
        return None, source_of(ctx, "no_waivers")
    if path is not None:
        return path, source_of(ctx, "waivers")
    found = Path(WAIVERS_FILE)
    if found.is_file():
        return found, "default (found in the current folder)"
    return None, f"default (no {WAIVERS_FILE} in the current folder)"


def _as_of(ctx: click.Context, fallback: dt.date | None) -> dt.date:
    value = ctx.params.get("as_of")
    if isinstance(value, dt.datetime):
        return value.date()
    return fallback or dt.date.today()


def build_run_settings(
    ctx: click.Context, *, evaluate: bool = True, as_of: dt.date | None = None
) -> RunSettings:
    """The run settings of the current command (`as_of`: the day when `--as-of` is not given)."""
    params = ctx.params
    engine, opa_url, no_push = params.get("engine", "regorus"), params.get("opa_url"), False
    if evaluate:
        no_push = bool(params.get("no_push"))
        if no_push and not opa_url:
            raise UsageError("--no-push needs --opa-url (a server fed by bundles)")
        if opa_url and engine != "opa":
            raise UsageError("--opa-url needs --engine opa")
    waivers, waivers_source = _waivers(ctx) if evaluate else (None, "not used")
    sources = {
        name: source_of(ctx, param) for name, param in SETTING_PARAMETERS.items() if param in params
    }
    sources["waivers"] = waivers_source
    catalog = catalog_choice(ctx)
    if any(p.name == "catalog" for p in ctx.command.params):
        sources["catalog"] = source_of(ctx, "catalog")
    jobs = params.get("jobs")
    if jobs is None:
        from checker.parallel import default_jobs

        jobs = default_jobs() if "jobs" in params else 1
    return RunSettings(
        paths=tuple(params.get("paths", ())),
        policies=tuple(params.get("policies", ())),
        data=tuple(params.get("data", ())),
        engine=engine,
        opa_url=opa_url,
        push=not no_push,
        waivers=waivers,
        threshold=Threshold(params.get("fail_on", "low")),
        as_of=_as_of(ctx, as_of),
        max_bytes=params.get("max_bytes", 1024 * 1024),
        jobs=jobs,
        config=config_of(ctx).label,
        sources=sources,
        strict_settings=bool(params.get("strict_settings")),
        catalog=catalog,
        scan=bool(params.get("scan")),
        cache=bool(params.get("cache", True)),
    )


def catalog_choice(ctx: click.Context) -> str | None:
    """The `--catalog` value of the current command (flag or configuration); None: default."""
    value = ctx.meta.get(CATALOG_META)
    return value if isinstance(value, str) and value else None


def run_with_catalog(command: C) -> C:
    """Run `command` with its `--catalog` in force (`checker.catalog.select.pinned`).

    For commands whose settings carry no catalog (`bundle build`, `test`): their policy set is
    built with the catalog in force, which the pin names for the call only.
    """
    inner = command.callback
    if inner is None:  # pragma: no cover - every command here has a body
        return command

    @functools.wraps(inner)
    def callback(*args: t.Any, **kwargs: t.Any) -> t.Any:
        from checker.catalog.select import pinned

        with pinned(catalog_choice(click.get_current_context())):
            return inner(*args, **kwargs)

    command.callback = callback
    return command


def build_output_settings(ctx: click.Context) -> OutputSettings:
    """The output settings of the current command; refuses two reports aimed at one file."""
    params = ctx.params
    fmt, output = params.get("fmt", "text"), params.get("output")
    reports = tuple(params.get("reports", ()))
    _check_targets(reports, output)
    return OutputSettings(
        format=fmt,
        output=output,
        reports=reports,
        color=use_color(params.get("color", "auto")) and output is None and fmt == "text",
        verbosity=verbosity(params.get("verbose", 0), params.get("quiet", 0)),
    )


def _check_targets(reports: t.Sequence[tuple[str, Path]], output: Path | None) -> None:
    """Refuse two reports to one file, and folders that do not exist, before any work."""
    seen: dict[Path, str] = {}
    targets = [*reports, *([("--output", output)] if output else [])]
    for fmt, path in targets:
        key = Path(click.format_filename(path)).absolute()
        if key in seen:
            raise UsageError(f"{path} is the target of both {seen[key]} and {fmt}; use two files")
        seen[key] = fmt
        folder = path.parent if str(path.parent) else Path()
        if not folder.is_dir():
            raise UsageError(f"{path}: folder {folder} does not exist")


def parse_day(value: str, option: str) -> dt.date:
    """An ISO date given to `option`."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"{option} {value!r} is not a date: write it as YYYY-MM-DD") from exc
