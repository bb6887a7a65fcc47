"""`llm-policy check` and `llm-policy validate`."""

from __future__ import annotations

from pathlib import Path

import click

from checker.cli.build import build_output_settings, build_run_settings
from checker.cli.command import configured
from checker.cli.errors import exits
from checker.cli.options import (
    decision_options,
    engine_options,
    output_options,
    policy_options,
    run_options,
    scan_option,
)
from checker.config import KEYS
from checker.reporters import REPORTERS


@configured(keys=KEYS)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@output_options(REPORTERS)
@decision_options
@scan_option
@run_options
@policy_options
@engine_options
@exits
def check(**_: object) -> int:
    """Validate manifests and decide them by policy.

    PATHS are manifest files or folders searched for llm-project.yaml|yml|json and
    *.llm-project.yaml|yml|json. With --scan (or scan: true in the configuration) each manifest
    is also held to the code in its folder. Defaults for --format, --fail-on, --policies, --data,
    --waivers and --scan come from .llm-policy.yaml or [tool.llm-policy] in pyproject.toml (see
    `llm-policy config`; --config FILE reads another file, --no-config none); flags override
    them.

    \b
    Exit codes: 0 all pass; 1 a finding at or above --fail-on, or an invalid manifest;
    2 usage error; 3 the policies could not be evaluated.

    \b
    Examples:
      llm-policy check examples/
      llm-policy check llm-project.yaml --fail-on high
      llm-policy check . --format json -o llm-policy.json
      llm-policy check . --scan --format sarif -o llm-policy.sarif
      llm-policy check . --format github --report sarif=llm-policy.sarif --report junit=junit.xml
      llm-policy check . --data org-catalog.yaml --policies org-policies/
      llm-policy check . --no-config --fail-on low
      llm-policy check . --engine opa --opa-url http://127.0.0.1:8181
    """
    from checker.commands.check import execute

    ctx = click.get_current_context()
    return execute(build_run_settings(ctx), build_output_settings(ctx))


@configured(keys=("format", "policies", "data", "catalog"))
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@output_options(REPORTERS)
@run_options
@policy_options
@exits
def validate(**_: object) -> int:
    """Check manifests against the JSON Schema only (no policies).

    --format, --policies and --data (the catalog's regions) default to the configuration.

    \b
    Examples:
      llm-policy validate llm-project.yaml
      llm-policy validate services/ --format json
    """
    from checker.commands.check import execute

    ctx = click.get_current_context()
    run = build_run_settings(ctx, evaluate=False)
    return execute(run, build_output_settings(ctx), evaluate=False)
