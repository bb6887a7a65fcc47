"""Options shared by the commands, as decorators; `checker.cli.build` turns them into settings.

Options that the configuration can set (`--format`, `--fail-on`, `--policies`, `--data`,
`--waivers`/`--no-waivers`) have ordinary click defaults: a configured command gets the file's
values as click's `default_map` (see `checker.cli.command`).
"""

from __future__ import annotations

import typing as t
from pathlib import Path

import click

from checker.engine import ENGINE_NAMES
from checker.rendering import Registry
from checker.severity import FAIL_ON_CHOICES

F = t.TypeVar("F", bound=t.Callable[..., t.Any])


class Decorator(t.Protocol):
    """A decorator that adds options and keeps the function's type."""

    def __call__(self, func: F, /) -> F:
        """`func` with the options added."""
        ...


def _apply(func: F, *decorators: t.Callable[[F], F]) -> F:
    # Applied last first, so options are listed in --help in the order written.
    for decorate in reversed(decorators):
        func = decorate(func)
    return func


# Where `--catalog` keeps its value: the option is not passed to the command's function (so
# commands with explicit parameters take it unchanged); `checker.cli.build` reads it from here.
CATALOG_META = "llm_policy.catalog"


def _keep_catalog(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    ctx.meta[CATALOG_META] = value
    return value


def catalog_option(func: F) -> F:
    """--catalog PATH|VERSION (kept in `ctx.meta[CATALOG_META]`, not passed to the function)."""
    return click.option(
        "--catalog",
        "catalog",
        metavar="PATH|VERSION",
        expose_value=False,
        callback=_keep_catalog,
        help="Decide with this catalog: a catalog folder or bundle (.tar.gz), an installed"
        " version (llm-policy catalog list), or 'shipped'.  [default: the installed current"
        " catalog, else the shipped one]",
    )(func)


def policy_options(func: F) -> F:
    """--policies, --data, --catalog."""
    return _apply(func, policy_data_options, catalog_option)


def policy_data_options(func: F) -> F:
    """--policies, --data (no --catalog: for a command that names its catalogs itself)."""
    return _apply(
        func,
        click.option(
            "--policies",
            "policies",
            multiple=True,
            type=click.Path(exists=True, file_okay=False, path_type=Path),
            help="Extra folder of organisation Rego rule packages (llm.rules.*); repeatable.",
        ),
        click.option(
            "--data",
            "data",
            multiple=True,
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="YAML/JSON overlay merged over the catalog and settings (e.g. approved"
            " providers); repeatable, later files win.",
        ),
    )


def engine_options(func: F) -> F:
    """--engine, --opa-url, --no-push."""
    return _apply(
        func,
        click.option(
            "--engine",
            type=click.Choice(ENGINE_NAMES),
            default="regorus",
            show_default=True,
            help="regorus: embedded, no server. opa: a real OPA server.",
        ),
        click.option(
            "--opa-url",
            metavar="URL",
            help="Use this OPA server (with --engine opa) instead of starting a local one.",
        ),
        click.option(
            "--no-push",
            is_flag=True,
            help="Do not upload policies and data to --opa-url (servers fed by bundles).",
        ),
    )


def decision_options(func: F) -> F:
    """--fail-on, --waivers, --no-waivers, --as-of: what turns findings into a verdict."""
    return _apply(
        func,
        click.option(
            "--fail-on",
            type=click.Choice(FAIL_ON_CHOICES),
            default="low",
            show_default=True,
            help="Lowest severity that fails; 'warning': warnings fail too; 'never': report only."
            " Everything is reported either way.",
        ),
        click.option(
            "--waivers",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="Waivers file (default: .llm-policy-waivers.yaml in the current folder, if"
            " present).",
        ),
        click.option("--no-waivers", is_flag=True, help="Ignore every waiver."),
        click.option(
            "--as-of",
            "as_of",
            type=click.DateTime(formats=["%Y-%m-%d"]),
            metavar="YYYY-MM-DD",
            help="Judge rules, waiver expiry and price ages as of this day (default: today).",
        ),
        click.option(
            "--strict-settings",
            is_flag=True,
            help="Refuse overlays that loosen a setting against the shipped default (every"
            " report names such settings either way).",
        ),
    )


def output_options(formats: Registry[t.Any], *, reports: bool = True) -> Decorator:
    """--format (the formats of `formats`), -o/--output, --report, --color, -v, -q."""

    def parse_reports(
        ctx: click.Context, param: click.Parameter, values: t.Sequence[str]
    ) -> tuple[tuple[str, Path], ...]:
        out = []
        for value in values:
            fmt, sep, path = value.partition("=")
            if not sep or not path:
                raise click.BadParameter(f"{value!r}: use FORMAT=PATH, e.g. json=report.json")
            if fmt not in formats:
                raise click.BadParameter(
                    f"{fmt!r} is not a format; use one of {', '.join(formats)}"
                )
            out.append((fmt, Path(path)))
        return tuple(out)

    options: list[t.Callable[[F], F]] = [
        click.option(
            "-f",
            "--format",
            "fmt",
            type=click.Choice(tuple(formats)),
            default=next(iter(formats)),
            show_default=True,
            help="Report format on stdout (or in --output).",
        ),
        click.option(
            "-o",
            "--output",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Write the report to this file (atomically) instead of stdout.",
        ),
    ]
    if reports:
        options.append(
            click.option(
                "--report",
                "reports",
                multiple=True,
                metavar="FORMAT=PATH",
                callback=parse_reports,
                help="Also write the report in FORMAT to PATH (atomically); repeatable, one"
                " evaluation for all. Formats: " + ", ".join(formats) + ".",
            )
        )
    options += [
        click.option(
            "--color",
            type=click.Choice(["auto", "always", "never"]),
            default="auto",
            show_default=True,
            help="Colour the text report (auto: only on a terminal; NO_COLOR is honoured).",
        ),
        click.option("-v", "--verbose", count=True, help="More detail (repeatable)."),
        click.option("-q", "--quiet", count=True, help="Less output (repeatable)."),
    ]

    def decorate(func: F) -> F:
        return _apply(func, *options)

    return decorate


def run_options(func: F) -> F:
    """--max-bytes, --jobs: how a large run reads and spreads its manifests."""
    return _apply(
        func,
        click.option(
            "--max-bytes",
            type=click.IntRange(min=1),
            default=1024 * 1024,
            show_default=True,
            help="Larger manifests are rejected unread.",
        ),
        click.option(
            "-j",
            "--jobs",
            type=click.IntRange(min=1),
            help="Worker processes for large runs (default: the cores; runs under 50 manifests"
            " use one).",
        ),
        click.option(
            "--cache/--no-cache",
            "cache",
            default=True,
            show_default=True,
            help="Reuse the decision of a manifest checked before with the same bytes, policies,"
            " catalog, settings, engine and as-of day ($XDG_CACHE_HOME/llm-policy/results;"
            " LLM_POLICY_CACHE=off turns it off too).",
        ),
    )


def scan_option(func: F) -> F:
    """--scan: hold each manifest to the code in its folder (`check`, `audit`)."""
    return click.option(
        "--scan",
        is_flag=True,
        default=False,
        help="Scan the code in each manifest's folder (subfolders with their own manifest belong"
        " to that one) and hold the manifest to it: undeclared models and providers, vendor calls"
        " in a self-hosted project, regions outside allowedRegions (LLM-EVD rules).",
    )(func)


def signing_options(func: F) -> F:
    """--signing-key, --signing-alg, --signing-key-id: how a bundle is signed (bundle, catalog)."""
    from checker.bundles.signing import ALGORITHMS, DEFAULT_KEY_ID

    return _apply(
        func,
        click.option(
            "--signing-key",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="Sign the bundle: a PEM private key file (RS/PS/ES algorithms) or a file holding"
            " the HMAC secret (HS algorithms).",
        ),
        click.option(
            "--signing-alg",
            type=click.Choice(ALGORITHMS),
            default="RS256",
            show_default=True,
            help="JWT algorithm of the signature.",
        ),
        click.option(
            "--signing-key-id",
            default=DEFAULT_KEY_ID,
            show_default=True,
            help="Key id in the signature: the name of the verification key (OPA's `keys`"
            " config, or catalog update's --verification-key).",
        ),
    )
