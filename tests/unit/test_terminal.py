"""Text printed on a terminal: no escape sequences, no forged lines, no reordered text."""

from __future__ import annotations

import pytest

from checker.terminal import clean, clean_block

UNSAFE = [
    "\x1b]0;title\x07",  # OSC: set the window title
    "\x1b[2J",  # CSI: clear the screen
    "\r",  # back to the start of the line: overwrite what was printed
    "\n",  # a new line: forge a report line
    "\x0b\x0c",  # vertical tab, form feed
    "\x85",  # NEL, a C1 line break
    "\u2028\u2029",  # line and paragraph separators
    "\u202e",  # right-to-left override (Trojan Source)
    "\u2066\u2069",  # bidi isolates
    "\x00\x7f\x9b",  # NUL, DEL, the C1 CSI
    "\t",
]


@pytest.mark.parametrize("bad", UNSAFE)
def test_clean_leaves_one_line_of_printable_text(bad: str) -> None:
    out = clean(f"a{bad}b")
    assert out == "a" + "".join(c if c.isprintable() else "?" for c in bad) + "b"
    assert out.isprintable() and "\x1b" not in out


def test_clean_keeps_ordinary_unicode() -> None:
    assert clean("José → 東京 ✓ (gpt-4o)") == "José → 東京 ✓ (gpt-4o)"


def test_clean_block_keeps_newlines_and_tabs_only() -> None:
    text = "line 1\r\n\tline 2\x1b[31m\rline 3\u202e"
    assert clean_block(text) == "line 1\n\tline 2?[31m?line 3?"
