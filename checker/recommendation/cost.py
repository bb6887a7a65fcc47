"""The monthly cost model behind the ranking, and how old the prices it rests on are.

Vendor API: `expectedMonthlyTokens`, split into input and output tokens by the setting
`budgetInputTokenShare` (the same split LLM-REQ-005 uses), at the model's catalog list price.
Self-hosted: the GPU memory the model needs at its quantization (catalog `gpuMemoryGb` times
`gpuMemoryHeadroom`) times the organisation's `gpuHourlyUsdPerGb`, for 730 hours a month.
See docs/recommend.md for what the model leaves out.

The settings' types, ranges and defaults are those of `schemas/settings.schema.json` (through
`checker.policy_set`); nothing here repeats them.
"""

from __future__ import annotations

import datetime as dt
import typing as t
from dataclasses import dataclass

from checker.policy_set import check_settings, setting_defaults
from checker.recommendation.candidate import Candidate

HOURS_PER_MONTH = 730
_DEFAULTS = setting_defaults()


@dataclass(frozen=True)
class CostEstimate:
    """A monthly estimate in USD (None: unknown), what it is based on, and the price's age."""

    monthly_usd: float | None
    basis: str
    price_checked: str | None = None
    price_age_days: int | None = None
    stale: bool = False
    assumed_volume: bool = False


def _price(price: t.Mapping[str, t.Any], key: str) -> float:
    value = price.get(key)
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


@dataclass(frozen=True)
class CostModel:
    """The cost settings of one run (from `data.settings`) and the day prices are aged against."""

    today: dt.date
    input_share: float = _DEFAULTS["budgetInputTokenShare"]
    gpu_hourly_usd_per_gb: float = _DEFAULTS["gpuHourlyUsdPerGb"]
    gpu_headroom: float = _DEFAULTS["gpuMemoryHeadroom"]
    price_max_age_days: int = _DEFAULTS["priceMaxAgeDays"]
    assumed_monthly_tokens: float = _DEFAULTS["assumedMonthlyTokens"]

    def estimate(
        self, candidate: Candidate, entry: t.Mapping[str, t.Any], tokens: float | None
    ) -> CostEstimate:
        """The monthly cost of `candidate`, whose catalog model entry is `entry`."""
        if candidate.hosting == "self-hosted":
            return self._self_hosted(candidate, entry)
        return self._vendor(entry, tokens)

    def _self_hosted(self, candidate: Candidate, entry: t.Mapping[str, t.Any]) -> CostEstimate:
        figure = (entry.get("gpuMemoryGb") or {}).get(candidate.quantization or "fp16")
        if not isinstance(figure, (int, float)):
            return CostEstimate(None, f"no GPU memory figure for {candidate.quantization}")
        gb = figure * self.gpu_headroom
        usd = gb * self.gpu_hourly_usd_per_gb * HOURS_PER_MONTH
        basis = (
            f"{gb:g} GB of GPU memory x USD {self.gpu_hourly_usd_per_gb:g}/GB-hour"
            f" x {HOURS_PER_MONTH} h"
        )
        return CostEstimate(usd, basis)

    def _vendor(self, entry: t.Mapping[str, t.Any], tokens: float | None) -> CostEstimate:
        price = entry.get("pricing")
        if not isinstance(price, dict):
            return CostEstimate(None, "no catalog price for this model")
        checked = str(price.get("checked", "")) or None
        age = self._age(checked)
        stale = age is None or age > self.price_max_age_days
        assumed = tokens is None
        if tokens is None:
            # Without a declared volume, price an assumed one so candidates still compare.
            tokens = self.assumed_monthly_tokens
        in_price = _price(price, "inputPerMTokUsd")
        out_price = _price(price, "outputPerMTokUsd")
        share = self.input_share
        usd = (tokens * share * in_price + tokens * (1 - share) * out_price) / 1_000_000
        basis = (
            ("an assumed " if assumed else "")
            + f"{tokens:,.0f} tokens/month, {share:.0%} input at USD {in_price:g}/M and"
            f" {1 - share:.0%} output at USD {out_price:g}/M (list price)"
        )
        return CostEstimate(usd, basis, checked, age, stale, assumed_volume=assumed)

    def _age(self, checked: str | None) -> int | None:
        try:
            return (self.today - dt.date.fromisoformat(checked or "")).days
        except ValueError:
            return None


def build_cost_model(settings: t.Mapping[str, t.Any], today: dt.date) -> CostModel:
    """The cost model from `data.settings`; a setting it lacks has the schema's default.

    A policy set's settings were validated when it was built (and the check is cached by
    content, so this repeats nothing); settings from elsewhere are held to the same schema, and
    a bad one is a `UsageError` naming it.
    """
    values = {**_DEFAULTS, **settings}
    check_settings(values)
    return CostModel(
        today=today,
        input_share=float(values["budgetInputTokenShare"]),
        gpu_hourly_usd_per_gb=float(values["gpuHourlyUsdPerGb"]),
        gpu_headroom=float(values["gpuMemoryHeadroom"]),
        price_max_age_days=int(values["priceMaxAgeDays"]),
        assumed_monthly_tokens=float(values["assumedMonthlyTokens"]),
    )
