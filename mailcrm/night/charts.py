"""Small inline SVG charts for the HTML report: no JavaScript, no network, no package.

Every function returns one ``<svg class="chart">`` element as Markup. Labels are
XML-escaped (they are customer names), sizes come from the data, and every
mark carries a ``<title>`` so hovering shows the exact number.

Every chart has a colour legend above it. Text is drawn in colours of at least
4.5:1 contrast (WCAG AA) against what is behind it: each ``<text>`` names that
colour in ``data-bg`` (white when it sits on the page), and a label on a bar takes
white or ink, whichever reads better (``ink_on``); tests/test_report.py checks them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from .digest_text import Section

# Latin first, then CJK (Chinese, Japanese: Noto/Source Han, PingFang, Hiragino, YaHei, Meiryo, WenQuanYi)
# and Arabic (Noto Naskh, Geeza, Segoe UI, DejaVu): a name in any of them finds its glyphs.
FONT_STACK = (
    "-apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans CJK SC', 'Noto Sans CJK JP', 'Source Han Sans SC', "
    "'PingFang SC', 'Hiragino Sans', 'Microsoft YaHei', 'Yu Gothic', Meiryo, 'WenQuanYi Micro Hei', "
    "'Noto Naskh Arabic', 'Noto Sans Arabic', 'Geeza Pro', Tahoma, 'DejaVu Sans', Arial, sans-serif"
)
FONT = f'font-family="{FONT_STACK}"'
INK, MUTED, GRID, PAPER = "#1f2933", "#616e7c", "#e4e7eb", "#ffffff"
ACCENT = "#a65200"  # the cumulative-share line and its labels: 5.5:1 on white (#e08a2b was 2.7:1)


def luminance(color: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    channels = [int(color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours (1 to 21)."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def tint(color: str, strength: float, over: str = PAPER) -> str:
    """``color`` at this opacity over ``over``, as a solid #rrggbb (so its contrast can be known)."""
    top = [int(color.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    bottom = [int(over.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(t * strength + b * (1 - strength)):02x}" for t, b in zip(top, bottom))


def readable(fill: str, at_least: float = 4.5) -> str:
    """``fill``, or the nearest shade of it (towards ink or towards white, whichever is nearer)
    on which white or ink text reaches ``at_least``: mid tones read well with neither."""
    for step in range(1, 21):
        if max(contrast(PAPER, fill), contrast(INK, fill)) >= at_least:
            return fill
        darker, lighter = tint(INK, step / 20, over=fill), tint(fill, 1 - step / 20)
        if contrast(PAPER, darker) >= at_least:
            return darker
        if contrast(INK, lighter) >= at_least:
            return lighter
    return fill


def ink_on(fill: str) -> str:
    """White or ink, whichever contrasts more with ``fill``."""
    return PAPER if contrast(PAPER, fill) > contrast(INK, fill) else INK


@dataclass
class Chart:
    """One chart of the report: its SVG and the table of its data."""

    id: str
    title: str
    note: str
    svg: Markup
    table: Section | None = None


@dataclass
class Bar:
    value: float
    color: str
    tip: str = ""


Legend = list[tuple[str, str]]  # (label, colour) per swatch
LEGEND_H = 24


def svg(chart_id: str, width: int, height: int, label: str, body: list[str], legend: Legend | None = None) -> Markup:
    """The chart; a legend (one swatch per colour) goes above the drawing, which moves down for it."""
    if legend:
        body = [legend_row(legend, width), f'<g transform="translate(0,{LEGEND_H})">', *body, "</g>"]
        height += LEGEND_H
    return Markup(
        f'<svg id="{escape(chart_id)}" class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg" {FONT} '
        f'font-size="12"><title>{escape(label)}</title>' + "".join(body) + "</svg>"
    )


def legend_row(legend: Legend, width: int) -> str:
    """Swatches with their labels, left to right, wrapping at the width never (they are few)."""
    parts, x = ['<g class="legend">'], 8.0
    for name, color in legend:
        parts.append(rect(x, 6, 12, 12, color))
        parts.append(text(x + 17, 16, name, size=11))
        x += 17 + 6.5 * len(name) + 18
    parts.append("</g>")
    return "".join(parts)


def text(
    x: float,
    y: float,
    value: str,
    *,
    anchor: str = "start",
    color: str = INK,
    size: int = 12,
    weight: str = "normal",
    bg: str = PAPER,
) -> str:
    """``bg``: the colour behind the text (the bar it is written on), for the contrast check."""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{color}" data-bg="{bg}" font-size="{size}" '
        f'font-weight="{weight}">{escape(value)}</text>'
    )


def rect(x: float, y: float, w: float, h: float, color: str, tip: str = "") -> str:
    title = f"<title>{escape(tip)}</title>" if tip else ""
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}" fill="{color}">{title}</rect>'
    )


