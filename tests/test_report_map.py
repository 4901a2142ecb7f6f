"""The report's world map (issue 37, item 3): customers by country on an inline SVG map, circles
sized by 12-month order value and coloured by grade, a legend of colours and sizes, the same
figures in a table; rendered in headless Chromium as tests/test_report.py does."""

from __future__ import annotations

import math
import re
from collections import defaultdict

from click.testing import CliRunner

from mailcrm.cli.main import cli
from mailcrm.night.charts import contrast
from mailcrm.schema import open_db
from tests.demodata import demo_copy
from tests.test_report import assert_not_blank, cli_json, rendered_dom, screenshot, table_rows

GRADE_COLORS = {"A": "#1b7f5f", "B": "#3b6ea5", "C": "#9aa5b1"}


def map_section(html: str) -> str:
    return html.split('<section id="chart-map-section">', 1)[1].split("</section>", 1)[0]


def marks_of(section: str) -> list[dict]:
    """Each country's circle: its code, value, customers, outer radius and the colours drawn."""
    found = []
    marks = section.split('<g class="marks">', 1)[1].split('<g class="map-labels">', 1)[0]
    for head, body in re.findall(
        r'<g class="mark" ([^>]*)>(.*?)(?=<g class="mark" |</g><g class="map-labels">|$)',
        marks + '</g><g class="map-labels">',
        re.S,
    ):
        attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', head))
        views = dict(re.findall(r'<g class="(by-\w+)"[^>]*>(.*?)</g>', body, re.S))
        found.append(
            {
                "code": attributes["data-country"],
                "value": float(attributes["data-value"]),
                "customers": int(attributes["data-customers"]),
                "r": float(re.search(r'data-r="([\d.]+)"', body).group(1)),
                "fills": re.findall(r'<circle [^>]*fill="(#[0-9a-f]{6})"', views.get("by-grade", "")),
                "risk": {
                    fill: float(r)
                    for r, fill in re.findall(
                        r'<circle [^>]*r="([\d.]+)" fill="(#[0-9a-f]{6})"', views.get("by-risk", "")
                    )
                },
                "tip": re.search(r"<title>(.*?)</title>", body).group(1),
            }
        )
    return found


def set_customer(config, key: str, *options: str) -> None:
    made = CliRunner().invoke(cli, ["--config", str(config), "customers", "set", key, *options])
    assert made.exit_code == 0, made.output


