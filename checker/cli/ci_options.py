"""Options that configuration files can also set, `--report`, and resolving them with the config.

`--format`, `--fail-on`, `--waivers`/`--no-waivers` have no click default: a value of None means
"not given", so `checker.config.resolve` can apply the configuration file and then the default,
and say where each value came from.
"""

from __future__ import annotations

import typing as t
from pathlib import Path

import click

from checker.config import DEFAULTS, Setting, find_config, resolve
from checker.errors import UsageError
from checker.reporters import REPORTERS
from checker.severity import FAIL_ON_CHOICES

F = t.TypeVar("F", bound=t.Callable[..., t.Any])


def parse_reports(
    ctx: click.Context, param: click.Parameter, values: t.Sequence[str]
) -> tuple[tuple[str, Path], ...]:
    """`--report FORMAT=PATH` values as (format, path) pairs."""
    out = []
    for value in values:
        fmt, sep, path = value.partition("=")
        if not sep or not path:
            raise click.BadParameter(f"{value!r}: use FORMAT=PATH, e.g. sarif=llm-policy.sarif")
        if fmt not in REPORTERS:
            raise click.BadParameter(f"{fmt!r} is not a format; use one of {', '.join(REPORTERS)}")
        out.append((fmt, Path(path)))
    return tuple(out)


def setting_options(func: F) -> F:
    """--format, --fail-on, --waivers, --no-waivers (each may come from the configuration)."""
    # Applied innermost first, so the last one here is listed first in --help.
    func = click.option("--no-waivers", is_flag=True, help="Ignore every waiver.")(func)
    func = click.option(
        "--waivers",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Waivers file (default: .llm-policy-waivers.yaml in the current folder, if present).",
    )(func)
    func = click.option(
        "--fail-on",
        type=click.Choice(FAIL_ON_CHOICES),
        help="Lowest severity that fails the run; 'warning': warnings fail too; 'never': report"
        f" only. Everything is reported either way. Default: {DEFAULTS['fail-on']}.",
    )(func)
    return click.option(
        "-f",
        "--format",
        "fmt",
        type=click.Choice(tuple(REPORTERS)),
        help=f"Report format on stdout (or in --output). Default: {DEFAULTS['format']}.",
    )(func)


def report_option(func: F) -> F:
    """--report FORMAT=PATH, repeatable."""
    return click.option(
        "--report",
        "reports",
        multiple=True,
        metavar="FORMAT=PATH",
        callback=parse_reports,
        help="Also write the report in FORMAT to PATH (atomically); repeatable, one evaluation"
        " for all. Formats: " + ", ".join(REPORTERS) + ".",
    )(func)


def effective_settings(
    *,
    fmt: str | None,
    fail_on: str | None,
    policies: tuple[Path, ...],
    data: tuple[Path, ...],
    waivers: Path | None,
    no_waivers: bool,
) -> dict[str, Setting]:
    """Flags over the configuration file over the defaults, with each value's source."""
    if waivers is not None and no_waivers:
        raise UsageError("--waivers and --no-waivers contradict each other; use one")
    flags = {
        "format": fmt,
        "fail-on": fail_on,
        "policies": policies or None,
        "data": data or None,
        "waivers": False if no_waivers else waivers,
    }
    settings = resolve(find_config(), flags)
    if no_waivers:
        settings["waivers"] = Setting(False, "command line (--no-waivers)")
    return settings


def check_reports(reports: t.Sequence[tuple[str, Path]], output: Path | None) -> None:
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
