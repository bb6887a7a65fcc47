"""Refuse the characters that make a YAML file read one way to a person and another to the tool.

YAML 1.1 (PyYAML and libyaml) reads NEL (U+0085), LINE SEPARATOR (U+2028), PARAGRAPH SEPARATOR
(U+2029) and a carriage return without a line feed as line breaks; `cat`, editors and code review
show none. So `# note<U+2028>humanOversight: true` is one comment line to every reader and a live
key to the parser. Bidi controls (U+202A-U+202E, U+2066-U+2069) reorder how a line is displayed
("Trojan Source"), and the other C1 controls (U+0080-U+009F) are invisible. Each is refused with
its line and column, counted as a person counts them (line feeds only), before the parser runs.

They are refused everywhere in the file, inside quoted strings too (the stricter reading): inside
quotes a raw separator is still a line break to YAML 1.1 (it is folded, and every line number
after it shifts), and a raw bidi control still reorders the rest of the displayed line, so the
closing quote can seem to be elsewhere. What a value really needs is written as an escape in a
double-quoted string (`"\\u2028"`, `"\\x85"`): an escape is visible to whoever reads the file.
"""

from __future__ import annotations

import re

from checker.loader.model import ParseFailed, position_of
from checker.problems import Problem

MAX_REPORTED = 20  # a file full of them needs no more than this to be understood
_REFUSED = re.compile("[\x80-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\r(?!\n)")
_BREAK = "YAML 1.1 reads it as a line break, but editors, cat and code review show none"
_NAMES = {
    "\x85": f"NEXT LINE, a C1 control: {_BREAK}",
    "\u2028": f"LINE SEPARATOR: {_BREAK}",
    "\u2029": f"PARAGRAPH SEPARATOR: {_BREAK}",
    "\r": (
        "a carriage return without a line feed: YAML reads it as a line break, "
        "but terminals (cat) and code review do not"
    ),
}
_BIDI = {
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
}


def refuse_hidden_characters(text: str) -> None:
    """Raise `ParseFailed` naming each character of the file that readers would not see."""
    problems = []
    for match in _REFUSED.finditer(text):
        problems.append(Problem("", describe(match.group()), *position_of(text, match.start())))
        if len(problems) == MAX_REPORTED:
            break
    if problems:
        raise ParseFailed(*problems)


def describe(char: str) -> str:
    """What the character is, why it is refused, and what to write instead."""
    code = f"U+{ord(char):04X}"
    if char == "\r":
        return f"invalid character {code} ({_NAMES[char]}); end lines with LF or CRLF"
    if char in _BIDI:
        why = (
            f"{_BIDI[char]}, a bidi control: it changes the order in which editors and code "
            "review display the line, so they show something other than what is read"
        )
    else:
        why = _NAMES.get(char, "a C1 control character, invisible in editors and code review")
    escape = f"\\u{ord(char):04x}" if ord(char) > 0xFF else f"\\x{ord(char):02x}"
    return (
        f"invalid character {code} ({why}); delete it, or if a value needs it, "
        f'write the escape "{escape}" in a double-quoted string'
    )
