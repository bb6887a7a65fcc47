"""write_atomic: text and bytes land whole, with an ordinary file's mode; targets that are not
regular files are written through or refused (tests/acceptance/test_output_targets.py runs
those through the CLI)."""

from __future__ import annotations

import contextlib
import os
import typing as t
from pathlib import Path

import pytest

from checker import output
from checker.errors import UsageError
from checker.output import write_atomic


def test_text_and_bytes(tmp_path: Path) -> None:
    write_atomic(tmp_path / "report.txt", "héllo\n")
    write_atomic(tmp_path / "bundle.tar.gz", b"\x1f\x8b\x00\xff")
    assert (tmp_path / "report.txt").read_text(encoding="utf-8") == "héllo\n"
    assert (tmp_path / "bundle.tar.gz").read_bytes() == b"\x1f\x8b\x00\xff"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle.tar.gz", "report.txt"]


def test_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        write_atomic(tmp_path / "nowhere" / "bundle.tar.gz", b"x")


@pytest.mark.parametrize("failure", [KeyboardInterrupt(), OSError(28, "No space left on device")])
def test_a_failed_write_leaves_the_old_file_whole_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    report = tmp_path / "report.json"
    report.write_text("previous")

    def interrupted(fd: int) -> None:  # after part of the new text reached the temp file
        assert any(p.name.endswith(".tmp") and p.stat().st_size for p in tmp_path.iterdir())
        raise failure

    monkeypatch.setattr(os, "fsync", interrupted)
    expected = KeyboardInterrupt if isinstance(failure, KeyboardInterrupt) else UsageError
    with pytest.raises(expected):
        write_atomic(report, "new " * 100_000)
    assert report.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_an_unwritable_folder_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def denied(path: t.Any, *args: t.Any, **kwargs: t.Any) -> int:
        if os.fspath(path).endswith(".tmp"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(UsageError, match=r"cannot write .*report.json: Permission denied"):
        write_atomic(tmp_path / "report.json", "x")


@pytest.mark.parametrize("signal", [KeyboardInterrupt, SystemExit])
def test_a_signal_right_after_the_temp_file_is_created_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signal: type[BaseException]
) -> None:
    # A signal handler runs between any two bytecodes: here, right after the temporary file is
    # created and before its name or descriptor is kept (mkstemp named it only after).
    real_open = os.open

    def then_interrupted(path: t.Any, *args: t.Any, **kwargs: t.Any) -> int:
        fd = real_open(path, *args, **kwargs)
        if os.fspath(path).endswith(".tmp"):
            os.close(fd)
            raise signal()
        return fd

    (tmp_path / "report.json").write_text("previous")
    monkeypatch.setattr(os, "open", then_interrupted)
    with pytest.raises(signal):
        write_atomic(tmp_path / "report.json", "new")
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]
    assert (tmp_path / "report.json").read_text() == "previous"


def test_a_symlink_keeps_pointing_at_the_file_it_names(tmp_path: Path) -> None:
    (tmp_path / "real.json").write_text("previous")
    (tmp_path / "real.json").chmod(0o604)
    (tmp_path / "link.json").symlink_to("real.json")
    write_atomic(tmp_path / "link.json", "new")
    assert os.readlink(tmp_path / "link.json") == "real.json"
    assert (tmp_path / "real.json").read_text() == "new"
    assert (tmp_path / "real.json").stat().st_mode & 0o777 == 0o604
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "real.json"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("/dev/stdout", 1),
        ("/dev/stderr", 2),
        ("/dev/fd/5", 5),
        ("/proc/self/fd/7", 7),
        ("/proc/thread-self/fd/7", 7),
        ("/proc/PID/fd/3", 3),  # PID: this process's
        ("/proc/1/fd/3", None),  # another process's descriptor: an ordinary symlink to follow
        ("/dev/null", None),
        ("dev/stdout", None),
        ("/dev/fd/x", None),
    ],
)
def test_names_of_this_process_descriptors(name: str, expected: int | None) -> None:
    assert output._descriptor(name.replace("PID", str(os.getpid()))) == expected


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc/self/fd")
def test_a_descriptor_name_writes_to_the_descriptor_and_leaves_it_open(tmp_path: Path) -> None:
    read, write = os.pipe()
    try:
        for name in (f"/dev/fd/{write}", f"/proc/self/fd/{write}"):
            write_atomic(Path(name), f"to {name}\n")
        os.write(write, b"still open\n")
        os.close(write)
        with os.fdopen(read, "rb") as pipe:
            assert pipe.read().decode().splitlines() == [
                f"to /dev/fd/{write}",
                f"to /proc/self/fd/{write}",
                "still open",
            ]
    finally:
        for fd in (read, write):
            with contextlib.suppress(OSError):
                os.close(fd)


def test_a_descriptor_that_is_not_open_is_a_usage_error() -> None:
    unused = os.open(os.devnull, os.O_RDONLY)
    os.close(unused)
    with pytest.raises(UsageError, match=f"descriptor {unused} is not open for writing"):
        write_atomic(Path(f"/dev/fd/{unused}"), "x")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_named_pipe_without_a_reader_is_refused_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(UsageError, match="no process is reading the named pipe"):
        write_atomic(tmp_path / "pipe", "x")
