"""Address → contact → customer: every message filed under the company it belongs to.

``refresh`` runs after each sync and import. It reads only the messages it has
not seen (a watermark on messages.id), classifies their addresses (ours,
automated, platform, free-mail, company), records contacts and who took part
in each message, creates a customer once there is a real exchange (they wrote
to us, or we wrote to them), files each message under each of its customers
once, then recomputes counts, latency, turn and profiles with set-based SQL.

A change to the settings that decide identities (own domains, accounts,
free-mail list …) is detected by a fingerprint and triggers a full rebuild;
what people decided (merges, splits, ignores, overrides, notes, orders) lives
in its own rows and survives it.

Here: the refresh and its passes over contacts and threads. batch.py classifies
each batch of messages, keys.py writes customers and their keys, aggregates.py
recomputes what is derived.
"""

from __future__ import annotations

import json
import time
from contextlib import nullcontext
from dataclasses import dataclass

from ..clock import utcnow
from ..config import Config
from ..db import transaction
from ..lock import database_lock
from ..mail.addresses import Classifier
from ..streams import id_ranges
from .aggregates import update_aggregates, update_profiles
from .batch import Batch, clean_name
from .bodyfacts import AheadOfFiling
from .documents import classify_new
from .keys import add_event, ensure_customer, mark_dirty, register_functions, set_meta, take_dirty
from .merging import auto_merge, forget_links, kept_apart, merge_recorded, same_person
from .triage import Triage, demotable, verdicts

BATCH = 5000
# Ids per statement in whole-table passes, so that SQLite's memory for one is bounded.
CONTACT_RANGE = 2_000
MESSAGE_RANGE = 10_000


@dataclass
class RefreshSummary:
    messages: int = 0  # messages read in this run
    filed: int = 0  # of them, filed under at least one customer
    new_customers: int = 0
    linked_contacts: int = 0  # contacts whose customer changed
    customers: int = 0  # active customers in total
    pending: int = 0  # senders waiting in `customers pending`
    set_aside: int = 0  # senders the triage found no customer in: spam, bulk, forwarders …
    merged: int = 0  # customers merged into another automatically (merging.py)
    documents: int = 0  # attachments classified by kind (documents.py)
    full: bool = False
    seconds: float = 0.0

    def line(self) -> str:
        kind = "full rebuild: " if self.full else ""
        return (
            f"customers: {kind}{self.messages} messages read, {self.filed} filed, "
            f"{self.new_customers} new customers, {self.customers} active, {self.pending} pending, "
            f"{self.set_aside} senders set aside"
            + (f", {self.merged} merged automatically" if self.merged else "")
            + f" ({self.seconds:.1f} s)"
        )


def refresh(db, config: Config, *, full: bool = False, lock: bool = True) -> RefreshSummary:
    """File new messages under customers and recompute every profile. Safe to run any time."""
    started = time.monotonic()
    classifier = Classifier(config)
    with database_lock(config.database_path, "customers refresh") if lock else nullcontext():
        with transaction(db):
            summary = Refresher(db, config, classifier).run(full)
    summary.seconds = time.monotonic() - started
    return summary


def refresh_within(db, config: Config) -> RefreshSummary:
    """``refresh`` inside the caller's transaction and lock (the rules run promoting senders)."""
    return Refresher(db, config, Classifier(config)).run(False)


def account_owners(config: Config) -> dict[str, str]:
    return {account.name: account.owner for account in config.accounts}


# Inbound, human mail from active customers' contacts, with its thread (free-mail linking).
INBOUND_HUMAN_FACTS = (
    "message_facts f JOIN messages m ON m.id = f.message JOIN contacts c ON c.id = f.contact "
    "JOIN customers cu ON cu.id = c.customer WHERE f.automated = 0 AND m.direction = 'in' AND cu.status = 'active'"
)


