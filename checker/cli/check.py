"""`llm-policy check` and `llm-policy validate`."""

from __future__ import annotations

from pathlib import Path

import click

from checker.cli.errors import exits
from checker.cli.options import engine_options, output_options, policy_options, use_color, verbosity
from checker.errors import UsageError
from checker.reporters import REPORTERS
from checker.settings import CheckSettings
from checker.severity import FAIL_ON_CHOICES, Threshold


@click.command()
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


@click.command()
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
