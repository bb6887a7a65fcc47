"""Commands whose defaults may come from the project configuration.

A `ConfiguredCommand` reads `.llm-policy.yaml` / `[tool.llm-policy]` (or `--config FILE`; none
with `--no-config`) before click parses its options, and hands the values it takes to click as
the context's `default_map`. Click then applies the precedence itself (command line, then the
configuration, then the option's default) and `Context.get_parameter_source` tells where each
value came from (`checker.cli.build` turns that into the settings' `sources`).
"""

from __future__ import annotations

import typing as t
from pathlib import Path

import click

from checker.cli.errors import report_usage_error
from checker.config import Config, find_config, load_config
from checker.errors import UsageError

CONFIG_META = "llm_policy.config"
_HELP = ("-h", "--help")


def config_of(ctx: click.Context) -> Config:
    """The configuration the command was run with (an empty one when none)."""
    config = ctx.meta.get(CONFIG_META)
    return config if isinstance(config, Config) else Config()


class ConfiguredCommand(click.Command):
    """A click command that takes the defaults of `config_keys` from the configuration."""

    def __init__(self, *args: t.Any, config_keys: t.Collection[str] = (), **kwargs: t.Any):
        super().__init__(*args, **kwargs)
        self.config_keys = tuple(config_keys)
        self.params.append(
            click.Option(
                ["--config", "config_file"],
                type=click.Path(dir_okay=False, path_type=Path),
                metavar="FILE",
                help="Read the configuration from FILE (a .llm-policy.yaml-style file, or a"
                " pyproject.toml with [tool.llm-policy]) instead of the current folder's.",
            )
        )
        self.params.append(
            click.Option(
                ["--no-config"],
                is_flag=True,
                help="Ignore .llm-policy.yaml and [tool.llm-policy]: flags and built-in defaults"
                " only (for CI that must not let the checked repository change its own gate).",
            )
        )

    def _given(self, ctx: click.Context, args: list[str]) -> dict[str, t.Any]:
        """The options on the command line, parsed by click's own parser without callbacks."""
        try:
            options, _, _ = self.make_parser(ctx).parse_args(args=list(args))
        except click.ClickException:
            return {}  # the real parse reports it
        return dict(options)

    def _config(self, given: t.Mapping[str, t.Any]) -> Config:
        if given.get("no_config"):
            if given.get("config_file"):
                raise UsageError("--config and --no-config contradict each other; use one")
            return Config()
        if given.get("config_file"):
            return load_config(Path(given["config_file"]))
        return find_config()

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Load the configuration into `ctx.default_map`, then parse as click does."""
        if ctx.resilient_parsing or any(a in _HELP for a in args):
            return super().parse_args(ctx, args)
        given = self._given(ctx, args)
        try:
            config = self._config(given)
        except UsageError as exc:
            report_usage_error(exc)
            ctx.exit(exc.exit_code)
        ctx.meta[CONFIG_META] = config
        ctx.default_map = {**config.default_map(self.config_keys), **(ctx.default_map or {})}
        try:
            return super().parse_args(ctx, args)
        except click.BadParameter as exc:
            # A bad value from the file must name the file, not only the option it stands for.
            name = exc.param.name if exc.param is not None else None
            if name in ctx.default_map and name not in given:
                message = f"{exc.message} (set in {config.label})"
                raise click.BadParameter(message, ctx=ctx, param=exc.param) from exc
            raise

    def invoke(self, ctx: click.Context) -> t.Any:
        """Run the callback without `--config`/`--no-config`: parse_args has used them."""
        ctx.params.pop("config_file", None)
        ctx.params.pop("no_config", None)
        return super().invoke(ctx)


def configured(
    name: str | None = None, *, keys: t.Collection[str]
) -> t.Callable[[t.Callable[..., t.Any]], ConfiguredCommand]:
    """`@click.command`, for a command that reads configuration `keys` (see `checker.config`)."""

    def decorate(func: t.Callable[..., t.Any]) -> ConfiguredCommand:
        return click.command(name, cls=ConfiguredCommand, config_keys=keys)(func)

    return decorate
