"""`llm-policy`: the command group, and the one place that turns errors into exit codes."""

from __future__ import annotations

import functools
import json
import os
import sys
import traceback
import typing as t
from pathlib import Path

import click

from checker import __version__
from checker.cli.options import (
    engine_options,
    output_options,
    policy_options,
    use_color,
    verbosity,
)
from checker.errors import EngineError, UsageError
from checker.reporters import REPORTERS
from checker.settings import CheckSettings
from checker.severity import FAIL_ON_CHOICES, Threshold

F = t.TypeVar("F", bound=t.Callable[..., int])


def exits(func: F) -> t.Callable[..., None]:
    """Run a command body and exit with its code; expected errors become messages."""

    @functools.wraps(func)
    def wrapper(*args: t.Any, **kwargs: t.Any) -> None:
        try:
            code = func(*args, **kwargs)
        except UsageError as exc:
            click.echo(f"error: {exc}", err=True)
            code = 2
        except EngineError as exc:
            click.echo(f"error: could not evaluate: {exc}", err=True)
            code = 3
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            code = 130
        except click.exceptions.Exit:
            raise
        except click.ClickException:
            raise
        except Exception as exc:  # a bug: say so, never pass
            click.echo(f"error: unexpected {type(exc).__name__}: {exc}", err=True)
            if os.environ.get("LLM_POLICY_DEBUG"):
                traceback.print_exc()
            else:
                click.echo("set LLM_POLICY_DEBUG=1 for the traceback, and report it", err=True)
            code = 3
        sys.exit(code)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="llm-policy")
def main() -> None:
    """Decide, by policy, whether a project may use self-hosted open-weight LLMs or vendor APIs.

    \b
    Examples:
      llm-policy check examples/
      llm-policy check services/ --format json --output report.json
      llm-policy validate llm-project.yaml
      llm-policy models --weights open
      llm-policy test
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(tuple(REPORTERS)),
    default="text",
    show_default=True,
    help="Report format on stdout (or in --output).",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here."
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON_CHOICES),
    default="low",
    show_default=True,
    help="Lowest severity that fails the run; 'warning': warnings fail too; 'never': report only.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=1024 * 1024,
    show_default=True,
    help="Larger manifests are rejected unread.",
)
@policy_options
@engine_options
@output_options
@exits
def check(
    *,
    paths: tuple[Path, ...],
    fmt: str,
    output: Path | None,
    fail_on: str,
    max_bytes: int,
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
    *.llm-project.yaml|yml|json.

    \b
    Exit codes: 0 all pass; 1 a finding at or above --fail-on, or an invalid manifest;
    2 usage error; 3 the policies could not be evaluated.

    \b
    Examples:
      llm-policy check examples/
      llm-policy check llm-project.yaml --fail-on high
      llm-policy check . --format json -o llm-policy.json
      llm-policy check . --data org-catalog.yaml --policies org-policies/
      llm-policy check . --engine opa --opa-url http://127.0.0.1:8181
    """
    from checker.commands.check import execute

    if no_push and not opa_url:
        raise UsageError("--no-push needs --opa-url (a server fed by bundles)")
    if opa_url and engine != "opa":
        raise UsageError("--opa-url needs --engine opa")
    settings = CheckSettings(
        paths=paths,
        engine=engine,
        opa_url=opa_url,
        push=not no_push,
        policies=policies,
        data=data,
        threshold=Threshold(fail_on),
        format=fmt,
        output=output,
        color=use_color(color) and output is None and fmt == "text",
        verbosity=verbosity(verbose, quiet),
        max_bytes=max_bytes,
    )
    return execute(settings)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-f", "--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True
)
@policy_options
@output_options
@exits
def validate(
    *,
    paths: tuple[Path, ...],
    fmt: str,
    policies: tuple[Path, ...],
    data: tuple[Path, ...],
    color: str,
    verbose: int,
    quiet: int,
) -> int:
    """Check manifests against the JSON Schema only (no policies).

    \b
    Examples:
      llm-policy validate llm-project.yaml
      llm-policy validate services/ --format json
    """
    from checker.commands.check import execute

    settings = CheckSettings(
        paths=paths,
        policies=policies,
        data=data,
        format=fmt,
        color=use_color(color) and fmt == "text",
        verbosity=verbosity(verbose, quiet),
    )
    return execute(settings, evaluate=False)


@main.command()
@exits
def schema() -> int:
    """Print the manifest JSON Schema (draft 2020-12).

    \b
    Examples:
      llm-policy schema > manifest.schema.json
      # yaml-language-server: $schema=./manifest.schema.json   (first line of a manifest)
    """
    from checker.validator import load_schema

    click.echo(json.dumps(load_schema(), indent=2))
    return 0


@main.command()
@click.option(
    "--weights", type=click.Choice(("open", "closed")), help="Only open or closed weights."
)
@click.option("--provider", metavar="ID", help="Only models this provider serves.")
@click.option("--region", metavar="CODE", help="Only models available in this region.")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True
)
@click.option("--data", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@exits
def models(
    *,
    weights: str | None,
    provider: str | None,
    region: str | None,
    fmt: str,
    data: tuple[Path, ...],
) -> int:
    """List the catalog's models with their licence and the providers that serve them.

    \b
    Examples:
      llm-policy models
      llm-policy models --weights open
      llm-policy models --provider aws-bedrock --region eu
      llm-policy models --format json
    """
    from checker.commands.models import ModelsSettings, execute

    return execute(ModelsSettings(weights, provider, region, fmt, data))


@main.command("test")
@click.option("--run", metavar="TEXT", help="Only tests whose name contains TEXT.")
@click.option(
    "--threshold",
    type=click.FloatRange(0, 100),
    default=0.0,
    help="Fail when line coverage of the policies is below this percentage.",
)
@click.option(
    "-f", "--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True
)
@policy_options
@output_options
@exits
def test_command(
    *,
    run: str | None,
    threshold: float,
    fmt: str,
    policies: tuple[Path, ...],
    data: tuple[Path, ...],
    color: str,
    verbose: int,
    quiet: int,
) -> int:
    """Run the policies' Rego tests (test_* rules) on the embedded engine, with coverage.

    \b
    Examples:
      llm-policy test
      llm-policy test -v --run residency
      llm-policy test --policies org-policies/ --threshold 90
    """
    from checker.commands.rego_tests import TestSettings, execute

    return execute(TestSettings(policies, data, run, verbosity(verbose, quiet), threshold, fmt))
