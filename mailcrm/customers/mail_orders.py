"""Orders seen in the mail: recorded with source 'mail', the message, and the amount when stated.

The rule engine names the messages to read (the matches of rules with ``record_order``,
and inbound mail in the threads of a proforma invoice we sent); order_text decides whether
each places an order. A message is read once (a cursor in customer_meta), and reading it
again records nothing twice: the fingerprint is the customer and the order number, else
the message. When the rules that name the messages change, every mail order is read anew.

The ledger wins: a mail order is not recorded when an order of the customer (from any
source) has the same number, and an order added by hand or from CSV replaces the mail
order with its number (customers.orders.insert_order).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from typing import Callable, Iterable

from ..clock import utcnow
from ..workers import fork_pool
from .keys import set_meta
from .order_text import OrderInMail, canonical_no, order_in, proforma_in

META = "mail_orders"  # customer_meta: {"basis": ..., "cursor": last message id read}
# Bumped when order_text reads differently: every mail order is then read again.
DETECTOR_VERSION = "1"


@dataclass(frozen=True)
class Candidate:
    """A message to read: ``proforma`` is the id of a proforma invoice we sent before it in its thread."""

    message: int
    proforma: int | None = None


def record_mail_orders(db, candidates: Callable[[int], Iterable[Candidate]], basis: str) -> tuple[list[dict], int]:
    """Read the candidates after the cursor; returns (orders recorded, mail orders forgotten).

    ``candidates(after)`` gives the messages with id > after to read; ``basis`` names what
    chose them (the rules' fingerprints): when it or the customers' identity settings change,
    mail orders are read again from the first message, and those no longer found are forgotten.
    """
    meta = dict(db.execute("SELECT name, value FROM customer_meta WHERE name IN (?, 'fingerprint')", [META]))
    # the customers' identity settings too: when they change, mail is filed anew, and so are its orders
    basis = f"{DETECTOR_VERSION}:{basis}:{meta.get('fingerprint') or ''}"
    state = json.loads(meta[META]) if meta.get(META) else {}
    cursor = int(state.get("cursor", 0)) if state.get("basis") == basis else 0
    before: set[str] = set()
    if cursor == 0:
        before = {r[0] for r in db.execute("SELECT fingerprint FROM orders WHERE source = 'mail'")}
        db.execute("DELETE FROM orders WHERE source = 'mail'")
    recorded = []
    for order in read_candidates(db, list(candidates(cursor))):
        if order and insert_mail_order(db, order):
            recorded.append(order)
    last = db.execute("SELECT coalesce(max(id), 0) FROM messages").fetchone()[0]
    set_meta(db, **{META: json.dumps({"basis": basis, "cursor": max(cursor, last)})})
    now = {r[0] for r in db.execute("SELECT fingerprint FROM orders WHERE source = 'mail'")}
    return [o for o in recorded if o["fingerprint"] not in before], len(before - now)


# Below this many messages to read, forking workers costs more than reading them here.
PARALLEL_MIN = 2000
CHUNK_READ = 500


def read_candidates(db, candidates: list[Candidate]) -> list[dict | None]:
    """Each candidate's order (or None), in order. The rows are fetched here; reading the text
    (order_text: pure CPU, ~0.2 ms a message) runs in forked workers when there are many, as
    the rules' message pass does: on a first run over a big mailbox that halves its time."""
    rows = [fetch(db, candidate) for candidate in candidates]
    rows = [row for row in rows if row]
    if len(rows) < PARALLEL_MIN:
        return read_rows(rows)
    chunks = [rows[start : start + CHUNK_READ] for start in range(0, len(rows), CHUNK_READ)]
    with fork_pool(min(os.cpu_count() or 1, 4)) as pool:
        return [order for part in pool.map(read_rows, chunks) for order in part]


def fetch(db, candidate: Candidate) -> dict | None:
    """What reading a candidate needs from the database: the message, its customer, and the
    texts of the proforma invoice we sent before it."""
    row = db.execute(
        "SELECT m.id, m.date, m.direction, m.subject, m.body_text, m.attachment_names, m.thread_id, "
        "(SELECT min(mc.customer) FROM message_customers mc JOIN customers c ON c.id = mc.customer "
        " WHERE mc.message = m.id AND mc.automated = 0 AND c.status = 'active') "
        "FROM messages m WHERE m.id = ? AND m.parse_error IS NULL",
        [candidate.message],
    ).fetchone()
    if not row or row[2] != "in" or not row[1] or row[7] is None:
        return None
    proforma = None
    if candidate.proforma:
        proforma = db.execute(
            "SELECT id, subject, body_text, attachment_names FROM messages WHERE id = ?", [candidate.proforma]
        ).fetchone()
    return {"row": tuple(row), "proforma": tuple(proforma) if proforma else None}


def read_rows(rows: list[dict]) -> list[dict | None]:
    proformas: dict[int, OrderInMail] = {}
    return [read_row(row, proformas) for row in rows]


def read_row(fetched: dict, proformas: dict[int, OrderInMail]) -> dict | None:
    row, pi = fetched["row"], fetched["proforma"]
    proforma = None
    if pi:
        if pi[0] not in proformas:
            proformas[pi[0]] = proforma_in(pi[1] or "", pi[2] or "", pi[3] or "")
        proforma = proformas[pi[0]]
    found = order_in(row[3] or "", row[4] or "", row[5] or "", proforma=proforma)
    if found is None:
        return None
    return {
        "customer": row[7],
        "date": row[1][:10],
        "message": row[0],
        "thread": row[6],
        "order_no": found.order_no,
        "amount": found.amount,
        "currency": found.currency,
        "how": found.how,
        "fingerprint": fingerprint(row[7], found.order_no, row[0]),
    }


def fingerprint(customer: int, order_no: str | None, message: int) -> str:
    basis = f"mail|{customer}|no|{canonical_no(order_no)}" if order_no else f"mail|{customer}|message|{message}"
    return hashlib.sha256(basis.encode()).hexdigest()[:32]


def insert_mail_order(db, order: dict) -> bool:
    """True when recorded: not when the customer has an order with its number, nor when their
    thread already gave a mail order (the PO, then its payment) unless both are numbered apart."""
    wanted = canonical_no(order["order_no"])
    if wanted:
        numbers = db.execute(
            "SELECT order_no FROM orders WHERE customer = ? AND order_no IS NOT NULL", [order["customer"]]
        )
        if any(canonical_no(n) == wanted for (n,) in numbers):
            return False
    if order["thread"] is not None:
        in_thread = [
            canonical_no(r[0])
            for r in db.execute(
                "SELECT o.order_no FROM orders o JOIN messages m ON m.id = o.message WHERE o.source = 'mail' "
                "AND o.customer = ? AND m.thread_id = ?",
                [order["customer"], order["thread"]],
            )
        ]
        if in_thread and (not wanted or "" in in_thread):  # one thread, one order, unless numbered apart
            return False
    known = order["amount"] is not None
    cursor = db.execute(
        "INSERT INTO orders (customer, date, amount, currency, product, quantity, paid, outstanding, order_no, "
        "source, fingerprint, created, message, amount_known) VALUES (?, ?, ?, ?, '', NULL, 0, 0, ?, 'mail', ?, ?, ?, ?) "
        "ON CONFLICT (fingerprint) DO NOTHING",
        [
            order["customer"],
            order["date"],
            order["amount"] if known else 0.0,
            order["currency"] or "",
            order["order_no"],
            order["fingerprint"],
            utcnow(),
            order["message"],
            int(known),
        ],
    )
    return cursor.rowcount == 1


def drop_mail_orders_numbered(db, customer: int, order_no: str | None) -> int:
    """Forget the mail orders of this customer with this number: the ledger has the order."""
    if not order_no:
        return 0
    wanted = canonical_no(order_no)
    ids = [
        r[0]
        for r in db.execute(
            "SELECT id, order_no FROM orders WHERE customer = ? AND source = 'mail' AND order_no IS NOT NULL",
            [customer],
        )
        if canonical_no(r[1]) == wanted
    ]
    for pk in ids:
        db.execute("DELETE FROM orders WHERE id = ?", [pk])
    return len(ids)
