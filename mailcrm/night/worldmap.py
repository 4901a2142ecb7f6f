"""A world map as inline SVG: country outlines, and one circle per country sized by a value.

The outlines and each country's point are data (data/world/outline.tsv: Natural Earth, public
domain; its README says how it was made), drawn in the Natural Earth projection, Antarctica
left out. No network, no script, no package: the SVG is part of the report's page.

A country's circle has an area proportional to its value; it is drawn as nested discs, one per
part (a grade's share of the value), the first part innermost, so each colour's area is its
part's share. A country with no value yet gets a small hollow ring. Labels name the largest
countries where there is room; every circle has a ``<title>`` and the chart's table lists all.
As in ``charts``, every ``<text>`` names the colour behind it in ``data-bg``: map labels have a
white halo and name the darkest land colour as their background, the worst case.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from html import escape
from importlib import resources

from markupsafe import Markup

from .charts import INK, LEGEND_H, MUTED, PAPER, Legend, clip, empty, legend_row, svg, text

OCEAN, LAND, MARKED_LAND, BORDER, GRATICULE = "#f1f6fb", "#dfe4ea", "#c9d3de", "#ffffff", "#dde7f0"
OUTLINE = "#243b53"  # the edge of every circle, so a pale part still shows
SOUTH, NORTH = -57.0, 84.0  # latitudes shown: Antarctica is left out
MAX_RADIUS, MIN_RADIUS, EMPTY_RADIUS = 26.0, 3.0, 2.5  # a ring of "no orders" is smaller than any value
LABELS = 12  # at most this many country names on the map


@dataclass
class Country:
    code: str
    name: str
    point: tuple[float, float]  # longitude, latitude
    rings: list[list[tuple[float, float]]]


@dataclass
class Mark:
    """One country's circle: ``parts`` (value, colour), innermost first, sum to ``value``."""

    code: str
    label: str
    value: float
    parts: list[tuple[float, str]] = field(default_factory=list)
    tip: str = ""
    customers: int = 0
    risk_parts: list[tuple[float, str]] = field(default_factory=list)  # the other view (toggle)


@cache
def world() -> dict[str, Country]:
    """The countries of data/world/outline.tsv by ISO code."""
    found = {}
    source = resources.files("mailcrm").joinpath("data/world/outline.tsv").read_text(encoding="utf-8")
    for line in source.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, name, lon, lat, outline = (line.split("\t") + [""])[:5]
        rings = [
            [tuple(float(v) for v in point.split(",")) for point in ring.split(" ")]
            for ring in outline.split("|")
            if ring
        ]
        found[code] = Country(code, name, (float(lon), float(lat)), rings)
    return found


def natural_earth(lon: float, lat: float) -> tuple[float, float]:
    """The Natural Earth projection (Šavrič, Patterson, Jenny 2011), in radians-sized units."""
    lam, phi = math.radians(lon), math.radians(lat)
    phi2 = phi * phi
    phi4 = phi2 * phi2
    x = lam * (0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4)))
    y = phi * (1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4)))
    return x, y


class Frame:
    """Longitude and latitude → SVG pixels for a map ``width`` wide."""

    def __init__(self, width: int):
        self.half_x = natural_earth(180, 0)[0]
        self.top, self.bottom = natural_earth(0, NORTH)[1], natural_earth(0, SOUTH)[1]
        self.scale = (width - 8) / (2 * self.half_x)
        self.width, self.height = width, round((self.top - self.bottom) * self.scale) + 8

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = natural_earth(lon, max(min(lat, NORTH), SOUTH))
        return 4 + (x + self.half_x) * self.scale, 4 + (self.top - y) * self.scale


def path_data(frame: Frame, rings: list[list[tuple[float, float]]]) -> str:
    """Outlines to whole pixels (what the eye can tell at this size; it keeps the page small)."""
    parts = []
    for ring in rings:
        points: list[str] = []
        for lon, lat in ring:
            x, y = frame(lon, lat)
            point = f"{x:.0f} {y:.0f}"
            if not points or points[-1] != point:
                points.append(point)
        if len(points) >= 3:
            parts.append("M" + "L".join(points) + "Z")
    return "".join(parts)


def outline(frame: Frame) -> str:
    """The sphere's edge as a closed path (the two bounding meridians and the cut parallels)."""
    east = [frame(180, lat) for lat in range(int(NORTH), int(SOUTH) - 1, -3)]
    west = [frame(-180, lat) for lat in range(int(SOUTH), int(NORTH) + 1, 3)]
    return "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in east + west) + "Z"


