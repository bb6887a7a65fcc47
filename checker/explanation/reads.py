"""What a rule reads: the manifest sections, catalog documents, settings and field names.

The embedded engine cannot report which inputs a rule consulted, so this reads the rules'
syntax trees (regorus's parser, `checker.rego_ast`): the rule's own definitions (the one its
METADATA annotates and every definition of its package with the id as a string), then,
transitively, the rules they name in the same package and through `import` aliases. Names are
followed by name, not resolved as Rego scopes them (a local variable named like a rule follows
that rule): it can over-report a field a helper mentions, never silently drop a section the code
names.

What a definition names is kept per file in `checker.parse_cache` (by the file's text), so only a
changed file is parsed again.
"""

from __future__ import annotations

import functools
import re
import typing as t
from dataclasses import dataclass, field

from checker.metadata import RuleMeta
from checker.parse_cache import parsed
from checker.rego_ast import Node, dotted, nodes, parse_module

# A string that may be a field name (`object.get(x, "retentionDays", 0)`) or a rule id.
_QUOTED = re.compile(r"[A-Za-z_][\w-]*")
# Rules every package has: following them would pull in every other rule of the package.
_ENTRY_POINTS = frozenset({"deny", "warn"})
# The lib's whole-spec object: reading it means nothing until a section is named after it.
_OPAQUE = frozenset({"spec"})
# Owners whose attributes are sections or documents, not fields: `spec.data`, `data.settings`.
_NOT_FIELDS = frozenset({"spec", "data", "catalog", "settings"})


@dataclass(frozen=True)
class Definition:
    """One top-level Rego definition (a rule with its `else` branches) and what its code names.

    `dots` are the `owner.attribute` steps of its references (owner "" after a step that is not
    a plain name: `x[i].attribute`, `a.b.attribute`); `sections` the `spec.<section>` and
    `catalogs` the `data.catalog.<document>` it names.
    """

    package: str
    name: str
    file: str
    line: int
    strings: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    dots: frozenset[tuple[str, str]] = frozenset()
    sections: frozenset[str] = frozenset()
    catalogs: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RuleReads:
    """What one rule's code (with its helpers) reads."""

    sections: frozenset[str] = frozenset()
    catalogs: frozenset[str] = frozenset()
    mentions: frozenset[str] = field(default=frozenset(), repr=False)


def _field(body: Node) -> str:
    return str(body["field"][1])


def _only(node: Node) -> tuple[str, Node]:
    ((kind, body),) = node.items()
    return kind, body


def _named(node: Node, *names: str) -> bool:
    """Whether `node` is one of `names` (`spec`) or a reference that ends in one (`lib.spec`)."""
    kind, body = _only(node)
    return (kind == "Var" and body["value"] in names) or (
        kind == "RefDot" and _field(body) in names
    )


def _names(rule: Node) -> list[list[t.Any]]:
    """[strings, names, dots, sections, catalogs] of one rule node, as sorted JSON lists."""
    strings: set[str] = set()
    names: set[str] = set()
    dots: set[tuple[str, str]] = set()
    sections: set[str] = set()
    catalogs: set[str] = set()
    for kind, body in nodes(rule):
        if kind in ("String", "RawString"):
            strings.add(str(body["value"]))
        elif kind == "Var":
            names.add(str(body["value"]))
        elif kind == "RefDot":
            attribute = _field(body)
            owner_kind, owner = _only(body["refr"])
            if (
                owner_kind == "RefDot"
                and _field(owner) == "catalog"
                and _named(owner["refr"], "data")
            ):
                catalogs.add(attribute)  # a catalog document's name is no field of its entries
                continue
            if _named(body["refr"], "spec") and attribute[:1].isascii() and attribute[:1].isalpha():
                sections.add(attribute)
            dots.add((str(owner["value"]) if owner_kind == "Var" else "", attribute))
    return [
        sorted(strings),
        sorted(names),
        sorted(map(list, dots)),
        sorted(sections),
        sorted(catalogs),
    ]


def _module(file: str, text: str) -> dict[str, t.Any]:
    """The package, the `import data.…` aliases and each definition's names, as JSON."""
    module = parse_module(file, text)
    aliases = {
        i.alias: dotted(i.path[1:])
        for i in module.imports
        if len(i.path) > 1 and i.path[0] == "data"
    }
    definitions = [[rule.name, rule.line, *_names(rule.node)] for rule in module.rules]
    return {"package": module.package, "aliases": aliases, "definitions": definitions}


def _definitions(file: str, text: str) -> tuple[list[Definition], dict[str, str]]:
    module = parsed("rego-reads", text, functools.partial(_module, file))
    package = str(module["package"])
    defs = [
        Definition(
            package,
            name,
            file,
            line,
            frozenset(strings),
            frozenset(names),
            frozenset((owner, attribute) for owner, attribute in dots),
            frozenset(sections),
            frozenset(catalogs),
        )
        for name, line, strings, names, dots, sections, catalogs in module["definitions"]
    ]
    return defs, dict(module["aliases"])


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
        return [
            d
            for d in self.by_package.get(meta.package, [])
            if meta.id in d.strings or (d.file == meta.file and d.line == meta.rule_line)
        ]

    def reads(self, meta: RuleMeta) -> RuleReads:
        """What `meta`'s rule reads, following helpers transitively."""
        queue = self.roots(meta)
        seen = {(d.file, d.line) for d in queue}
        sections: set[str] = set()
        catalogs: set[str] = set()
        mentions: set[str] = set()
        while queue:
            d = queue.pop()
            sections |= d.sections
            catalogs |= d.catalogs
            mentions |= self._mentions(d)
            for key in self._references(d):
                for ref in self.by_name.get(key, ()):
                    if (ref.file, ref.line) not in seen:
                        seen.add((ref.file, ref.line))
                        queue.append(ref)
        return RuleReads(
            sections=frozenset(sections),
            catalogs=frozenset(catalogs),
            mentions=frozenset(mentions),
        )

    def _mentions(self, d: Definition) -> set[str]:
        """Field names the code names: quoted keys and attributes, not helper or section names."""
        skip = set(self.aliases.get(d.package, {})) | _NOT_FIELDS
        attributes = {attribute for owner, attribute in d.dots if owner not in skip}
        return attributes | {s for s in d.strings if _QUOTED.fullmatch(s)}

    def _references(self, d: Definition) -> t.Iterator[tuple[str, str]]:
        aliases = self.aliases.get(d.package, {})
        for alias, name in d.dots:
            if alias in aliases and name not in _OPAQUE:
                yield aliases[alias], name
        for name in d.names:
            if name not in _ENTRY_POINTS and name not in _OPAQUE:
                yield d.package, name
