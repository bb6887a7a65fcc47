import pytest

from checker.severity import FAIL_ON_CHOICES, Severity, Threshold


def test_order_and_names():
    assert Severity.CRITICAL > Severity.HIGH > Severity.MEDIUM > Severity.LOW
    assert FAIL_ON_CHOICES == ("critical", "high", "medium", "low", "warning", "never")


@pytest.mark.parametrize(
    ("fail_on", "severity", "warning", "fails"),
    [
        ("low", Severity.LOW, False, True),
        ("low", Severity.CRITICAL, True, False),
        ("high", Severity.MEDIUM, False, False),
        ("high", Severity.HIGH, False, True),
        ("critical", Severity.HIGH, False, False),
        ("warning", Severity.LOW, True, True),
        ("warning", Severity.LOW, False, True),
        ("never", Severity.CRITICAL, False, False),
    ],
)
def test_threshold(fail_on, severity, warning, fails):
    assert Threshold(fail_on).fails(severity, warning=warning) is fails


def test_unknown_threshold_rejected():
    with pytest.raises(ValueError, match="unknown --fail-on"):
        Threshold("severe")
