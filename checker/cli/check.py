"""`llm-policy check` and `llm-policy validate`."""

from __future__ import annotations

from pathlib import Path

import click

from checker.cli.ci_options import (
    check_reports,
    effective_settings,
    report_option,
    setting_options,
)
from checker.cli.errors import exits
from checker.cli.options import (
    check_engine_flags,
    engine_options,
    output_options,
    policy_options,
    use_color,
    verbosity,
)
from checker.reporters import REPORTERS
from checker.settings import CheckSettings
from checker.severity import Threshold


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@setting_options
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here."
)
@report_option
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=1024 * 1024,
    show_default=True,
    help="Larger manifests are rejected unread.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes for large runs (default: the cores; runs under 50 manifests use one).",
)
@policy_options
@engine_options
@output_options
@exits
def check(
    *,
    paths: tuple[Path, ...],
    fmt: str | None,
    output: Path | None,
    reports: tuple[tuple[str, Path], ...],
    fail_on: str | None,
    waivers: Path | None,
    no_waivers: bool,
    max_bytes: int,
    jobs: int | None,
    policies: tuple[Path, ...],
    data: tuple[Path, ...],
    engine: str,
    opa_url: str | None,
    no_push: bool,
    color: str,
    verbose: int,
    quiet: int,
) -> int:
    """Validate manifests and decide them by policy.

    PATHS are manifest files or folders searched for llm-project.yaml|yml|json and
    *.llm-project.yaml|yml|json. Defaults for --format, --fail-on, --policies, --data and
    --waivers come from .llm-policy.yaml or [tool.llm-policy] in pyproject.toml (see
    `llm-policy config`); flags override them.

    \b
    Exit codes: 0 all pass; 1 a finding at or above --fail-on, or an invalid manifest;
    2 usage error; 3 the policies could not be evaluated.

    \b
    Examples:
      llm-policy check examples/
      llm-policy check llm-project.yaml --fail-on high
      llm-policy check . --format json -o llm-policy.json
      llm-policy check . --format github --report sarif=llm-policy.sarif --report junit=junit.xml
      llm-policy check . --data org-catalog.yaml --policies org-policies/
      llm-policy check . --engine opa --opa-url http://127.0.0.1:8181
    """
    from checker.commands.check import execute
    from checker.parallel import default_jobs

    check_engine_flags(engine, opa_url, no_push)
    check_reports(reports, output)
    chosen = effective_settings(
        fmt=fmt,
        fail_on=fail_on,
        policies=policies,
        data=data,
        waivers=waivers,
        no_waivers=no_waivers,
    )
    fmt = chosen["format"].value
    settings = CheckSettings(
        paths=paths,
        engine=engine,
        opa_url=opa_url,
        push=not no_push,
        policies=tuple(chosen["policies"].value),
        data=tuple(chosen["data"].value),
        threshold=Threshold(chosen["fail-on"].value),
        format=fmt,
        output=output,
        reports=reports,
        waivers=chosen["waivers"].value or None,
        color=use_color(color) and output is None and fmt == "text",
        verbosity=verbosity(verbose, quiet),
        max_bytes=max_bytes,
        jobs=jobs or default_jobs(),
    )
    return execute(settings)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(tuple(REPORTERS)),
    help="Report format (default: from the configuration, else text).",
)
@policy_options
@output_options
@exits
def validate(
    *,
    paths: tuple[Path, ...],
    fmt: str | None,
    policies: tuple[Path, ...],
    data: tuple[Path, ...],
    color: str,
    verbose: int,
    quiet: int,
) -> int:
    """Check manifests against the JSON Schema only (no policies).

    --format, --policies and --data (the catalog's regions) default to the configuration.

    \b
    Examples:
      llm-policy validate llm-project.yaml
      llm-policy validate services/ --format json
    """
    from checker.commands.check import execute

    chosen = effective_settings(
        fmt=fmt, fail_on=None, policies=policies, data=data, waivers=None, no_waivers=True
    )
    fmt = chosen["format"].value
    settings = CheckSettings(
        paths=paths,
        policies=tuple(chosen["policies"].value),
        data=tuple(chosen["data"].value),
        format=fmt,
        color=use_color(color) and fmt == "text",
        verbosity=verbosity(verbose, quiet),
    )
    return execute(settings, evaluate=False)
