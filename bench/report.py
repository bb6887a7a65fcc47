"""The benchmark's results: rows measured side by side, the table, and the targets' verdicts."""

from __future__ import annotations

import statistics
import typing as t
from dataclasses import asdict, dataclass

from bench.contenders import Contender
from bench.measure import Measurement


@dataclass(frozen=True)
class Row:
    """One contender's best run (the fastest of the repeats; memory: the largest)."""

    name: str
    manifests: int
    seconds: float
    cpu_seconds: float
    per_second: float
    ratio_to_floor: float
    peak_rss_mb: float
    others_cores: float = 0.0
    note: str = ""


def row(contender: Contender, runs: t.Sequence[Measurement], floor_per_manifest: float) -> Row:
    """Fold repeated runs into a row; a sampled contender's time is carried to the full count."""
    best = min(runs, key=lambda r: r.seconds)
    per_manifest = best.seconds / contender.manifests
    return Row(
        name=contender.name,
        manifests=contender.manifests,
        seconds=best.seconds,
        cpu_seconds=best.cpu_seconds,
        per_second=1 / per_manifest,
        ratio_to_floor=per_manifest / floor_per_manifest if floor_per_manifest else 0.0,
        peak_rss_mb=max(r.peak_rss_mb for r in runs),
        others_cores=best.others_cores,
        note=contender.note,
    )


def latency_row(contender: Contender, runs: t.Sequence[Measurement]) -> dict[str, t.Any]:
    """Median and spread of fresh-process runs on one manifest."""
    times = sorted(r.seconds for r in runs)
    return {
        "name": contender.name,
        "runs": len(times),
        "median_s": statistics.median(times),
        "median_cpu_s": statistics.median(r.cpu_seconds for r in runs),
        "min_s": times[0],
        "p90_s": times[min(len(times) - 1, round(0.9 * (len(times) - 1)))],
        "peak_rss_mb": max(r.peak_rss_mb for r in runs),
    }


def table(rows: t.Sequence[Row]) -> str:
    """The throughput table in Markdown."""
    lines = [
        "| contender | manifests | time (s) | CPU (s) | manifests/s | x floor | peak RSS (MB) "
        "| other work (cores) | note |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    lines.extend(
        f"| {r.name} | {r.manifests} | {r.seconds:.2f} | {r.cpu_seconds:.2f} | "
        f"{r.per_second:,.0f} | {r.ratio_to_floor:.2f} | {r.peak_rss_mb:.0f} | "
        f"{r.others_cores:.2f} | {r.note} |"
        for r in rows
    )
    return "\n".join(lines)


def latency_table(rows: t.Sequence[dict[str, t.Any]]) -> str:
    """The one-manifest latency table in Markdown."""
    lines = [
        "| one manifest, fresh process | runs | median (s) | median CPU (s) | min (s) | p90 (s) "
        "| peak RSS (MB) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    lines.extend(
        f"| {r['name']} | {r['runs']} | {r['median_s']:.3f} | {r['median_cpu_s']:.3f} | "
        f"{r['min_s']:.3f} | "
        f"{r['p90_s']:.3f} | {r['peak_rss_mb']:.0f} |"
        for r in rows
    )
    return "\n".join(lines)


def verdicts(
    rows: t.Sequence[Row], latency: t.Sequence[dict[str, t.Any]], scaling: dict[str, t.Any]
) -> list[dict[str, t.Any]]:
    """Each target of issue 7 with the measured value and whether it is met."""
    ours = next(r for r in rows if r.name.startswith("llm-policy check (default"))
    conftest = next((r for r in rows if r.name.startswith("conftest")), None)
    checks = [
        ("throughput: cost <= 3x the parse floor", ours.ratio_to_floor, 3.0, "<="),
        ("memory: peak RSS <= 300 MB", ours.peak_rss_mb, 300.0, "<="),
        ("latency: one manifest median <= 0.25 s", latency[0]["median_s"], 0.25, "<="),
        ("scaling: --jobs N speed-up >= 1.6x", scaling["speedup"], 1.6, ">="),
        (
            "scaling: linear (CPU per manifest at N within 15% of N/4)",
            scaling["cpu_ms_per_manifest_at_n"] / scaling["cpu_ms_per_manifest_at_quarter"],
            1.15,
            "<=",
        ),
    ]
    if conftest is not None:
        checks.append(
            ("throughput: beats conftest (manifests/s)", ours.per_second, conftest.per_second, ">")
        )
    out = []
    for name, value, bound, op in checks:
        met = {"<=": value <= bound, ">=": value >= bound, ">": value > bound}[op]
        out.append({"target": name, "value": value, "bound": bound, "met": met})
    return out


def as_json(rows: t.Sequence[Row]) -> list[dict[str, t.Any]]:
    """Rows as plain dictionaries for results.json."""
    return [asdict(r) for r in rows]
