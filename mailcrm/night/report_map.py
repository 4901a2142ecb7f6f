"""The report's world map: customers by country, each country's circle sized by its customers'
12-month order value (engine.figures, in the base currency) and coloured by grade; the same
figures in a table below it."""

from __future__ import annotations

from collections import defaultdict

from .charts import Chart
from .digest_text import Section, Words
from ..engine import figures
from .worldmap import Mark, nice_sizes, world, world_map

GRADES = ("A", "B", "C", None)  # innermost first: A's disc is the centre of a circle
AT_RISK, NOT_AT_RISK = "#b42318", "#9aa5b1"  # the risk view: value with an open churn risk, the rest


def map_chart(words: Words, data, grade_colors: dict, grade_legend: list[tuple[str, str]]) -> Chart:
    """``data``: the report's ReportData (customers, values, currency, open flags)."""
    by_country: dict[str | None, list[dict]] = defaultdict(list)
    for customer in data.customers:
        by_country[customer["country"]].append(customer)
    value_of = data.values.by_customer
    churn = {f["customer"] for f in data.open_flags("churn-risk")}
    total = sum(value_of.get(c["id"], 0.0) for c in data.customers) or None
    known = world()
    marks, rows, unplaced = [], [], []
    for code, customers in by_country.items():
        value = sum(value_of.get(c["id"], 0.0) for c in customers)
        by_grade = {g: sum(value_of.get(c["id"], 0.0) for c in customers if grade_of(c) == g) for g in GRADES}
        name = words.country(code) if code else words.get("report.unknown_country")
        at_risk = sum(1 for c in customers if c["id"] in churn)
        if code not in known:
            unplaced.append((name, len(customers)))
        else:
            tip = words.get("report.map_tip", country=name, n=len(customers), value=words.money(value, data.currency))
            if at_risk:
                tip += " · " + words.get("report.map_tip_risk", n=at_risk)
            parts = [(by_grade[g], grade_colors[g]) for g in GRADES]
            risky = sum(value_of.get(c["id"], 0.0) for c in customers if c["id"] in churn)
            risk_parts = [(risky, AT_RISK), (value - risky, NOT_AT_RISK)]
            marks.append(Mark(code, name, round(value, 2), parts, tip, len(customers), risk_parts))
        rows.append((value, len(customers), name, code in known, by_grade, at_risk))
    rows.sort(key=lambda r: (not r[3], -r[0], -r[1], r[2]))
    table = Section(
        "map",
        "",
        [
            words.get("column.country"),
            words.get("column.customers"),
            words.get("column.value"),
            words.get("report.map_share"),
            words.get("report.map_by_grade"),
            words.get("report.map_risks"),
        ],
        [
            [
                name if placed else words.get("report.map_unplaced_row", country=name),
                str(count),
                words.money(value, data.currency),
                f"{value / total:.0%}" if total else "–",
                grade_split(words, by_grade, value),
                str(at_risk),
            ]
            for value, count, name, placed, by_grade, at_risk in rows
        ],
        len(rows),
    )
    largest = max((m.value for m in marks), default=0.0)
    sizes = [(v, words.money(v, data.currency)) for v in nice_sizes(largest)]
    notes = [words.get("report.map_note", currency=data.currency)]
    if unplaced:
        notes.append(
            words.get(
                "report.map_unplaced", countries=words.get("separator").join(f"{name} ({n})" for name, n in unplaced)
            )
        )
    title = words.get("report.map")
    return Chart(
        "chart-map",
        title,
        " ".join(notes),
        world_map(
            "chart-map",
            title,
            marks,
            legend=grade_legend,
            sizes=sizes,
            nothing=words.get("report.map_empty"),
            empty_label=words.get("report.map_no_orders"),
            toggle=(
                words.get("report.map_toggle"),
                [(words.get("report.map_at_risk"), AT_RISK), (words.get("report.map_not_at_risk"), NOT_AT_RISK)],
            ),
        ),
        table,
    )


def grade_of(customer: dict) -> str | None:
    grade = (customer["grade"] or "").upper()
    return grade if grade in figures.GRADES else None


def grade_split(words: Words, by_grade: dict, value: float) -> str:
    """'A 80% · B 20%': each grade's share of the country's value, as the circle's colours."""
    if value <= 0:
        return "–"
    return " · ".join(
        f"{g or words.get('report.ungraded')} {share:.0%}" for g in GRADES if (share := by_grade[g] / value) > 0
    )
