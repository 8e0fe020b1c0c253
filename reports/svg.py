"""A small pure-Python SVG chart helper: horizontal stacked bars, rendered on the server so the same
chart shows on the dashboard and prints in the PDF (WeasyPrint draws inline SVG; no JS, no CDN)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#2e7d32", "#f9a825", "#c62828", "#1565c0", "#6a1b9a", "#00838f", "#8d6e63")  # 先进 一般 后进 …
STAR_COLORS = ("#b71c1c", "#e53935", "#fb8c00", "#fdd835", "#bdbdbd")  # 5★ … 1★, darker is higher


@dataclass(frozen=True)
class Bar:
    label: str
    values: Sequence[float]  # one value per series, stacked left to right


def stacked_bars(bars: Sequence[Bar], series: Sequence[str], *, width: int = 560, bar_height: int = 18,
                 label_width: int = 150, colors: Sequence[str] = PALETTE, title: str = "") -> SafeString:
    """A stacked horizontal bar chart scaled to the largest total; each segment shows its value."""
    gap, top = 6, (22 if title else 4)
    legend_h = 20
    height = top + len(bars) * (bar_height + gap) + legend_h + 4
    plot = max(width - label_width - 40, 10)
    biggest = max((sum(b.values) for b in bars), default=0) or 1
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="jw-chart" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" role="img" font-family="Jinwei Sans, sans-serif" font-size="11">']
    if title:
        out.append(f'<text x="0" y="14" font-size="12" font-weight="bold">{escape(title)}</text>')
    for i, bar in enumerate(bars):
        y = top + i * (bar_height + gap)
        out.append(f'<text x="{label_width - 6}" y="{y + bar_height - 5}" text-anchor="end">{escape(bar.label)}</text>')
        x = float(label_width)
        for j, value in enumerate(bar.values):
            if not value:
                continue
            w = plot * float(value) / biggest
            color = colors[j % len(colors)]
            out.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_height}" fill="{color}"/>')
            if w >= 14:
                out.append(f'<text x="{x + w / 2:.1f}" y="{y + bar_height - 5}" text-anchor="middle" fill="#fff">{value:g}</text>')
            x += w
        out.append(f'<text x="{x + 4:.1f}" y="{y + bar_height - 5}">{sum(bar.values):g}</text>')
    ly = top + len(bars) * (bar_height + gap) + 4
    lx = float(label_width)
    for j, name in enumerate(series):
        out.append(f'<rect x="{lx:.1f}" y="{ly}" width="10" height="10" fill="{colors[j % len(colors)]}"/>')
        out.append(f'<text x="{lx + 14:.1f}" y="{ly + 9}">{escape(name)}</text>')
        lx += 24 + 12 * len(str(name))
    out.append("</svg>")
    return mark_safe("".join(out))
