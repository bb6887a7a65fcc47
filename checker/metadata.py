"""Rule METADATA read from Rego sources, because the embedded engine has no `rego.metadata.*`.

OPA defines `# METADATA` as a YAML block in comments directly above a rule or package. The checker
parses the same text and joins each block to findings through `custom.id`.

Packages, rules and their rows come from regorus's parser (`checker.rego_ast`). Its AST holds no
comments, so the blocks are read from the text: a block is a column-0 `# METADATA` line and the
`#` lines right after it, and it annotates the package or rule whose first row (from the AST) is
the row right after the block, where OPA and `opa fmt` put it. A block followed by anything else
(a blank line, an import) annotates no rule.
"""

from __future__ import annotations

import functools
import typing as t
from dataclasses import dataclass

import yaml

from checker.errors import EngineError
from checker.parse_cache import parsed
from checker.severity import Severity
from checker.yaml_safe import safe_load


@dataclass(frozen=True)
class RuleMeta:
    """The METADATA of one rule, keyed by its `custom.id`."""

    id: str
    severity: Severity
    title: str
    description: str
    remediation: str
    references: tuple[str, ...]
    package: str
    rule: str
    file: str
    line: int
    annotation: dict[str, t.Any]
    rule_line: int = 0  # the annotated rule's (or package's) row, as `opa inspect -a` gives it


_Block = tuple[int, dict[str, t.Any], str, str, int]


def _block_lists(file: str, text: str) -> list[list[t.Any]]:
    # As lists: the form the parse cache keeps (JSON has no tuples).
    return [list(block) for block in _blocks(file, text)]


def _blocks(file: str, text: str) -> t.Iterator[_Block]:
    """Yield (line, parsed block, package, the rule name it annotates, its line) for each block.

    A package's block annotates no rule: its rule name is "".
    """
    from checker.rego_ast import parse_module  # on a parse-cache miss only

    module = parse_module(file, text)
    starts = {rule.line: rule.name for rule in module.rules}
    starts[module.package_line] = ""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].rstrip() != "# METADATA":
            i += 1
            continue
        start = i + 1
        body: list[str] = []
        i += 1
        while i < len(lines) and lines[i].startswith("#"):
            body.append(lines[i][2:] if lines[i].startswith("# ") else lines[i][1:])
            i += 1
        annotation = safe_load("\n".join(body)) or {}
        yield (
            start,
            annotation if isinstance(annotation, dict) else {},
            module.package,
            starts.get(i + 1, ""),
            i + 1,
        )


def _references(annotation: dict[str, t.Any]) -> tuple[str, ...]:
    refs: list[str] = []
    for item in annotation.get("related_resources") or ():
        if isinstance(item, dict):
            ref, desc = str(item.get("ref", "")), str(item.get("description", ""))
            refs.append(f"{desc}: {ref}" if desc and ref else desc or ref)
        else:
            refs.append(str(item))
    return tuple(refs)


def read_metadata(sources: t.Mapping[str, str]) -> dict[str, RuleMeta]:
    """Parse every METADATA block that carries `custom.id`; reject broken or duplicate ids.

    A `deny`/`warn` rule without an id and severity is a policy error (exit 3): a finding the
    checker cannot rank would otherwise be reported with a made-up severity.
    """
    found: dict[str, RuleMeta] = {}
    for file, text in sources.items():
        try:
            blocks = [
                t.cast(_Block, tuple(b))
                for b in parsed("rego-metadata-ast", text, functools.partial(_block_lists, file))
            ]
        except yaml.YAMLError as exc:
            raise EngineError(f"{file}: METADATA block is not valid YAML: {exc}") from exc
        for line, ann, package, rule, rule_line in blocks:
            custom = ann.get("custom") or {}
            if rule in ("deny", "warn") and not (custom.get("id") and custom.get("severity")):
                raise EngineError(
                    f"{file}:{line}: METADATA of a `{rule}` rule needs"
                    " custom.id and custom.severity"
                )
            if "id" not in custom:
                continue
            rule_id = str(custom["id"])
            severity = str(custom.get("severity", ""))
            if severity.upper() not in Severity.__members__:
                raise EngineError(
                    f"{file}:{line}: rule {rule_id} has severity {severity!r};"
                    " use critical, high, medium or low"
                )
            if rule_id in found:
                first = found[rule_id]
                raise EngineError(
                    f"{file}:{line}: rule id {rule_id} is already used at {first.file}:{first.line}"
                )
            found[rule_id] = RuleMeta(
                id=rule_id,
                severity=Severity.parse(severity),
                title=str(ann.get("title", rule_id)),
                description=" ".join(str(ann.get("description", "")).split()),
                remediation=" ".join(str(custom.get("remediation", "")).split()),
                references=_references(ann),
                package=package,
                rule=rule,
                file=file,
                line=line,
                annotation=ann,
                rule_line=rule_line,
            )
    return found
