"""Sales plans against actuals: a monthly plan per customer (amount, optionally a product and
a quantity) imported from CSV, set against the orders of the same month.

Every amount is converted to ``[money] base`` (mailcrm/money.py) before anything is added:
plan, actual (the customer's orders that month) and difference per month, the year-to-date
running totals, each customer's total and all customers' totals per month. A plan or an order
in a currency without a rate is left out of the sums and named.

"To date" is through the last complete month: on 7 December the plan to date is January to
November, so a month not over yet never counts as missed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from pathlib import Path

from ..clock import utcnow
from ..config import Config
from ..db import transaction
from ..errors import MailcrmError
from ..lock import database_lock
from ..money import Rates, money_settings
from .csvfiles import CsvReport, read_csv
from .lookup import find_customer
from .orders import ORDER_FIELDS, parse_amount, parse_currency

PLAN_FIELDS = {
    "customer": ORDER_FIELDS["customer"],
    "month": ("period", "plan month", "月份", "月", "计划月份"),
    "product": ORDER_FIELDS["product"],
    "quantity": ORDER_FIELDS["quantity"] + ("plan quantity", "计划数量"),
    "amount": ("plan", "planned amount", "plan amount", "target", "value", "金额", "计划金额", "目标", "目标金额"),
    "currency": ORDER_FIELDS["currency"],
}
MONTH_FORMATS = (
    re.compile(r"(\d{4})[-/.](\d{1,2})"),  # 2026-03, 2026/3, 2026.03
    re.compile(r"(\d{4})年(\d{1,2})月"),  # 2026年3月
    re.compile(r"(\d{4})(\d{2})"),  # 202603
)


def parse_month(text: str | None) -> str:
    """'2026-03' from 2026-03, 2026/3, 2026.03, 2026年3月 or 202603."""
    value = (text or "").strip()
    if not value:
        raise MailcrmError("the month is missing (YYYY-MM)")
    for pattern in MONTH_FORMATS:
        match = pattern.fullmatch(value)
        if match and 1 <= int(match.group(2)) <= 12:
            return f"{match.group(1)}-{int(match.group(2)):02d}"
    raise MailcrmError(f"month {value!r}: use YYYY-MM, e.g. 2026-03")


def import_plans_csv(db, config: Config, path) -> CsvReport:
    """customer, month (YYYY-MM), product (optional), quantity (optional), amount, currency.

    One plan per customer, month and product: importing a revised file updates the plans it
    names (a row as it was is skipped). Bad rows are reported with their line number; the
    rest is imported.
    """
    report = CsvReport(str(path))
    rows = list(read_csv(path, PLAN_FIELDS, ("customer",)))
    source = "csv:" + Path(path).name
    seen: dict[tuple, int] = {}
    with database_lock(config.database_path, "orders plan import"):
        with transaction(db):
            for row in rows:
                if row.problem:
                    report.errors.append(f"line {row.line}: {row.problem}")
                    continue
                try:
                    plan = make_plan(db, row.values)
                except MailcrmError as exc:
                    report.errors.append(f"line {row.line}: {exc}")
                    continue
                same = (plan["customer"], plan["month"], plan["product"].lower())
                if same in seen:
                    report.errors.append(f"line {row.line}: the same customer, month and product as line {seen[same]}")
                    continue
                seen[same] = row.line
                outcome = store_plan(db, plan, source)
                setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def make_plan(db, values: dict) -> dict:
    customer = find_customer(db, values.get("customer", ""))
    amount = parse_amount(values.get("amount"), "amount")
    if amount is None:
        raise MailcrmError("the amount is missing")
    if amount < 0:
        raise MailcrmError("the amount must not be negative")
    quantity = parse_amount(values.get("quantity"), "quantity")
    if quantity is not None and quantity <= 0:
        raise MailcrmError("the quantity must be positive")
    return {
        "customer": customer["id"],
        "month": parse_month(values.get("month")),
        "product": (values.get("product") or "").strip(),
        "quantity": quantity,
        "amount": round(amount, 2),
        "currency": parse_currency(values.get("currency")),
    }


def store_plan(db, plan: dict, source: str) -> str:
    """'created', 'updated' or 'skipped' (the plan is already recorded as it is)."""
    old = db.execute(
        "SELECT id, amount, currency, quantity FROM sales_plans WHERE customer = ? AND month = ? "
        "AND lower(product) = lower(?)",
        [plan["customer"], plan["month"], plan["product"]],
    ).fetchone()
    if old is None:
        db.execute(
            "INSERT INTO sales_plans (customer, month, product, quantity, amount, currency, source, updated) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [*(plan[k] for k in ("customer", "month", "product", "quantity", "amount", "currency")), source, utcnow()],
        )
        return "created"
    if (old[1], old[2], old[3]) == (plan["amount"], plan["currency"], plan["quantity"]):
        return "skipped"
    db.execute(
        "UPDATE sales_plans SET amount = ?, currency = ?, quantity = ?, source = ?, updated = ? WHERE id = ?",
        [plan["amount"], plan["currency"], plan["quantity"], source, utcnow(), old[0]],
    )
    return "updated"


# -- plan against actual ----------------------------------------------------------------------------


def through_month(year: int, today: date) -> str | None:
    """The last complete month of ``year`` on ``today``: what "to date" adds up to."""
    if year < today.year:
        return f"{year}-12"
    if year > today.year or today.month == 1:
        return None
    return f"{year}-{today.month - 1:02d}"


def kept_customers(db) -> dict[int, int]:
    """A merged customer's id → the customer it is part of now (its orders moved there)."""
    kept = {m: k for m, k in db.execute("SELECT merged, kept FROM customer_merges WHERE undone IS NULL ORDER BY id")}
    resolved = {}
    for merged in kept:
        target, hops = kept[merged], 0
        while target in kept and hops < 50:
            target, hops = kept[target], hops + 1
        resolved[merged] = target
    return resolved


