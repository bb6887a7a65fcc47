"""`llm-policy`: the command group; each command lives in its own module, imported when run.

A pre-commit hook starts a fresh process for every commit: importing every command's module
(audit's evidence, the catalog's bundles, scan's reports) cost more than checking one manifest.
The group names its commands without importing them; a command's module is imported when the
command is run, or when `--help` lists it (with its short help) or completes it.
"""

from __future__ import annotations

import importlib
import typing as t

import click

from checker import __version__

# command name -> "module:attribute" of its click command, in the order they were added.
COMMANDS = {
    "check": "checker.cli.check:check",
    "validate": "checker.cli.check:validate",
    "schema": "checker.cli.catalog:schema",
    "models": "checker.cli.catalog:models",
    "test": "checker.cli.policy_test:test_command",
    "config": "checker.cli.config_cmd:config_command",
    "recommend": "checker.cli.recommend:recommend",
    "audit": "checker.cli.audit:audit",
    "verify": "checker.cli.verify:verify",
    "bundle": "checker.cli.bundle:bundle",
    "explain": "checker.cli.explain:explain",
    "impact": "checker.cli.impact:impact",
    "catalog": "checker.cli.catalog:catalog",
    "scan": "checker.cli.scan:scan",
    "init": "checker.cli.init:init",
}


class LazyCommands(t.MutableMapping[str, click.Command]):
    """A group's commands by name; each is imported from its module on first access.

    Iterating gives the names without importing anything, so click's "did you mean" for a
    mistyped command and `sorted(group.commands)` stay cheap.
    """

    def __init__(self, specs: t.Mapping[str, str]) -> None:
        self._specs = dict(specs)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        command = self._loaded.get(name)
        if command is None:
            module, _, attribute = self._specs[name].partition(":")
            command = getattr(importlib.import_module(module), attribute)
            if not isinstance(command, click.Command):  # pragma: no cover - a wrong spec
                raise TypeError(f"{self._specs[name]} is not a click command")
            self._loaded[name] = command
        return command

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._specs.pop(name, None)
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self._specs.pop(name, None)
        self._loaded.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._specs or name in self._loaded

    def __iter__(self) -> t.Iterator[str]:
        yield from self._specs
        yield from (name for name in self._loaded if name not in self._specs)

    def __len__(self) -> int:
        return len(self._specs.keys() | self._loaded.keys())


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


@click.group(
    commands=LazyCommands(COMMANDS),
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
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


if __name__ == "__main__":  # `python -m checker.cli.main`, as the benchmarks run it
    main()