class Refresher:
    def __init__(self, db, config: Config, classifier: Classifier):
        self.db, self.config, self.classifier = db, config, classifier
        self.summary = RefreshSummary()
        self.contact_ids: dict[str, int] = {}  # this batch's addresses that are contacts (Batch.run)
        self.lead_ids: dict[str, int] = {}
        self.touched_threads: set[int] | None = set()  # None on a full rebuild: it reads every thread
        self.touched_keys: set[str] = set()  # identity keys of this refresh's contacts (Batch.write)
        self.triage = Triage.of(classifier.settings)
        register_functions(db, classifier, config)

    def run(self, full: bool) -> RefreshSummary:
        meta = dict(self.db.execute("SELECT name, value FROM customer_meta").fetchall())
        fingerprint = self.classifier.fingerprint()
        if meta.get("fingerprint") != fingerprint:
            full = True
        self.summary.full = full
        if full:
            self.reset()
            self.touched_threads = None
        watermark = 0 if full else int(meta.get("watermark") or 0)
        self.load_contacts()
        last = self.read_messages(watermark)
        self.touched_keys.update(
            row[0]
            for row in self.db.execute(
                "UPDATE contacts SET ignored = mc_ignored(email, key) WHERE ignored != mc_ignored(email, key) "
                "RETURNING key"
            )
            if row[0]
        )
        self.update_customer_status()
        if full:
            self.demote()
        verdicts(self.db, self.triage, self.classifier.is_free_mail, None if full else self.touched_keys)
        self.summary.new_customers = self.create_customers()
        changed = self.link_contacts()
        if self.classifier.settings.link_free_mail_by_thread:
            changed |= self.link_free_mail(full)
        auto = self.classifier.settings.auto_merge
        if auto and (full or self.summary.messages or meta.get("auto_merge") != "on"):
            before = self.db.execute("SELECT count(*) FROM customer_merges").fetchone()[0]
            changed |= auto_merge(self.db, full=full, after=watermark)
            self.summary.merged = self.db.execute("SELECT count(*) FROM customer_merges").fetchone()[0] - before
        if full:
            changed |= self.prune()
        self.summary.linked_contacts = len(changed)
        revived = self.db.execute(
            "UPDATE customers SET status = 'active' WHERE status = 'gone' AND EXISTS "
            "(SELECT 1 FROM contacts WHERE customer = customers.id) RETURNING id"
        ).fetchall()
        mark_dirty(self.db, {row[0] for row in revived})
        mark_dirty(self.db, rebuild_message_customers(self.db, None if full else watermark, changed))
        self.summary.filed = self.db.execute(
            "SELECT count(DISTINCT message) FROM message_customers WHERE message > ?", [watermark]
        ).fetchone()[0]
        touched = take_dirty(self.db)
        if full:
            touched = None
        update_aggregates(self.db, touched)
        update_profiles(self.db, self.config.me.company, account_owners(self.config), touched)
        self.summary.customers = self.db.execute("SELECT count(*) FROM customers WHERE status = 'active'").fetchone()[0]
        self.summary.pending, self.summary.set_aside = self.db.execute(
            "SELECT count(*) FILTER (WHERE verdict = 'pending'), count(*) FILTER (WHERE verdict != 'pending') "
            "FROM triage"
        ).fetchone()
        self.summary.documents = classify_new(self.db)
        set_meta(
            self.db,
            watermark=str(last),
            fingerprint=fingerprint,
            refreshed=utcnow(),
            auto_merge="on" if auto else "off",
        )
        return self.summary

    # -- full rebuild ------------------------------------------------------------

    def reset(self) -> None:
        """Forget what was derived from mail; keep what people decided."""
        for table in ("message_customers", "message_contacts", "message_facts"):
            self.db.execute(f"DELETE FROM {table}")
        self.db.execute("UPDATE contacts SET exchanged = 0, lead = 0, wrote = 0, asked = 0, junk = 0")
        self.undo_thread_links()
        keys = []
        for pk, email, key in self.db.execute("SELECT id, email, key FROM contacts WHERE email IS NOT NULL"):
            kind, new_key = self.classifier.classify(email)
            if kind == "external" and new_key != key:
                keys.append((new_key, pk))
        self.db.conn.executemany("UPDATE contacts SET key = ? WHERE id = ?", keys)
        self.db.execute(
            "UPDATE contacts SET customer = NULL WHERE pinned = 0 AND customer IS NOT NULL "
            "AND (key IS NULL OR key NOT IN (SELECT key FROM customer_keys))"
        )

    def demote(self) -> None:
        """After a full rebuild's reading: a customer made from mail alone, whose mail no longer
        holds any business evidence (a spam sender filed before the triage), is set aside."""
        rows = self.db.execute(
            f"SELECT id, key FROM customers WHERE {demotable(self.db)} AND NOT EXISTS (SELECT 1 FROM contacts c "
            "JOIN customer_keys k ON k.key = c.key WHERE k.customer = customers.id "
            "AND (c.exchanged OR c.lead OR c.asked OR c.pinned))"
        ).fetchall()
        for pk, key in rows:
            self.db.execute("DELETE FROM customer_keys WHERE customer = ?", [pk])
            self.db.execute("UPDATE contacts SET customer = NULL WHERE customer = ?", [pk])
            self.db.execute("DELETE FROM message_customers WHERE customer = ?", [pk])
            self.db.execute("UPDATE customers SET status = 'gone' WHERE id = ?", [pk])
            add_event(self.db, pk, "triage", "no business in its mail: set aside by the triage")
        mark_dirty(self.db, [pk for pk, _ in rows])

    def undo_thread_links(self) -> None:
        """Links made from threads are derived from mail too: undone here, found again later."""
        rows = self.db.execute(
            "SELECT c.id, c.key, c.merged_into, e.data FROM customers c JOIN customer_events e ON e.customer = c.id "
            "WHERE c.status = 'merged' AND e.id = (SELECT max(id) FROM customer_events "
            "WHERE customer = c.id AND kind IN ('link', 'merge', 'split')) AND e.kind = 'link'"
        ).fetchall()
        for pk, key, keep, data in rows:
            moved = json.loads(data)
            keys, contacts = moved.get("keys", []), moved.get("contacts", [])
            if keys:
                self.db.execute(
                    f"UPDATE customer_keys SET customer = ? WHERE customer = ? "
                    f"AND key IN ({','.join('?' * len(keys))})",
                    [pk, keep, *keys],
                )
            if contacts:
                self.db.execute(
                    f"UPDATE contacts SET customer = ? WHERE customer = ? AND pinned = 0 "
                    f"AND id IN ({','.join('?' * len(contacts))})",
                    [pk, keep, *contacts],
                )
            self.db.execute("UPDATE customers SET status = 'active', merged_into = NULL WHERE id = ?", [pk])
            forget_links(self.db, pk, keep)
            self.db.execute(
                "DELETE FROM customer_events WHERE kind = 'link' AND (customer = ? OR "
                "(customer = ? AND json_extract(data, '$.from') = ?))",
                [pk, keep, key],
            )

    def prune(self) -> set[int]:
        """After a full rebuild: drop contacts and customers the mail no longer supports."""
        gone = {
            row[0]
            for row in self.db.execute(
                "DELETE FROM contacts WHERE source = 'mail' AND pinned = 0 AND id NOT IN "
                "(SELECT contact FROM message_contacts) RETURNING id"
            )
        }
        # Customer ids stay stable (other modules keep rows per customer): an empty one is set aside
        # as 'gone' and comes back to life when its mail does.
        self.db.execute(
            "UPDATE customers SET status = 'gone' WHERE status = 'active' AND source = 'mail' "
            "AND NOT EXISTS (SELECT 1 FROM contacts WHERE customer = customers.id) "
            "AND NOT EXISTS (SELECT 1 FROM notes WHERE customer = customers.id) "
            "AND NOT EXISTS (SELECT 1 FROM orders WHERE customer = customers.id AND source != 'mail') "
            "AND NOT EXISTS (SELECT 1 FROM customer_events WHERE customer = customers.id "
            "AND kind NOT IN ('created', 'link')) "
            "AND name_override IS NULL AND country_override IS NULL AND owner_override IS NULL "
            "AND grade_override IS NULL AND next_contact IS NULL AND credit_list IS NULL"
        )
        return gone

    # -- reading messages -----------------------------------------------------------

    def load_contacts(self) -> None:
        """Leads by key (few: platform buyers without an address). Contacts with an address
        are looked up a batch at a time: a map of them all grew with the mailbox (17,000
        contacts, 2.5 MB at 200,000 messages)."""
        for pk, key in self.db.execute("SELECT id, key FROM contacts WHERE email IS NULL AND key IS NOT NULL"):
            self.lead_ids[key] = pk

    def look_up_contacts(self, emails) -> None:
        wanted = sorted(set(emails))
        self.contact_ids = dict.fromkeys(wanted)  # None: no contact yet
        # One statement for any number of addresses: an IN list of its own length each batch
        # would fill the statement cache with big prepared statements (2 MB at 200,000 messages).
        self.contact_ids.update(
            self.db.execute(
                "SELECT email, id FROM contacts WHERE email IN (SELECT value FROM json_each(?))", [json.dumps(wanted)]
            ).fetchall()
        )

    def read_messages(self, watermark: int) -> int:
        last = watermark
        with AheadOfFiling(self.db, self.classifier, self.config.me.company, watermark, self.triage) as self.ahead:
            while True:
                rows = self.db.execute(
                    "SELECT id, from_email, subject, headers, date, thread_id, direction, parse_error "
                    "FROM messages WHERE id > ? ORDER BY id LIMIT ?",
                    [last, BATCH],
                ).fetchall()
                if not rows:
                    return last
                Batch(self, rows).run()
                self.summary.messages += len(rows)
                last = rows[-1][0]

    def contact(self, email: str, key: str, name: str, date: str | None, source: str = "mail") -> int:
        if email not in self.contact_ids:  # not one of the batch's addresses: a buyer's in a platform mail
            row = self.db.execute("SELECT id FROM contacts WHERE email = ?", [email]).fetchone()
            self.contact_ids[email] = row[0] if row else None
        pk = self.contact_ids[email]
        if pk is None:
            pk = self.db.execute(
                "INSERT INTO contacts (email, key, name, source, first_seen, last_seen, ignored) "
                "VALUES (?, ?, ?, ?, ?, ?, mc_ignored(?, ?))",
                [email, key, clean_name(name, email), source, date, date, email, key],
            ).lastrowid
            self.contact_ids[email] = pk
        return pk

    def lead_contact(self, key: str, name: str, company: str, country: str | None, source: str) -> int:
        pk = self.lead_ids.get(key)
        if pk is None:
            pk = self.db.execute(
                "INSERT INTO contacts (email, key, name, company, country, source, lead) "
                "VALUES (NULL, ?, ?, ?, ?, ?, 1)",
                [key, name, company or None, country, source],
            ).lastrowid
            self.lead_ids[key] = pk
        return pk

    # -- customers from contacts --------------------------------------------------------

    def update_customer_status(self) -> None:
        flipped = self.db.execute(
            "UPDATE customers SET status = 'ignored' WHERE status = 'active' AND mc_ignored_key(key) RETURNING id"
        ).fetchall()
        flipped += self.db.execute(
            "UPDATE customers SET status = 'active' WHERE status = 'ignored' AND NOT mc_ignored_key(key) RETURNING id"
        ).fetchall()
        mark_dirty(self.db, {row[0] for row in flipped})

    def create_customers(self) -> int:
        """A customer for every identity the triage found business evidence for (triage.py)."""
        rows = self.db.execute(
            "SELECT key, max(exchanged OR asked), group_concat(DISTINCT CASE WHEN lead THEN source END) FROM contacts "
            "WHERE customer IS NULL AND ignored = 0 AND pinned = 0 AND key IS NOT NULL "
            "AND key IN (SELECT key FROM triage WHERE verdict = 'customer') "
            "AND key NOT IN (SELECT key FROM customer_keys) GROUP BY key"
        ).fetchall()
        self.db.execute("DELETE FROM triage WHERE verdict = 'customer'")
        created = []
        for key, exchanged, lead_sources in rows:
            source = "mail" if exchanged else (lead_sources or "mail").split(",")[0]
            created.append(ensure_customer(self.db, key, source, mark=False))
        # Once for all: the dirty list is one JSON value, rewritten whole at every mark.
        mark_dirty(self.db, created)
        return len(rows)

    def link_contacts(self) -> set[int]:
        """Contacts follow the customer of their key; ignored contacts belong to nobody."""
        changed: set[int] = set()
        for low, high in id_ranges(self.db, "contacts", CONTACT_RANGE):
            changed |= self.link_contact_range(low, high)
        return changed

    def link_contact_range(self, low: int, high: int) -> set[int]:
        # A range at a time: SQLite holds an UPDATE ... RETURNING's rows until the end, and on a
        # first filing every contact moves (8 MB more at 200,000 messages in one statement).
        span = f"BETWEEN {int(low)} AND {int(high)}"
        moving = (
            "FROM contacts c JOIN customer_keys k ON k.key = c.key WHERE c.ignored = 0 AND c.pinned = 0 "
            f"AND c.customer IS NOT k.customer AND c.id {span}"
        )
        before = self.db.execute(f"SELECT c.customer, k.customer {moving}").fetchall()
        before += self.db.execute(
            f"SELECT customer, NULL FROM contacts WHERE ignored = 1 AND customer IS NOT NULL AND id {span}"
        ).fetchall()
        mark_dirty(self.db, {c for pair in before for c in pair if c})
        changed = {
            row[0]
            for row in self.db.execute(
                "UPDATE contacts SET customer = k.customer FROM customer_keys k WHERE k.key = contacts.key "
                "AND contacts.ignored = 0 AND contacts.pinned = 0 AND contacts.customer IS NOT k.customer "
                f"AND contacts.id {span} RETURNING contacts.id"
            )
        }
        changed |= {
            row[0]
            for row in self.db.execute(
                f"UPDATE contacts SET customer = NULL WHERE ignored = 1 AND customer IS NOT NULL AND id {span} "
                "RETURNING id"
            )
        }
        return changed

    def link_free_mail(self, full: bool) -> set[int]:
        """A free-mail buyer who also writes from a company address in the same thread joins the company.

        Only when the names agree: a forwarder on gmail in the same thread stays separate.
        """
        if not full and not self.touched_threads:
            return set()
        self.thread_scope(self.touched_threads or [])
        scope = "" if full else "AND m.thread_id IN (SELECT thread FROM _threads)"
        # Only threads with one company and a free-mail person can link: at 100,000 messages
        # that is a dozen threads, where reading every thread's rows held 37,000 in memory.
        self.thread_scope(self.mixed_threads(scope))
        rows = self.db.execute(
            "SELECT DISTINCT m.thread_id, c.id, c.email, c.name, c.customer, cu.kind, c.pinned, m.subject "
            f"FROM {INBOUND_HUMAN_FACTS} AND m.thread_id IN (SELECT thread FROM _threads)"
        ).fetchall()
        threads: dict[int, list] = {}
        for row in rows:
            threads.setdefault(row[0], []).append(row)
        changed: set[int] = set()
        for thread_rows in threads.values():
            companies = {r[4] for r in thread_rows if r[5] == "company"}
            if len(companies) != 1:
                continue
            company = companies.pop()
            company_names = [r[3] for r in thread_rows if r[4] == company]
            for _, contact, email, name, customer, kind, pinned, subject in thread_rows:
                if kind != "person" or pinned or customer == company:
                    continue
                if kept_apart(self.db, company, customer):
                    continue
                if any(same_person(name, email, other) for other in company_names):
                    rows = self.db.execute(
                        "SELECT id, key FROM customers WHERE id IN (?, ?)", [company, customer]
                    ).fetchall()
                    keep, other = ({"id": pk, "key": key} for pk, key in sorted(rows, key=lambda r: r[0] != company))
                    changed |= merge_recorded(
                        self.db,
                        keep,
                        other,
                        "person",
                        f"{email} is the same person writing from {keep['key']} (thread “{subject}”)",
                        automatic=True,
                        kind="link",
                    )
        return changed

    def thread_scope(self, threads) -> None:
        """The temp table of threads the next query is limited to."""
        self.db.execute("DROP TABLE IF EXISTS temp._threads")
        self.db.execute("CREATE TEMP TABLE _threads (thread INTEGER PRIMARY KEY)")
        self.db.conn.executemany("INSERT OR IGNORE INTO _threads VALUES (?)", [(t,) for t in threads])

    def mixed_threads(self, scope: str) -> list[int]:
        """Threads where exactly one company and an unpinned free-mail person write to us."""
        return [
            thread
            for (thread,) in self.db.execute(
                f"SELECT m.thread_id FROM {INBOUND_HUMAN_FACTS} {scope} GROUP BY m.thread_id "
                "HAVING max(cu.kind = 'person' AND c.pinned = 0) "
                "AND count(DISTINCT CASE WHEN cu.kind = 'company' THEN cu.id END) = 1"
            )
        ]


