"""Render audit.html and audit.md from the audit.json document with the packaged templates.

HTML autoescaping is on; the Markdown environment escapes every printed value with
`markdown_text.finalize`. Jinja2 is imported here only, so `check` never loads it.
"""

from __future__ import annotations

import functools
import re
import typing as t

from checker.audit import markdown_text
from checker.audit.view import ALLOWED, VERDICT, build_view, text
from checker.terminal import clean_block

if t.TYPE_CHECKING:
    import jinja2

# Only plain http(s) URLs become links: never javascript: or data: from a data overlay.
_URL = re.compile(r"https?://[^\s<>\"'`]+[^\s<>\"'`.,;:)]")


def _pieces(value: object) -> t.Iterator[tuple[str, bool]]:
    """(text, is_url) pieces of `value`, in order."""
    text, at = str(value), 0
    for match in _URL.finditer(text):
        yield text[at : match.start()], False
        yield match[0], True
        at = match.end()
    yield text[at:], False


def html_links(value: object) -> str:
    """Escaped text with its http(s) URLs as links (for references and sources)."""
    from markupsafe import Markup, escape

    return Markup("").join(
        Markup('<a href="{0}">{0}</a>').format(piece) if url else escape(piece)
        for piece, url in _pieces(value)
        if piece
    )


def markdown_links(value: object) -> markdown_text.MarkdownText:
    """Escaped Markdown with its http(s) URLs as autolinks (`<url>` is taken literally)."""
    return markdown_text.MarkdownText(
        "".join(
            f"<{piece}>" if url else markdown_text.escape_markdown(piece)
            for piece, url in _pieces(value)
            if piece
        )
    )


def printable(value: object) -> object:
    """A printed HTML value with control characters and bidi overrides shown as `?`.

    Escaping stops markup, not a right-to-left override that makes manifest text read in
    another order than it is written; replacing characters keeps escaped Markup safe.
    """
    from markupsafe import Markup

    if isinstance(value, Markup):
        return Markup(clean_block(str(value)))
    return clean_block(value) if isinstance(value, str) else value


@functools.lru_cache(maxsize=2)
def build_environment(markdown: bool) -> jinja2.Environment:
    """The Jinja2 environment for one output kind (cached: templates compile once)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("checker.audit", "templates"),
        autoescape=not markdown,
        finalize=markdown_text.finalize if markdown else printable,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["text"] = text
    env.filters["md"] = markdown_text.escape_markdown
    env.filters["trusted"] = markdown_text.trusted
    env.filters["links"] = markdown_links if markdown else html_links
    env.globals.update(VERDICT=VERDICT, ALLOWED=ALLOWED)
    return env


def _render(name: str, document: t.Mapping[str, t.Any], *, markdown: bool) -> str:
    view = build_view(document)
    rendered = build_environment(markdown).get_template(name).render(view=view)
    return rendered.rstrip("\n") + "\n"


def render_html(document: t.Mapping[str, t.Any]) -> str:
    """audit.html: a self-contained page (inline CSS and SVG, no script) that prints on A4."""
    return _render("audit.html.j2", document, markdown=False)


def render_markdown(document: t.Mapping[str, t.Any]) -> str:
    """audit.md: the same content as the HTML, as GitHub-flavoured Markdown."""
    return _render("audit.md.j2", document, markdown=True)
