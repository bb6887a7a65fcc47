"""Geometry for the summary's inline SVG bar charts (the template draws them; no JavaScript).

Each bar stacks a row's `fails`, `reported` and `waived` counts. Coordinates are whole numbers so
the same counts always give the same SVG text.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

STATUSES = ("fails", "reported", "waived")
LABEL_WIDTH = 130
BAR_WIDTH = 300
COUNT_WIDTH = 40
ROW_HEIGHT = 24
BAR_HEIGHT = 16
TOP = 8


@dataclass(frozen=True)
class Segment:
    """One status's part of a bar."""

    status: str
    count: int
    x: int
    width: int


@dataclass(frozen=True)
class Bar:
    """One row: its label, where it sits, its segments and total."""

    label: str
    y: int
    total: int
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Chart:
    """A horizontal stacked bar chart sized in SVG user units."""

    width: int
    height: int
    label_width: int
    bar_width: int
    bar_height: int
    bars: tuple[Bar, ...]


def build_chart(rows: t.Sequence[t.Mapping[str, t.Any]]) -> Chart:
    """A chart of `rows` (each with `title` and the STATUSES counts), scaled to the largest."""
    totals = [sum(int(row[s]) for s in STATUSES) for row in rows]
    largest = max(totals, default=0) or 1
    bars = []
    for index, (row, total) in enumerate(zip(rows, totals, strict=True)):
        x = LABEL_WIDTH
        segments = []
        for status in STATUSES:
            count = int(row[status])
            if count:
                width = max(1, round(BAR_WIDTH * count / largest))
                segments.append(Segment(status=status, count=count, x=x, width=width))
                x += width
        bars.append(
            Bar(
                label=str(row["title"]),
                y=TOP + index * ROW_HEIGHT,
                total=total,
                segments=tuple(segments),
            )
        )
    return Chart(
        width=LABEL_WIDTH + BAR_WIDTH + COUNT_WIDTH,
        height=TOP * 2 + len(rows) * ROW_HEIGHT,
        label_width=LABEL_WIDTH,
        bar_width=BAR_WIDTH,
        bar_height=BAR_HEIGHT,
        bars=tuple(bars),
    )
