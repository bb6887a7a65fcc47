from checker.reporters import REPORTERS, build_reporter
from checker.reporters.markdown import md

from .conftest import FAILING, INVALID, PASSING, WAIVER


def render(report):
    return build_reporter("markdown").render(report)


def table_rows(text, header):
    lines = text.splitlines()
    start = lines.index(header) + 2
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append(line)
    return rows


def test_overview_table_has_a_row_per_manifest(report):
    text = render(report)
    assert text.startswith("# llm-policy report\n\n❌ **Failed**: 1 of 3 manifests pass")
    header = "| Result | Manifest | Project | Recommendation | Violations | Warnings | Waived |"
    rows = table_rows(text, header)
    assert len(rows) == 3
    assert rows[0] == f"| ❌ fail | {FAILING} | claims-triage | self-hosted | 2 | 1 | 1 |"
    assert rows[1].startswith(f"| ✅ pass | {PASSING} | chat |")
    assert rows[2].startswith(f"| ❌ fail | {INVALID} |  | invalid | 2 |")


def test_findings_and_waivers_in_detail(report):
    text = render(report)
    rows = table_rows(text, "| Severity | Status | Rule | Line | Finding | Fix |")
    assert [r.split(" | ")[:4] for r in rows] == [
        ["| high", "**fails**", "LLM-DATA-001", "31"],
        ["| low", "**fails**", "LLM-LIC-001", ""],
        ["| low warning", "reported", "LLM-DEP-006", "20"],
    ]
    waived = table_rows(text, "| Rule | Line | Finding | Reason | Approver | Expires |")
    assert waived == [
        f"| LLM-RES-001 | 33 | LLM-RES-001 happened. | {md(WAIVER.reason)} "
        "| dpo&#64;example.com | 2099-01-31 |"
    ]
    assert "## ✅ pass" not in text  # passing manifests without findings get no section


def test_hostile_text_cannot_add_markup_or_break_tables(report):
    rows = table_rows(render(report), "| Line | Field | Schema error |")
    assert len(rows) == 2
    hostile = rows[0]
    assert hostile.count(" | ") == 2  # still three cells
    for raw in ("<b>", "[link](", "@team", "\n"):
        assert raw not in hostile
    assert r"\<b\>x\</b\> \| \]\]\>" in hostile


def test_every_format_is_registered():
    assert set(REPORTERS) == {
        "text",
        "json",
        "sarif",
        "junit",
        "github",
        "markdown",
        "gitlab",
        "cyclonedx",
    }
    assert all(REPORTERS[name].name == name for name in REPORTERS)
