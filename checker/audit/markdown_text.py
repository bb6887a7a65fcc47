"""Markdown escaping for manifest text, applied to every value the Markdown template prints.

Manifest text is untrusted. The Markdown environment escapes every `{{ ... }}` by default (like
HTML autoescaping); only `MarkdownText` values (escaped already, or written by us) pass as is.
"""

from __future__ import annotations

import re
import typing as t

from checker.terminal import clean

# Characters with inline meaning: code, emphasis, links, images, HTML, tables, strikethrough,
# entities, GitHub math ($). CommonMark lets any ASCII punctuation be escaped with a backslash.
_INLINE = re.compile(r"([\\`*_\[\]{}<>|~&!$])")
# What makes a line a heading, quote, list item, thematic break or setext underline.
_LINE_START = re.compile(r"^( ?)(\d+(?=[.)])|)([.)#>+=-])")
_SPACE = re.compile(r"\s+")


class MarkdownText(str):
    """Text that is safe to put in Markdown as is."""

    __slots__ = ()


def escape_markdown(value: object) -> MarkdownText:
    """One line of inline Markdown that shows `value` literally.

    Newlines and runs of whitespace become one space (a newline could end a table row or start a
    block; the edges are kept, so pieces can be joined); markup characters get a backslash; a
    leading block marker is escaped too.
    """
    if isinstance(value, MarkdownText):
        return value
    text = "" if value is None else str(value)
    flat = clean(_SPACE.sub(" ", text))  # controls and bidi overrides: `?`
    escaped = _INLINE.sub(r"\\\1", flat)
    return MarkdownText(_LINE_START.sub(r"\1\2\\\3", escaped, count=1))


def trusted(value: object) -> MarkdownText:
    """Mark text written by the template or by llm-policy itself as safe."""
    return MarkdownText(str(value))


def finalize(value: t.Any) -> MarkdownText:
    """Jinja `finalize` hook: escape whatever the template prints unless already safe."""
    return escape_markdown(value)
