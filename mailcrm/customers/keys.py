"""The rows both filing and people's decisions write: customers and the keys they are
filed under, their events, the dirty list the next refresh recomputes, the refresh's
meta values, and the SQL functions that say what is ignored.
"""

from __future__ import annotations

import json
import re

from ..clock import utcnow
from ..config import Config
from ..mail.addresses import Classifier, domain_of


def kind_of(key: str) -> str:
    if key.startswith("lead:"):
        return "lead"
    return "person" if "@" in key else "company"


def ensure_customer(db, key: str, source: str, *, mark: bool = True) -> int:
    """The customer filed under this key, created (or revived) when needed.

    ``mark=False``: the caller marks the new customers dirty itself, in one go.
    """
    found = db.execute("SELECT customer FROM customer_keys WHERE key = ?", [key]).fetchone()
    if found:
        return found[0]
    row = db.execute("SELECT id, status FROM customers WHERE key = ?", [key]).fetchone()
    if row:
        customer = row[0]
        db.execute("UPDATE customers SET status = 'active', merged_into = NULL WHERE id = ?", [customer])
    else:
        customer = db.execute(
            "INSERT INTO customers (key, kind, source, created, name, name_auto) VALUES (?, ?, ?, ?, ?, ?)",
            [key, kind_of(key), source, utcnow(), key.removeprefix("lead:"), key.removeprefix("lead:")],
        ).lastrowid
        add_event(db, customer, "created", f"customer created from {source}")
    db.execute("INSERT INTO customer_keys (key, customer, added) VALUES (?, ?, ?)", [key, customer, utcnow()])
    if mark:
        mark_dirty(db, {customer})
    return customer


def add_event(db, customer: int, kind: str, text: str, data: dict | None = None) -> None:
    db.execute(
        "INSERT INTO customer_events (customer, at, kind, text, data) VALUES (?, ?, ?, ?, ?)",
        [customer, utcnow(), kind, text, json.dumps(data or {}, ensure_ascii=False)],
    )


def merge_rows(db, keep: int, other: int, kind: str, reason: str) -> set[int]:
    """Move everything of `other` under `keep`; returns the contacts that moved."""
    mark_dirty(db, {keep, other})
    keys = [row[0] for row in db.execute("SELECT key FROM customer_keys WHERE customer = ?", [other])]
    db.execute("UPDATE customer_keys SET customer = ? WHERE customer = ?", [keep, other])
    moved = {
        row[0] for row in db.execute("UPDATE contacts SET customer = ? WHERE customer = ? RETURNING id", [keep, other])
    }
    for table in ("notes", "orders"):
        db.execute(f"UPDATE {table} SET customer = ? WHERE customer = ?", [keep, other])
    db.execute(
        "UPDATE customers SET stage = coalesce(customers.stage, o.stage), "
        "next_contact = coalesce(customers.next_contact, o.next_contact), "
        "credit_list = coalesce(customers.credit_list, o.credit_list), "
        "owner_override = coalesce(customers.owner_override, o.owner_override), "
        "grade_override = coalesce(customers.grade_override, o.grade_override) "
        "FROM (SELECT * FROM customers WHERE id = ?) AS o WHERE customers.id = ?",
        [other, keep],
    )
    db.execute("UPDATE customers SET status = 'merged', merged_into = ? WHERE id = ?", [keep, other])
    db.execute("UPDATE customers SET merged_into = ? WHERE merged_into = ?", [keep, other])
    db.execute("DELETE FROM message_customers WHERE customer = ?", [other])
    other_key = db.execute("SELECT key FROM customers WHERE id = ?", [other]).fetchone()[0]
    add_event(
        db,
        keep,
        kind,
        reason or f"merged {other_key} into this customer",
        {"from": other_key, "keys": keys, "contacts": sorted(moved)},
    )
    add_event(db, other, kind, f"merged into customer #{keep}", {"into": keep, "keys": keys, "contacts": sorted(moved)})
    return moved


def customer_keys(db, pk: int) -> list[str]:
    return [row[0] for row in db.execute("SELECT key FROM customer_keys WHERE customer = ?", [pk])]


def mark_dirty(db, ids) -> None:
    """Customers whose counts or profile must be recomputed by the next refresh."""
    db.conn.executemany("INSERT OR IGNORE INTO customer_dirty (customer) VALUES (?)", [(i,) for i in ids if i])


def take_dirty(db) -> set[int]:
    return {row[0] for row in db.execute("DELETE FROM customer_dirty RETURNING customer")}


def set_meta(db, **values: str) -> None:
    db.conn.executemany(
        "INSERT INTO customer_meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        list(values.items()),
    )


def register_functions(db, classifier: Classifier, config: Config) -> None:
    """mc_ignored(email, key) and mc_ignored_key(key) for set-based SQL."""
    targets = {row[0]: row[1] for row in db.execute("SELECT target, kind FROM ignores")}
    for value in classifier.settings.ignore:
        targets[value] = "address" if "@" in value else "domain"
    addresses = {t for t, kind in targets.items() if kind == "address"}
    domains = {t for t, kind in targets.items() if kind == "domain"}

    def domain_ignored(domain: str) -> bool:
        parts = domain.split(".")
        return any(".".join(parts[i:]) in domains for i in range(len(parts) - 1))

    def ignored(email, key) -> int:
        if email and (email in addresses or domain_ignored(domain_of(email))):
            return 1
        return int(bool(key) and "@" not in key and domain_ignored(key))

    def ignored_key(key) -> int:
        if not key or key.startswith("lead:"):
            return 0
        return ignored(key, None) if "@" in key else ignored(None, key)

    db.conn.create_function("mc_ignored", 2, ignored, deterministic=True)
    db.conn.create_function("mc_ignored_key", 1, ignored_key, deterministic=True)


def slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.casefold()).strip("-")[:60] or "unnamed"
