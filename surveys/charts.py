"""Server-side SVG bar charts: no JavaScript, print as they look on screen."""
from __future__ import annotations

from typing import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .rules import Share

COLOURS = ("#b22222", "#d9822b", "#5b8def", "#4caf50", "#8e44ad", "#7f8c8d")


def bar_chart(shares: Sequence[Share], *, width: int = 440, title: str = "") -> SafeString:
    """Horizontal bars, one per option: label, bar, count and share."""
    bar_h, gap, label_w, tail_w = 18, 8, 150, 90
    height = len(shares) * (bar_h + gap) + gap
    plot_w = width - label_w - tail_w
    top = max((s.percent for s in shares), default=0) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="jw-chart" viewBox="0 0 {width} {height}" '
             f'width="100%" role="img" aria-label="{escape(title)}" preserveAspectRatio="xMinYMin meet">']
    for i, share in enumerate(shares):
        y = gap + i * (bar_h + gap)
        w = int(plot_w * float(share.percent) / float(top)) if share.count else 0
        label = share.label if len(share.label) <= 13 else share.label[:12] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + bar_h - 4}" text-anchor="end" font-size="12">{escape(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{max(w, 1)}" height="{bar_h}" fill="{COLOURS[i % len(COLOURS)]}"/>')
        parts.append(f'<text x="{label_w + max(w, 1) + 4}" y="{y + bar_h - 4}" font-size="12">{share.count}（{share.percent}%）</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
