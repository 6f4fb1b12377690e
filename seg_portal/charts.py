"""Charts drawn as inline SVG on the server: the same markup in the browser and inside PDFs.

No JavaScript is needed to read them, they print, and each carries a text alternative. Values are
numbers already converted by the caller; labels are escaped here.
"""

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#14573f", "#c99a1a", "#1f4e8c", "#a4262c", "#5b8c5a", "#7a4f9a", "#d9822b", "#3d7ea6"]
INK = "#1d2327"
MUTED = "#555f66"
GRID = "#d8dde1"


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float]


def _f(value: float) -> str:
    return f"{value:.1f}"


def _number(value: float) -> str:
    """Compact label for an axis or a bar: 1 234 567 → 1.2 M."""
    magnitude = abs(value)
    for threshold, suffix in ((1e9, " G"), (1e6, " M"), (1e3, " k")):
        if magnitude >= threshold:
            return f"{value / threshold:.1f}{suffix}".replace(".0 ", " ")
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def bar_chart(
    items: Sequence[tuple[str, float]],
    *,
    title: str,
    unit: str = "",
    width: int = 640,
    bar_height: int = 22,
    label_width: int = 190,
    value_format=_number,
) -> SafeString:
    """Horizontal bars, one per (label, value), longest first as given."""
    gap = 8
    height = max(1, len(items)) * (bar_height + gap) + 30
    peak = max((value for _label, value in items), default=0) or 1
    plot = width - label_width - 90
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" '
            'role="img" aria-label="{}" class="chart-svg">',
            width,
            height,
            width,
            height,
            title,
        ),
        format_html("<title>{}</title>", title),
    ]
    for index, (label, value) in enumerate(items):
        y = 10 + index * (bar_height + gap)
        length = max(0.0, value) / peak * plot
        shown = escape(value_format(value)) + (f" {escape(unit)}" if unit else "")
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="{}">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="{}">'
                "<title>{}: {}</title></rect>"
                '<text x="{}" y="{}" font-size="12" fill="{}">{}</text>',
                label_width - 8,
                y + bar_height * 0.7,
                INK,
                label[:34],
                label_width,
                y,
                _f(length),
                bar_height,
                PALETTE[0],
                label,
                mark_safe(shown),
                _f(label_width + length + 6),
                y + bar_height * 0.7,
                MUTED,
                mark_safe(shown),
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))


def line_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    width: int = 640,
    height: int = 260,
    y_max: float | None = None,
    value_format=_number,
) -> SafeString:
    """One line per series over the categories (years, campaigns…), with a legend."""
    left, right, top, bottom = 56, 16, 16, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for s in series for v in s.values if v is not None]
    peak = y_max if y_max is not None else (max(values, default=0) or 1)
    step = plot_w / max(1, len(categories) - 1)

    def point(index: int, value: float) -> tuple[float, float]:
        return left + index * step, top + plot_h - (value / peak) * plot_h

    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" '
            'role="img" aria-label="{}" class="chart-svg"><title>{}</title>',
            width,
            height,
            width,
            height,
            title,
            title,
        )
    ]
    for tick in range(5):
        value = peak * tick / 4
        y = top + plot_h - plot_h * tick / 4
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}"/>'
                '<text x="{}" y="{}" text-anchor="end" font-size="11" fill="{}">{}</text>',
                left,
                width - right,
                _f(y),
                _f(y),
                GRID,
                left - 6,
                _f(y + 4),
                MUTED,
                value_format(value),
            )
        )
    for index, category in enumerate(categories):
        x, _y = point(index, 0)
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="{}">{}</text>',
                _f(x),
                top + plot_h + 16,
                MUTED,
                category,
            )
        )
    for number, one in enumerate(series):
        colour = PALETTE[number % len(PALETTE)]
        points = [point(i, v) for i, v in enumerate(one.values) if v is not None]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(
            format_html(
                '<polyline fill="none" stroke="{}" stroke-width="2.5" points="{}"/>', colour, path
            )
        )
        for x, y in points:
            parts.append(
                format_html('<circle cx="{}" cy="{}" r="3.5" fill="{}"/>', _f(x), _f(y), colour)
            )
        legend_x = left + (number % 4) * (plot_w / 4)
        legend_y = height - 18 + (number // 4) * 14
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="10" height="10" fill="{}"/>'
                '<text x="{}" y="{}" font-size="11" fill="{}">{}</text>',
                _f(legend_x),
                legend_y - 9,
                colour,
                _f(legend_x + 14),
                legend_y,
                INK,
                one.label[:28],
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))


def heat_colour(score: float | None, *, maximum: float = 4.0) -> str:
    """Background colour for a heat-map cell: red (low) to green (high), grey when missing."""
    if score is None:
        return "#eceff1"
    ratio = max(0.0, min(1.0, score / maximum))
    stops = [(0.0, (0xF4, 0xC7, 0xC3)), (0.5, (0xFB, 0xE7, 0xA6)), (1.0, (0xB7, 0xE1, 0xC4))]
    for (low, low_rgb), (high, high_rgb) in itertools.pairwise(stops):
        if ratio <= high:
            t = (ratio - low) / (high - low)
            rgb = [round(a + (b - a) * t) for a, b in zip(low_rgb, high_rgb, strict=True)]
            return "#{:02x}{:02x}{:02x}".format(*rgb)
    return "#b7e1c4"