def graticule(frame: Frame) -> str:
    lines = []
    for lon in range(-150, 181, 30):
        points = [frame(lon, lat) for lat in range(int(SOUTH), int(NORTH) + 1, 3)]
        lines.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points))
    for lat in range(-30, 81, 30):
        points = [frame(lon, lat) for lon in range(-180, 181, 6)]
        lines.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points))
    return f'<path d="{"".join(lines)}" fill="none" stroke="{GRATICULE}" stroke-width="0.6"/>'


def radius(value: float, largest: float) -> float:
    """Area proportional to the value; the largest country gets MAX_RADIUS."""
    if value <= 0 or largest <= 0:
        return 0.0
    return max(MAX_RADIUS * math.sqrt(value / largest), MIN_RADIUS)


def world_map(
    chart_id: str,
    label: str,
    marks: list[Mark],
    *,
    width: int = 960,
    legend: Legend | None = None,
    sizes: list[tuple[float, str]] | None = None,
    nothing: str = "no customers with a known country yet",
    empty_label: str = "no orders yet",
    toggle: tuple[str, Legend] | None = None,
) -> Markup:
    """The map with ``marks`` (countries not in data/world/outline.tsv are skipped: the caller
    lists them); ``sizes``: (value, label) circles for the size legend under the map.
    ``toggle``: (its label, its legend): a checkbox before the map that, checked, colours the
    circles by each mark's ``risk_parts`` instead, with that legend (CSS only, no script: the
    report's stylesheet shows ``.by-risk`` and hides ``.by-grade`` when ``.map-toggle`` is
    checked; without the stylesheet the grade view shows: the other is ``display="none"``)."""
    countries = world()
    marks = [m for m in marks if m.code in countries]
    if not marks:
        return empty(chart_id, label, nothing, legend)
    frame = Frame(width)
    marked = {m.code for m in marks}
    body = [f'<path d="{outline(frame)}" fill="{OCEAN}" stroke="{GRATICULE}"/>', graticule(frame), '<g class="land">']
    plain = [ring for c in countries.values() if c.code not in marked for ring in c.rings]
    body.append(f'<path d="{path_data(frame, plain)}" fill="{LAND}" stroke="{BORDER}" stroke-width="0.5"/>')
    for code in sorted(marked):
        if countries[code].rings:
            body.append(
                f'<path d="{path_data(frame, countries[code].rings)}" fill="{MARKED_LAND}" stroke="{BORDER}" '
                f'stroke-width="0.5" data-country="{code}"/>'
            )
    body.append("</g>")
    largest = max(m.value for m in marks)
    ranked = sorted(marks, key=lambda m: (-m.value, -m.customers, m.code))
    body.append('<g class="marks">')
    for mark in ranked:  # largest first, so a small circle sits on top of a large one
        body.append(circle(frame, mark, countries[mark.code].point, largest))
    body.append("</g>")
    body += labels(frame, ranked, countries, largest)
    height = frame.height
    if sizes:
        body.append(size_legend(sizes, largest, height, empty_label))
        height += int(2 * MAX_RADIUS) + 22
    if not toggle:
        return svg(chart_id, width, height, label, body, legend)
    switch, other_legend = toggle  # the other view's legend, over the grade legend's place
    body.append(
        f'<g class="risk-legend" display="none" transform="translate(0,-{LEGEND_H})">'
        f'<rect x="0" y="0" width="{width}" height="{LEGEND_H}" fill="{PAPER}"/>'
        + legend_row(other_legend, width).replace('<g class="legend">', "<g>", 1)
        + "</g>"
    )
    box = f"{chart_id}-toggle"
    return Markup(
        f'<input type="checkbox" id="{escape(box)}" class="map-toggle">'
        f'<label for="{escape(box)}" class="map-toggle">{escape(switch)}</label>'
    ) + svg(chart_id, width, height, label, body, legend)


