"""The figures everyone quotes, each computed in one place.

The report, the digests, the demo and the CLI (`today`, `customers list --grade`,
`report --json`) read grade counts, order values and agenda counts from here, so
no two of them can disagree:

- **grades**: active customers per effective grade (``customers.grade``: the
  override when set, else the computed grade), the ungraded counted apart;
- **order values**: the 12-month order value of each active customer
  (``customer_grades.value_12m``, in the [money] base of the run that graded
  them), summed per grade and in total;
- **agenda counts**: the items of `mailcrm today` per section, after the horizon
  (engine/horizon.py): a thread older than the horizon waits for no answer, so it
  is not "waiting" anywhere, not even in the report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ..config import Config
from .agenda import agenda
from .summary import value_currency

GRADES = ("A", "B", "C")
UNGRADED = "ungraded"


def grade_counts(db, owner: str | None = None) -> dict[str, int]:
    """Active customers per grade: {"A": n, "B": n, "C": n, "ungraded": n}; ``owner`` keeps one
    salesperson's customers (their owner name as stored)."""
    sql = "SELECT grade, count(*) FROM customers WHERE status = 'active'"
    params: list = []
    if owner is not None:
        sql += " AND owner IS ?"
        params.append(owner)
    found = Counter()
    for grade, count in db.execute(sql + " GROUP BY grade", params):
        found[grade.upper() if grade and grade.upper() in GRADES else UNGRADED] += count
    return {grade: found[grade] for grade in (*GRADES, UNGRADED)}


@dataclass
class OrderValues:
    """12-month order values of the active customers, in ``currency``."""

    currency: str
    by_customer: dict[int, float] = field(default_factory=dict)
    by_grade: dict[str, float] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return round(sum(self.by_customer.values()), 2)

    def share(self, grade: str) -> float | None:
        return self.by_grade.get(grade, 0.0) / self.total if self.total else None

    def as_dict(self) -> dict:
        return {"currency": self.currency, "total": self.total, "by_grade": self.by_grade}


def order_values(db, config: Config | None) -> OrderValues:
    values = OrderValues(value_currency(db, config))
    by_grade = Counter()
    for customer, grade, value in db.execute(
        "SELECT c.id, c.grade, coalesce(g.value_12m, 0) FROM customers c "
        "LEFT JOIN customer_grades g ON g.customer = c.id WHERE c.status = 'active'"
    ):
        values.by_customer[customer] = value
        by_grade[grade.upper() if grade and grade.upper() in GRADES else UNGRADED] += value
    values.by_grade = {grade: round(by_grade[grade], 2) for grade in (*GRADES, UNGRADED)}
    return values


def agenda_counts(db, config: Config | None, today: date, owner: str | None = None) -> dict[str, int]:
    """Items per agenda section (`mailcrm today`), after the horizon; ``old_unanswered``: the
    threads before it, which wait for no answer."""
    plan = agenda(db, config, today=today, owner=owner, limit=0)
    return plan["counts"] | {"old_unanswered": plan["horizon"]["old_unanswered"]}


def agenda_counts_by_owner(db, config: Config | None, today: date) -> dict[str | None, Counter]:
    """The same counts per salesperson (owner name; None: unassigned)."""
    plan = agenda(db, config, today=today, limit=10**9)
    found: dict[str | None, Counter] = {}
    for name, items in plan["sections"].items():
        for item in items:
            found.setdefault(item["owner"], Counter())[name] += 1
    return found


def headline(db, config: Config | None, today: date) -> dict:
    """The figures the report's top line, the manager digest and `report --json` show."""
    values = order_values(db, config)
    counts = agenda_counts(db, config, today)
    return {
        "customers": len(values.by_customer),
        "grades": grade_counts(db),
        "order_value": values.as_dict(),
        "agenda": counts,
    }


def months_back(today: date, months: int) -> list[str]:
    """The last ``months`` calendar months up to today's, oldest first: ['2025-12', …, '2026-11']."""
    year, month = today.year, today.month
    found = []
    for _ in range(months):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return found[::-1]


def stage_rules(db, stage: str) -> list[str]:
    """The rules that set this stage: the shipped ``stage.<stage>`` and any rule stage_history names."""
    found = {f"stage.{stage}"}
    found.update(
        r[0]
        for r in db.execute("SELECT DISTINCT rule FROM stage_history WHERE stage = ? AND rule IS NOT NULL", [stage])
    )
    return sorted(found)


def monthly_trends(db, today: date, months: int = 12) -> dict[str, dict[str, int]]:
    """Per month ('YYYY-MM', oldest first): inquiries (active customers whose mail that month
    the inquiry stage rule matched), quotations (customers the quotation rule matched in our or
    their mail) and orders (imported or read from the mail) of active customers."""
    span = months_back(today, months)
    found = {month: {"inquiries": 0, "quotations": 0, "orders": 0} for month in span}
    first, last = span[0] + "-01", today.isoformat() + "T99"
    for name, stage in (("inquiries", "inquiry"), ("quotations", "quotation")):
        rules = stage_rules(db, stage)
        marks = ",".join("?" * len(rules))
        for month, count in db.execute(
            f"SELECT substr(h.date, 1, 7), count(DISTINCT mc.customer) FROM rule_hits h "
            f"JOIN message_customers mc ON mc.message = h.message JOIN customers c ON c.id = mc.customer "
            f"WHERE h.rule IN ({marks}) AND c.status = 'active' AND h.date >= ? AND h.date <= ? GROUP BY 1",
            [*rules, first, last],
        ):
            if month in found:
                found[month][name] = count
    for month, count in db.execute(
        "SELECT substr(o.date, 1, 7), count(*) FROM orders o JOIN customers c ON c.id = o.customer "
        "WHERE c.status = 'active' AND o.date >= ? AND o.date <= ? GROUP BY 1",
        [first, last],
    ):
        if month in found:
            found[month]["orders"] = count
    return found
