from __future__ import annotations

from checker.audit.chart import BAR_WIDTH, LABEL_WIDTH, ROW_HEIGHT, build_chart


def row(title, fails=0, reported=0, waived=0):
    return {"title": title, "fails": fails, "reported": reported, "waived": waived}


def test_bars_stack_and_scale_to_the_largest():
    chart = build_chart([row("High", 6, 2), row("Low", reported=4), row("Medium")])
    high, low, medium = chart.bars
    assert [(s.status, s.count) for s in high.segments] == [("fails", 6), ("reported", 2)]
    assert high.segments[0].x == LABEL_WIDTH
    assert high.segments[1].x == LABEL_WIDTH + high.segments[0].width
    assert sum(s.width for s in high.segments) == BAR_WIDTH
    assert low.segments[0].width == BAR_WIDTH // 2
    assert medium.segments == () and medium.total == 0
    assert [b.y for b in chart.bars] == [8, 8 + ROW_HEIGHT, 8 + 2 * ROW_HEIGHT]
    assert chart.height == 16 + 3 * ROW_HEIGHT


def test_tiny_counts_stay_visible_and_empty_charts_work():
    chart = build_chart([row("a", fails=1000), row("b", waived=1)])
    assert chart.bars[1].segments[0].width == 1
    assert build_chart([]).bars == ()
    assert build_chart([row("zero")]).bars[0].segments == ()