def test_the_map_shows_every_customer_country_sized_by_order_value(tmp_path):
    config = demo_copy(tmp_path)
    db = open_db(config.parent / "mailcrm.db")
    rows = db.execute(
        "SELECT c.key, c.country, c.grade, coalesce(g.value_12m, 0) FROM customers c "
        "LEFT JOIN customer_grades g ON g.customer = c.id WHERE c.status = 'active'"
    ).fetchall()
    db.close()
    # Singapore has no outline at 1:110m, only a point: its customer still gets a circle
    moved = next(key for key, country, _, value in rows if country and value > 0)
    set_customer(config, moved, "--country", "Singapore")
    rows = [(k, "SG" if k == moved else c, g, v) for k, c, g, v in rows]
    at_risk = {
        r[0]
        for r in open_db(config.parent / "mailcrm.db").execute(
            "SELECT c.key FROM customer_flags f JOIN customers c ON c.id = f.customer "
            "WHERE f.flag = 'churn-risk' AND f.resolved IS NULL"
        )
    }
    risky = defaultdict(float)
    for key, country, _, value in rows:
        if key in at_risk:
            risky[country] += value
    expected: dict[str | None, dict] = defaultdict(lambda: {"customers": 0, "value": 0.0, "grades": defaultdict(float)})
    for _, country, grade, value in rows:
        expected[country]["customers"] += 1
        expected[country]["value"] += value
        expected[country]["grades"][grade] += value

    page = tmp_path / "report.html"
    figures = cli_json(config, "report", "--html", str(page), "--json", "--language", "en")
    html = page.read_text(encoding="utf-8")
    section = map_section(html)
    assert '<svg id="chart-map" class="chart"' in section
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", section) and "<image" not in section, "nothing to fetch"

    marks = marks_of(section)
    placed = {country for country in expected if country}
    assert {m["code"] for m in marks} == placed, "one circle per customer country, no other"
    assert len(marks) == len(placed) and "SG" in placed
    for mark in marks:
        want = expected[mark["code"]]
        assert mark["customers"] == want["customers"], mark["code"]
        assert math.isclose(mark["value"], want["value"], abs_tol=0.01), mark["code"]
        main_grade = max(want["grades"], key=want["grades"].get)
        if mark["value"] > 0 and main_grade in GRADE_COLORS:
            assert GRADE_COLORS[main_grade] in mark["fills"], f"{mark['code']}: coloured by its grades"
    # the circle's area follows the order value: r² / value is one constant (above the smallest size)
    valued = sorted((m for m in marks if m["value"] > 0), key=lambda m: -m["value"])
    assert len(valued) >= 5
    ratios = [m["r"] ** 2 / m["value"] for m in valued if m["r"] > 3.01]
    assert len(ratios) >= 4 and max(ratios) / min(ratios) < 1.01, ratios
    assert [m["r"] for m in valued] == sorted((m["r"] for m in valued), reverse=True)
    assert all(m["r"] < valued[-1]["r"] for m in marks if m["value"] == 0), "no orders yet: the smallest ring"
    # the other view (a CSS-only toggle, hidden until checked): red is the value at churn risk
    assert '<input type="checkbox" id="chart-map-toggle" class="map-toggle">' in section
    assert "colour by churn risk instead of grade</label>" in section
    assert ".map-toggle:checked ~ svg .by-risk" in html and '<g class="by-risk" display="none">' in section
    assert (
        '<g class="risk-legend" display="none"' in section and "value of customers with an open churn risk" in section
    )
    scale = valued[0]["r"] ** 2 / valued[0]["value"]
    risky_marks = [m for m in valued if risky[m["code"]] > 0]
    assert risky_marks, "the demo has churn risks with order value"
    for mark in risky_marks:
        red = mark["risk"]["#b42318"]
        assert math.isclose(red**2 / scale, risky[mark["code"]], rel_tol=0.02) or red == 3.0, mark["code"]
    assert all("#b42318" not in m["risk"] for m in valued if not risky[m["code"]])
    # the unknown country is said, not guessed
    unknown = expected[None]["customers"]
    assert unknown > 0 and f"Not on the map (no known country or no outline): country unknown ({unknown})." in section

    # legends: the grade colours and the sizes, each size labelled with money in the base currency
    assert '<g class="legend">' in section and all(f"grade {g}" in section for g in "ABC")
    currency = figures["order_value"]["currency"]
    sizes = re.search(r'<g class="size-legend">(.*?)</g>', section, re.S).group(1)
    size_labels = re.findall(r"<text [^>]*>([^<]*)</text>", sizes)
    assert len(size_labels) >= 3 and all(label.startswith(currency + " ") for label in size_labels[:-1])
    assert size_labels[-1] == "customers, no orders yet"

    # the table: the same countries, customers and values, largest first, the unknown last
    table = table_rows(html, "chart-map")
    by_name = {re.search(r"^(.*?):", m["tip"]).group(1): m for m in marks}
    assert [row[0] for row in table[: len(marks)]] == [
        name for name, _ in sorted(by_name.items(), key=lambda kv: (-kv[1]["value"], -kv[1]["customers"], kv[0]))
    ]
    for row in table[: len(marks)]:
        mark = by_name[row[0]]
        assert row[1] == str(mark["customers"]) and row[2] == f"{currency} {mark['value']:,.0f}", row
    assert table[-1][:2] == ["country unknown (not on the map)", str(unknown)]
    assert sum(int(row[1]) for row in table) == figures["customers"]
    total = sum(float(re.sub(r"[^\d.]", "", row[2])) for row in table)
    assert abs(total - figures["order_value"]["total"]) <= len(table), "the table adds up to the headline value"

    # every label is readable where it sits (data-bg: the darkest land under it, with a halo)
    texts = re.findall(r'<text [^>]*fill="(#[0-9a-f]{6})" data-bg="(#[0-9a-f]{6})"[^>]*>([^<]*)<', section)
    assert len(texts) == section.count("<text ") and len(texts) > 10
    assert all(contrast(fill, bg) >= 4.5 for fill, bg, _ in texts)
    map_labels = re.search(r'<g class="map-labels">(.*?)</g>', section, re.S).group(1)
    assert "Germany" in map_labels and 'paint-order="stroke"' in map_labels

    dom = rendered_dom(tmp_path, page)
    assert re.search(r'<svg id="chart-map" class="chart"', dom) and "Customers on the map" in dom
    assert_not_blank(screenshot(tmp_path, page), at_least=0.02)


def test_the_map_in_chinese_and_on_an_empty_database(tmp_path):
    config = demo_copy(tmp_path)
    page = tmp_path / "报告.html"
    cli_json(config, "report", "--html", str(page), "--json", "--language", "zh")
    section = map_section(page.read_text(encoding="utf-8"))
    assert "客户地图" in section and "德国" in section and "<th>流失风险</th>" in section
    empty_config = tmp_path / "empty.toml"
    empty_config.write_text(
        '[database]\npath = "empty.db"\n[[accounts]]\nname = "lisa"\nemail = "lisa@hengtai-valve.com"\n',
        encoding="utf-8",
    )
    empty = tmp_path / "empty.html"
    made = CliRunner().invoke(cli, ["--config", str(empty_config), "report", "--html", str(empty)])
    assert made.exit_code == 0, made.output
    section = map_section(empty.read_text(encoding="utf-8"))
    assert '<svg id="chart-map" class="chart"' in section and "no customers with a known country yet" in section
    assert '<g class="legend">' in section
