"""Overviews of what the rules concluded (demo, digest, report): tags, grades, their currency."""

from __future__ import annotations

import json

from ..config import Config
from ..money import money_settings
from . import facts


def tag_overview(db, limit: int = 15) -> list[dict]:
    """Active tags with their evidence, most-evidenced first."""
    rows = db.execute(
        "SELECT customer, tag, count, first_seen, last_seen, terms FROM customer_tags "
        "WHERE active = 1 ORDER BY count DESC, last_seen DESC, customer, tag LIMIT ?",
        [limit],
    ).fetchall()
    names = facts.customer_names(db, {r[0] for r in rows})
    return [
        {
            "customer": r[0],
            "customer_name": names.get(r[0], ""),
            "tag": r[1],
            "count": r[2],
            "first_seen": r[3],
            "last_seen": r[4],
            "terms": json.loads(r[5]),
        }
        for r in rows
    ]


def grade_overview(db, limit: int = 10) -> dict:
    """Customers per grade (figures.grade_counts, as the report and digests count), and the top
    of the Pareto list."""
    from .figures import grade_counts  # figures reads this module's value_currency

    counts = grade_counts(db)
    top = db.execute(
        "SELECT customer, grade, basis, share, value_12m, currency, r_score, f_score, m_score, next_contact "
        "FROM customer_grades WHERE rank IS NOT NULL AND basis != 'engagement' "
        "ORDER BY rank LIMIT ?",
        [limit],
    ).fetchall()
    names = facts.customer_names(db, {r[0] for r in top})
    keys = (
        "customer",
        "grade",
        "basis",
        "share",
        "value_12m",
        "currency",
        "r_score",
        "f_score",
        "m_score",
        "next_contact",
    )
    return {
        "counts": {g: counts.get(g, 0) for g in ("A", "B", "C")},
        "top": [dict(zip(keys, r)) | {"customer_name": names.get(r[0], "")} for r in top],
    }


def most_tagged_customer(db) -> int | None:
    row = db.execute(
        "SELECT customer FROM customer_tags WHERE active = 1 GROUP BY customer "
        "ORDER BY count(*) DESC, sum(count) DESC, customer LIMIT 1"
    ).fetchone()
    return row[0] if row else None


def value_currency(db, config: Config | None) -> str:
    """The currency the stored order values are in: the [money] base of the run that graded
    them (the configured base before any run)."""
    row = db.execute(
        "SELECT currency FROM customer_grades WHERE currency IS NOT NULL GROUP BY currency ORDER BY count(*) DESC"
    ).fetchone()
    return row[0] if row else money_settings(config).base


def unpriced_orders(db) -> list[dict]:
    """Orders left out of the stored order values for want of a rate, per currency:
    {currency, orders, amount, customers}, most orders first."""
    found: dict[str, dict] = {}
    for (text,) in db.execute("SELECT unpriced FROM customer_grades WHERE unpriced IS NOT NULL"):
        for currency, (orders, amount) in json.loads(text).items():
            entry = found.setdefault(currency, {"currency": currency, "orders": 0, "amount": 0.0, "customers": 0})
            entry["orders"] += orders
            entry["amount"] = round(entry["amount"] + amount, 2)
            entry["customers"] += 1
    return sorted(found.values(), key=lambda e: (-e["orders"], e["currency"]))
