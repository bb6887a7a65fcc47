"""What a rule reads: the manifest sections, catalog documents, settings and field names.

The embedded engine cannot report which inputs a rule consulted, so this reads the Rego source:
the rule's own blocks (the one its METADATA annotates and every definition that emits its id),
then, transitively, the helpers they name in the same package and through `import` aliases. It
is a reading of `opa fmt`-formatted code (a definition starts in column 0), not a Rego parser:
it can over-report a field a helper mentions, never silently drop a section the code names.
"""

from __future__ import annotations

import re
import typing as t
from dataclasses import dataclass, field

from checker.metadata import RuleMeta

_PACKAGE = re.compile(r"^package\s+([\w.]+)")
_IMPORT = re.compile(r"^import\s+data\.([\w.]+?)(?:\s+as\s+(\w+))?\s*$")
_HEAD = re.compile(r"^(?:default\s+)?([A-Za-z_]\w*)")
_NAME = re.compile(r"\b([A-Za-z_]\w*)\b")
_ALIASED = re.compile(r"\b([A-Za-z_]\w*)\.([A-Za-z_]\w*)")
_SECTION = re.compile(r"\bspec\.([A-Za-z]\w*)")
_CATALOG = re.compile(r"\bdata\.catalog\.(\w+)")
_ATTRIBUTE = re.compile(r"(\w*)\.([A-Za-z_]\w*)")
_QUOTED = re.compile(r"\"([A-Za-z_][\w-]*)\"")
_KEYWORDS = frozenset({"package", "import", "else", "if", "contains", "some", "in", "every", "not"})
# Rules every package has: following them would pull in every other rule of the package.
_ENTRY_POINTS = frozenset({"deny", "warn"})
# The lib's whole-spec object: reading it means nothing until a section is named after it.
_OPAQUE = frozenset({"spec"})


@dataclass(frozen=True)
class Definition:
    """One top-level Rego definition: its package, name, file, first line and text."""

    package: str
    name: str
    file: str
    line: int
    text: str


@dataclass(frozen=True)
class RuleReads:
    """What one rule's code (with its helpers) reads."""

    sections: frozenset[str] = frozenset()
    catalogs: frozenset[str] = frozenset()
    mentions: frozenset[str] = field(default=frozenset(), repr=False)


def _definitions(file: str, text: str) -> tuple[list[Definition], dict[str, str]]:
    package, aliases = "", {}
    defs: list[Definition] = []
    current: list[str] = []
    start = 0
    name = ""

    def flush() -> None:
        if current and name:
            body = "\n".join(line for line in current if not line.lstrip().startswith("#"))
            defs.append(Definition(package, name, file, start, body))

    for number, line in enumerate(text.splitlines(), 1):
        if m := _PACKAGE.match(line):
            flush()
            package, current, name = m[1], [], ""
        elif m := _IMPORT.match(line):
            aliases[m[2] or m[1].rsplit(".", 1)[-1]] = m[1]
        elif line[:1].isalpha() or line[:1] == "_":
            head = _HEAD.match(line)
            if head and head[1] == "else":
                current.append(line)
                continue
            flush()
            current, start, name = [line], number, head[1] if head else ""
        elif current:
            current.append(line)
    flush()
    return defs, aliases


class RegoIndex:
    """Every top-level definition of a policy set, by package and name."""

    def __init__(self, sources: t.Mapping[str, str]) -> None:
        self.by_name: dict[tuple[str, str], list[Definition]] = {}
        self.by_package: dict[str, list[Definition]] = {}
        self.aliases: dict[str, dict[str, str]] = {}
        for file, text in sources.items():
            defs, aliases = _definitions(file, text)
            for d in defs:
                self.by_name.setdefault((d.package, d.name), []).append(d)
                self.by_package.setdefault(d.package, []).append(d)
                self.aliases.setdefault(d.package, {}).update(aliases)

    def roots(self, meta: RuleMeta) -> list[Definition]:
        """The annotated block and every definition of its package that names the rule id."""
        quoted = f'"{meta.id}"'
        return [
            d
            for d in self.by_package.get(meta.package, [])
            if quoted in d.text or (d.file == meta.file and d.line == meta.rule_line)
        ]

    def reads(self, meta: RuleMeta) -> RuleReads:
        """What `meta`'s rule reads, following helpers transitively."""
        queue = self.roots(meta)
        seen = {(d.file, d.line) for d in queue}
        texts, mentions = [], set()
        while queue:
            d = queue.pop()
            texts.append(d.text)
            mentions |= self._mentions(d)
            for key in self._references(d):
                for ref in self.by_name.get(key, ()):
                    if (ref.file, ref.line) not in seen:
                        seen.add((ref.file, ref.line))
                        queue.append(ref)
        code = "\n".join(texts)
        return RuleReads(
            sections=frozenset(_SECTION.findall(code)),
            catalogs=frozenset(_CATALOG.findall(code)),
            mentions=frozenset(mentions),
        )

    def _mentions(self, d: Definition) -> set[str]:
        """Field names the code names: quoted keys and attributes, not helper or section names."""
        skip = set(self.aliases.get(d.package, {})) | {"spec", "data", "catalog", "settings"}
        code = _CATALOG.sub("", d.text)  # a catalog document's name is no field of its entries
        attributes = {attr for owner, attr in _ATTRIBUTE.findall(code) if owner not in skip}
        return attributes | set(_QUOTED.findall(d.text))

    def _references(self, d: Definition) -> t.Iterator[tuple[str, str]]:
        aliases = self.aliases.get(d.package, {})
        for alias, name in _ALIASED.findall(d.text):
            if alias in aliases and name not in _OPAQUE:
                yield aliases[alias], name
        for name in _NAME.findall(d.text):
            if name not in _KEYWORDS and name not in _ENTRY_POINTS and name not in _OPAQUE:
                yield d.package, name
