"""`--output` and `--report` never replace what they should not, through the real CLI.

A character device or a named pipe is written through (no temporary file, no rename: a rename
over `/dev/null` replaced it with a regular file when run as root); a symlink is followed and
the file it names replaced, the link kept; a descriptor's name (`/dev/stdout`, `/dev/fd/1`)
writes to the descriptor; anything else that is not a regular file is a usage error naming the path.

Device nodes are made with `os.mknod` in a temporary folder (root only: CI runs as root), never
the machine's own `/dev/null`, which the old code would have replaced.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import stat
import subprocess
import sys
import threading
import typing as t
from pathlib import Path

import pytest

from tests.acceptance.conftest import EXAMPLES
from tests.unprivileged import LLM_POLICY

PASSING = str(EXAMPLES / "internal-assistant")
PREVIOUS = '{"previous": "report"}'
TIMEOUT = 60
NULL = os.makedev(1, 3)  # Linux's /dev/null
FULL = os.makedev(1, 7)  # /dev/full: every write fails with ENOSPC

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="device nodes and FIFOs as Linux has them"
)


def llm_policy(*args: str | os.PathLike[str], **kwargs: t.Any) -> subprocess.CompletedProcess[str]:
    """`llm-policy check PASSING ARGS...` in a subprocess; output captured unless redirected."""
    if "stdout" not in kwargs:
        kwargs["capture_output"] = True
    return subprocess.run(
        [LLM_POLICY, "check", PASSING, *map(str, args)],
        text=True,
        timeout=TIMEOUT,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
        **kwargs,
    )


def device(folder: Path, name: str, number: int) -> Path:
    """A character device node in `folder` (root only; CI, which runs as root, must run it)."""
    why = ""
    if os.geteuid() != 0:
        why = "making a device node needs root"
    else:
        try:
            os.mknod(folder / name, stat.S_IFCHR | 0o666, number)
        except PermissionError as exc:  # a container without CAP_MKNOD
            why = f"os.mknod was refused: {exc}"
    if why:
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(f"{why}; CI runs the suite as root and must run this test")
        pytest.skip(f"{why} (the test_dev_null_* test covers a user's /dev/null)")
    return folder / name


def assert_device(path: Path, number: int) -> None:
    info = os.lstat(path)
    assert stat.S_ISCHR(info.st_mode), f"{path} is no longer a character device"
    assert info.st_rdev == number


def leftovers(*folders: Path) -> list[str]:
    return [p.name for folder in folders for p in folder.iterdir() if p.name.endswith(".tmp")]


def usage_error(done: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert done.stderr.startswith("error: cannot write "), done.stderr
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
    for needle in needles:
        assert needle in done.stderr


@pytest.mark.parametrize("option", ["--report", "--output"])
def test_a_character_device_is_written_through_and_stays_a_device(
    tmp_path: Path, option: str
) -> None:
    null = device(tmp_path, "null", NULL)
    args = ["--report", f"json={null}"] if option == "--report" else ["-f", "json", "-o", null]
    done = llm_policy(*args)
    assert done.returncode == 0, done.stderr
    assert_device(null, NULL)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]  # no temp file, no other file


def test_a_device_that_fails_the_write_is_a_usage_error(tmp_path: Path) -> None:
    full = device(tmp_path, "full", FULL)
    done = llm_policy("--report", f"json={full}")
    usage_error(done, f"{full}: No space left on device")
    assert_device(full, FULL)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full"]


def test_a_symlink_to_a_device_writes_through_it(tmp_path: Path) -> None:
    null = device(tmp_path, "null", NULL)
    (tmp_path / "report.json").symlink_to("null")
    done = llm_policy("--report", f"json={tmp_path / 'report.json'}")
    assert done.returncode == 0, done.stderr
    assert os.readlink(tmp_path / "report.json") == "null"
    assert_device(null, NULL)


@pytest.mark.skipif(os.geteuid() == 0, reason="as root a regression would replace /dev/null")
def test_dev_null_of_a_user_is_written_through() -> None:
    # Not root: the old code could not replace /dev/null, it failed (exit 2, Permission denied).
    done = llm_policy("--report", "json=/dev/null", "-f", "json", "-o", "/dev/null")
    assert done.returncode == 0, done.stderr
    assert_device(Path("/dev/null"), NULL)


class FifoReader:
    """Reads a named pipe in a thread, as another process would; released if nobody writes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data = b""
        self.thread = threading.Thread(target=self._read, daemon=True)

    def _read(self) -> None:
        with open(self.path, "rb") as pipe:  # blocks until a writer opens the pipe
            self.data = pipe.read()

    def __enter__(self) -> FifoReader:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        if self.thread.is_alive():  # nobody wrote: open and close it, so the reader sees EOF
            with contextlib.suppress(OSError):  # the reader is not in open() yet, or done
                os.close(os.open(self.path, os.O_WRONLY | os.O_NONBLOCK))
        self.thread.join(10)
        assert not self.thread.is_alive(), "the pipe's reader never finished"


