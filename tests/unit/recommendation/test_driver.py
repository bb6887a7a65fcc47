import re

from checker.policy_set import SHIPPED_POLICIES
from checker.recommendation.driver import DRIVERS, POLICY, rule_driver, signal_driver

STEER = re.compile(r'_steer contains \["(?P<mode>[\w-]+)", (?:sprintf\()?"(?P<text>[^"]+)"')


def test_every_steering_signal_of_the_decision_has_a_driver_and_its_mode():
    text = (SHIPPED_POLICIES / "llm" / "decision" / "decision.rego").read_text()
    signals = [(m["mode"], m["text"]) for m in STEER.finditer(text)]
    assert len(signals) >= 7
    for mode, sentence in signals:
        driver, favours = signal_driver(sentence.replace("%s", "restricted"))
        assert driver in DRIVERS, sentence
        assert favours == mode, sentence


def test_unknown_signals_and_rules_are_filed_under_policy():
    assert signal_driver("the moon is full") == (POLICY, "neither")
    assert rule_driver("ACME-001") == POLICY


def test_the_longest_rule_prefix_wins():
    assert rule_driver("LLM-DEP-001") == "control"
    assert rule_driver("LLM-DEP-002") == "performance needs"
    assert rule_driver("LLM-REQ-005") == "cost"
    assert rule_driver("LLM-DATA-011") == "data sensitivity"
