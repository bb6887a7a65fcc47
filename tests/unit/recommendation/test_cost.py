import datetime as dt

import pytest

from checker.errors import UsageError
from checker.recommendation.candidate import Candidate
from checker.recommendation.cost import HOURS_PER_MONTH, CostModel, build_cost_model

TODAY = dt.date(2026, 11, 28)
VENDOR = Candidate("m", "vendor-api", "us", provider="p")
PRICED = {"pricing": {"inputPerMTokUsd": 2.5, "outputPerMTokUsd": 10, "checked": "2026-01-01"}}


def test_vendor_cost_splits_tokens_by_the_input_share():
    model = CostModel(today=TODAY, input_share=0.75)
    cost = model.estimate(VENDOR, PRICED, 40_000_000)
    assert cost.monthly_usd == pytest.approx(30 * 2.5 + 10 * 10)
    assert cost.price_checked == "2026-01-01" and cost.price_age_days == 331
    assert not cost.stale and not cost.assumed_volume


def test_an_old_or_undated_price_is_stale():
    old = {"pricing": {**PRICED["pricing"], "checked": "2024-12-01"}}
    assert CostModel(today=TODAY).estimate(VENDOR, old, 1).stale
    assert not CostModel(today=TODAY, price_max_age_days=800).estimate(VENDOR, old, 1).stale
    undated = {"pricing": {"inputPerMTokUsd": 1, "outputPerMTokUsd": 1}}
    cost = CostModel(today=TODAY).estimate(VENDOR, undated, 1)
    assert cost.stale and cost.price_age_days is None


def test_without_a_volume_an_assumed_one_is_priced_and_said():
    cost = CostModel(today=TODAY, assumed_monthly_tokens=2_000_000).estimate(VENDOR, PRICED, None)
    assert cost.monthly_usd == pytest.approx(2.5 + 10)
    assert cost.assumed_volume and "assumed" in cost.basis


def test_no_price_means_unknown_cost():
    cost = CostModel(today=TODAY).estimate(VENDOR, {}, 1_000_000)
    assert cost.monthly_usd is None and "no catalog price" in cost.basis


def test_self_hosted_cost_is_gpu_memory_by_hourly_rate_and_headroom():
    model = CostModel(today=TODAY, gpu_hourly_usd_per_gb=0.05, gpu_headroom=1.5)
    c = Candidate("m", "self-hosted", "eu", quantization="int8")
    cost = model.estimate(c, {"gpuMemoryGb": {"fp16": 20, "int8": 10}}, None)
    assert cost.monthly_usd == pytest.approx(10 * 1.5 * 0.05 * HOURS_PER_MONTH)
    missing = model.estimate(
        Candidate("m", "self-hosted", "eu", quantization="int4"),
        {"gpuMemoryGb": {"fp16": 20}},
        None,
    )
    assert missing.monthly_usd is None


def test_settings_are_read_with_defaults_and_checked():
    model = build_cost_model({"gpuHourlyUsdPerGb": 0.2, "priceMaxAgeDays": 30}, TODAY)
    assert model.gpu_hourly_usd_per_gb == 0.2 and model.price_max_age_days == 30
    assert build_cost_model({}, TODAY).input_share == 0.5
    for bad in (
        {"gpuHourlyUsdPerGb": "cheap"},
        {"priceMaxAgeDays": -1},
        {"budgetInputTokenShare": 1.5},
        {"assumedMonthlyTokens": True},
    ):
        with pytest.raises(UsageError, match=next(iter(bad))):
            build_cost_model(bad, TODAY)
