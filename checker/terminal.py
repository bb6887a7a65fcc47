"""Text from manifests, file names and policies, made safe to print on a terminal.

A manifest (or a file name) is written by whoever can open a pull request. Printed raw, an
escape sequence could move the cursor, rewrite earlier lines or set the terminal's title, and a
line break could forge a whole `PASS` line in the report. So control characters, line breaks and
bidirectional overrides become `?`, and the text stays on the line it was given.
"""

from __future__ import annotations

import re

# C0 controls (tab and line breaks included), DEL, C1 controls (NEL included), line and
# paragraph separators, and bidi controls (Trojan Source: text that shows in another order).
_WIDE = "\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x1f{_WIDE}]")
_UNSAFE_IN_BLOCK = re.compile(f"[\x00-\x08\x0b-\x1f{_WIDE}]")  # keeps tabs and newlines


def clean(text: object) -> str:
    """One line of text safe to print: every control character, tab and line break is `?`."""
    return _UNSAFE.sub("?", str(text))


def clean_block(text: object) -> str:
    """Several lines safe to print: like `clean`, but `\\n` and tabs are kept (error messages)."""
    return _UNSAFE_IN_BLOCK.sub("?", str(text).replace("\r\n", "\n"))
