"""Rego modules read through regorus's own parser: packages, imports and rules with their rows.

The METADATA reader (`checker.metadata`), what a rule reads (`checker.explanation.reads`) and the
Rego test runner (`checker.commands.rego_tests`) all find packages and rules here instead of
matching the source text with patterns.

What regorus 0.13.0 gives Python: `Engine.add_policy(file, text)` parses one module (a syntax
error raises `RuntimeError` naming `file:row:col`), and `Engine.get_ast_as_json()` returns every
module added, each `{"source": {...}, "ast": {"package", "imports", "rules", ...}}`. A node is a
one-key object whose key names its kind (`{"Var": {"value": "deny", "span": ...}}`); every node
has a `span` with its `line` (1-based row) and `start`/`end` (byte offsets into the source). The
AST holds no comments, so no `# METADATA` blocks: callers read those from the text, rows given.
Some names are only spans, not text: an import's `as`, `some x`'s and `every x`'s variables;
`alias` reads the import's from the source bytes.

Parsing one module at a time costs a few milliseconds (the AST JSON is ~40 times the source), so
callers keep what they derive from it in `checker.parse_cache`, keyed by the module's text.
"""

from __future__ import annotations

import json
import re
import typing as t
from dataclasses import dataclass

from checker.errors import EngineError

Node = dict[str, t.Any]

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class Import:
    """`import data.llm.lib` (alias `lib`) or `import data.llm.lib as l` (alias `l`)."""

    path: tuple[str, ...]
    alias: str


@dataclass(frozen=True)
class Rule:
    """One top-level rule (a definition; `else` branches belong to it): its name, row and node.

    `name` is the first name of the head's reference (`deny`, `allow` of `default allow := ...`,
    `a` of `a.b.c := 1`): the name other rules of the package refer to it by.
    """

    name: str
    line: int
    node: Node


@dataclass(frozen=True)
class Module:
    """One parsed Rego file."""

    file: str
    package: str
    package_line: int
    imports: tuple[Import, ...]
    rules: tuple[Rule, ...]


def parse_module(file: str, text: str) -> Module:
    """Parse one module; a syntax error is an `EngineError` naming `file:row`, as the engine's."""
    import regorus

    # The engine is dropped here, before any error is raised: a traceback that kept this frame
    # alive would let another thread's collection drop it ("unsendable", checker.engine.regorus_).
    engine = regorus.Engine()
    failure: RuntimeError | None = None
    try:
        engine.add_policy(file, text)
        tree = engine.get_ast_as_json()
    except RuntimeError as exc:
        failure = exc
    del engine
    if failure is not None:
        from checker.engine.regorus_ import short_error

        raise EngineError(f"policy does not compile: {short_error(failure)}") from failure
    (entry,) = json.loads(tree)
    ast: Node = entry["ast"]
    source = text.encode("utf-8")
    package = ast["package"]
    return Module(
        file=file,
        package=dotted(ref_parts(package["refr"])),
        package_line=int(package["span"]["line"]),
        imports=tuple(_import(node, source) for node in ast.get("imports") or ()),
        rules=tuple(_rule(node) for node in ast.get("rules") or ()),
    )


def _import(node: Node, source: bytes) -> Import:
    path = tuple(str(p) for p in ref_parts(node["refr"]))
    span = node.get("as")
    alias = source[span["start"] : span["end"]].decode("utf-8") if span else path[-1]
    return Import(path, alias)


def _rule(node: Node) -> Rule:
    ((kind, body),) = node.items()
    if kind == "Default":
        ref = body["refr"]
    else:  # Spec: the head is one of Compr (`x := v`, `x if`), Set (`x contains v`), Func
        ((_, head),) = body["head"].items()
        ref = head["refr"]
    parts = ref_parts(ref)
    return Rule(str(parts[0]) if parts else "", int(body["span"]["line"]), node)


def ref_parts(expr: Node) -> list[str | Node]:
    """The names of a reference: `a.b["c"][x]` is `["a", "b", "c", <the node of x>]`."""
    parts: list[str | Node] = []
    while True:
        ((kind, body),) = expr.items()
        if kind == "RefDot":
            parts.append(str(body["field"][1]))
        elif kind == "RefBrack":
            index = body["index"]
            ((index_kind, index_body),) = index.items()
            parts.append(str(index_body["value"]) if index_kind == "String" else index)
        elif kind == "Var":
            parts.append(str(body["value"]))
            break
        else:  # a call's result or a literal indexed: the reference has no root name
            parts.append(expr)
            break
        expr = body["refr"]
    parts.reverse()
    return parts


def dotted(parts: t.Sequence[str | Node]) -> str:
    """`llm.rules.data`, or `a["b-c"]` where a name is not an identifier (the Rego spelling)."""
    out = ""
    for part in parts:
        if not isinstance(part, str):
            out += "[_]"
        elif _IDENTIFIER.fullmatch(part):
            out += f".{part}" if out else part
        else:
            out += f"[{json.dumps(part)}]"
    return out


def nodes(tree: t.Any) -> t.Iterator[tuple[str, Node]]:
    """Every node under `tree` as (kind, body), parents before their children."""
    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if len(item) == 1:
                ((key, value),) = item.items()
                if key[:1].isupper() and isinstance(value, dict):
                    yield key, value
            stack.extend(v for k, v in item.items() if k != "span" and isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend(reversed(item))


__all__ = ["Import", "Module", "Node", "Rule", "dotted", "nodes", "parse_module", "ref_parts"]
