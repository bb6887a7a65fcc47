"""`llm-policy models`: the catalog's models, filterable, as a table or JSON."""

from __future__ import annotations

import datetime as dt
import json
import typing as t
from dataclasses import dataclass
from pathlib import Path

import click

from checker.policy_set import build_policy_set


@dataclass(frozen=True)
class ModelsSettings:
    """Filters and format for `models`."""

    weights: str | None = None
    provider: str | None = None
    region: str | None = None
    format: str = "text"
    data: tuple[Path, ...] = ()
    # list the catalog entries whose facts are older than settings.factMaxAgeDays instead
    stale: bool = False
    as_of: dt.date | None = None


def select_models(
    catalog: t.Mapping[str, t.Any], settings: ModelsSettings
) -> list[dict[str, t.Any]]:
    """Catalog models matching the filters, each with the providers that serve it."""
    models = catalog.get("models", {})
    providers = catalog.get("providers", {})
    rows = []
    for model_id in sorted(models):
        entry = models[model_id]
        served_by = sorted(
            pid
            for pid, p in providers.items()
            if model_id in p.get("models", ())
            and (settings.region is None or settings.region in p.get("regions", ()))
        )
        if settings.weights and entry.get("weights") != settings.weights:
            continue
        if settings.provider and settings.provider not in served_by:
            continue
        if settings.region and entry.get("weights") != "open" and not served_by:
            continue
        rows.append({"id": model_id, **entry, "providers": served_by})
    return rows


def execute(settings: ModelsSettings) -> int:
    """Print the selected models; exit 0 (an empty selection is not an error, but is said)."""
    catalog = build_policy_set((), settings.data).data.get("catalog", {})
    if settings.provider and settings.provider not in catalog.get("providers", {}):
        from checker.suggest import did_you_mean

        known = catalog.get("providers", {})
        raise click.UsageError(
            f"unknown provider {settings.provider!r}{did_you_mean(settings.provider, known)}"
        )
    if settings.stale:
        return _print_stale(catalog, build_policy_set((), settings.data).data, settings)
    rows = select_models(catalog, settings)
    if settings.format == "json":
        click.echo(json.dumps(rows, indent=2))
        return 0
    if not rows:
        click.echo("no catalog model matches these filters", err=True)
        return 0
    click.echo(f"{'ID':24} {'WEIGHTS':7} {'CONTEXT':>8} {'LICENCE':28} PROVIDERS")
    for r in rows:
        licence = str(r.get("license", "-"))
        providers = ", ".join(r["providers"]) or "-"
        context = r.get("contextTokens", "")
        click.echo(f"{r['id']:24} {r.get('weights', ''):7} {context!s:>8} {licence:28} {providers}")
    return 0


def _print_stale(
    catalog: t.Mapping[str, t.Any], data: t.Mapping[str, t.Any], settings: ModelsSettings
) -> int:
    from checker.staleness import stale_entries

    max_age = int((data.get("settings") or {}).get("factMaxAgeDays", 365))
    as_of = settings.as_of or dt.date.today()
    rows = stale_entries(catalog, max_age, as_of)
    if settings.format == "json":
        shown = [
            {"document": r.document, "id": r.id, "checked": r.checked, "ageDays": r.age_days}
            for r in rows
        ]
        out = {"asOf": as_of.isoformat(), "factMaxAgeDays": max_age, "stale": shown}
        click.echo(json.dumps(out, indent=2))
        return 0
    click.echo(
        f"{len(rows)} catalog entries last checked more than {max_age} days before"
        f" {as_of.isoformat()} (factMaxAgeDays):"
    )
    for r in rows:
        age = f"{r.age_days} days" if r.age_days is not None else "no date"
        click.echo(f"  {r.document:10} {r.id:36} {r.checked or '-':10}  {age}")
    return 0
