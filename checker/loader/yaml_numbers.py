"""One spelling for numbers and booleans: what YAML readers disagree on is an error, not a guess.

YAML 1.1 (PyYAML) turns `0750000000` into the octal 127926272, `1:30` into 90 (base 60),
`1_000` into 1000, `+1` into 1 and `yes`, `no`, `on`, `off` into booleans, where YAML 1.2, JSON
and most people read the decimal number or the text written. A manifest that says one thing to
its reviewer and another to the checker must not pass silently, so a number or boolean is only
accepted spelled the way JSON spells it (`-7`, `0.5`, `1e6`, `true`, `false`; also `True`,
`TRUE`, `False`, `FALSE`, which every reader takes as booleans); any other spelling that a reader
takes as a number or boolean is refused with the spelling to write, or a hint to quote it.

Plain text that YAML 1.1 keeps as text but YAML 1.2 reads as a number (`0o17`, `-.5`, `.5e3`)
is refused the same way. `y` and `n` stay text, as both PyYAML and YAML 1.2 read them (only the
YAML 1.1 specification calls them booleans); where a boolean is expected the schema says so.
"""

from __future__ import annotations

import re
import typing as t

_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
# YAML 1.2 core-schema numbers beyond JSON's: checked on plain text YAML 1.1 keeps as a string.
_YAML12_DECIMAL = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_YAML12_OCTAL = re.compile(r"0o[0-7]+")
# A decimal number in any of the spellings YAML 1.1 or 1.2 reads, in parts.
_DECIMAL_PARTS = re.compile(r"([-+]?)([0-9_]*)(?:\.([0-9_]*))?(?:[eE]([-+]?[0-9]+))?")
_BASES = {"0x": (16, "hexadecimal"), "0b": (2, "binary"), "0o": (8, "octal")}
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+")

BOOLEANS = {
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
QUOTE = "or quote it if it is text"


def is_json_number(text: str) -> bool:
    """`text` is a number spelled as JSON spells it."""
    return _JSON_NUMBER.fullmatch(text) is not None


def boolean_advice(text: str, value: bool) -> str:
    """Why `yes`, `off`... is refused, and what to write."""
    word = "true" if value else "false"
    return (
        f"'{text}' is the boolean {word} in YAML 1.1 but text in YAML 1.2; "
        f'write {word}, {QUOTE} ("{text}")'
    )


def number_advice(text: str, value: int | float) -> str:
    """Why a number YAML 1.1 reads from `text` (as `value`) is refused, and what to write."""
    body = text.lstrip("+-")
    based = _based(text)
    if based is not None:
        name, decimal = based
        return f"'{text}' is the {name} number {decimal}; write {decimal}, {QUOTE}"
    if ":" in body:
        return (
            f"'{text}' is a base-60 number to YAML 1.1, read as {_show(value)}; "
            f'write {_show(value)} if it is a number, {QUOTE} (a time, say: "{text}")'
        )
    decimal = _decimal(text) or _show(value)
    if _LEADING_ZERO.fullmatch(text) and isinstance(value, int) and str(value) != decimal:
        return (
            f"'{text}' has a leading zero, so YAML 1.1 reads it as the octal number {value}; "
            f"write {decimal}, {QUOTE}"
        )
    if "_" in body:
        return (
            f"'{text}' is {_show(value)} to YAML 1.1, which ignores '_' in numbers, and text "
            f"to YAML 1.2; write {decimal}, {QUOTE}"
        )
    if text.startswith("+"):
        return (
            f"'{text}' is read as the number {decimal}, without its '+'; write {decimal}, {QUOTE}"
        )
    return f"'{text}' is read as the number {decimal}; write {decimal}, {QUOTE}"


def yaml12_number_advice(text: str) -> str | None:
    """For plain text YAML 1.1 keeps as a string: why it is refused if YAML 1.2 reads a number."""
    if _YAML12_OCTAL.fullmatch(text):
        number = str(int(text[2:], 8))
    elif _YAML12_DECIMAL.fullmatch(text):
        number = _decimal(text) or text
    else:
        return None
    return (
        f"'{text}' is the number {number} in YAML 1.2 but text in YAML 1.1; write {number}, {QUOTE}"
    )


def _based(text: str) -> tuple[str, str] | None:
    sign = "-" if text.startswith("-") else ""
    body = text.lstrip("+-")
    base = _BASES.get(body[:2])
    digits = body[2:].replace("_", "")
    if base is None or not digits:
        return None
    try:
        return base[1], sign + str(int(digits, base[0]))
    except ValueError:
        return None


def _decimal(text: str) -> str | None:
    """JSON's spelling of a decimal number written otherwise: `+1` 1, `.5` 0.5, `0_750` 750."""
    match = _DECIMAL_PARTS.fullmatch(text)
    if match is None:
        return None
    sign, whole, fraction, exponent = match.groups()
    whole = whole.replace("_", "")
    fraction = fraction.replace("_", "") if fraction is not None else None
    if not whole and not fraction:
        return None
    spelled = ("-" if sign == "-" else "") + (whole.lstrip("0") or "0")
    if fraction is not None:
        spelled += "." + (fraction or "0")
    if exponent is not None:
        spelled += "e" + exponent
    return spelled


def _show(value: t.Any) -> str:
    return repr(value) if isinstance(value, float) else str(value)
