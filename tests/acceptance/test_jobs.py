"""`--jobs`: worker processes give the same report, in the same order, as one process."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.acceptance.conftest import EXAMPLES, RunLine

ORG_POLICY = """\
package llm.rules.org

# METADATA
# title: A rule whose findings name an id no METADATA declares
# custom:
#   id: ORG-001
#   severity: low
deny contains f if {
\tinput.kind == "LLMProject"
\tf := {"rule": "ORG-999", "scope": "project", "path": "kind", "message": "Undeclared."}
}
"""


def monorepo(root: Path, count: int = 72) -> Path:
    """`count` manifests copied from every example (the invalid one included), in nested folders."""
    examples = sorted(EXAMPLES.glob("*/llm-project.yaml"))
    for i in range(count):
        target = root / f"team-{i % 5}" / f"service-{i:03d}" / "llm-project.yaml"
        target.parent.mkdir(parents=True)
        shutil.copy(examples[i % len(examples)], target)
    return root


def test_jobs_2_gives_the_same_reports_as_jobs_1(run_line: RunLine, tmp_path: Path) -> None:
    repo = monorepo(tmp_path)
    for fmt in ("json", "text"):
        one = run_line(["llm-policy", "check", str(repo), "--jobs", "1", "--format", fmt])
        two = run_line(["llm-policy", "check", str(repo), "--jobs", "2", "--format", fmt])
        assert one.exit_code == two.exit_code == 1  # the invalid example fails
        assert two.stdout == one.stdout
        if fmt == "json":
            shown = [r["manifest"] for r in json.loads(two.stdout)["results"]]
            assert shown == sorted(shown) and len(shown) == 72


def test_an_engine_error_in_a_worker_exits_3(run_line: RunLine, tmp_path: Path) -> None:
    repo = monorepo(tmp_path / "repo")
    org = tmp_path / "org"
    org.mkdir()
    (org / "org.rego").write_text(ORG_POLICY, encoding="utf-8")
    for jobs in ("1", "2"):
        result = run_line(
            ["llm-policy", "check", str(repo), "--policies", str(org), "--jobs", jobs]
        )
        assert result.exit_code == 3, result.stdout
        assert "ORG-999" in result.stderr
