"""The shared SVG charts draw user-entered labels (organisations, bodies) as text, never markup."""

from seg_portal.charts import Series, bar_chart, heat_colour, line_chart

HOSTILE = '<script>alert("x")</script>'


def test_bar_chart_escapes_labels_and_units_and_shows_each_value():
    svg = bar_chart([(HOSTILE, 1_500_000), ("UE", 500)], title=HOSTILE, unit="<b>XOF</b>")
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "<b>" not in svg
    assert "1.5 M" in svg
    assert ">500 &lt;b&gt;XOF&lt;/b&gt;<" in svg


def test_line_chart_escapes_series_and_category_names():
    svg = line_chart([HOSTILE, "2026"], [Series(HOSTILE, [1, 2])], title="Tendance")
    assert "<script>" not in svg
    assert svg.count("&lt;script&gt;") >= 2
    assert svg.count("<circle") == 2


def test_heat_colour_runs_from_red_to_green_and_greys_missing_scores():
    assert heat_colour(0) == "#f4c7c3"
    assert heat_colour(4) == "#b7e1c4"
    assert heat_colour(None) == "#eceff1"
