import pytest

from checker.recommendation.candidate import Candidate
from checker.recommendation.cost import CostEstimate
from checker.recommendation.score import (
    OVER_BUDGET,
    PER_OBLIGATION,
    PER_WARNING,
    PREFERRED_MODE,
    WITHIN_BUDGET,
    Needs,
    build_score,
)

SELF = Candidate("m", "self-hosted", "eu", quantization="fp16")
VENDOR = Candidate("m", "vendor-api", "eu", provider="p", deployment_type="global")
ENTRY = {"capabilities": ["code", "long-context"], "contextTokens": 32768, "paramsB": 8}
COST = CostEstimate(100.0, "basis")


def _points(score, factor):
    return sum(r.points for r in score.reasons if r.factor == factor)


def test_total_is_the_sum_of_the_reasons():
    score = build_score(
        SELF, ENTRY, None, ["a", "b"], [], COST, Needs(capabilities=frozenset({"code"}))
    )
    assert score.total == pytest.approx(sum(r.points for r in score.reasons), abs=0.01)
    assert _points(score, "licence") == 2 * PER_OBLIGATION


def test_budget_fit_rewards_and_overrun_costs():
    within = build_score(SELF, ENTRY, None, [], [], COST, Needs(budget_usd=500))
    over = build_score(SELF, ENTRY, None, [], [], COST, Needs(budget_usd=50))
    assert _points(within, "budget") == WITHIN_BUDGET
    assert _points(over, "budget") == OVER_BUDGET
    assumed = CostEstimate(100.0, "basis", assumed_volume=True)
    assert (
        _points(build_score(SELF, ENTRY, None, [], [], assumed, Needs(budget_usd=50)), "budget")
        == 0
    )


def test_cheaper_scores_higher_and_unknown_scores_nothing():
    cheap = build_score(SELF, ENTRY, None, [], [], CostEstimate(10.0, ""), Needs())
    dear = build_score(SELF, ENTRY, None, [], [], CostEstimate(10_000.0, ""), Needs())
    unknown = build_score(SELF, ENTRY, None, [], [], CostEstimate(None, "no price"), Needs())
    assert _points(cheap, "cost") - _points(dear, "cost") == pytest.approx(15)
    assert _points(unknown, "cost") == 0


def test_warnings_count_against_and_the_recommended_mode_for():
    plain = build_score(SELF, ENTRY, None, [], [], COST, Needs())
    warned = build_score(SELF, ENTRY, None, [], ["LLM-DEP-003"], COST, Needs())
    preferred = build_score(SELF, ENTRY, None, [], [], COST, Needs(recommendation="self-hosted"))
    assert warned.total - plain.total == pytest.approx(PER_WARNING)
    assert preferred.total - plain.total == pytest.approx(PREFERRED_MODE)


def test_context_headroom_and_shortfall():
    need = Needs(min_context=8192)
    roomy = build_score(SELF, ENTRY, None, [], [], COST, need)
    short = build_score(SELF, {**ENTRY, "contextTokens": 2048}, None, [], [], COST, Needs())
    assert _points(roomy, "context") == pytest.approx(4.0)
    assert _points(short, "context") == pytest.approx(-4.0)


def test_vendor_data_terms_are_weighed():
    trains = {"trainsOnCustomerData": True, "deploymentTypes": {"global": {"residency": "none"}}}
    score = build_score(VENDOR, ENTRY, trains, [], [], COST, Needs())
    texts = [r.text for r in score.reasons if r.factor == "data terms"]
    assert len(texts) == 2 and "train" in texts[0]
    clean = {
        "trainsOnCustomerData": False,
        "deploymentTypes": {"global": {"residency": "regional"}},
    }
    assert _points(build_score(VENDOR, ENTRY, clean, [], [], COST, Needs()), "data terms") == 0


def test_stale_price_is_a_reason_without_points():
    stale = CostEstimate(10.0, "", price_checked="2020-01-01", price_age_days=2000, stale=True)
    reasons = [
        r
        for r in build_score(VENDOR, ENTRY, {}, [], [], stale, Needs()).reasons
        if r.factor == "price-age"
    ]
    assert len(reasons) == 1 and reasons[0].points == 0 and "2020-01-01" in reasons[0].text
