"""Run a command as a user who is refused what `chmod 000` refuses, even when the suite is root.

CI runs the suite as root, and root reads any file and lists any folder whatever its mode, so a
test of an unreadable manifest that simply calls the loader proves nothing there. `Unprivileged`
gives such a test a folder under /tmp that the other user can reach, and runs commands there as
`nobody` (via `setpriv`, else `runuser`) when the suite is root, or, when `nobody` cannot reach
the checkout, as root without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (what lets root ignore
modes); as the current user when the suite is not root.
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


# Root without the capabilities that bypass file modes: for when `nobody` cannot reach the
# checkout (a clone under a 0700 home), mode 000 still applies to every file.
_NO_DAC = "-dac_override,-dac_read_search"
NO_DAC_OVERRIDE = ["setpriv", f"--bounding-set={_NO_DAC}", f"--inh-caps={_NO_DAC}", "--"]


def _prefixes() -> list[list[str]]:
    """Ways to run a command that file modes apply to, best first; [[]] when not root."""
    if os.geteuid() != 0:
        return [[]]
    if shutil.which("setpriv"):
        nobody = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--"]
        return [nobody, NO_DAC_OVERRIDE]
    if shutil.which("runuser"):
        return [["runuser", "-u", "nobody", "--"]]
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
        self.prefixes = _prefixes()
        self.prefix = self.prefixes[0]
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
        """Pick the first prefix that can run llm-policy here; fail (in CI) or skip if none."""
        problems = []
        for prefix in self.prefixes:
            self.prefix = prefix
            done = self.run([LLM_POLICY, "--version"])
            if done.returncode == 0:
                return
            why = (done.stderr or done.stdout).strip()[-300:]
            problems.append(f"{' '.join(prefix) or 'this user'}: {why}")
        _unavailable(f"nothing could run {LLM_POLICY} with file modes applied: {problems}")

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
