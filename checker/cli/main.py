"""`llm-policy`: the command group; each command lives in its own module."""

from __future__ import annotations

import click

from checker import __version__
from checker.cli.audit import audit
from checker.cli.bundle import bundle
from checker.cli.catalog import models, schema
from checker.cli.check import check, validate
from checker.cli.config_cmd import config_command
from checker.cli.explain import explain
from checker.cli.impact import impact
from checker.cli.policy_test import test_command
from checker.cli.recommend import recommend
from checker.cli.verify import verify


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
