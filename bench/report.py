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
    rows: t.Sequence[Row],
    latency: t.Sequence[dict[str, t.Any]],
    scaling: dict[str, t.Any],
    large: t.Sequence[Row] = (),
) -> list[dict[str, t.Any]]:
    """Each target of issue 16 (and the scaling ones of issue 7), measured in this run."""
    ours = next(r for r in rows if r.name.startswith("llm-policy check (default"))
    warm = next(r for r in rows if r.name.startswith("llm-policy check warm"))
    conftest = next((r for r in rows if r.name.startswith("conftest")), None)
    checks = [
        ("cold: cost <= 3.0x the parse floor (stretch 2.5x)", ours.ratio_to_floor, 3.0, "<="),
        ("warm: unchanged re-run <= 1.2x the parse floor", warm.ratio_to_floor, 1.2, "<="),
        ("one manifest, fresh process: median <= 0.12 s", latency[0]["median_s"], 0.12, "<="),
        (f"memory: {ours.manifests:,} manifests peak RSS <= 200 MB", ours.peak_rss_mb, 200.0, "<="),
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
            (
                "cold: >= 4x conftest's throughput (manifests/s, ratio)",
                ours.per_second / conftest.per_second,
                4.0,
                ">=",
            )
        )
    big = next(
        (r for r in large if r.name.startswith("llm-policy check") and "warm" not in r.name), None
    )
    if big is not None:
        checks.append(
            (
                f"memory: {big.manifests:,} manifests peak RSS bounded (<= 200 MB)",
                big.peak_rss_mb,
                200.0,
                "<=",
            )
        )
        checks.append(
            (
                f"cold at {big.manifests:,}: cost <= 3.0x the parse floor",
                big.ratio_to_floor,
                3.0,
                "<=",
            )
        )
    big_warm = next((r for r in large if "warm" in r.name), None)
    if big_warm is not None:
        checks.append(
            (
                f"warm at {big_warm.manifests:,}: <= 1.2x the parse floor",
                big_warm.ratio_to_floor,
                1.2,
                "<=",
            )
        )
    out = []
    for name, value, bound, op in checks:
        met = {"<=": value <= bound, ">=": value >= bound, ">": value > bound}[op]
        out.append({"target": name, "value": value, "bound": bound, "met": met})
    return out


def as_json(rows: t.Sequence[Row]) -> list[dict[str, t.Any]]:
    """Rows as plain dictionaries for results.json."""
    return [asdict(r) for r in rows]
