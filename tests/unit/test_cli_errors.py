"""The CLI's exit path for SIGTERM: exit 143 with one line, after the command cleaned up."""

from __future__ import annotations

import os
import signal
import sys

import pytest

from checker.cli.errors import exits

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def run(command, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exited:
        exits(command)()
    return int(exited.value.code), capsys.readouterr().err


def test_sigterm_stops_a_command_with_143_after_its_clean_up(capsys) -> None:
    cleaned = []

    def command() -> int:
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            signal.pause()  # never reached: the handler raises first
            return 0
        finally:
            os.kill(os.getpid(), signal.SIGTERM)  # a second SIGTERM does not cut this short
            cleaned.append(True)

    before = signal.getsignal(signal.SIGTERM)
    assert run(command, capsys) == (143, "terminated\n")
    assert cleaned == [True]
    assert signal.getsignal(signal.SIGTERM) == before  # restored: tests run in one process


def test_sigterm_while_an_error_is_being_reported_is_still_143(capsys) -> None:
    from checker.errors import UsageError

    class Slow(UsageError):
        def __str__(self) -> str:
            os.kill(os.getpid(), signal.SIGTERM)
            return "bad flag"

    def command() -> int:
        raise Slow()

    code, err = run(command, capsys)
    assert code == 143 and err.endswith("terminated\n") and "Traceback" not in err


def test_a_command_that_ends_normally_keeps_its_code(capsys) -> None:
    assert run(lambda: 1, capsys) == (1, "")