def clip(label: str, size: int = 26) -> str:
    return label if len(label) <= size else label[: size - 1] + "…"


def empty(chart_id: str, label: str, message: str, legend: Legend | None = None) -> Markup:
    return svg(chart_id, 640, 60, label, [text(12, 34, message, color=MUTED)], legend)


# -- horizontal stacked bars (countries, salespeople) -------------------------------------------


def stacked_bars(
    chart_id: str,
    label: str,
    rows: list[tuple[str, list[Bar]]],
    *,
    width: int = 640,
    value_format=lambda v: f"{v:,.0f}",
    legend: Legend | None = None,
) -> Markup:
    if not rows:
        return empty(chart_id, label, "no data yet", legend)
    totals = [value_format(sum(b.value for b in bars)) for _, bars in rows]
    left, row_h = 200, 24
    right = max(70, 8 * max(len(t) for t in totals) + 12)  # room for "USD 96,000" after the longest bar
    largest = max(sum(b.value for b in bars) for _, bars in rows) or 1
    scale = (width - left - right) / largest
    body = []
    for i, (name, bars) in enumerate(rows):
        y = 8 + i * row_h
        body.append(text(left - 8, y + 15, clip(name), anchor="end"))
        x = left
        for bar in bars:
            body.append(rect(x, y + 3, bar.value * scale, row_h - 8, bar.color, bar.tip))
            x += bar.value * scale
        body.append(text(x + 6, y + 15, totals[i], color=MUTED))
    return svg(chart_id, width, 16 + len(rows) * row_h, label, body, legend)


# -- the pipeline funnel ------------------------------------------------------------------------


FUNNEL = "#3b6ea5"


def funnel(
    chart_id: str, label: str, stages: list[tuple[str, int, str]], *, width: int = 640, legend: Legend | None = None
) -> Markup:
    """One centred band per stage, its width the number of customers in it; early stages darker."""
    if not any(count for _, count, _ in stages):
        return empty(chart_id, label, "no stages yet: run the rules", legend)
    row_h, usable = 34, width - 250  # stage names left, notes right, the bands between
    middle = 110 + usable / 2
    largest = max(count for _, count, _ in stages) or 1
    body = []
    for i, (name, count, note) in enumerate(stages):
        y = 6 + i * row_h
        w = max(usable * count / largest, 2 if count else 0)
        fill = funnel_shade(i, len(stages))
        body.append(rect(middle - w / 2, y, w, row_h - 6, fill, f"{name}: {count} · {note}"))
        body.append(text(12, y + 18, name, weight="bold"))
        on_bar = fill if w > 30 else PAPER
        body.append(text(middle, y + 18, str(count), anchor="middle", color=ink_on(on_bar), weight="bold", bg=on_bar))
        body.append(text(width - 8, y + 18, note, anchor="end", color=MUTED, size=11))
    return svg(chart_id, width, 12 + len(stages) * row_h, label, body, legend)


def funnel_shade(index: int, stages: int) -> str:
    return readable(tint(FUNNEL, 0.35 + 0.65 * (1 - index / max(stages - 1, 1))))


# -- Pareto (ABC) ---------------------------------------------------------------------------------


def pareto(
    chart_id: str,
    label: str,
    bars: list[tuple[str, float, str]],
    cumulative: list[float],
    *,
    currency: str = "",
    width: int = 640,
    height: int = 260,
    legend: Legend | None = None,
) -> Markup:
    """Bars of order value (in ``currency``), best customer first, with the running share as a
    line (right axis)."""
    if not bars:
        return empty(chart_id, label, "no orders yet: `mailcrm orders import` feeds the ABC grading", legend)
    left, bottom, top, right = 56, 24, 12, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / len(bars)
    largest = max(value for _, value, _ in bars) or 1
    body = [axis_lines(left, top, plot_w, plot_h)]
    for i, (name, value, color) in enumerate(bars):
        h = plot_h * value / largest
        body.append(
            rect(
                left + i * step + step * 0.1,
                top + plot_h - h,
                step * 0.8,
                h,
                color,
                f"{name}: {currency} {value:,.0f} (cumulative {cumulative[i]:.0%})".replace(":  ", ": "),
            )
        )
    points = " ".join(
        f"{left + (i + 0.5) * step:.1f},{top + plot_h * (1 - share):.1f}" for i, share in enumerate(cumulative)
    )
    body.append(f'<polyline points="{points}" fill="none" stroke="{ACCENT}" stroke-width="2"/>')
    y80 = top + plot_h * 0.2
    body.append(
        f'<line x1="{left}" x2="{left + plot_w}" y1="{y80:.1f}" y2="{y80:.1f}" stroke="{ACCENT}" '
        f'stroke-dasharray="4 3" stroke-width="1"/>'
    )
    body += [
        text(left + plot_w + 4, y80 + 4, "80%", color=ACCENT, size=11),
        text(left + plot_w + 4, top + 8, "100%", color=ACCENT, size=11),
        text(left - 6, top + 10, f"{largest:,.0f}", anchor="end", color=MUTED, size=11),
        text(left - 6, top + plot_h, "0", anchor="end", color=MUTED, size=11),
        text(
            left,
            height - 6,
            f"customers by 12-month order value{f' ({currency})' if currency else ''} →",
            color=MUTED,
            size=11,
        ),
    ]
    return svg(chart_id, width, height, label, body, legend)


