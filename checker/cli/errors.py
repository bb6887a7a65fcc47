"""The one place that turns errors into exit codes: commands return codes, this exits."""

from __future__ import annotations

import functools
import os
import sys
import traceback
import typing as t

import click

from checker.errors import EngineError, UsageError
from checker.terminal import clean_block

F = t.TypeVar("F", bound=t.Callable[..., int])


def exits(func: F) -> t.Callable[..., None]:
    """Run a command body and exit with its code; expected errors become messages."""

    @functools.wraps(func)
    def wrapper(*args: t.Any, **kwargs: t.Any) -> None:
        try:
            code = func(*args, **kwargs)
        except UsageError as exc:
            report_usage_error(exc)
            code = 2
        except EngineError as exc:
            click.echo(f"error: could not evaluate: {clean_block(exc)}", err=True)
            code = 3
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            code = 130
        except click.exceptions.Exit:
            raise
        except click.ClickException:
            raise
        except Exception as exc:  # a bug: say so, never pass
            click.echo(f"error: unexpected {type(exc).__name__}: {clean_block(exc)}", err=True)
            if os.environ.get("LLM_POLICY_DEBUG"):
                traceback.print_exc()
            else:
                click.echo("set LLM_POLICY_DEBUG=1 for the traceback, and report it", err=True)
            code = 3
        sys.exit(code)

    return wrapper


def report_usage_error(exc: UsageError) -> None:
    """Print a usage error as every command does."""
    # Messages quote paths and policy text: a file name must not drive the terminal.
    click.echo(f"error: {clean_block(exc)}", err=True)
