"""The server-side SVG bar chart used by the dashboard and the annual summary PDF."""
import re

from reports.svg import Bar, stacked_bars


def test_bars_are_scaled_to_the_largest_total_and_labels_are_escaped():
    svg = str(stacked_bars([Bar("村<&>", [3, 1, 0]), Bar("社区", [1, 1, 0])], ["先进", "一般", "后进"], width=400,
                           label_width=100))
    widths = [float(w) for w in re.findall(r'<rect x="[\d.]+" y="\d+" width="([\d.]+)" height="18"', svg)]
    plot = 400 - 100 - 40
    assert widths[:2] == [plot * 3 / 4, plot * 1 / 4]  # the first bar fills the plot
    assert "村&lt;&amp;&gt;" in svg and "<script" not in svg
    assert "先进" in svg and svg.startswith("<svg") and svg.endswith("</svg>")


def test_an_empty_chart_still_renders():
    assert str(stacked_bars([], ["先进"])).endswith("</svg>")