def circle(frame: Frame, mark: Mark, point: tuple[float, float], largest: float) -> str:
    x, y = frame(*point)
    tip = f"<title>{escape(mark.tip or mark.label)}</title>"
    head = (
        f'<g class="mark" data-country="{escape(mark.code)}" data-value="{mark.value:.2f}" '
        f'data-customers="{mark.customers}">{tip}'
    )
    if mark.value <= 0:
        return (
            head + f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{EMPTY_RADIUS}" fill="{PAPER}" stroke="{OUTLINE}" '
            f'stroke-width="1.2" data-r="{EMPTY_RADIUS}"/></g>'
        )
    outer = radius(mark.value, largest)
    edge = (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{outer:.2f}" fill="none" stroke="{OUTLINE}" stroke-width="1" '
        f'class="edge" data-r="{outer:.2f}"/>'
    )
    views = [("by-grade", mark.parts)] + ([("by-risk", mark.risk_parts)] if mark.risk_parts else [])
    drawn = []
    for view, parts in views:
        discs, running = [], 0.0
        for value, color in parts:
            running += value
            if value > 0:
                discs.append((radius(running, largest), color))
        drawn.append(f'<g class="{view}" display="none">' if view == "by-risk" else f'<g class="{view}">')
        for r, color in reversed(discs):  # outermost first
            drawn.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.2f}" fill="{color}" stroke="{PAPER}" stroke-width="0.6"/>'
            )
        drawn.append("</g>")
    return head + "".join(drawn) + edge + "</g>"


def labels(frame: Frame, ranked: list[Mark], countries: dict[str, Country], largest: float) -> list[str]:
    """Names of the largest countries, right of their circle (else left), where they overlap no
    other name; with a white halo, so they read on land, sea and circles alike."""
    placed: list[tuple[float, float, float, float]] = []
    found = ['<g class="map-labels">']
    for mark in ranked:
        if len(placed) >= LABELS or mark.value <= 0:
            break
        x, y = frame(*countries[mark.code].point)
        r = radius(mark.value, largest)
        name = clip(mark.label, 18)
        w = sum(11.0 if unicodedata.east_asian_width(ch) in "WF" else 6.2 for ch in name) + 4
        for anchor, left in (("start", x + r + 3), ("end", x - r - 3 - w)):
            box = (left, y - 7, left + w, y + 6)
            if 0 <= box[0] and box[2] <= frame.width and not any(overlaps(box, other) for other in placed):
                placed.append(box)
                at = x + r + 3 if anchor == "start" else x - r - 3
                found.append(halo(text(at, y + 4, name, anchor=anchor, size=11, weight="bold", bg=MARKED_LAND)))
                break
    found.append("</g>")
    return found


def halo(element: str) -> str:
    return element.replace("<text ", f'<text stroke="{PAPER}" stroke-width="3" paint-order="stroke" ', 1)


def overlaps(one: tuple[float, float, float, float], other: tuple[float, float, float, float]) -> bool:
    return one[0] < other[2] and other[0] < one[2] and one[1] < other[3] and other[1] < one[3]


def size_legend(sizes: list[tuple[float, str]], largest: float, top: float, empty_label: str) -> str:
    """Reference circles (hollow, bottom-aligned) with their values, and the ring of "no value"."""
    base = top + 2 * MAX_RADIUS + 8
    parts, x = ['<g class="size-legend">'], 12.0
    for value, name in sizes:
        r = radius(value, largest)
        parts.append(
            f'<circle cx="{x + r:.1f}" cy="{base - r:.1f}" r="{r:.2f}" fill="none" stroke="{MUTED}" '
            f'stroke-width="1" data-value="{value:.2f}"/>'
        )
        parts.append(text(x + 2 * r + 5, base - 2, name, color=INK, size=11))
        x += 2 * r + 5 + 6.5 * len(name) + 18
    parts.append(
        f'<circle cx="{x + EMPTY_RADIUS:.1f}" cy="{base - EMPTY_RADIUS:.1f}" r="{EMPTY_RADIUS}" fill="{PAPER}" '
        f'stroke="{OUTLINE}" stroke-width="1.2"/>'
    )
    parts.append(text(x + 2 * EMPTY_RADIUS + 5, base - 2, empty_label, color=INK, size=11))
    parts.append("</g>")
    return "".join(parts)


def nice_sizes(largest: float) -> list[float]:
    """Up to three round values for the size legend: the largest's order of magnitude, its
    quarter, its sixteenth (the circles' areas then halve twice)."""
    if largest <= 0:
        return []
    found = []
    for share in (1.0, 0.25, 1 / 16):
        value = largest * share
        step = 10 ** math.floor(math.log10(value))
        rounded = math.floor(value / step) * step
        if rounded not in found:
            found.append(rounded)
    return found
