"""The reasons behind a recommendation, in the terms teams weigh a deployment by.

The decision gives its steering signals (`preferenceReasons`) as sentences and its mode verdicts
as rule findings; this module files each under one of five drivers and says which mode it
favours. A signal or rule it does not know is filed under "policy", never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.result import Decision, Finding

DATA_SENSITIVITY = "data sensitivity"
CONTROL = "control"
PERFORMANCE = "performance needs"
COST = "cost"
SPEED = "speed to market"
POLICY = "policy"
DRIVERS = (DATA_SENSITIVITY, CONTROL, PERFORMANCE, COST, SPEED)

SELF_HOSTED, VENDOR_API = "self-hosted", "vendor-api"
MODE_NAMES = {SELF_HOSTED: "self-hosting", VENDOR_API: "a vendor API"}

# Phrases of the decision's steering signals (policies/llm/decision/decision.rego, `_steer`);
# tests/unit/recommendation/test_driver.py holds this table to that file.
SIGNALS: tuple[tuple[str, str, str], ...] = (
    ("frontier reasoning", PERFORMANCE, VENDOR_API),
    ("multimodal", PERFORMANCE, VENDOR_API),
    ("time to market", SPEED, VENDOR_API),
    ("fine-tuning", CONTROL, SELF_HOSTED),
    ("infrastructure the organisation controls", DATA_SENSITIVITY, SELF_HOSTED),
    ("self-hosting platform", COST, SELF_HOSTED),
    ("token volume", COST, SELF_HOSTED),
)

# Rule ids (longest prefix wins) to the driver a blocked mode is filed under.
RULE_DRIVERS: tuple[tuple[str, str], ...] = (
    ("LLM-DATA-", DATA_SENSITIVITY),
    ("LLM-RES-", DATA_SENSITIVITY),
    ("LLM-REG-", DATA_SENSITIVITY),
    ("LLM-DEP-001", CONTROL),
    ("LLM-DEP-", PERFORMANCE),
    ("LLM-REQ-001", CONTROL),
    ("LLM-REQ-004", CONTROL),
    ("LLM-REQ-005", COST),
    ("LLM-REQ-", PERFORMANCE),
    ("LLM-LIC-", CONTROL),
    ("LLM-GOV-", CONTROL),
)


@dataclass(frozen=True)
class Driver:
    """One reason: its driver, the mode it favours (or "neither"), the sentence and rule."""

    driver: str
    favours: str
    text: str
    rule: str | None = None


def signal_driver(reason: str) -> tuple[str, str]:
    """(driver, favoured mode) of one steering sentence."""
    lowered = reason.lower()
    for phrase, driver, mode in SIGNALS:
        if phrase in lowered:
            return driver, mode
    return POLICY, "neither"


def rule_driver(rule: str) -> str:
    """The driver a rule id is filed under."""
    matches = [(len(p), d) for p, d in RULE_DRIVERS if rule.startswith(p)]
    return max(matches)[1] if matches else POLICY


def _blocked(mode: str, findings: tuple[Finding, ...]) -> list[Driver]:
    other = VENDOR_API if mode == SELF_HOSTED else SELF_HOSTED
    seen: set[str] = set()
    out = []
    for f in findings:
        if f.rule in seen or f.scope == "project":
            continue
        seen.add(f.rule)
        text = f"{MODE_NAMES[mode]} is not allowed: {f.message}"
        out.append(Driver(rule_driver(f.rule), other, text, f.rule))
    return out


def _nothing(decision: Decision) -> list[Driver]:
    found = {f.rule: f for f in decision.self_hosted.reasons if f.scope == "project"}
    return [
        Driver(rule_driver(f.rule), "neither", f"nothing is allowed: {f.message}", f.rule)
        for f in found.values()
    ]


def build_drivers(decision: Decision) -> tuple[Driver, ...]:
    """Steering signals, then what blocks everything, then why a mode is not allowed."""
    out = [Driver(*signal_driver(r), r) for r in decision.preference_reasons]
    out += _nothing(decision)
    out += _blocked(SELF_HOSTED, decision.self_hosted.reasons)
    out += _blocked(VENDOR_API, decision.vendor_api.reasons)
    return tuple(out)
