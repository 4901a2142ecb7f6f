"""The `record_order` action: orders seen in the mail go into the customers' order book.

After the message rules, the matches of rules with ``record_order = true`` (the shipped
``stage.order``) are read by the customers part (customers.mail_orders), which keeps what
places an order: a purchase order they sent, an order they confirm. Inbound mail in the
thread of a proforma invoice we sent (our match) is read too: their confirmation or
payment is the order, with the PI's number and total.
"""

from __future__ import annotations

import hashlib

from ..customers.mail_orders import Candidate, record_mail_orders
from .changes import RunReport
from .model import RuleSet

CHUNK = 500


def record_orders_from_mail(db, ruleset: RuleSet, report: RunReport) -> None:
    rules = sorted(r.id for r in ruleset.scope("message") if r.actions("record_order"))
    fingerprints = "|".join(f"{r.id}={r.fingerprint}" for r in ruleset.scope("message") if r.id in rules)
    basis = hashlib.sha256(fingerprints.encode()).hexdigest()[:16] if rules else "none"
    recorded, forgotten = record_mail_orders(db, lambda after: candidates(db, rules, after), basis)
    for order in recorded:
        amount = f"{order['currency']} {order['amount']:,.2f}" if order["amount"] is not None else "amount not stated"
        number = f" {order['order_no']}" if order["order_no"] else ""
        report.add(
            "order", order["customer"], f"order{number} from mail ({order['how']}, {amount}), #{order['message']}"
        )
    if forgotten:
        report.add("order", None, f"{forgotten} orders from mail no longer found in the mail: forgotten")


def candidates(db, rules: list[str], after: int) -> list[Candidate]:
    """Messages after ``after`` to read, in id order, each with the proforma invoice we sent
    before it in its thread (the latest one), if any."""
    if not rules:
        return []
    marks = ",".join("?" * len(rules))
    ours: dict[int, list[tuple[str, int]]] = {}  # thread → (date, message) of our matched mail
    for message, thread, when in db.execute(
        f"SELECT m.id, m.thread_id, m.date FROM rule_hits h JOIN messages m ON m.id = h.message "
        f"WHERE h.rule IN ({marks}) AND m.direction = 'out' AND m.thread_id IS NOT NULL",
        rules,
    ):
        ours.setdefault(thread, []).append((when or "", message))
    found: dict[int, tuple[int | None, str]] = {}  # message → (thread, date)
    for message, thread, when in db.execute(
        f"SELECT m.id, m.thread_id, m.date FROM rule_hits h JOIN messages m ON m.id = h.message "
        f"WHERE h.rule IN ({marks}) AND h.message > ? AND m.direction = 'in'",
        [*rules, after],
    ):
        found[message] = (thread, when or "")
    threads = sorted(ours)
    for start in range(0, len(threads), CHUNK):
        chunk = threads[start : start + CHUNK]
        for message, thread, when in db.execute(
            f"SELECT id, thread_id, date FROM messages WHERE id > ? AND direction = 'in' "
            f"AND thread_id IN ({','.join('?' * len(chunk))})",
            [after, *chunk],
        ):
            found[message] = (thread, when or "")
    return [
        Candidate(message, proforma_before(ours.get(thread, []), when, message))
        for message, (thread, when) in sorted(found.items())
    ]


def proforma_before(ours: list[tuple[str, int]], when: str, message: int) -> int | None:
    earlier = [(d, m) for d, m in ours if (d, m) < (when, message)]
    return max(earlier)[1] if earlier else None
