"""What sets the gate: where its parts came from, and which settings an overlay loosened.

The threshold, policies, overlays and waivers each have a source (a flag, a configuration file,
a default). Every report shows them (the text summary, the JSON header's `gate`, SARIF run
properties, the audit evidence), so a weaker gate is never silent: a pull request that sets
`fail-on: never` in `.llm-policy.yaml`, or shortens `noTrainingCategories` in an overlay, says so
in the report it produces. The settings schema says, per setting, which way is stricter
(`x-tighter`); a value on the other side of the shipped default is `Loosened`, and
`--strict-settings` refuses it.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from checker.errors import UsageError
from checker.user_files import load_schema

if t.TYPE_CHECKING:
    from checker.policy_set import PolicySet
    from checker.settings import RunSettings

SETTINGS_SCHEMA = "settings.schema.json"
# Ordered levels for settings whose values are names (`higher` means later in the list).
LEVELS = {"govCloudMinFedramp": ("none", "low", "moderate", "high")}


@dataclass(frozen=True)
class Loosened:
    """A setting moved, by an overlay or organisation folder, to the looser side of its default."""

    setting: str
    shipped: t.Any
    value: t.Any
    file: str


@dataclass(frozen=True)
class Gate:
    """Where each part of the gate came from (`sources`: setting -> source) and what loosened it."""

    fail_on: str
    policies: tuple[str, ...]
    data: tuple[str, ...]
    waivers: str | None
    config: str
    sources: t.Mapping[str, str]
    loosened: tuple[Loosened, ...] = ()


def _names(value: t.Any) -> set[str]:
    return {str(v) for v in value} if isinstance(value, (list, tuple)) else set()


def _is_looser(direction: str, setting: str, shipped: t.Any, value: t.Any) -> bool:
    """Whether `value` is on the looser side of `shipped` for a setting tightened `direction`."""
    if value == shipped:
        return False
    if direction in ("higher", "lower"):
        order = LEVELS.get(setting)
        if order is not None:
            if shipped not in order or value not in order:
                return True  # an unknown level: the stricter reading
            shipped, value = order.index(shipped), order.index(value)
        if not isinstance(value, (int, float)) or not isinstance(shipped, (int, float)):
            return True
        return value < shipped if direction == "higher" else value > shipped
    if direction == "true":
        return shipped is True and value is not True
    if direction == "false":
        return shipped is False and value is not False
    if direction == "superset":
        if isinstance(shipped, dict):
            if not isinstance(value, dict):
                return True
            return any(not _names(value.get(k)) >= _names(v) for k, v in shipped.items())
        return not _names(value) >= _names(shipped)
    if direction == "subset":
        return not _names(value) <= _names(shipped)
    if direction == "approved-list":  # empty approves every provider: the loosest
        if not _names(shipped):
            return False
        return not _names(value) or not _names(value) <= _names(shipped)
    raise ValueError(f"settings schema: unknown x-tighter {direction!r} for {setting}")


def loosened_settings(policy_set: PolicySet) -> tuple[Loosened, ...]:
    """Every setting the policy set's overlays moved to the looser side of the shipped default."""
    properties = load_schema(SETTINGS_SCHEMA)["properties"]
    effective = policy_set.data.get("settings") or {}
    shipped = policy_set.shipped_settings
    out = []
    for name, spec in properties.items():
        direction = spec.get("x-tighter")
        if direction is None or name not in shipped:
            continue
        value = effective.get(name)
        if _is_looser(direction, name, shipped[name], value):
            origin = policy_set.setting_origins.get(name, "")
            out.append(Loosened(name, shipped[name], value, origin))
    return tuple(out)


def build_gate(settings: RunSettings, policy_set: PolicySet) -> Gate:
    """The gate of a run with these settings and this policy set."""
    return Gate(
        fail_on=settings.threshold.name,
        policies=tuple(p.as_posix() for p in settings.policies),
        data=tuple(p.as_posix() for p in settings.data),
        waivers=settings.waivers.as_posix() if settings.waivers else None,
        config=settings.config,
        sources=dict(settings.sources),
        loosened=loosened_settings(policy_set),
    )


def refuse_loosened(gate: Gate) -> None:
    """`--strict-settings`: a `UsageError` naming each loosened setting and its file."""
    if gate.loosened:
        lines = [f"  {describe(x)}" for x in gate.loosened]
        raise UsageError(
            "--strict-settings: these settings are looser than the shipped defaults:\n"
            + "\n".join(lines)
            + "\nremove them from the overlay, or run without --strict-settings to report them"
        )


def describe(x: Loosened) -> str:
    """One loosened setting in words."""
    where = f" by {x.file}" if x.file else ""
    return f"{x.setting} loosened{where}: {x.shipped!r} (shipped) -> {x.value!r}"


def _part(value: t.Any, source: str) -> dict[str, t.Any]:
    return {"value": value, "source": source}


def gate_dict(gate: Gate) -> dict[str, t.Any]:
    """The gate as the JSON header's `gate` (and SARIF's and the audit's)."""
    s = gate.sources
    return {
        "configuration": gate.config or None,
        "failOn": _part(gate.fail_on, s.get("fail-on", "default")),
        "policies": _part(list(gate.policies), s.get("policies", "default")),
        "data": _part(list(gate.data), s.get("data", "default")),
        "waivers": _part(gate.waivers, s.get("waivers", "default")),
        "loosened": [
            {"setting": x.setting, "shipped": x.shipped, "value": x.value, "file": x.file}
            for x in gate.loosened
        ],
    }


def gate_lines(gate: Gate) -> list[str]:
    """The gate for people: where the threshold and each addition came from, and what loosened.

    Parts at their built-in default are left out; the threshold is always named.
    """
    s = gate.sources
    parts = [f"fail on {gate.fail_on} ({s.get('fail-on', 'default')})"]
    if gate.policies:
        parts.append(f"policies {', '.join(gate.policies)} ({s.get('policies', '')})")
    if gate.data:
        parts.append(f"overlays {', '.join(gate.data)} ({s.get('data', '')})")
    if gate.waivers:
        parts.append(f"waivers {gate.waivers} ({s.get('waivers', '')})")
    lines = ["gate: " + "; ".join(parts)]
    lines += [f"warning: {describe(x)}" for x in gate.loosened]
    return lines
