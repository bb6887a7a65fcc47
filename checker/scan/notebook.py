"""Jupyter notebooks: the code cells scanned as one Python program, located in the .ipynb file.

The notebook's JSON is parsed with ast-grep-py's JSON grammar, so each source line of a cell
keeps the line and column of its string in the file; the cells are joined in order (imports of
an earlier cell count for the later ones) and the references mapped back. IPython magics and
shell escapes (`%pip`, `!ls`) become comments first, keeping the columns.
"""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass, replace

from ast_grep_py import SgNode, SgRoot

from checker.scan.reference import ScanReference
from checker.scan.resolve import Resolver


class InvalidNotebook(Exception):
    """An .ipynb file that is not a notebook: skipped with this reason."""


@dataclass(frozen=True)
class _Line:
    """Where one program line sits in the notebook file."""

    line: int  # 1-based line of its JSON string
    column: int  # 1-based column of the string's first content character
    before: str  # the decoded text of the same JSON string before this line


def _pair(obj: SgNode, key: str) -> SgNode | None:
    for pair in obj.named_children():
        if pair.kind() != "pair":
            continue
        name = pair.field("key")
        if name is not None and name.text().strip('"') == key:
            return pair.field("value")
    return None


def _cells(text: str) -> t.Iterator[list[SgNode]]:
    """The source string nodes of each code cell, in order."""
    root = SgRoot(text, "json").root()
    top = root.find(kind="object")
    cells = _pair(top, "cells") if top is not None else None
    if cells is None or cells.kind() != "array":
        raise InvalidNotebook("invalid notebook (no cells list)")
    for cell in cells.named_children():
        if cell.kind() != "object":
            continue
        kind = _pair(cell, "cell_type")
        if kind is None or kind.text().strip('"') != "code":
            continue
        source = _pair(cell, "source")
        if source is None:
            continue
        if source.kind() == "string":
            yield [source]
        elif source.kind() == "array":
            yield [s for s in source.named_children() if s.kind() == "string"]


def _uncomment_magics(line: str) -> str:
    stripped = line.lstrip()
    if stripped.startswith(("%", "!")):
        indent = len(line) - len(stripped)
        return line[:indent] + "#" + stripped[1:]
    return line


def scan_notebook(text: str, resolver: Resolver) -> tuple[list[ScanReference], str | None]:
    """References in a notebook's code cells, at their line and column in the .ipynb file."""
    from checker.scan.code import has_errors, scan_python

    try:
        document = json.loads(text)
    except ValueError as exc:
        raise InvalidNotebook(f"invalid notebook (not JSON: {exc})") from exc
    if not isinstance(document, dict) or not isinstance(document.get("cells"), list):
        raise InvalidNotebook("invalid notebook (no cells list)")
    program: list[str] = []
    where: list[_Line] = []
    for strings in _cells(text):
        for node in strings:
            value = json.loads(node.text())
            if not isinstance(value, str):
                continue
            start = node.range().start
            offset = 0
            for piece in value.splitlines(keepends=True) or [""]:
                program.append(_uncomment_magics(piece.rstrip("\r\n")))
                where.append(_Line(start.line + 1, start.column + 2, value[:offset]))
                offset += len(piece)
        program.append("")  # a cell ends a statement
        where.append(_Line(0, 0, ""))
    source = "\n".join(program)
    refs = scan_python(source, resolver)
    out: list[ScanReference] = []
    lines = source.split("\n")
    for ref in refs:
        spot = where[ref.line - 1] if 0 < ref.line <= len(where) else None
        if spot is None or spot.line == 0:
            continue
        prefix = spot.before + lines[ref.line - 1][: ref.column - 1]
        escaped = json.dumps(prefix, ensure_ascii=False)[1:-1]
        out.append(replace(ref, line=spot.line, column=spot.column + len(escaped)))
    problem = (
        "syntax errors in notebook code cells: scanned what parsed"
        if has_errors(source, "python")
        else None
    )
    return out, problem
