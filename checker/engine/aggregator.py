"""A static aggregation of the rule packages, written for the embedded engine when it is built.

The shipped `llm.decision` collects every package's findings with a dynamic reference,
`some f in data.llm.rules[_].deny`: readable, and it takes organisation packages with no change.
OPA walks only the `deny` rules of each package for that reference; regorus evaluates every rule
of every package under `data.llm.rules` to build the whole document first, which cost ~5 ms of
~14 ms per manifest. So the embedded engine gets the aggregation written out: the marked block of
`decision.rego` is repeated once per package, `data.llm.rules[_]` replaced by that package's own
reference (`data.llm.rules.residency`). The OPA server keeps the shipped readable Rego; the
conformance suite (tests/conformance) holds both engines to the same decisions.

An undefined reference in a rule body only makes that body undefined in regorus (in a rule head
it is an error), so a package without `deny` or `warn` costs nothing and breaks nothing. When a
package cannot be named statically (one called `llm.rules` itself, whose rules are the children
the dynamic reference iterates, or a name regorus prints in a form not read here), or there are
no packages at all (the repeated block would define no rule, and the decision's head would
refer to an undefined one), the block is left as shipped: slower, never different.

The Rego tests (`llm-policy test`) run on the shipped block: they replace `data.llm.rules` with
synthetic packages (`with data.llm.rules as ...`), which only the dynamic reference sees.
"""

from __future__ import annotations

import re
import typing as t

BEGIN = "# aggregation: begin"
END = "# aggregation: end"

# What the block iterates, and what each copy names instead.
DYNAMIC = "data.llm.rules[_]"
_ROOT = "data.llm.rules"

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_KEYWORDS = frozenset(
    {"as", "contains", "default", "else", "every", "false", "if", "import", "in", "not"}
    | {"null", "package", "some", "true", "with", "input", "data"}
)


def is_template(text: str) -> bool:
    """Whether a module has a marked aggregation block (decision.rego has one)."""
    return _block(text) is not None


def _block(text: str) -> tuple[int, int] | None:
    """The rows (0-based, begin and end markers) of the marked block, if the module has one."""
    lines = text.splitlines()
    begins = [i for i, line in enumerate(lines) if line.strip() == BEGIN]
    ends = [i for i, line in enumerate(lines) if line.strip() == END]
    if len(begins) != 1 or len(ends) != 1 or ends[0] <= begins[0]:
        return None
    if DYNAMIC not in "\n".join(lines[begins[0] : ends[0]]):
        return None
    return begins[0], ends[0]


def _reference(name: str) -> str:
    """`data.llm.rules.residency`, or `data.llm.rules["a-b"]` for a key that is no identifier."""
    if _IDENTIFIER.fullmatch(name) and name not in _KEYWORDS:
        return f"{_ROOT}.{name}"
    escaped = name.replace("\\", "\\\\").replace('"', '\\"')
    return f'{_ROOT}["{escaped}"]'


def rule_packages(packages: t.Iterable[str], data: t.Mapping[str, t.Any]) -> tuple[str, ...] | None:
    """The names under `data.llm.rules`, from the modules' packages and the data document.

    `packages` are the paths regorus's `add_policy` returns (`data.llm.rules.residency`); a
    package below one of these (`llm.rules.acme.extra`) names its first part, as the dynamic
    reference sees it. None when some name cannot be written statically.
    """
    names: set[str] = set()
    for package in packages:
        if package == _ROOT:
            return None
        if not package.startswith(_ROOT + "."):
            continue
        first = package[len(_ROOT) + 1 :].split(".")[0]
        if not _IDENTIFIER.fullmatch(first):
            return None
        names.add(first)
    llm = data.get("llm")
    rules = llm.get("rules") if isinstance(llm, dict) else None
    if rules is not None:
        if not isinstance(rules, dict):
            return None
        names.update(str(key) for key in rules)
    return tuple(sorted(names))


def expand(text: str, names: tuple[str, ...] | None) -> str:
    """The module with its marked block repeated once per name; as it was when it cannot be.

    The block's rows are blanked and the copies follow the module's last row, so every other
    rule keeps the row an error message names.
    """
    rows = _block(text)
    if rows is None or not names:
        return text
    begin, end = rows
    lines = text.splitlines()
    template = "\n".join(lines[begin + 1 : end]).strip("\n")
    copies = [template.replace(DYNAMIC, _reference(name)) for name in names]
    kept = lines[:begin] + [""] * (end - begin + 1) + lines[end + 1 :]
    return "\n".join(kept) + "\n\n" + "\n\n".join(copies) + "\n"
