"""File-level hostile input: size, encoding, binary content, permissions, directories."""

from __future__ import annotations

import os
import signal
import typing as t
from pathlib import Path

import pytest

from checker.loader import LoadedManifest, LoadFailure, load_manifest
from checker.problems import Problem
from tests.unprivileged import Unprivileged

Problems = t.Callable[..., tuple[Problem, ...]]


def test_files_over_the_limit_are_refused_before_reading(
    write: t.Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write("a: " + "x" * 2000 + "\n")

    def no_open(*_: object, **__: object) -> t.NoReturn:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_open)
    result = load_manifest(path, max_bytes=1000)
    assert result == LoadFailure(
        path,
        (Problem("", "file is too large for a manifest (2004 bytes; the limit is 1000 bytes)"),),
    )


def test_a_file_exactly_at_the_limit_loads(write: t.Callable[..., Path]) -> None:
    path = write("a: 1\n")
    assert isinstance(load_manifest(path, max_bytes=5), LoadedManifest)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_endless_files_that_report_no_size_are_capped() -> None:
    (problem,) = t.cast(LoadFailure, load_manifest(Path("/dev/zero"), max_bytes=64)).problems
    assert problem.message == (
        "file is too large for a manifest (larger than that; the limit is 64 bytes)"
    )


def test_nul_bytes_mean_binary_content(problems: Problems) -> None:
    (problem,) = problems(b"a: 1\nb: \x00\x01\x02\n")
    assert problem == Problem(
        "", "binary content (a NUL byte at line 2); a manifest is UTF-8 text", 2, 4
    )


def test_invalid_utf8_is_located(problems: Problems) -> None:
    (problem,) = problems("a: 1\nb: é".encode() + b"\xff\n")
    assert problem == Problem("", "not valid UTF-8 (byte 0xff at line 2); save it as UTF-8", 2, 5)


def test_latin1_files_are_not_guessed(problems: Problems) -> None:
    (problem,) = problems("owner: José\n".encode("latin-1"))
    assert problem.message.startswith("not valid UTF-8 (byte 0xe9 at line 1)")
    assert problem.column == 11


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_utf16_and_utf32_are_named(problems: Problems, encoding: str) -> None:
    (problem,) = problems("a: 1\n".encode(encoding))
    assert problem == Problem("", "file is UTF-16 or UTF-32 encoded; save it as UTF-8", 1, 1)


def test_a_utf8_bom_is_accepted_and_does_not_shift_columns(
    load_ok: t.Callable[..., LoadedManifest],
) -> None:
    result = load_ok(b"\xef\xbb\xbfa: 1\n")
    assert result.data == {"a": 1}
    assert result.source_map.locate("a") == (1, 1)


def test_directories_are_not_manifests(tmp_path: Path) -> None:
    assert load_manifest(tmp_path) == LoadFailure(
        tmp_path,
        (
            Problem(
                "",
                "is a directory, not a manifest file; pass the directory to search it instead",
            ),
        ),
    )


def test_permission_denied_is_a_value(
    write: t.Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write("a: 1\n")

    def denied(*_: object, **__: object) -> t.NoReturn:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", denied)
    assert load_manifest(path) == LoadFailure(
        path, (Problem("", "permission denied: cannot read the file (check its permissions)"),)
    )


LOAD = (
    "import sys; from pathlib import Path; from checker.loader import load_manifest\n"
    "print(load_manifest(Path(sys.argv[1])))"
)


def test_unreadable_file_on_disk() -> None:
    # In a subprocess as nobody when the suite is root: root reads a chmod-000 file.
    with Unprivileged() as box:
        path = box.root / "llm-project.yaml"
        path.write_text("a: 1\n")
        path.chmod(0)
        done = box.python(LOAD, str(path))
    assert done.returncode == 0, done.stderr
    assert "LoadFailure(" in done.stdout
    assert "permission denied: cannot read the file (check its permissions)" in done.stdout


def test_other_os_errors_are_values(
    write: t.Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write("a: 1\n")

    def broken(*_: object, **__: object) -> t.NoReturn:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(Path, "open", broken)
    (problem,) = t.cast(LoadFailure, load_manifest(path)).problems
    assert problem.message == "cannot read the file: Input/output error"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_named_pipe_without_a_writer_reads_as_empty_instead_of_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "llm-project.yaml"
    os.mkfifo(fifo)

    def hung(*_: object) -> t.NoReturn:
        raise AssertionError("reading a FIFO without a writer blocked")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(5)
    try:
        result = load_manifest(fifo)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert isinstance(result, LoadFailure)
    assert result.problems[0].message.startswith("file is empty")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_pipe_with_a_writer_is_read(tmp_path: Path) -> None:
    read, write = os.pipe()
    os.write(write, b"a: 1\n")
    os.close(write)
    try:
        result = load_manifest(Path(f"/proc/self/fd/{read}"))
    finally:
        os.close(read)
    assert isinstance(result, LoadedManifest) and result.data == {"a": 1}
