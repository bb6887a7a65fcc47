"""`llm-policy`: the command group; each command lives in its own module."""

from __future__ import annotations

import click

from checker import __version__
from checker.cli.audit import audit
from checker.cli.bundle import bundle
from checker.cli.catalog import catalog, models, run_with_catalog, schema
from checker.cli.check import check, validate
from checker.cli.config_cmd import config_command
from checker.cli.explain import explain
from checker.cli.impact import impact
from checker.cli.init import init
from checker.cli.policy_test import test_command
from checker.cli.recommend import recommend
from checker.cli.scan import scan
from checker.cli.verify import verify


def _version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """`llm-policy 0.1.0, catalog 2026.12.01`: the tool and the catalog in force."""
    if not value or ctx.resilient_parsing:
        return
    from checker.catalog.select import describe_in_force
    from checker.errors import UsageError

    try:
        catalog = describe_in_force()[0] or "unversioned"
    except UsageError as exc:  # a broken installed catalog: say so, the version still prints
        catalog = f"unknown ({exc})"
    click.echo(f"llm-policy {__version__}, catalog {catalog}")
    ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "-V",
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_version,
    help="Show the version of llm-policy and of the catalog in force, and exit.",
)
def main() -> None:
    """Decide, by policy, whether a project may use self-hosted open-weight LLMs or vendor APIs.

    \b
    Examples:
      llm-policy check examples/
      llm-policy check services/ --format json --output report.json
      llm-policy validate llm-project.yaml
      llm-policy models --weights open
      llm-policy scan .
      llm-policy test
    """


main.add_command(check)
main.add_command(validate)
main.add_command(schema)
main.add_command(models)
main.add_command(test_command, name="test")
main.add_command(config_command, name="config")
main.add_command(recommend)
main.add_command(audit)
main.add_command(verify)
main.add_command(bundle)
main.add_command(explain)
main.add_command(impact)
main.add_command(catalog)
main.add_command(scan)
main.add_command(init)

# Their settings carry no catalog: their --catalog is put in force for the call.
run_with_catalog(test_command)
run_with_catalog(bundle.commands["build"])
