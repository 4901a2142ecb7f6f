"""Every query on the customers module's tables, in one place, set-based.

customers, message_customers, orders and customer_events belong to the
customers module (migration m002); if their shape changes, only this module
needs to follow. Each function reads all customers at once, or one `Span` of
customer ids (a rules run concludes 1,000 customers at a time to bound its
memory): one query per fact, never one per customer.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median
from typing import Iterator

from ..errors import NotFoundError
from ..streams import Span, some, spans, within  # noqa: F401 - part of this module's interface
from .model import CustomerFacts, MessageFacts

ACTIVE = "status = 'active'"
# A message's customer: the lowest active customer id filed for it.
MESSAGE_SQL = f"""
SELECT m.id, m.date, m.direction, m.subject, m.body_text, m.attachment_names, m.headers,
       m.thread_id, m.from_email,
       (SELECT min(mc.customer) FROM message_customers mc JOIN customers c ON c.id = mc.customer
         WHERE mc.message = m.id AND c.{ACTIVE}) AS customer,
       coalesce((SELECT max(mc.automated) FROM message_customers mc WHERE mc.message = m.id), 0)
FROM messages m WHERE m.id > ? AND m.id <= ? AND m.parse_error IS NULL ORDER BY m.id
"""
# Conversation messages: filed under an active customer, not automated.
CONVERSATION = f"""
SELECT mc.customer, m.id, m.direction, m.date FROM message_customers mc
JOIN messages m ON m.id = mc.message JOIN customers c ON c.id = mc.customer
WHERE mc.automated = 0 AND c.{ACTIVE} AND m.date IS NOT NULL AND m.direction IN ('in', 'out')
"""
# Inbound conversation messages newer than our last reply (customers.last_out),
# read only for the customers whose turn it is: they wrote last.
WAITING = f"""
SELECT c.id AS customer, m.id AS message, m.date AS date FROM customers c
JOIN message_customers mc ON mc.customer = c.id JOIN messages m ON m.id = mc.message
WHERE c.{ACTIVE} AND c.last_in > coalesce(c.last_out, '') AND mc.automated = 0
AND m.direction = 'in' AND m.date > coalesce(c.last_out, '')
"""


def after_horizon(since: str | None) -> str:
    """SQL keeping WAITING's mail on or after the horizon's start (an ISO day; horizon.py):
    older inbound mail is history and waits for no answer."""
    return f" AND m.date >= '{date.fromisoformat(since).isoformat()}'" if since else ""


def day(iso: str | None) -> date | None:
    return date.fromisoformat(iso[:10]) if iso else None


# -- messages ---------------------------------------------------------------------


def message_batches(db, after: int, size: int = 500) -> Iterator[list[MessageFacts]]:
    for low, high in message_spans(db, after, size):
        yield messages_between(db, low, high)


def message_spans(db, after: int, size: int = 500) -> Iterator[tuple[int, int]]:
    """Id ranges (low, high] of at most ``size`` readable messages each, ascending.

    Ranges rather than rows, so that forked workers can read their own batch: the
    parent reading and pickling every body for them cost it more than the rules did.
    """
    while True:
        row = db.execute(
            "SELECT id FROM messages WHERE id > ? AND parse_error IS NULL ORDER BY id LIMIT 1 OFFSET ?",
            [after, size - 1],
        ).fetchone()
        if row is None:
            last = db.execute("SELECT max(id) FROM messages WHERE id > ? AND parse_error IS NULL", [after]).fetchone()[
                0
            ]
            if last is not None:
                yield after, last
            return
        yield after, row[0]
        after = row[0]


def messages_between(db, low: int, high: int) -> list[MessageFacts]:
    """The readable messages with low < id <= high, in id order."""
    return [
        MessageFacts(
            id=r[0],
            date=r[1],
            direction=r[2],
            subject=r[3] or "",
            body=r[4] or "",
            attachment_names=r[5] or "",
            headers=r[6] or "{}",
            thread_id=r[7],
            from_email=r[8],
            customer=r[9],
            automated=bool(r[10]),
        )
        for r in db.execute(MESSAGE_SQL, [low, high])
    ]


def last_message_id(db) -> int:
    return db.execute("SELECT coalesce(max(id), 0) FROM messages").fetchone()[0]


def customers_of_mail_after(db, after: int, most: int) -> Span | None:
    """The active customers of the messages with id > after; None (everyone) when more than ``most``."""
    rows = db.execute(
        f"SELECT DISTINCT mc.customer FROM message_customers mc JOIN customers c "
        f"ON c.id = mc.customer WHERE mc.message > ? AND c.{ACTIVE} LIMIT ?",
        [after, most + 1],
    ).fetchall()
    return None if len(rows) > most else some(row[0] for row in rows)


# -- customers --------------------------------------------------------------------


def customer_facts(db, today: date, span: Span | None = None, since: str | None = None) -> dict[int, CustomerFacts]:
    """Identity, manual settings, conversation dates and orders of every active customer
    (of the span's, when given); ``since``: the horizon's start (no mail before it waits)."""
    customers = {
        r[0]: CustomerFacts(
            r[0],
            name=r[1] or r[2],
            country=shared(r[3]),
            language=shared(r[4]),
            owner=shared(r[5]),
            credit=shared(r[6]),
            manual_next_contact=r[7],
            grade_override=shared(r[8]),
            grade=shared(r[9]),
        )
        for r in db.execute(
            f"SELECT id, name, key, country, language, owner, credit_list, next_contact, "
            f"grade_override, grade FROM customers WHERE {ACTIVE}{within(span, 'id')}"
        )
    }
    add_conversation_dates(db, customers, span, since)
    add_orders(db, customers, span)
    return customers


def shared(value: str | None) -> str | None:
    """One string object for a value many customers have (a country, a grade): SQLite hands
    each row its own copy, 3 MB of duplicates over 14,000 customers' facts."""
    return sys.intern(value) if value else value


def active_customer_ids(db) -> list[int]:
    return [r[0] for r in db.execute(f"SELECT id FROM customers WHERE {ACTIVE} ORDER BY id")]


def add_conversation_dates(
    db, customers: dict[int, CustomerFacts], span: Span | None = None, since: str | None = None
) -> None:
    """Last contact each way (mail, or a call, visit … recorded: customers/contacts.py), and
    the oldest inbound message after our last reply (and on or after ``since``, the horizon's start).

    The customers module keeps last_in and last_out of every customer current,
    over the same conversation messages (profile.update_aggregates), so only the
    customers waiting for an answer need their mail read, through the customer
    index. Three scans of every conversation message took 0.45 s at 100,000.
    """
    for customer, last_in, last_out in db.execute(
        f"SELECT id, last_in, last_out FROM customers WHERE {ACTIVE}{within(span, 'id')}"
    ):
        if customer in customers:
            customers[customer].last_in, customers[customer].last_out = day(last_in), day(last_out)
    for customer, direction, kind in db.execute(
        f"SELECT n.customer, n.direction, max(n.kind) FROM notes n JOIN customers c ON c.id = n.customer "
        f"WHERE c.{ACTIVE} AND n.kind != 'note' AND n.at = CASE n.direction WHEN 'in' THEN c.last_in "
        f"WHEN 'out' THEN c.last_out END{within(span, 'c.id')} GROUP BY n.customer, n.direction"
    ):
        if customer in customers:
            setattr(customers[customer], f"last_{direction}_kind", kind)
    for customer, _message, oldest in db.execute(
        f"SELECT customer, message, min(date) FROM ({WAITING}{after_horizon(since)}{within(span, 'c.id')}) "
        f"GROUP BY customer"
    ):
        if customer in customers:
            customers[customer].oldest_unanswered = oldest


# The orders that count: the ledger's (added by hand, from CSV), and the orders seen in the
# mail of a customer the ledger has nothing for (source 'mail'; amount_known = 0 when the
# mail did not state it). A customer the ledger knows is measured by the ledger alone, so a
# PO in the mail and the same order typed in never count twice.
COUNTED_ORDERS = """
SELECT o.customer, o.date, o.amount, o.currency, o.amount_known FROM orders o
WHERE o.source != 'mail' OR NOT EXISTS (SELECT 1 FROM orders l WHERE l.customer = o.customer AND l.source != 'mail')
"""


def add_orders(db, customers: dict[int, CustomerFacts], span: Span | None = None) -> None:
    dates: dict[int, list[date]] = {}
    for customer, when in db.execute(
        f"SELECT customer, date FROM ({COUNTED_ORDERS}) WHERE 1{within(span, 'customer')} ORDER BY customer, date"
    ):
        if customer in customers and when:
            dates.setdefault(customer, []).append(day(when))
    for customer, days in dates.items():
        facts = customers[customer]
        facts.order_count, facts.last_order = len(days), days[-1]
        gaps = [(b - a).days for a, b in zip(days, days[1:]) if (b - a).days > 0]
        facts.median_interval = float(median(gaps)) if gaps else None


def last_orders(db) -> dict[int, date]:
    """Active customer → the day of their latest order (what RFM's recency ranks)."""
    return {
        r[0]: day(r[1])
        for r in db.execute(
            f"SELECT o.customer, max(o.date) FROM ({COUNTED_ORDERS}) o JOIN customers c ON c.id = o.customer "
            f"WHERE c.{ACTIVE} AND o.date IS NOT NULL AND o.date != '' GROUP BY o.customer"
        )
    }


@dataclass(slots=True)
class OrderValues:
    """A customer's orders in a window: how many, and the known amounts per currency."""

    orders: int = 0
    by_currency: dict[str, tuple[float, int]] = field(default_factory=dict)  # currency → (amount, orders)


def order_values(db, since: date, until: date) -> dict[int, OrderValues]:
    """customer → its orders in [since, until] and their amounts per currency; an order from
    mail that did not state its amount counts as an order, in no currency's amount."""
    values: dict[int, OrderValues] = {}
    for customer, currency, amount, known, orders in db.execute(
        f"SELECT customer, currency, sum(CASE WHEN amount_known THEN amount END), sum(amount_known != 0), count(*) "
        f"FROM ({COUNTED_ORDERS}) WHERE date >= ? AND date <= ? GROUP BY customer, currency",
        [since.isoformat(), until.isoformat()],
    ):
        entry = values.setdefault(customer, OrderValues())
        entry.orders += orders
        if known:
            code = (currency or "").strip().upper()
            before = entry.by_currency.get(code, (0.0, 0))
            entry.by_currency[code] = (before[0] + amount, before[1] + known)
    return values


def message_counts(db, today: date, days: int, direction: str | None) -> dict[int, int]:
    since = (today - timedelta(days=days)).isoformat()
    where = " AND direction = ?" if direction else ""
    params = [since, (today + timedelta(days=1)).isoformat()] + ([direction] if direction else [])
    return dict(
        db.execute(
            f"SELECT customer, count(*) FROM ({CONVERSATION}) WHERE date >= ? AND date < ?{where} GROUP BY customer",
            params,
        ).fetchall()
    )


def window_counts(db, today: date, windows, span: Span | None = None) -> dict[int, dict[tuple, int]]:
    """customer → {(days, direction): messages}, all windows in one scan."""
    windows = sorted(windows, key=lambda w: (w[0], w[1] or ""))
    if not windows:
        return {}
    until = (today + timedelta(days=1)).isoformat()
    sums, params = [], []
    for days, direction in windows:
        sums.append("sum(date >= ?" + (" AND direction = ?" if direction else "") + ")")
        params += [(today - timedelta(days=days)).isoformat()] + ([direction] if direction else [])
    oldest = (today - timedelta(days=max(w[0] for w in windows))).isoformat()
    rows = db.execute(
        f"SELECT customer, {', '.join(sums)} FROM ({CONVERSATION}) WHERE date >= ? AND date < ?"
        f"{within(span, 'customer')} GROUP BY customer",
        params + [oldest, until],
    ).fetchall()
    return {row[0]: {w: n for w, n in zip(windows, row[1:]) if n} for row in rows}


def add_windows(
    db, customers: dict[int, CustomerFacts], today: date, windows, hit_windows, span: Span | None = None
) -> None:
    for customer, counts in window_counts(db, today, windows, span).items():
        if customer in customers:
            customers[customer].counts.update(counts)
    for rule, days in hit_windows:
        for customer, count in rule_hit_counts(db, rule, today - timedelta(days=days), span).items():
            if customer in customers:
                customers[customer].hit_counts[(rule, days)] = count


def manual_stages(db, span: Span | None = None) -> dict[int, tuple[str, str]]:
    """The latest stage a person set with `customers set --stage`: (stage, ISO time)."""
    found: dict[int, tuple[str, str]] = {}
    for customer, at, data in db.execute(
        f"SELECT customer, at, data FROM customer_events WHERE kind = 'stage'{within(span, 'customer')} ORDER BY id"
    ):
        new = json.loads(data or "{}").get("new")
        if new:
            found[customer] = (new, at)
        else:
            found.pop(customer, None)
    return found


def publish(db, stages: dict[int, str | None], grades: dict[int, str | None]) -> None:
    """Mirror the engine's stage and grade into the customers table (what lists read)."""
    db.conn.executemany(
        "UPDATE customers SET stage = ? WHERE id = ? AND stage IS NOT ?", [(s, c, s) for c, s in stages.items()]
    )
    db.conn.executemany(
        "UPDATE customers SET grade_auto = ?, grade = coalesce(grade_override, ?) WHERE id = ? "
        "AND (grade_auto IS NOT ? OR grade IS NOT coalesce(grade_override, ?))",
        [(g, g, c, g, g) for c, g in grades.items()],
    )


def outside_stages(db) -> list[tuple[int, str]]:
    """Stages in the customers table that the engine did not put there (CSV import, SQL)."""
    return db.execute(
        f"SELECT c.id, c.stage FROM customers c LEFT JOIN customer_stage s ON s.customer = c.id "
        f"WHERE c.{ACTIVE} AND c.stage IS NOT NULL AND c.stage IS NOT s.stage"
    ).fetchall()


def message_text(db, message: int) -> str:
    row = db.execute("SELECT subject, body_text FROM messages WHERE id = ?", [message]).fetchone()
    return f"{row[0]}\n{row[1]}" if row else ""


# -- rule evidence joined to customers ------------------------------------------------

HITS = f"""
SELECT h.rule, mc.customer, h.message, h.date, h.terms FROM rule_hits h
JOIN message_customers mc ON mc.message = h.message JOIN customers c ON c.id = mc.customer
WHERE c.{ACTIVE}
"""


# Within a span, the customers' messages drive a query over HITS. With an index for the
# rule filter, SQLite looks (message, rule) up once per listed rule for every message:
# about 4.5 ms per rule for 1,000 customers at 100,000 messages. Without one it reads
# each message's few hits and filters them: about 20 ms, whatever the list. From 7 rules
# on the second wins (8 rules: 27 against 30 ms; 20 rules: 22 against 68 to 90 ms).
INDEXED_RULES_UP_TO = 6


def rules_in(rules: list[str], span: Span | None) -> str:
    """The rule filter of a query over HITS: `+rule` keeps SQLite from using an index for it."""
    unindexed = span is not None and len(rules) > INDEXED_RULES_UP_TO
    return f"{'+' if unindexed else ''}rule IN ({','.join('?' * len(rules))})"


def rule_hit_counts(db, rule: str, since: date, span: Span | None = None) -> dict[int, int]:
    return dict(
        db.execute(
            f"SELECT customer, count(DISTINCT message) FROM ({HITS}) "
            f"WHERE rule = ? AND date >= ?{within(span, 'customer')} GROUP BY customer",
            [rule, since.isoformat()],
        ).fetchall()
    )


def hit_summary(
    db,
    rules: list[str],
    since: date | None = None,
    *,
    terms: bool = True,
    by_customer: bool = False,
    span: Span | None = None,
) -> Iterator[tuple]:
    """(rule, customer, first date, last date, messages, latest message, terms JSON lists) per pair.

    Rows stream from the cursor: at 100,000 messages the whole result with its
    concatenated terms is tens of megabytes. ``terms=False`` leaves them out (None);
    ``by_customer`` orders by customer, then rule (rule, then customer otherwise).
    """
    if not rules:
        return iter(())
    where = (" AND date >= ?" if since else "") + within(span, "customer")
    params = [*rules] + ([since.isoformat()] if since else [])
    concatenated = "group_concat(terms, '\x1f')" if terms else "NULL"
    return db.execute(
        f"SELECT rule, customer, min(date), max(date), count(DISTINCT message), max(message), "
        f"{concatenated} FROM ({HITS}) WHERE {rules_in(rules, span)}{where} "
        f"GROUP BY rule, customer ORDER BY {'customer, rule' if by_customer else 'rule, customer'}",
        params,
    )


def recent_hits(db, rules: list[str], since: date, span: Span | None = None) -> list[tuple]:
    """(rule, customer, message, date, terms) of hits since a day: the event window."""
    if not rules:
        return []
    return db.execute(
        f"SELECT rule, customer, message, date, terms FROM ({HITS}) WHERE {rules_in(rules, span)} "
        f"AND date >= ?{within(span, 'customer')} ORDER BY date, message, rule",
        [*rules, since.isoformat()],
    ).fetchall()


def customer_hits(db, customer: int, rules: list[str], limit: int = 20) -> list[dict]:
    """The messages behind a customer's conclusions, newest first, for `why`."""
    if not rules:
        return []
    marks = ",".join("?" * len(rules))
    rows = db.execute(
        f"SELECT h.rule, h.message, h.date, h.terms, m.subject, m.direction, m.from_email, m.body_text "
        f"FROM rule_hits h JOIN message_customers mc ON mc.message = h.message "
        f"JOIN messages m ON m.id = h.message WHERE mc.customer = ? AND h.rule IN ({marks}) "
        f"ORDER BY h.date DESC, h.message DESC LIMIT ?",
        [customer, *rules, limit],
    ).fetchall()
    keys = ("rule", "message", "date", "terms", "subject", "direction", "from_email", "body")
    return [dict(zip(keys, row)) | {"terms": json.loads(row[3])} for row in rows]


# -- naming customers -------------------------------------------------------------------


def find_customer(db, ref: str) -> dict:
    """A customer by #id, key, domain, address or unique name (the customers module's lookup)."""
    from ..customers.lookup import find_customer as lookup  # the customers module owns identity

    try:
        return lookup(db, ref)
    except NotFoundError:
        raise
    except Exception as exc:  # noqa: BLE001 - its errors are MailcrmError kin already
        raise NotFoundError(str(exc)) from None


def customer_names(db, ids) -> dict[int, str]:
    ids = list(ids)
    names: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        names.update(
            (r[0], r[1] or r[2])
            for r in db.execute(f"SELECT id, name, key FROM customers WHERE id IN ({marks})", chunk)
        )
    return names


def customer_rows(db, ids) -> dict[int, dict]:
    ids = list(ids)
    rows: dict[int, dict] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in db.query(
            f"SELECT id, key, name, country, owner, grade, stage, next_contact, language, "
            f"credit_list, timezone FROM customers WHERE id IN ({marks})",
            chunk,
        ):
            rows[row["id"]] = row
    return rows


def unanswered(db, since: str | None = None) -> list[dict]:
    """Per customer: the oldest inbound message after our last reply (and on or after
    ``since``, the horizon's start), oldest first."""
    keys = ("customer", "message", "date", "subject", "from_email")
    return [
        dict(zip(keys, r))
        for r in db.execute(
            f"SELECT w.customer, w.message, w.date, m.subject, m.from_email FROM ("
            f"SELECT customer, message, min(date) AS date FROM ({WAITING}{after_horizon(since)}) GROUP BY customer) w "
            f"JOIN messages m ON m.id = w.message ORDER BY w.date, w.customer"
        )
    ]


def unanswered_before(db, since: str) -> list[dict]:
    """Customers whose unanswered inbound mail is all older than ``since`` (the horizon's
    start): the threads a first sync found left unanswered, newest first. Each row: the
    latest unanswered message, the oldest one's date and how many there are."""
    waiting = {
        r[0]: (r[1], r[2])
        for r in db.execute(
            f"SELECT customer, min(date), count(*) FROM ({WAITING}) GROUP BY customer HAVING max(date) < ?", [since]
        )
    }
    keys = ("customer", "message", "date", "subject", "from_email")
    rows = [
        dict(zip(keys, r), waiting_since=waiting[r[0]][0], messages=waiting[r[0]][1])
        for r in db.execute(
            f"SELECT w.customer, w.message, w.date, m.subject, m.from_email FROM ("
            f"SELECT customer, message, max(date) AS date FROM ({WAITING}) GROUP BY customer) w "
            f"JOIN messages m ON m.id = w.message"
        )
        if r[0] in waiting
    ]
    rows.sort(key=lambda r: r["customer"])
    return sorted(rows, key=lambda r: r["date"], reverse=True)
