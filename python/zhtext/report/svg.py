"""Static SVG charts drawn in Python: no script, no font files, nothing fetched to view them.

Text in the charts uses the page's CJK font stack (:data:`FONT_STACK`), so Chinese labels
render wherever the browser has any CJK font. Each chart is an ``<svg>`` string with a
``<title>`` and ``role="img"``; :class:`Chart` shows one in Jupyter.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

#: Fonts for Chinese text, most common first on each system; the generic family last.
FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "PingFang SC", "Hiragino Sans GB", '
    '"Microsoft YaHei", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Heiti SC", "SimHei", '
    '"Noto Sans CJK TC", "PingFang TC", "Microsoft JhengHei", system-ui, sans-serif'
)
#: Series colours (Tableau 10: distinguishable, also in greyscale print order).
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac")


class Chart(str):
    """An SVG chart as a string that Jupyter displays as the chart itself."""

    def _repr_html_(self) -> str:
        return str(self)


def _open(width: int, height: int, title: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" style="font-family: {escape(FONT_STACK)}; font-size: 12px">',
        f"<title>{escape(title)}</title>",
    ]


def _nice_step(value: float) -> float:
    """The smallest of 1, 2 or 5 times a power of ten that is at least ``value``."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(power * m for m in (1, 2, 5, 10) if power * m >= value)


def _count_ticks(maximum: float) -> list[float]:
    """About four whole-number ticks from 0 to at least ``maximum``."""
    step = max(1.0, _nice_step(maximum / 4))
    return [step * i for i in range(math.ceil(max(maximum, 1) / step) + 1)]


def stacked_bars(
    periods: Sequence[str],
    series: dict[str, Sequence[float]],
    *,
    title: str,
    y_label: str,
    width: int = 860,
    height: int = 280,
) -> Chart:
    """Bars per period, stacked by series (e.g. articles per month by outlet), with a legend.

    Every period gets a slot, those with nothing too, so gaps in time show as gaps.

    >>> chart = stacked_bars(["2022-01", "2022-02"], {"rfa": [1, 0], "bbc": [2, 1]}, title="t", y_label="articles")
    >>> chart.count("<rect") >= 3
    True
    """
    left, right, top, bottom = 48, 12, 28, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(s[i] for s in series.values()) for i in range(len(periods))]
    ticks = _count_ticks(max(totals, default=0))
    maximum = ticks[-1]
    out = _open(width, height, title)
    out.append(f'<text x="{left}" y="16" font-weight="bold">{escape(title)}</text>')
    for value in ticks:
        label = f"{value:,.0f}"
        y = top + plot_h - value / maximum * plot_h
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#555">{label}</text>')
    out.append(
        f'<text transform="translate(12 {top + plot_h / 2:.0f}) rotate(-90)" text-anchor="middle" '
        f'fill="#555">{escape(y_label)}</text>'
    )
    slot = plot_w / max(1, len(periods))
    bar = max(1.0, slot * 0.8)
    for i, period in enumerate(periods):
        x = left + i * slot + (slot - bar) / 2
        y = top + plot_h
        for n, (name, values) in enumerate(series.items()):
            v = values[i]
            if v <= 0:
                continue
            h = v / maximum * plot_h
            y -= h
            colour = PALETTE[n % len(PALETTE)]
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colour}">'
                f"<title>{escape(period)} {escape(name)}: {v:g}</title></rect>"
            )
    out.extend(_period_labels(periods, left, slot, top + plot_h))
    x = left
    for n, name in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        out.append(f'<rect x="{x}" y="{height - 14}" width="10" height="10" fill="{colour}"/>')
        out.append(f'<text x="{x + 14}" y="{height - 5}">{escape(name)}</text>')
        x += 24 + 7 * len(name)
    out.append("</svg>")
    return Chart("\n".join(out))