def plan_vs_actual(
    db,
    config: Config | None,
    *,
    year: int | None = None,
    customer_ref: str | None = None,
    today: date | None = None,
    rates: Rates | None = None,
) -> dict:
    """Per customer with a plan in ``year`` and per month: plan, actual, difference and the
    running (year-to-date) totals, in the base currency; each customer's total and to-date
    figures; all customers per month with running totals. Largest plan first."""
    today = today or date.today()
    year = year or today.year
    rates = rates or money_settings(config)
    through = through_month(year, today)
    only = find_customer(db, customer_ref)["id"] if customer_ref else None
    kept = kept_customers(db)
    unpriced: dict[str, dict] = {}
    plans: dict[int, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for row in db.query(
        "SELECT customer, month, product, quantity, amount, currency FROM sales_plans WHERE month LIKE ? "
        "ORDER BY month, product",
        [f"{year}-%"],
    ):
        customer = kept.get(row["customer"], row["customer"])
        if only is not None and customer != only:
            continue
        value = rates.convert(row["amount"], row["currency"])
        if value is None:
            left_out(unpriced, row["currency"], "plans")
        plans[customer][row["month"]].append({**dict(row), "value": value})
    orders: dict[int, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    if plans:
        marks = ",".join("?" * len(plans))
        for row in db.query(
            "SELECT customer, substr(date, 1, 7) AS month, product, quantity, amount, currency FROM orders "
            f"WHERE amount_known AND date LIKE ? AND customer IN ({marks})",
            [f"{year}-%", *plans],
        ):
            value = rates.convert(row["amount"], row["currency"])
            if value is None:
                left_out(unpriced, row["currency"], "orders")
            orders[row["customer"]][row["month"]].append({**dict(row), "value": value})
    names = customer_names(db, list(plans))
    customers = [customer_plan(names[pk], plans[pk], orders[pk], through) for pk in plans]
    customers.sort(key=lambda c: (-c["total"]["plan"], c["customer"]))
    return {
        "year": year,
        "through": through,
        "base_currency": rates.base,
        "rates": rates.source(),
        "customers": customers,
        "months": all_customers(customers),
        "total": totals([row for c in customers for row in c["months"]]),
        "to_date": totals([row for c in customers for row in c["months"] if through and row["month"] <= through]),
        "unpriced": sorted(unpriced.values(), key=lambda e: e["currency"]),
    }


def left_out(unpriced: dict, currency: str, what: str) -> None:
    entry = unpriced.setdefault(currency, {"currency": currency, "plans": 0, "orders": 0})
    entry[what] += 1


def customer_names(db, ids: list[int]) -> dict[int, dict]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return {
        row["id"]: dict(row)
        for row in db.query(f"SELECT id, key, name, owner, status FROM customers WHERE id IN ({marks})", ids)
    }


def customer_plan(customer: dict, plans: dict[str, list[dict]], orders: dict[str, list[dict]], through) -> dict:
    months = []
    for month in sorted(set(plans) | set(orders)):
        months.append(
            {
                "month": month,
                "plan": money_sum(plans.get(month, [])),
                "actual": money_sum(orders.get(month, [])),
                "orders": len(orders.get(month, [])),
                "products": product_lines(plans.get(month, []), orders.get(month, [])),
            }
        )
    months = running(months)
    return {
        "customer": customer["key"],
        "name": customer["name"],
        "owner": customer["owner"],
        "months": months,
        "total": totals(months),
        "to_date": totals([m for m in months if through and m["month"] <= through]),
    }


def product_lines(plans: list[dict], orders: list[dict]) -> list[dict]:
    """Each planned product with what was ordered of it (an order whose product names it)."""
    lines = []
    for plan in plans:
        if not plan["product"]:
            continue
        wanted = plan["product"].casefold()
        matched = [o for o in orders if wanted in (o["product"] or "").casefold()]
        quantities = [o["quantity"] for o in matched if o["quantity"] is not None]
        lines.append(
            {
                "product": plan["product"],
                "plan_quantity": plan["quantity"],
                "plan": round2(plan["value"]),
                "actual_quantity": sum(quantities) if quantities else None,
                "actual": money_sum(matched),
            }
        )
    return lines


def money_sum(rows: list[dict]) -> float:
    return round(sum(r["value"] for r in rows if r["value"] is not None), 2)


def round2(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def all_customers(customers: list[dict]) -> list[dict]:
    """Every customer's plan and actual added up per month, with running totals."""
    by_month: dict[str, dict] = {}
    for customer in customers:
        for row in customer["months"]:
            entry = by_month.setdefault(row["month"], {"month": row["month"], "plan": 0.0, "actual": 0.0})
            entry["plan"] = round(entry["plan"] + row["plan"], 2)
            entry["actual"] = round(entry["actual"] + row["actual"], 2)
    return running([by_month[m] for m in sorted(by_month)])


def running(months: list[dict]) -> list[dict]:
    """Difference per month and the year-to-date running totals, in month order."""
    plan = actual = 0.0
    for row in months:
        plan, actual = plan + row["plan"], actual + row["actual"]
        row["difference"] = round(row["actual"] - row["plan"], 2)
        row["ytd_plan"], row["ytd_actual"] = round(plan, 2), round(actual, 2)
        row["ytd_difference"] = round(actual - plan, 2)
    return months


def totals(months: list[dict]) -> dict:
    plan = round(sum(m["plan"] for m in months), 2)
    actual = round(sum(m["actual"] for m in months), 2)
    return {"plan": plan, "actual": actual, "difference": round(actual - plan, 2), "share": share(actual, plan)}


def share(actual: float, plan: float) -> float | None:
    """How much of the plan was ordered (1.0 = all of it); None without a plan."""
    return round(actual / plan, 4) if plan else None


def behind_plan(db, config: Config | None, today: date, limit: int | None = None) -> dict:
    """The customers furthest behind plan this year to date, most behind first."""
    found = plan_vs_actual(db, config, today=today)
    behind = [c for c in found["customers"] if c["to_date"]["difference"] < 0]
    behind.sort(key=lambda c: (c["to_date"]["difference"], c["customer"]))
    return {**found, "behind": behind[:limit] if limit else behind}
