"""The one place that turns errors into exit codes: commands return codes, this exits."""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import sys
import typing as t

import click

from checker.errors import EngineError, UsageError
from checker.terminal import clean_block

F = t.TypeVar("F", bound=t.Callable[..., int])

TERMINATED = 128 + signal.SIGTERM  # 143, as a shell reports a process SIGTERM ended


class Terminated(BaseException):
    """SIGTERM arrived: like KeyboardInterrupt, no Exception, so only the CLI stops it.

    On its way out everything is cleaned up: workers, temporary files, a local OPA server.
    """


def _terminated(signum: int, frame: object) -> None:
    # Once: a second SIGTERM must not cut short the clean-up the first one started (the
    # workers are killed, not left to finish, so it is short); SIGKILL still ends it.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Terminated


@contextlib.contextmanager
def _sigterm_stops_the_run() -> t.Iterator[None]:
    """SIGTERM raises `Terminated` in the command (it killed the process outright before)."""
    try:
        previous = signal.signal(signal.SIGTERM, _terminated)
    except ValueError:  # not the main thread (an embedding application's): leave it alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def exits(func: F) -> t.Callable[..., None]:
    """Run a command body and exit with its code; expected errors become messages."""

    @functools.wraps(func)
    def wrapper(*args: t.Any, **kwargs: t.Any) -> None:
        with _sigterm_stops_the_run():
            try:
                code = _run(func, *args, **kwargs)
            except Terminated:  # also when it lands while another error is being reported
                click.echo("terminated", err=True)
                code = TERMINATED
        sys.exit(code)

    return wrapper


def _run(func: t.Callable[..., int], *args: t.Any, **kwargs: t.Any) -> int:
    """The command's code, or the code of the error it raised (reported on stderr)."""
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
    except BrokenPipeError:
        # The reader went away (`llm-policy models | head`): stop quietly, as a command killed by
        # SIGPIPE does; what was left to write goes nowhere instead of raising again at exit.
        _silence_stdout()
        code = 141
    except click.exceptions.Exit:
        raise
    except click.ClickException:
        raise
    except Exception as exc:  # a bug: say so, never pass
        click.echo(f"error: unexpected {type(exc).__name__}: {clean_block(exc)}", err=True)
        if os.environ.get("LLM_POLICY_DEBUG"):
            import traceback  # only for a bug: every run would pay for its import

            traceback.print_exc()
        else:
            click.echo("set LLM_POLICY_DEBUG=1 for the traceback, and report it", err=True)
        code = 3
    return code


def report_usage_error(exc: UsageError) -> None:
    """Print a usage error as every command does."""
    # Messages quote paths and policy text: a file name must not drive the terminal.
    click.echo(f"error: {clean_block(exc)}", err=True)


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real stdout (a test runner's capture): nothing to do
        pass