def _period_labels(periods: Sequence[str], left: float, slot: float, baseline: float) -> list[str]:
    """Labels under the bars: every period when they fit, else the first period of each year."""
    out = [f'<line x1="{left}" x2="{left + slot * len(periods):.1f}" y1="{baseline}" y2="{baseline}" stroke="#888"/>']
    every = slot >= 44
    for i, period in enumerate(periods):
        year_start = i == 0 or period[:4] != periods[i - 1][:4]
        if not (every or year_start):
            continue
        label = period if every or i == 0 else period[:4]
        x = left + i * slot + (slot / 2 if every else 0)
        anchor = "middle" if every else "start"
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{baseline}" y2="{baseline + 4}" stroke="#888"/>')
        out.append(f'<text x="{x:.1f}" y="{baseline + 16}" text-anchor="{anchor}" fill="#555">{escape(label)}</text>')
    return out


def small_multiples(
    periods: Sequence[str],
    series: dict[str, Sequence[float]],
    *,
    title: str,
    columns: int = 3,
    width: int = 860,
    panel_height: int = 110,
) -> Chart:
    """One small bar chart per series on a shared y scale (e.g. the share of articles mentioning each keyword).

    Values are fractions; the axis is in percent.

    >>> chart = small_multiples(["2022Q1", "2022Q2"], {"中国": [0.5, 0.25]}, title="t")
    >>> chart.count("<rect") >= 2
    True
    """
    rows = max(1, -(-len(series) // columns))
    height = 34 + rows * (panel_height + 24)
    highest = max((max(v, default=0) for v in series.values()), default=0)
    maximum = min(1.0, _nice_step(highest * 100) / 100) if highest > 0 else 1.0
    panel_w = width / columns
    out = _open(width, height, title)
    out.append(f'<text x="8" y="16" font-weight="bold">{escape(title)}</text>')
    for n, (name, values) in enumerate(series.items()):
        ox = (n % columns) * panel_w + 40
        oy = 28 + (n // columns) * (panel_height + 24) + 24
        w, h = panel_w - 56, panel_height - 24
        colour = PALETTE[n % len(PALETTE)]
        out.append(f'<text x="{ox}" y="{oy - 10}" font-weight="bold" fill="{colour}">{escape(name)}</text>')
        for value, label in ((0.0, "0%"), (maximum, f"{maximum:.0%}")):
            y = oy + h - value / maximum * h
            out.append(f'<line x1="{ox}" x2="{ox + w:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
            out.append(f'<text x="{ox - 4}" y="{y + 4:.1f}" text-anchor="end" fill="#555">{label}</text>')
        slot = w / max(1, len(periods))
        for i, v in enumerate(values):
            if v <= 0:
                continue
            bh = v / maximum * h
            out.append(
                f'<rect x="{ox + i * slot + slot * 0.1:.1f}" y="{oy + h - bh:.1f}" width="{max(1.0, slot * 0.8):.1f}" '
                f'height="{bh:.1f}" fill="{colour}"><title>{escape(periods[i])}: {v:.0%}</title></rect>'
            )
        if periods:
            out.append(f'<text x="{ox}" y="{oy + h + 14}" fill="#555">{escape(periods[0])}</text>')
            out.append(
                f'<text x="{ox + w:.1f}" y="{oy + h + 14}" text-anchor="end" fill="#555">{escape(periods[-1])}</text>'
            )
    out.append("</svg>")
    return Chart("\n".join(out))


def horizontal_bars(
    labels: Sequence[str], values: Sequence[float], *, title: str, colour: str = PALETTE[0], width: int = 280
) -> Chart:
    """One bar per label, longest first as given (e.g. the articles naming each person).

    >>> horizontal_bars(["王毅", "拜登"], [5, 3], title="people").count("<rect")
    2
    """
    row = 20
    height = 28 + row * max(1, len(labels)) + 8
    label_w = 96
    maximum = max(values, default=0) or 1
    out = _open(width, height, title)
    out.append(f'<text x="4" y="16" font-weight="bold">{escape(title)}</text>')
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 28 + i * row
        w = (width - label_w - 40) * value / maximum
        out.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end">{escape(label)}</text>')
        out.append(
            f'<rect x="{label_w}" y="{y + 2}" width="{max(1.0, w):.1f}" height="{row - 6}" fill="{colour}">'
            f"<title>{escape(label)}: {value:g}</title></rect>"
        )
        out.append(f'<text x="{label_w + w + 4:.1f}" y="{y + 13}" fill="#555">{value:g}</text>')
    out.append("</svg>")
    return Chart("\n".join(out))
