"""The files users look for at a repository's root: LICENSE, CHANGELOG.md, SECURITY.md.

`llm-policy --version` naming the catalog version is tests/acceptance/test_commands.py's
`test_version`.
"""

from __future__ import annotations

import hashlib
import re
import sys

from .conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# sha256 of the Apache License 2.0 text (terms and appendix) as LICENSE was taken from
# StyraInc/regal's LICENSE on 2026-12-01; its terms match pypa/packaging's LICENSE.APACHE.
APACHE_2_0 = "c71d239df91726fc519c6eb72d318ec65820627232b2f796219e87dcf35d0ab4"
KEEP_A_CHANGELOG_TYPES = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}


def test_license_is_the_apache_2_0_text_pyproject_names():
    assert PROJECT["license"] == "Apache-2.0"
    text = (ROOT / "LICENSE").read_bytes()
    assert hashlib.sha256(text).hexdigest() == APACHE_2_0
    assert text.startswith(b"                                 Apache License\n")
    assert b"END OF TERMS AND CONDITIONS" in text


def test_changelog_follows_keep_a_changelog():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n")
    assert "https://keepachangelog.com/en/1.1.0/" in text
    releases = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert releases, "no release section"
    for heading in releases:
        assert re.fullmatch(r"\[Unreleased\]|\[\d+\.\d+\.\d+\] - \d{4}-\d{2}-\d{2}", heading), (
            heading
        )
    assert releases.count("[Unreleased]") <= 1
    kinds = re.findall(r"^### (.+)$", text, re.MULTILINE)
    assert kinds and set(kinds) <= KEEP_A_CHANGELOG_TYPES, kinds


def test_changelog_covers_this_version():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    version = PROJECT["version"]
    released = f"## [{version}] - " in text
    first = text.split("\n## ", 2)[1] if "\n## " in text else ""
    assert released or (first.startswith("[Unreleased]") and version in first), (
        f"CHANGELOG.md has no section for {version}"
    )


def test_security_policy_points_at_the_security_doc():
    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text)
    assert "docs/security.md" in links
    assert all((ROOT / link).exists() for link in links if not link.startswith("http"))
    doc = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    assert "## Reporting a vulnerability" in doc
    for section in ("## Reporting a vulnerability", "## Supported versions"):
        assert section in text
    assert "llm-policy --version" in text