def rebuild_message_customers(db, watermark: int | None, changed: set[int]) -> set[int]:
    """message_customers for new messages and for messages of contacts that moved (None: all).

    Returns the customers whose mail changed (none listed after a full rebuild: all did).
    """
    insert = (
        "INSERT OR IGNORE INTO message_customers (message, customer, automated) "
        "SELECT mc.message, c.customer, max(f.automated) FROM message_contacts mc "
        "JOIN contacts c ON c.id = mc.contact JOIN message_facts f ON f.message = mc.message "
        "WHERE c.customer IS NOT NULL {where} GROUP BY mc.message, c.customer"
    )
    if watermark is None:
        db.execute("DELETE FROM message_customers")
        # By ranges of messages: one GROUP BY over every message's contacts sorted them all in
        # memory at once (SQLite's temp store is memory), 6 MB more at 200,000 messages.
        for low, high in id_ranges(db, "messages", MESSAGE_RANGE):
            db.execute(insert.format(where=f"AND mc.message BETWEEN {int(low)} AND {int(high)}"))
        return set()
    db.execute("DROP TABLE IF EXISTS temp._affected")
    db.execute("CREATE TEMP TABLE _affected (message INTEGER PRIMARY KEY)")
    db.execute("INSERT INTO _affected SELECT id FROM messages WHERE id > ?", [watermark])
    if changed:
        db.execute("DROP TABLE IF EXISTS temp._changed")
        db.execute("CREATE TEMP TABLE _changed (contact INTEGER PRIMARY KEY)")
        db.conn.executemany("INSERT OR IGNORE INTO _changed VALUES (?)", [(c,) for c in changed])
        db.execute(
            "INSERT OR IGNORE INTO _affected SELECT message FROM message_contacts "
            "WHERE contact IN (SELECT contact FROM _changed)"
        )
    touched_sql = "SELECT DISTINCT customer FROM message_customers WHERE message IN (SELECT message FROM _affected)"
    touched = {row[0] for row in db.execute(touched_sql)}
    db.execute("DELETE FROM message_customers WHERE message IN (SELECT message FROM _affected)")
    db.execute(insert.format(where="AND mc.message IN (SELECT message FROM _affected)"))
    return touched | {row[0] for row in db.execute(touched_sql)}
