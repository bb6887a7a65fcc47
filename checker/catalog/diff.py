"""The facts that changed between two catalogs: entries added, removed and changed, per field.

Each document (`models`, `licenses`, `providers`, `regions`, `regulation`, `lifecycle`,
`aliases`, and any other the catalogs hold) is compared entry by entry (its top-level keys:
model ids, licence ids, ...). A changed entry lists each leaf field that differs, as a dotted
path inside the entry (`gpuMemoryGb.int4`, `azure-openai.retiredOn` in `lifecycle`); a list is
one field, compared whole. `version` and `date` are the sides' own, not facts.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from checker.loader import format_path

HEAD_KEYS = ("version", "date")
_ABSENT = object()


@dataclass(frozen=True)
class FieldChange:
    """One field of an entry, with its value in the base catalog and in the head catalog.

    `old` or `new` is None when the field is absent on that side (`absent` says which).
    """

    field: str
    old: t.Any
    new: t.Any
    absent: str = ""  # "old", "new" or ""


@dataclass(frozen=True)
class EntryChange:
    """An entry of a document that was added, removed or changed."""

    document: str
    entry: str
    change: str  # added | removed | changed
    fields: tuple[FieldChange, ...] = ()


def _leaves(value: t.Any, prefix: tuple[str, ...]) -> t.Iterator[tuple[tuple[str, ...], t.Any]]:
    if isinstance(value, dict) and value:
        for key in value:
            yield from _leaves(value[key], (*prefix, str(key)))
    else:
        yield prefix, value


def field_changes(old: t.Any, new: t.Any) -> tuple[FieldChange, ...]:
    """The leaf fields that differ between two versions of one entry, in a stable order."""
    before, after = dict(_leaves(old, ())), dict(_leaves(new, ()))
    changes = []
    for path in sorted(set(before) | set(after)):
        a, b = before.get(path, _ABSENT), after.get(path, _ABSENT)
        if a == b and type(a) is type(b):
            continue
        absent = "old" if a is _ABSENT else "new" if b is _ABSENT else ""
        changes.append(
            FieldChange(
                format_path(path) or "(value)",
                None if a is _ABSENT else a,
                None if b is _ABSENT else b,
                absent,
            )
        )
    return tuple(changes)


def diff_catalogs(base: t.Mapping[str, t.Any], head: t.Mapping[str, t.Any]) -> list[EntryChange]:
    """Every entry that differs between the `data.catalog` documents `base` and `head`."""
    out: list[EntryChange] = []
    for document in sorted(set(base) | set(head)):
        if document in HEAD_KEYS:
            continue
        # A document only one side holds: every entry of it is added (or removed).
        old, new = base.get(document, {}), head.get(document, {})
        if not isinstance(old, dict) or not isinstance(new, dict):
            if old != new:  # a document that is not an object on one side: one change
                out.append(EntryChange(document, "", "changed", field_changes(old, new)))
            continue
        for entry in sorted(set(old) | set(new), key=str):
            if entry not in new:
                out.append(EntryChange(document, str(entry), "removed"))
            elif entry not in old:
                out.append(EntryChange(document, str(entry), "added"))
            elif old[entry] != new[entry]:
                fields = field_changes(old[entry], new[entry])
                out.append(EntryChange(document, str(entry), "changed", fields))
    return out
