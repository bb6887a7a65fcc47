"""The policy bundle at a git revision (or in a folder), and the working tree's to compare with.

A revision's `policies/` is extracted with `git archive REV policies` into a temporary folder
that lives as long as the `with` block; a folder given instead is used as it is.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import tarfile
import tempfile
import typing as t
from dataclasses import dataclass
from pathlib import Path

from checker.errors import UsageError
from checker.policy_set import SHIPPED_POLICIES

POLICY_DIR = "policies"
_GIT_TIMEOUT = 60


@dataclass(frozen=True)
class PolicyRevision:
    """A policy bundle root and how to name it: `HEAD~1 (3f2a9c1)`, or a folder path."""

    label: str
    root: Path
    commit: str | None = None


def _git(repo: Path, *args: str, binary: bool = False) -> subprocess.CompletedProcess[t.Any]:
    git = shutil.which("git")
    if git is None:
        raise UsageError("git is not installed: pass a folder of policies as --base instead")
    try:
        return subprocess.run(
            [git, "-C", str(repo), *args],
            capture_output=True,
            text=not binary,
            timeout=_GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UsageError(f"git {args[0]} failed: {exc}") from exc


def repo_root(repo: Path) -> Path | None:
    """The top folder of the git repository holding `repo`, or None outside a repository."""
    if shutil.which("git") is None or not repo.is_dir():
        return None
    done = _git(repo, "rev-parse", "--show-toplevel")
    return Path(done.stdout.strip()) if done.returncode == 0 else None


def working_tree(repo: Path) -> PolicyRevision:
    """The policies the working tree holds: `<repository>/policies`, else the shipped bundle."""
    top = repo_root(repo) or repo
    if (top / POLICY_DIR / "llm").is_dir():
        return PolicyRevision("working tree", top / POLICY_DIR)
    return PolicyRevision("shipped policies", SHIPPED_POLICIES)


def _folder(base: Path) -> PolicyRevision:
    root = base / POLICY_DIR if (base / POLICY_DIR).is_dir() else base
    return PolicyRevision(str(base), root)


def _extract(data: bytes, into: Path) -> None:
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        for member in archive.getmembers():
            # git archive writes plain files and folders; anything else, or a path leaving the
            # folder, is not ours to write.
            target = (into / member.name).resolve()
            if not (member.isfile() or member.isdir()) or into.resolve() not in target.parents:
                continue
            if hasattr(tarfile, "data_filter"):  # Python 3.11.4+: the safe extraction filter
                archive.extract(member, into, set_attrs=False, filter="data")
            else:  # pragma: no cover - older Pythons; members were checked above
                archive.extract(member, into, set_attrs=False)


@contextlib.contextmanager
def open_revision(base: str, repo: Path) -> t.Iterator[PolicyRevision]:
    """The policy bundle at `base`: a folder, or a git revision of the repository at `repo`."""
    if Path(base).is_dir():
        yield _folder(Path(base))
        return
    top = repo_root(repo)
    if top is None:
        raise UsageError(f"{repo} is not in a git repository: pass a folder of policies as --base")
    done = _git(top, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    if done.returncode != 0:
        raise UsageError(f"--base {base!r} is neither a folder nor a git revision of {top}")
    commit = done.stdout.strip()
    archived = _git(top, "archive", "--format=tar", commit, POLICY_DIR, binary=True)
    if archived.returncode != 0:
        raise UsageError(f"{base} has no {POLICY_DIR}/ folder in {top}")
    with tempfile.TemporaryDirectory(prefix="llm-policy-base-") as tmp:
        _extract(archived.stdout, Path(tmp))
        yield PolicyRevision(f"{base} ({commit[:12]})", Path(tmp) / POLICY_DIR, commit)
