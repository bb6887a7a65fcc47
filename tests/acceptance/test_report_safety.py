"""Manifest text in reports: it never drives the terminal, never adds Markdown markup, and a
failing reporter never leaves a half-written report."""

from __future__ import annotations

import json
import re

from markdown_it import MarkdownIt

from tests.acceptance.conftest import EXAMPLES

VALID = (EXAMPLES / "internal-assistant" / "llm-project.yaml").read_text()
# An escape sequence, a forged report line, a bidi override, a line separator and a BEL.
HOSTILE = (
    "\x1b]0;pwned\x07\n\nPASS forged.yaml (fake)\u202e\u2028[x](https://evil.example)<img src=x>|"
)
QUOTED = json.dumps(HOSTILE)  # a YAML double-quoted scalar with the escapes spelled out
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def hostile_manifests(tmp_path):
    """One valid manifest whose self-hosted model id is hostile (it reaches the decision, a
    violation and a warning message), one invalid whose project name and purpose are."""
    model = VALID.replace("- id: llama-3.1-70b", f"- id: {QUOTED}")
    model = model.replace("    gpuMemoryGb: 160\n", "")  # so a warning names the model too
    named = VALID.replace("name: hr-policy-assistant", f"name: {QUOTED}")
    named = named.replace("purpose: chat-assistant", f"purpose: {QUOTED}")
    (tmp_path / "model.llm-project.yaml").write_text(model)
    (tmp_path / "name.llm-project.yaml").write_text(named)
    return str(tmp_path)


def test_terminal_report_keeps_hostile_text_on_its_own_line(run_line, tmp_path):
    result = run_line(["llm-policy", "check", hostile_manifests(tmp_path), "--color", "never"])
    assert result.exit_code == 1
    out = result.stdout
    assert not UNSAFE.search(out), "a control, separator or bidi character reached the terminal"
    lines = out.splitlines()
    # Only the report's own lines start at column 0: each manifest, header, gate and summary.
    heads = [line for line in lines if line and not line.startswith("  ")]
    expected = ["FAIL", "FAIL", "llm-policy", "gate:", "2"]
    assert [h.split(" ", 1)[0] for h in heads] == expected
    # The hostile text shows where manifest text goes: the model line, a violation, a warning,
    # the project name and a schema error, always on the line it belongs to.
    assert any(line.startswith("  model 0: ?]0;pwned???PASS forged.yaml") for line in lines)
    assert "LLM-GOV-001" in out and "LLM-DEP-003" in out
    assert any("(?]0;pwned???PASS forged.yaml (fake)??[x]" in h for h in heads)
    assert "spec.useCase.purpose: '\\x1b]0;pwned\\x07\\n\\nPASS forged.yaml" in out


def test_usage_errors_on_stderr_are_cleaned(run_line):
    result = run_line(["llm-policy", "check", "nope\x1b[2J\n\u202e.yaml"])
    assert result.exit_code == 2
    assert result.stderr == "error: no such file or directory: nope?[2J\n?.yaml\n"


def test_markdown_report_adds_no_markup(run_line, tmp_path):
    result = run_line(["llm-policy", "check", hostile_manifests(tmp_path), "-f", "markdown"])
    assert result.exit_code == 1
    html = MarkdownIt("commonmark").enable("table").render(result.stdout)
    for markup in ("<img", "<a ", "href=", "<script"):
        assert markup not in html
    assert "&lt;img src=x&gt;" in html and "[x](https://evil.example)" in html
    assert not UNSAFE.search(result.stdout)
    tables = re.findall(r"<table>.*?</table>", html, re.S)
    assert len(tables) >= 3
    for table in tables:  # a | in manifest text must not add a cell
        columns = len(re.findall(r"<th[ >]", table))
        rows = re.findall(r"<tr>(.*?)</tr>", table.split("</thead>")[1], re.S)
        assert rows and all(len(re.findall(r"<td[ >]", row)) == columns for row in rows), table


def test_a_reporter_that_fails_leaves_the_previous_report(run_line, tmp_path, monkeypatch):
    from checker.reporters.json_ import JsonReporter

    def broken(self, report):
        # half a report, then a bug: the previous file must stay whole
        yield '{"reportVersion": "1",'
        raise RuntimeError("reporter bug")

    monkeypatch.setattr(JsonReporter, "chunks", broken)
    out = tmp_path / "report.json"
    out.write_text("previous")
    argv = ["llm-policy", "check", str(EXAMPLES / "internal-assistant"), "-f", "json"]
    result = run_line([*argv, "-o", str(out)])
    assert result.exit_code == 3  # never a pass it did not report
    assert "error: unexpected RuntimeError: reporter bug" in result.stderr
    assert out.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_audit_html_and_markdown_show_manifest_text_inert(run_line, tmp_path):
    out, folder = tmp_path / "audit", tmp_path / "in"
    folder.mkdir()
    result = run_line(["llm-policy", "audit", hostile_manifests(folder), "--out", str(out)])
    assert result.exit_code == 1, result.stderr
    html = (out / "audit.html").read_text(encoding="utf-8")
    markdown = (out / "audit.md").read_text(encoding="utf-8")
    for text in (html, markdown):
        assert not UNSAFE.search(text), "a control or bidi character reached the audit report"
    assert "<img src=x" not in html and "&lt;img src=x&gt;" in html
    assert 'href="https://evil.example' not in html
    rendered = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "<img" not in rendered and 'href="https://evil.example' not in rendered


def test_github_annotations_carry_no_control_characters(run_line, tmp_path):
    result = run_line(["llm-policy", "check", hostile_manifests(tmp_path), "-f", "github"])
    assert result.exit_code == 1
    assert not UNSAFE.search(result.stdout)
    commands = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert any("?]0;pwned?%0A%0APASS forged.yaml" in line for line in commands)
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in commands)
