"""YAML scalars to JSON-compatible values, using PyYAML's safe resolver and constructors only.

Tags that would build anything but a string, number, boolean or null (`!!python/...`,
`!!binary`, `!!set`, local `!tags`) are refused instead of constructed, and timestamps stay the
text the author wrote, since JSON Schema and Rego both see strings. Numbers and booleans must be
spelled the one way every reader agrees on (`yaml_numbers`).
"""

from __future__ import annotations

import math
import re
import typing as t

import yaml

from checker.loader.yaml_numbers import (
    BOOLEANS,
    boolean_advice,
    is_json_number,
    number_advice,
    yaml12_number_advice,
)

YAML_TAG = "tag:yaml.org,2002:"
MERGE_TAG = YAML_TAG + "merge"
COLLECTION_TAGS = {"mapping": YAML_TAG + "map", "sequence": YAML_TAG + "seq"}
# '<<' and '=' resolve to these in YAML 1.1; as values they are just text.
_TEXT_TAGS = {YAML_TAG + name for name in ("str", "timestamp", "merge", "value")}

_KINDS = {YAML_TAG + "bool": "boolean", YAML_TAG + "int": "integer", YAML_TAG + "float": "number"}

_Base: type[yaml.SafeLoader] | type[yaml.CSafeLoader]
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ManifestYamlLoader(_Base):  # type: ignore[valid-type,misc]
    """A safe loader (libyaml when present) used for events, implicit resolution and scalars.

    The loader never composes or constructs a document: `yaml_.parse_yaml` builds plain data
    from its events, which is what lets it cap depth and alias expansion and keep positions.
    """


class PurePythonYamlLoader(yaml.SafeLoader):
    """The pure-Python safe loader: the fallback when libyaml is missing, and used in tests."""


# YAML 1.1 reads `1.5e3` and `1e6` as strings (its exponent needs a sign and a dot); YAML 1.2,
# JSON and editors' schema checks read numbers, so manifests do too.
EXPONENT_FLOAT = re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$")
for _loader in (ManifestYamlLoader, PurePythonYamlLoader):
    _loader.add_implicit_resolver(YAML_TAG + "float", EXPONENT_FLOAT, list("-+0123456789"))

AnyLoader: t.TypeAlias = "yaml.SafeLoader | yaml.CSafeLoader"


class ScalarError(ValueError):
    """A scalar that has no JSON-compatible value; the message is meant for the manifest author."""


def show_tag(tag: str) -> str:
    """Write a tag the way authors type it: `tag:yaml.org,2002:python/name` -> `!!python/name`."""
    return "!!" + tag[len(YAML_TAG) :] if tag.startswith(YAML_TAG) else tag


def disallowed_tag(tag: str) -> str:
    """The message for a tag that manifests do not accept."""
    return (
        f"tag '{show_tag(tag)}' is not allowed: a manifest holds plain data "
        "(strings, numbers, booleans, lists and mappings); remove the tag"
    )


def resolve_tag(loader: AnyLoader, event: yaml.ScalarEvent) -> str:
    """The scalar's tag: the explicit one, or the one YAML 1.1 implies for plain text."""
    if event.tag is None or event.tag == "!":
        resolve = t.cast("t.Callable[..., str]", loader.resolve)  # a string: no cost per scalar
        return resolve(yaml.ScalarNode, event.value, event.implicit)
    return event.tag


def scalar_value(
    loader: AnyLoader, event: yaml.ScalarEvent, tag: str, *, key: bool = False
) -> t.Any:
    """Build the JSON-compatible value of one scalar event, or raise `ScalarError`.

    A number or boolean must be spelled as all readers read it (`yaml_numbers`); a key is read
    as YAML 1.1 reads it, since any key that is not text is refused by the caller anyway.
    """
    if tag in _TEXT_TAGS:
        if not key and _implicit_plain(event):
            advice = yaml12_number_advice(event.value)
            if advice is not None:
                raise ScalarError(advice)
        return event.value
    value = _construct(loader, event, tag)
    if key or tag == YAML_TAG + "null":
        return value
    text = event.value
    if tag == YAML_TAG + "bool":
        if text not in BOOLEANS:
            raise ScalarError(boolean_advice(text, value))
    elif not is_json_number(text):
        raise ScalarError(number_advice(text, value))
    return value


def _implicit_plain(event: yaml.ScalarEvent) -> bool:
    # Plain (unquoted, no tag) text: libyaml gives its style as '', PyYAML as None.
    return not event.style and event.tag is None and bool(event.implicit[0])


def _construct(loader: AnyLoader, event: yaml.ScalarEvent, tag: str) -> t.Any:
    """The value YAML 1.1's safe constructors give the scalar; `ScalarError` if it has none."""
    node = yaml.ScalarNode(tag, event.value)
    shown = event.value if len(event.value) <= 40 else event.value[:37] + "..."
    try:
        if tag == YAML_TAG + "null":
            return None
        if tag == YAML_TAG + "bool":
            return loader.construct_yaml_bool(node)
        if tag == YAML_TAG + "int":
            return loader.construct_yaml_int(node)
        if tag == YAML_TAG + "float":
            number = loader.construct_yaml_float(node)
            if not math.isfinite(number):
                raise ScalarError(f"'{shown}' is not a finite number; write an ordinary number")
            return number
    except (KeyError, ValueError, IndexError) as exc:  # IndexError: `!!int` with no digits
        if isinstance(exc, ScalarError):
            raise
        kind = _KINDS.get(tag, show_tag(tag))
        raise ScalarError(f"'{shown}' is not a valid {kind}") from exc
    raise ScalarError(disallowed_tag(tag))


def hidden_padding(event: yaml.ScalarEvent, value: str) -> str | None:
    """Why a one-word value written as a block, or across lines, is refused: it carries padding.

    `name: |` with `claims-triage` on the next line is `claims-triage` to a reader and
    `'claims-triage\\n'` to the parser, and a `$`-anchored pattern (Python's `re`, which
    jsonschema uses by default) passes the trailing line break. No identifier, code, date or
    rule id holds whitespace, so a one-word value whose block or multi-line spelling adds line
    breaks or spaces around it is refused whatever field it is in and whatever reads it next;
    real text (several words) may be written either way. A line break written as an escape
    (`"eu\\n"`) is visible, so it is left to the schema.
    """
    word = value.strip()
    if word == value or any(char.isspace() for char in word):
        return None
    if event.style in ("|", ">"):
        how = f"as a block scalar ('{event.style}')"
    elif event.start_mark is not None and event.end_mark is not None:
        if event.start_mark.line == event.end_mark.line:
            return None
        how = "over several lines"
    else:  # every parser gives marks; without them, nothing is known
        return None
    if not word:
        return (
            f"this value is written {how} but holds only line breaks or spaces ({value!r}); "
            "write '' if it is meant to be empty"
        )
    return (
        f"'{word}' is written {how}, so the value is {value!r}, not '{word}'; "
        "write it on one line after the key"
    )