def axis_lines(left: float, top: float, w: float, h: float) -> str:
    return (
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + h}" stroke="{GRID}"/>'
        f'<line x1="{left}" y1="{top + h}" x2="{left + w}" y2="{top + h}" stroke="{GRID}"/>'
    )


# -- RFM grid --------------------------------------------------------------------------------------


def heat_grid(
    chart_id: str,
    label: str,
    cells: dict[tuple[int, int], tuple[int, str]],
    *,
    x_title: str,
    y_title: str,
    size: int = 5,
    width: int = 420,
    legend: Legend | None = None,
) -> Markup:
    """A size×size grid (x, y from 1), shaded by count; each cell's tip lists its customers."""
    if not cells:
        return empty(chart_id, label, "no orders yet: RFM needs orders", legend)
    left, top, cell = 56, 10, (width - 80) / size
    most = max(count for count, _ in cells.values()) or 1
    body = []
    for x in range(1, size + 1):
        for y in range(1, size + 1):
            count, tip = cells.get((x, y), (0, ""))
            shade = heat_shade(count / most) if count else "#f5f7fa"
            cx, cy = left + (x - 1) * cell, top + (size - y) * cell
            body.append(rect(cx + 1, cy + 1, cell - 2, cell - 2, shade, tip or f"R{x} F{y}: none"))
            if count:
                body.append(
                    text(
                        cx + cell / 2,
                        cy + cell / 2 + 5,
                        str(count),
                        anchor="middle",
                        weight="bold",
                        color=ink_on(shade),
                        bg=shade,
                    )
                )
        body.append(text(left + (x - 0.5) * cell, top + size * cell + 16, str(x), anchor="middle", color=MUTED))
        body.append(text(left - 8, top + (size - x + 0.5) * cell + 4, str(x), anchor="end", color=MUTED))
    body.append(text(left + size * cell / 2, top + size * cell + 34, x_title, anchor="middle", color=MUTED))
    body.append(
        f'<text x="14" y="{top + size * cell / 2:.1f}" fill="{MUTED}" data-bg="{PAPER}" text-anchor="middle" '
        f'transform="rotate(-90 14 {top + size * cell / 2:.1f})">{escape(y_title)}</text>'
    )
    return svg(chart_id, width, int(top + size * cell + 44), label, body, legend)


HEAT = "#1b7f5f"


def heat_shade(share: float) -> str:
    """A cell's colour for its share of the fullest cell (0 < share ≤ 1)."""
    return readable(tint(HEAT, 0.12 + 0.88 * share))


# -- grouped vertical bars (reply times) ----------------------------------------------------------


def grouped_bars(
    chart_id: str,
    label: str,
    categories: list[str],
    series: list[tuple[str, str, list[int]]],
    *,
    width: int = 640,
    height: int = 240,
    nothing: str = "no replies measured yet",
) -> Markup:
    legend = [(name, color) for name, color, _ in series]
    if not any(sum(values) for _, _, values in series):
        return empty(chart_id, label, nothing, legend)
    left, top, bottom = 40, 16, 30
    plot_w, plot_h = width - left - 10, height - top - bottom
    group = plot_w / len(categories)
    bar_w = group * 0.8 / len(series)
    largest = max(max(values) for _, _, values in series) or 1
    body = [axis_lines(left, top, plot_w, plot_h)]
    for s, (name, color, values) in enumerate(series):
        for c, value in enumerate(values):
            h = plot_h * value / largest
            x = left + c * group + group * 0.1 + s * bar_w
            body.append(rect(x, top + plot_h - h, bar_w - 2, h, color, f"{name}, {categories[c]}: {value}"))
            if value:
                body.append(
                    text(x + bar_w / 2 - 1, top + plot_h - h - 3, str(value), anchor="middle", color=MUTED, size=10)
                )
    for c, category in enumerate(categories):
        body.append(text(left + (c + 0.5) * group, height - 10, category, anchor="middle", color=MUTED))
    return svg(chart_id, width, height, label, body, legend)
