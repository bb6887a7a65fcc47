"""`llm-policy scan`."""

from __future__ import annotations

from pathlib import Path

import click

from checker.cli.build import build_output_settings, catalog_choice
from checker.cli.command import configured
from checker.cli.errors import exits
from checker.cli.options import output_options, policy_options
from checker.scan.report import SCAN_FORMATS


@configured(keys=("policies", "data", "catalog"))
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@output_options(SCAN_FORMATS)
@policy_options
@exits
def scan(
    *, paths: tuple[Path, ...], policies: tuple[Path, ...], data: tuple[Path, ...], **_: object
) -> int:
    """Find where code uses LLMs: SDK calls, model ids, serving set-ups and vendor endpoints.

    Reads Python, JavaScript and TypeScript (JSX/TSX too) structurally, the code cells of
    Jupyter notebooks, Dockerfiles, Compose files, Kubernetes manifests and Helm values, and
    YAML/JSON/TOML/.env.example configuration. Each reference is resolved through the catalog's
    aliases (with --catalog and --data overlays, as check does) to a catalog model and provider,
    with the region and deployment type where the code says them (a Bedrock us. profile is geo
    in us). Honours .gitignore; skips vendored folders (node_modules, .venv, vendor, ...), type
    stubs, binary, huge and minified files, each skip counted in the summary. Scan decides
    nothing: check --scan holds a manifest to what it finds. See docs/scan.md.

    \b
    Exit codes: 0 scanned (whatever was found); 2 usage error (e.g. a path that does not exist).

    \b
    Examples:
      llm-policy scan .
      llm-policy scan src/ notebooks/ -v
      llm-policy scan . --format json -o references.json
      llm-policy scan services/api --data org-aliases.yaml
    """
    from checker.scan.command import execute

    ctx = click.get_current_context()
    return execute(
        paths,
        build_output_settings(ctx),
        policies=policies,
        data=data,
        catalog=catalog_choice(ctx),
    )
