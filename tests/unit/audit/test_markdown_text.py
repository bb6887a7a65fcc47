from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from checker.audit.markdown_text import MarkdownText, escape_markdown, finalize, trusted

# CommonMark with raw HTML on (what GitHub allows, minus its sanitiser) and GFM tables.
RENDER = MarkdownIt("commonmark").enable("table").render


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("<script>alert(1)</script>", r"\<script\>alert(1)\</script\>"),
        ("a | b", r"a \| b"),
        ("`code`", r"\`code\`"),
        ("# heading", r"\# heading"),
        ("1. item", r"1\. item"),
        ("- item", r"\- item"),
        ("> quote", r"\> quote"),
        ("[x](https://evil.example)", r"\[x\](https://evil.example)"),
        ("![img](x.png)", r"\!\[img\](x.png)"),
        ("*bold* _em_ ~~del~~", r"\*bold\* \_em\_ \~\~del\~\~"),
        ("&lt;b&gt;", r"\&lt;b\&gt;"),
        ("costs $5 or $6", r"costs \$5 or \$6"),
        ("line one\n\n# line two", "line one # line two"),  # mid-line: no heading
        ("2025-01-31 plain", "2025-01-31 plain"),
    ],
)
def test_escape_markdown(raw, escaped):
    assert escape_markdown(raw) == escaped


@pytest.mark.parametrize(
    "raw",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "# Heading\n| a | b |\n|---|---|",
        "<!-- hidden -->",
        "`x` **y** &amp; &#60;b&#62;",
    ],
)
def test_escaped_text_renders_as_the_same_text(raw):
    html = RENDER(
        f"| cell |\n|---|\n| {escape_markdown(raw)} |\n\nDescription: {escape_markdown(raw)}\n"
    )
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "<h1" not in html and "<!--" not in html and "<strong" not in html
    # one table with one body row: the value could not add rows or columns
    assert html.count("<tr>") == 2 and html.count("<td>") == 1


def test_markdown_text_passes_unchanged():
    safe = trusted("**ours**")
    assert isinstance(safe, MarkdownText)
    assert escape_markdown(safe) == "**ours**"
    assert finalize(safe) == "**ours**"
    assert finalize("**theirs**") == r"\*\*theirs\*\*"
    assert finalize(None) == ""
