"""Run a command as a user who is refused what `chmod 000` refuses, even when the suite is root.

CI runs the suite as root, and root reads any file and lists any folder whatever its mode, so a
test of an unreadable manifest that simply calls the loader proves nothing there. `Unprivileged`
gives such a test a folder under /tmp that the other user can reach, and runs commands there as
`nobody` (via `setpriv`, else `runuser`) when the suite is root, or as the current user otherwise.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import typing as t
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LLM_POLICY = ROOT / ".venv" / "bin" / "llm-policy"
NOBODY = 65534
TIMEOUT = 60


def _drop_privileges() -> list[str]:
    """The command prefix that runs as nobody, or [] when the suite is not root."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv"):
        return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--"]
    if shutil.which("runuser"):
        return ["runuser", "-u", "nobody", "--"]
    _unavailable("neither setpriv nor runuser (util-linux) is installed")
    return []


def _unavailable(reason: str) -> None:
    message = f"cannot test unreadable files as root: {reason}"
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(message)
    pytest.skip(message)


class Unprivileged:
    """A folder and a way to run commands in it as a user that file modes apply to."""

    def __init__(self) -> None:
        self.prefix = _drop_privileges()
        # /tmp itself is world-writable; our folder must be reachable by the other user.
        self.root = Path(tempfile.mkdtemp(prefix="llm-policy-unprivileged-"))
        self.root.chmod(0o755)

    def run(self, argv: t.Sequence[str | os.PathLike[str]]) -> subprocess.CompletedProcess[str]:
        """Run `argv` in the folder (as nobody when root); output captured as text."""
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.root),
            "LANG": "C.UTF-8",
            "PYTHONDONTWRITEBYTECODE": "1",
            "NO_COLOR": "1",
        }
        return subprocess.run(
            [*self.prefix, *map(str, argv)],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )

    def python(self, code: str, *args: str) -> subprocess.CompletedProcess[str]:
        """Run Python code with the suite's interpreter (checker importable)."""
        return self.run([sys.executable, "-c", code, *args])

    def check_usable(self) -> None:
        """Fail (in CI) or skip when the other user cannot run llm-policy from this checkout."""
        done = self.run([LLM_POLICY, "--version"])
        if done.returncode != 0:
            why = (done.stderr or done.stdout).strip()[-300:]
            who = " ".join(self.prefix) or "this user"
            _unavailable(f"{who} cannot run {LLM_POLICY} ({why}): its folders must be readable")

    def close(self) -> None:
        """Make everything removable again, then remove the folder."""
        for folder, dirs, files in os.walk(self.root):
            for name in dirs + files:
                path = Path(folder, name)
                if not path.is_symlink():
                    path.chmod(0o755)
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Unprivileged:
        try:
            self.check_usable()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
