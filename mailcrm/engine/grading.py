"""Grade customers: ABC by Pareto of order value, RFM scores, follow-up rhythm.

- **ABC**: customers sorted by order value over the trailing window (12 months);
  A while the running total is within ``a_share`` of all value, then B up to
  ``b_share``, then C. Any single customer above ``single_a_share`` is A
  (the "over 30% of annual purchases" rule of thumb).
- **Engagement fallback**: customers without orders in the window are graded by
  how much they write to us (their mails in ``engagement_days``) with the same
  Pareto shares, capped at B while anyone has orders — a busy prospect is not
  yet a strategic account. With no orders at all, engagement alone decides.
- **RFM**: 1–5 quintile scores among customers with orders (5 = best).
- **Money**: order values are summed in ``[money] base`` (mailcrm/money.py); an
  amount in a currency without a rate is left out of the value and kept in
  ``Grade.unpriced``, for the run report — never added as it stands.
- **Next contact**: a date set by hand wins; then a pending rule follow-up;
  else our last contact (mail, call, visit …; else theirs) plus the grade's interval. Mail before
  the horizon (horizon.py) is history: the interval then counts from the first
  sync, so a long-dormant customer is not due on day one.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Collection

from ..config import Config, Validator, validator_for
from ..money import Rates, default_rates
from . import facts as facts_sql
from .horizon import Horizon
from .model import CustomerFacts

GRADES = ("A", "B", "C")


@dataclass
class GradingSettings:
    window_days: int = 365
    a_share: float = 0.70
    b_share: float = 0.90
    single_a_share: float = 0.30
    engagement_days: int = 90
    follow_up_days: dict[str, int] = field(default_factory=lambda: {"A": 7, "B": 14, "C": 30})
    ungraded_follow_up_days: int = 30


SHARE_KEYS = ("a_share", "b_share", "single_a_share")
DAY_KEYS = ("window_days", "engagement_days", "ungraded_follow_up_days")


def grading_settings(config: Config | None) -> GradingSettings:
    """Read and validate ``[grading]``; errors name the file, the line and the key."""
    section = (config.sections.get("grading") if config else None) or {}
    check = validator_for(config)
    if not isinstance(section, dict):
        raise check.fail("grading", "must be a table ([grading])")
    settings = GradingSettings()
    for key, value in section.items():
        if key in SHARE_KEYS:
            setattr(settings, key, share(check, value, key))
        elif key in DAY_KEYS:
            setattr(settings, key, days(check, value, key))
        elif key == "follow_up_days":
            settings.follow_up_days = follow_up_days(check, value)
        else:
            known = ", ".join(SHARE_KEYS + DAY_KEYS + ("follow_up_days",))
            raise check.fail(f"grading.{key}", f"unknown setting (expected one of: {known})")
    if settings.a_share > settings.b_share:
        raise check.fail("grading.a_share", "must not be larger than grading.b_share")
    return settings


def share(check: Validator, value, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        raise check.fail(f"grading.{key}", "must be a fraction between 0 and 1 (e.g. 0.7)")
    return float(value)


def days(check: Validator, value, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise check.fail(f"grading.{key}", f"must be a whole number of days ≥ 1, not {value!r}")
    return value


def follow_up_days(check: Validator, value) -> dict[str, int]:
    if not isinstance(value, dict) or set(value) - set(GRADES):
        raise check.fail("grading.follow_up_days", "must be a table like { A = 7, B = 14, C = 30 }")
    merged = GradingSettings().follow_up_days | value
    return {g: days(check, v, f"follow_up_days.{g}") for g, v in merged.items()}


# -- grades -------------------------------------------------------------------------


@dataclass(slots=True)  # one per active customer for the whole run
class Grade:
    customer: int
    grade: str | None
    basis: str  # orders, single-share, engagement, none
    value_12m: float = 0.0  # in `currency`, the [money] base
    currency: str | None = None
    unpriced: dict[str, tuple[int, float]] = field(default_factory=dict)  # currency → (orders, amount) with no rate
    share: float = 0.0
    cumulative: float = 0.0
    rank: int | None = None
    engagement: int = 0
    recency_days: int | None = None
    frequency: int = 0
    scores: dict[str, int | None] = field(default_factory=dict)
    follow_up_days: int | None = None
    next_contact: str | None = None
    next_contact_source: str | None = None
    next_contact_reason: str | None = None
    auto_reply: int | None = None  # the customer's latest inbound message, when an auto-reply (away.py)
    back_on: str | None = None  # the first day back it names


def grade_customers(
    db,
    settings: GradingSettings,
    customers: Collection[int],
    last_orders: dict[int, date],
    today: date,
    rates: Rates | None = None,
) -> dict[int, Grade]:
    """Grades of these customers (ids of every active one: ranks need everyone);
    ``last_orders``: customer → day of their latest order; order values in ``rates.base``."""
    rates = rates or default_rates()
    since = today - timedelta(days=settings.window_days)
    raw = {c: v for c, v in facts_sql.order_values(db, since, today).items() if c in customers}
    engagement = facts_sql.message_counts(db, today, settings.engagement_days, "in")
    grades = {c: Grade(c, None, "none", currency=rates.base, engagement=engagement.get(c, 0)) for c in customers}
    values = {c: priced(v, rates, grades[c]) for c, v in raw.items()}
    pareto(grades, {c: v[0] for c, v in values.items() if v[0] and v[0] > 0}, settings, "orders")
    prospects = {c: g.engagement for c, g in grades.items() if g.grade is None and g.engagement > 0}
    pareto(grades, prospects, settings, "engagement", cap_at_b=bool(values))
    for grade in grades.values():
        if grade.grade is None:
            grade.grade, grade.basis = "C", "none"
    add_rfm(grades, last_orders, values, today)
    return grades


def priced(values: facts_sql.OrderValues, rates: Rates, grade: Grade) -> tuple[float | None, int]:
    """(order value in the base currency, order count). The value is None when no amount
    could be counted: none stated, or none in a currency with a rate (kept in grade.unpriced)."""
    total = None
    for currency, (amount, orders) in sorted(values.by_currency.items()):
        converted = rates.convert(amount, currency)
        if converted is None:
            grade.unpriced[currency] = (orders, round(amount, 2))
        else:
            total = (total or 0.0) + converted
    return total, values.orders


def pareto(
    grades: dict[int, Grade], amounts: dict[int, float], settings: GradingSettings, basis: str, cap_at_b: bool = False
) -> None:
    """ABC by running share of the total; ties broken by customer id (deterministic)."""
    total = sum(amounts.values())
    running = 0.0
    for rank, (customer, amount) in enumerate(sorted(amounts.items(), key=lambda kv: (-kv[1], kv[0])), 1):
        before = running / total
        running += amount
        grade = grades[customer]
        grade.rank, grade.share, grade.cumulative = rank, amount / total, running / total
        if basis == "orders":
            grade.value_12m = amount
        grade.grade, grade.basis = abc(before, grade.share, settings), basis
        if grade.share > settings.single_a_share and basis == "orders":
            grade.basis = "single-share"
        if cap_at_b and grade.grade == "A":
            grade.grade = "B"


def abc(share_before: float, own_share: float, settings: GradingSettings) -> str:
    # A customer is A when the ones above it have not yet reached a_share: the
    # biggest customer is always A, and so is anyone above single_a_share.
    if share_before < settings.a_share or own_share > settings.single_a_share:
        return "A"
    if share_before < settings.b_share:
        return "B"
    return "C"


# -- RFM ----------------------------------------------------------------------------


def add_rfm(
    grades: dict[int, Grade], last_orders: dict[int, date], values: dict[int, tuple[float | None, int]], today: date
) -> None:
    """Recency and frequency over every customer with an order; money over those whose order
    values are known (an order from mail without an amount is no order worth 0)."""
    ordered = sorted(c for c in last_orders if c in grades)
    recency = {c: (today - last_orders[c]).days for c in ordered}
    frequency = {c: values.get(c, (0.0, 0))[1] for c in ordered}
    monetary = {c: values.get(c, (0.0, 0))[0] for c in ordered}
    sorted_r, sorted_f = sorted(recency.values()), sorted(frequency.values())
    sorted_m = sorted(v for v in monetary.values() if v is not None)
    for customer in ordered:
        grade = grades[customer]
        grade.recency_days, grade.frequency = recency[customer], frequency[customer]
        money = monetary[customer]
        grade.scores = {
            "recency": quintile(recency[customer], sorted_r, smaller_is_better=True),
            "frequency": quintile(frequency[customer], sorted_f),
            "monetary": None if money is None else quintile(money, sorted_m),
        }


def quintile(value: float, population, smaller_is_better: bool = False) -> int:
    """1–5: the share of customers this one is at least as good as, in fifths."""
    values = population if isinstance(population, list) else sorted(population)
    if smaller_is_better:
        as_good = len(values) - bisect_left(values, value)
    else:
        as_good = bisect_right(values, value)
    return max(1, math.ceil(5 * as_good / len(values)))


# -- next contact -------------------------------------------------------------------


def next_contact(
    grade: Grade,
    customer: CustomerFacts,
    pending_rule: tuple[str, str] | None,
    settings: GradingSettings,
    today: date,
    horizon: Horizon | None = None,
) -> None:
    """Manual date, else a pending rule follow-up, else last contact + the grade's interval
    (counted from the first sync when that contact is before the horizon)."""
    interval = settings.follow_up_days.get(grade.grade or "", settings.ungraded_follow_up_days)
    grade.follow_up_days = interval
    if customer.manual_next_contact:
        grade.next_contact, grade.next_contact_source = customer.manual_next_contact[:10], "manual"
        grade.next_contact_reason = "set by hand"
    elif pending_rule:
        grade.next_contact, grade.next_contact_source = pending_rule[0], "rule"
        grade.next_contact_reason = pending_rule[1]
    else:
        base = customer.last_out or customer.last_in or today
        if customer.last_out:
            what = f"our last {customer.last_out_kind or 'mail'}"
        else:
            what = f"their last {customer.last_in_kind or 'mail'}" if customer.last_in else "today"
        grade.next_contact_source = "grade"
        if horizon and horizon.before(base):
            what = f"the first sync ({horizon.first_day}); {what}, {base}, is history (before {horizon.start})"
            base = horizon.first_day
        else:
            what = f"{what} ({base})"
        grade.next_contact = (base + timedelta(days=interval)).isoformat()
        grade.next_contact_reason = (
            f"grade {grade.grade}: every {interval} day{'' if interval == 1 else 's'} after {what}"
        )
