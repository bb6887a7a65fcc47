from __future__ import annotations

import dataclasses
import json
import re

import pytest
from markdown_it import MarkdownIt

from checker.audit.document import build_document, dump_document
from checker.audit.rendering import html_links, markdown_links, render_html, render_markdown
from checker.result import Waiver
from tests.unit.audit.conftest import FAILING, finding

EVIDENCE = {
    "reportId": "0f0f0f0f-0000-5000-8000-000000000000",
    "timestamp": "2025-01-31T12:00:00Z",
    "tool": {"name": "llm-policy", "version": "0.1.0"},
    "engine": {"name": "regorus", "version": "0.13.0"},
    "policy": {"digest": "sha256:" + "d" * 64, "policies": [], "data": [], "files": {}},
    "manifests": [{"path": "svc/claims/llm-project.yaml", "sha256": "1" * 64}],
    "git": {"commit": "unknown", "dirty": None, "uncommitted": []},
    "failOn": "low",
}
CATALOG = {
    "models": {
        "gpt-4o": {
            "name": "GPT-4o <b>",
            "checked": "2025-01-01",
            "sources": ["https://openai.com/x", "javascript:alert(1)"],
        }
    }
}
EXPIRED = Waiver(reason="old deal", approver="cfo", expires="2020-01-01", expired=True)


@pytest.fixture
def document(report):
    expired = finding("LLM-GOV-001", scope="project", path="metadata", expired_waiver=EXPIRED)
    failing = dataclasses.replace(FAILING, findings=(*FAILING.findings, expired))
    report = dataclasses.replace(report, results=(failing, *report.results[1:]))
    # what audit writes: the renderers see audit.json's text parsed back
    return json.loads(dump_document(build_document(report, report.rules, CATALOG, EVIDENCE)))


def test_html_escapes_every_manifest_value(document):
    html = render_html(document)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript' not in html and "javascript:alert(1)" in html  # shown, not linked
    assert "GPT-4o &lt;b&gt;" in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


def test_html_has_the_report_sections_and_chart(document):
    html = render_html(document)
    for heading in (
        "1. Executive summary",
        "2. Evidence",
        "3.1 claims",
        "Appendix A. Rules evaluated",
        "Appendix B. Catalog entries used",
    ):
        assert heading in html
    assert html.count("<svg") == 2 and "<rect" in html and "onload" not in html
    assert html.count('class="project"') == 3
    assert "@page { size: A4" in html and "break-before: page" in html
    assert "DPO accepted" in html and "dpo@example.com" in html and "2099-01-31" in html
    assert "Expired waiver" in html and "old deal" in html
    assert '<a href="https://example.org/LLM-DATA-001">' in html
    assert '<a href="https://openai.com/x">' in html
    assert "1 days before the audit" not in html and "30 days before the audit" in html


def test_markdown_keeps_manifest_text_as_text(document):
    md = render_markdown(document)
    assert r"\<script\>alert(1)\</script\>" in md
    rendered = MarkdownIt("commonmark").enable("table").render(md)
    assert "<script" not in rendered and "javascript:" not in re.findall(
        r'href="([^"]*)"', rendered
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    # every table row has as many cells as its header: no value split a row
    for table in re.findall(r"<table>.*?</table>", rendered, flags=re.S):
        header = len(re.findall(r"<th[ >]", table.split("</tr>", 1)[0]))
        rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)[1:]
        assert rows and all(len(re.findall(r"<td[ >]", r)) == header for r in rows), table[:300]


def test_markdown_has_the_same_content(document):
    md = render_markdown(document)
    for text in ("# LLM deployment policy audit", "## Appendix A. Rules evaluated", "FAIL"):
        assert text in md
    assert "Expired waiver: old deal; approved by cfo; expires 2020-01-01" in md


def test_renderings_are_deterministic(document):
    assert render_html(document) == render_html(json.loads(json.dumps(document)))
    assert render_markdown(document) == render_markdown(document)


def test_link_filters_only_link_http_urls():
    assert str(html_links("see https://e.x/a_b. <b>")) == (
        'see <a href="https://e.x/a_b">https://e.x/a_b</a>. &lt;b&gt;'
    )
    assert str(html_links('x https://e.x/"onmouseover=alert(1)')) == (
        'x <a href="https://e.x/">https://e.x/</a>&#34;onmouseover=alert(1)'
    )
    assert str(html_links("javascript:alert(1)")) == "javascript:alert(1)"
    assert markdown_links("Ref: https://e.x/a_b [x]") == r"Ref: <https://e.x/a_b> \[x\]"
