"""The report's sales plan section: plan against orders per month (all customers, as bars) and
per customer and month with the year-to-date running totals (the table), as `orders plan`."""

from __future__ import annotations

from . import charts
from .charts import Chart
from .digest_text import Section, Words
from ..customers.plans import plan_vs_actual

PLAN, ACTUAL = "#9aa5b1", "#1b7f5f"
AMOUNTS = ("plan", "actual", "difference", "ytd_plan", "ytd_actual", "ytd_difference")


def plans_chart(words: Words, data) -> Chart:
    """The year of ``data.today``; amounts in the [money] base currency."""
    found = plan_vs_actual(data.db, data.config, year=data.today.year, today=data.today, rates=data.rates)
    base = found["base_currency"]
    months = found["months"]
    series = [
        (words.get("report.plan_k", currency=base), PLAN, [round(m["plan"] / 1000) for m in months]),
        (words.get("report.actual_k", currency=base), ACTUAL, [round(m["actual"] / 1000) for m in months]),
    ]
    title = words.get("report.plans", year=found["year"])
    note = [words.get("report.plans_note", currency=base)]
    if found["through"] and found["customers"]:
        to_date = found["to_date"]
        note.append(
            words.get(
                "report.plans_to_date",
                month=found["through"],
                plan=words.money(to_date["plan"], base),
                actual=words.money(to_date["actual"], base),
                difference=words.money(to_date["difference"], base),
            )
        )
    return Chart(
        "chart-plans",
        title,
        " ".join(note),
        charts.grouped_bars(
            "chart-plans",
            title,
            [m["month"][2:].replace("-", "/") for m in months],
            series,
            nothing=words.get("report.plans_empty", year=found["year"]),
        ),
        plans_table(words, found),
    )


def plans_table(words: Words, found: dict) -> Section:
    """A customer's months, then their total; then all customers' months and the total."""
    base = found["base_currency"]
    rows = []
    for customer in found["customers"]:
        name = customer["name"] or customer["customer"]
        for index, month in enumerate(customer["months"]):
            rows.append([name if index == 0 else "", month["month"], *(words.money(month[k], base) for k in AMOUNTS)])
        rows.append(["", words.get("report.total"), *total_cells(words, customer["total"], base)])
    everyone = words.get("report.plans_all")
    for index, month in enumerate(found["months"]):
        rows.append([everyone if index == 0 else "", month["month"], *(words.money(month[k], base) for k in AMOUNTS)])
    if found["customers"]:
        rows.append(["", words.get("report.total"), *total_cells(words, found["total"], base)])
    return Section(
        "plans",
        "",
        [words.get("column.customer"), words.get("report.month"), *(words.get(f"report.{k}") for k in AMOUNTS)],
        rows,
        len(rows),
    )


def total_cells(words: Words, total: dict, base: str) -> list[str]:
    return [words.money(total[k], base) for k in ("plan", "actual", "difference")] + ["", "", ""]
