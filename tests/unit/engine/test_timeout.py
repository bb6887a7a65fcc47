"""$LLM_POLICY_OPA_TIMEOUT: seconds per OPA request for every command."""

from __future__ import annotations

import pytest

from checker.engine import TIMEOUT_VARIABLE, opa_timeout
from checker.errors import UsageError


@pytest.mark.parametrize(
    ("value", "seconds"), [(None, 10.0), ("", 10.0), ("2.5", 2.5), (" 30 ", 30.0)]
)
def test_the_timeout_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, value: str | None, seconds: float
) -> None:
    if value is None:
        monkeypatch.delenv(TIMEOUT_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(TIMEOUT_VARIABLE, value)
    assert opa_timeout() == seconds


@pytest.mark.parametrize("value", ["soon", "0", "-1", "nan", "inf"])
def test_anything_but_a_positive_number_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(TIMEOUT_VARIABLE, value)
    with pytest.raises(UsageError, match=TIMEOUT_VARIABLE):
        opa_timeout()