def test_a_named_pipe_with_a_reader_gets_the_report(tmp_path: Path) -> None:
    pipe = tmp_path / "report.pipe"
    os.mkfifo(pipe)
    with FifoReader(pipe) as reader:
        # The reader may not be in open() yet when the CLI opens the pipe; a run that found
        # nobody reading is told so (exit 2) and tried again.
        for _ in range(50):
            done = llm_policy("--report", f"json={pipe}")
            if done.returncode != 2 or "no process is reading" not in done.stderr:
                break
        assert done.returncode == 0, done.stderr
    assert json.loads(reader.data)["summary"]["passed"] == 1
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pipe"]


def test_a_named_pipe_nobody_reads_is_a_usage_error_not_a_hang(tmp_path: Path) -> None:
    pipe = tmp_path / "report.pipe"
    os.mkfifo(pipe)
    done = llm_policy("--report", f"json={pipe}")  # the old code replaced the pipe; no hang
    usage_error(done, f"{pipe}: no process is reading the named pipe")
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pipe"]


def test_a_symlink_to_a_file_replaces_the_file_and_keeps_the_link(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "links").mkdir()
    real = tmp_path / "reports" / "real.json"
    real.write_text(PREVIOUS)
    real.chmod(0o640)
    link = tmp_path / "links" / "report.json"
    link.symlink_to("../reports/real.json")
    done = llm_policy("-f", "json", "-o", link)
    assert done.returncode == 0, done.stderr
    assert os.readlink(link) == "../reports/real.json"  # the link, as it was
    assert json.loads(real.read_text())["summary"]["passed"] == 1  # the file it names, replaced
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert leftovers(tmp_path / "reports", tmp_path / "links") == []


def test_a_chain_of_symlinks_is_followed_to_the_file(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text(PREVIOUS)
    (tmp_path / "b.json").symlink_to(real)
    (tmp_path / "a.json").symlink_to("b.json")
    done = llm_policy("--report", f"json={tmp_path / 'a.json'}")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "a.json").is_symlink() and (tmp_path / "b.json").is_symlink()
    assert json.loads(real.read_text())["summary"]["passed"] == 1


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.symlink_to("gone.json"), "it is a symlink to {dir}/gone.json, which does not"),
        (
            lambda p: p.symlink_to(p.parent / "sub"),
            "it is a symlink to {dir}/sub, which is a folder",
        ),
        (lambda p: p.symlink_to(p), "a symlink loop"),
        (lambda p: p.mkdir(), "it is a folder"),
    ],
    ids=["dangling-link", "link-to-folder", "link-loop", "folder"],
)
def test_targets_that_cannot_hold_a_report_are_usage_errors(
    tmp_path: Path, make: t.Callable[[Path], None], message: str
) -> None:
    (tmp_path / "sub").mkdir()
    target = tmp_path / "report.json"
    make(target)
    before = sorted(p.name for p in tmp_path.iterdir())
    done = llm_policy("--report", f"json={target}")
    usage_error(done, str(target), message.format(dir=tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing created or replaced
    assert not (tmp_path / "gone.json").exists()


def test_a_socket_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "report.sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        done = llm_policy("--report", f"json={path}")
    usage_error(done, f"{path}: it is a socket")
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


# /dev/fd/N and /proc/self/fd/N rather than /dev/stdout here: code that renames over the target
# (as the old code did) fails on these (no file can be created in /proc), where as root it
# would replace the machine's /dev/stdout link. tests/unit/test_output.py maps /dev/stdout.


def test_dev_stdout_redirected_to_a_file_appends_to_it(tmp_path: Path) -> None:
    # `-o /dev/fd/1` is as if no -o were given: the report goes where stdout goes, and a file
    # the shell opened for appending keeps what it held (opening the name again would truncate
    # it; following the link and renaming would replace it).
    log = tmp_path / "log.txt"
    log.write_text("earlier step\n")
    inode = log.stat().st_ino
    with open(log, "a", encoding="utf-8") as stdout:
        done = llm_policy("-f", "json", "-o", "/dev/fd/1", stdout=stdout, stderr=subprocess.PIPE)
    assert done.returncode == 0, done.stderr
    head, _, body = log.read_text().partition("\n")
    assert head == "earlier step" and json.loads(body)["summary"]["passed"] == 1
    assert log.stat().st_ino == inode
    assert leftovers(tmp_path) == []


def test_dev_stdout_to_a_pipe_is_the_report_on_stdout() -> None:
    done = llm_policy("-f", "json", "-o", "/dev/fd/1", "--report", "text=/proc/self/fd/2")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["summary"]["passed"] == 1
    assert "PASS" in done.stderr
