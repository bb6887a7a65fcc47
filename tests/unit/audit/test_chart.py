from __future__ import annotations

from checker.audit.chart import (
    BAR_GAP,
    BAR_HEIGHT,
    BAR_WIDTH,
    LABEL_WIDTH,
    ROW_GAP,
    ROW_HEIGHT,
    TOP,
    build_chart,
)


def row(title, fails=0, reported=0, waived=0):
    return {"title": title, "fails": fails, "reported": reported, "waived": waived}


def test_each_status_has_its_own_bar_scaled_to_the_largest_count():
    chart = build_chart([row("High", 6, 2), row("Low", reported=3), row("Medium")])
    high, low, medium = chart.bars
    assert [(s.status, s.count) for s in high.segments] == [
        ("fails", 6),
        ("reported", 2),
        ("waived", 0),
    ]
    assert all(s.x == LABEL_WIDTH for s in high.segments)
    assert [s.y for s in high.segments] == [TOP + i * (BAR_HEIGHT + BAR_GAP) for i in range(3)]
    assert high.segments[0].width == BAR_WIDTH  # the largest single count fills the bar
    assert low.segments[1].width == BAR_WIDTH // 2 and low.segments[0].width == 0
    assert [s.width for s in medium.segments] == [0, 0, 0] and medium.total == 0
    assert high.total == 8
    assert [b.y for b in chart.bars] == [TOP, TOP + ROW_HEIGHT, TOP + 2 * ROW_HEIGHT]
    assert chart.height == 2 * TOP + 3 * ROW_HEIGHT - ROW_GAP
    assert chart.failing == 6


def test_reported_findings_never_draw_a_failing_bar():
    # an all-pass report whose mode explanations are high-severity violations: "High 2" was
    # drawn as one bar of 2; now the failing bar is empty and the 2 are reported
    chart = build_chart([row("Critical"), row("High", reported=2), row("Low", waived=1)])
    assert chart.failing == 0
    fails = [s for b in chart.bars for s in b.segments if s.status == "fails"]
    assert all(s.width == 0 for s in fails)
    assert chart.bars[1].segments[1].width == BAR_WIDTH


def test_tiny_counts_stay_visible_and_empty_charts_work():
    chart = build_chart([row("a", fails=1000), row("b", waived=1)])
    assert chart.bars[1].segments[2].width == 1
    assert build_chart([]).bars == ()
    assert build_chart([]).failing == 0
    assert [s.width for s in build_chart([row("zero")]).bars[0].segments] == [0, 0, 0]
