"""Geometry for the summary's inline SVG bar charts (the template draws them; no JavaScript).

Each row (a severity, a policy area) gets one bar per status: `fails`, `reported` and `waived`,
each with its own count, never one stacked total. A finding that only explains why a deployment
mode is not allowed, or a warning below the threshold, is `reported`: it never draws a failing
bar, so an all-pass report shows no red at all. A status with no finding draws no bar, only its
count. Coordinates are whole numbers so the same counts always give the same SVG text.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

STATUSES = ("fails", "reported", "waived")
LABEL_WIDTH = 110
BAR_WIDTH = 240
COUNT_WIDTH = 90
BAR_HEIGHT = 10
BAR_GAP = 2
ROW_GAP = 8
TOP = 6
ROW_HEIGHT = len(STATUSES) * (BAR_HEIGHT + BAR_GAP) + ROW_GAP


@dataclass(frozen=True)
class Segment:
    """One status's bar in a row: its count, where it sits and how wide it is (0: no bar)."""

    status: str
    count: int
    x: int
    y: int
    width: int


@dataclass(frozen=True)
class Bar:
    """One row: its label, where it sits, its per-status bars and its total."""

    label: str
    y: int
    total: int
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Chart:
    """A horizontal grouped bar chart sized in SVG user units."""

    width: int
    height: int
    label_width: int
    bar_width: int
    bar_height: int
    bars: tuple[Bar, ...]

    @property
    def failing(self) -> int:
        """How many findings the chart draws as failing."""
        return sum(s.count for bar in self.bars for s in bar.segments if s.status == "fails")


def build_chart(rows: t.Sequence[t.Mapping[str, t.Any]]) -> Chart:
    """A chart of `rows` (each with `title` and the STATUSES counts), scaled to the largest count.

    Every row has one segment per status, in STATUSES order; a zero count has width 0.
    """
    largest = max((int(row[s]) for row in rows for s in STATUSES), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        y = TOP + index * ROW_HEIGHT
        segments = []
        for offset, status in enumerate(STATUSES):
            count = int(row[status])
            width = max(1, round(BAR_WIDTH * count / largest)) if count else 0
            segments.append(
                Segment(
                    status=status,
                    count=count,
                    x=LABEL_WIDTH,
                    y=y + offset * (BAR_HEIGHT + BAR_GAP),
                    width=width,
                )
            )
        bars.append(
            Bar(
                label=str(row["title"]),
                y=y,
                total=sum(s.count for s in segments),
                segments=tuple(segments),
            )
        )
    return Chart(
        width=LABEL_WIDTH + BAR_WIDTH + COUNT_WIDTH,
        height=TOP * 2 + len(rows) * ROW_HEIGHT - ROW_GAP,
        label_width=LABEL_WIDTH,
        bar_width=BAR_WIDTH,
        bar_height=BAR_HEIGHT,
        bars=tuple(bars),
    )
