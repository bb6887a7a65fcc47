import io
import shutil
import tarfile

import pytest

from checker.errors import UsageError
from checker.impact.revision import _extract, open_revision, working_tree
from checker.policy_set import SHIPPED_POLICIES


def _tar(*members):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, kind in members:
            info = tarfile.TarInfo(name)
            if kind == "file":
                info.size = 2
                archive.addfile(info, io.BytesIO(b"ok"))
            else:
                info.type = tarfile.SYMTYPE
                info.linkname = "/etc/passwd"
                archive.addfile(info)
    return buffer.getvalue()


def test_extract_writes_plain_files_and_nothing_outside(tmp_path):
    into = tmp_path / "into"
    into.mkdir()
    _extract(_tar(("policies/a.rego", "file"), ("../escape", "file"), ("policies/l", "link")), into)
    assert (into / "policies" / "a.rego").read_bytes() == b"ok"
    assert not (tmp_path / "escape").exists()
    assert not (into / "policies" / "l").exists()


def test_a_folder_base_is_used_as_is_or_through_its_policies(tmp_path):
    with open_revision(str(SHIPPED_POLICIES), tmp_path) as rev:
        assert rev.root == SHIPPED_POLICIES and rev.commit is None
    shutil.copytree(SHIPPED_POLICIES, tmp_path / "checkout" / "policies")
    with open_revision(str(tmp_path / "checkout"), tmp_path) as rev:
        assert rev.root == tmp_path / "checkout" / "policies"


def test_outside_a_repository_a_revision_is_a_usage_error(tmp_path):
    with (
        pytest.raises(UsageError, match="not in a git repository"),
        open_revision("HEAD", tmp_path),
    ):
        pass


def test_the_working_tree_falls_back_to_the_shipped_policies(tmp_path):
    assert working_tree(tmp_path).root == SHIPPED_POLICIES
