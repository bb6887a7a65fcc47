"""Ship the policies and schemas inside the wheel.

They live at the repository root (an OPA bundle root and the published schema), outside the
`checker` package. A non-editable install (pip, pre-commit's hook environments) copies them into
`checker/_bundle/`, where `checker.resources` finds them; an editable install reads the tree.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

BUNDLED = ("policies", "schemas")


class BuildWithBundle(build_py):
    """build_py that also copies the policies and schemas into the built package."""

    def run(self) -> None:
        """Build the package, then copy the bundled folders into it."""
        super().run()
        root = Path(__file__).resolve().parent
        for name in BUNDLED:
            target = Path(self.build_lib) / "checker" / "_bundle" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(root / name, target)


setup(cmdclass={"build_py": BuildWithBundle})
