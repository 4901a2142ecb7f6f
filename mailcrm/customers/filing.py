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
"""

from __future__ import annotations

import json
import re
import time
import zlib
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_tz
from typing import Iterator

from .bodyfacts import AheadOfFiling, text_facts
from ..config import Config
from ..csvrows import Row, read_rows
from ..db import row_id, transaction
from ..errors import MailcrmError, NotFoundError
from ..mail.addresses import (
    REPORT_TYPES,
    Classifier,
    automated_by_headers,
    check_ignore_target,
    customer_settings,
    domain_of,
    looks_like_domain,
    looks_like_email,
    registrable_domain,
)
from ..lock import database_lock
from .profile import apply_effective, country_code, parse_platform_buyer, update_aggregates, update_profiles
from ..streams import id_ranges

BATCH = 5000
# Ids per statement in whole-table passes, so that SQLite's memory for one is bounded.
CONTACT_RANGE = 2_000
MESSAGE_RANGE = 10_000
STAGES = ("inquiry", "quotation", "sample", "negotiation", "order", "shipment", "after-sales")
GRADES = ("A", "B", "C")
CREDIT_LISTS = ("red", "grey", "black")
CLEAR = ("", "none", "-", "clear")
EXCHANGE_ROLES = {"in": ("from", "reply_to"), "out": ("to", "cc", "bcc")}


def utcnow() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# --------------------------------------------------------------------------- refresh


@dataclass
class RefreshSummary:
    messages: int = 0          # messages read in this run
    filed: int = 0             # of them, filed under at least one customer
    new_customers: int = 0
    linked_contacts: int = 0   # contacts whose customer changed
    customers: int = 0         # active customers in total
    full: bool = False
    seconds: float = 0.0

    def line(self) -> str:
        kind = "full rebuild: " if self.full else ""
        return (f"customers: {kind}{self.messages} messages read, {self.filed} filed, "
                f"{self.new_customers} new customers, {self.customers} active ({self.seconds:.1f} s)")


def refresh(db, config: Config, *, full: bool = False, lock: bool = True) -> RefreshSummary:
    """File new messages under customers and recompute every profile. Safe to run any time."""
    started = time.monotonic()
    classifier = Classifier(config)
    with database_lock(config.database_path, "customers refresh") if lock else nullcontext():
        with transaction(db):
            summary = Refresher(db, config, classifier).run(full)
    summary.seconds = time.monotonic() - started
    return summary


def account_owners(config: Config) -> dict[str, str]:
    return {account.name: account.owner for account in config.accounts}


# Inbound, human mail from active customers' contacts, with its thread (free-mail linking).
INBOUND_HUMAN_FACTS = (
    "message_facts f JOIN messages m ON m.id = f.message JOIN contacts c ON c.id = f.contact "
    "JOIN customers cu ON cu.id = c.customer WHERE f.automated = 0 AND m.direction = 'in' AND cu.status = 'active'")


class Refresher:
    def __init__(self, db, config: Config, classifier: Classifier):
        self.db, self.config, self.classifier = db, config, classifier
        self.summary = RefreshSummary()
        self.contact_ids: dict[str, int] = {}  # this batch's addresses that are contacts (Batch.run)
        self.lead_ids: dict[str, int] = {}
        self.touched_threads: set[int] | None = set()  # None on a full rebuild: it reads every thread
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
        self.db.execute("UPDATE contacts SET ignored = mc_ignored(email, key) "
                        "WHERE ignored != mc_ignored(email, key)")
        self.update_customer_status()
        self.summary.new_customers = self.create_customers()
        changed = self.link_contacts()
        if self.classifier.settings.link_free_mail_by_thread:
            changed |= self.link_free_mail(full)
        if full:
            changed |= self.prune()
        self.summary.linked_contacts = len(changed)
        revived = self.db.execute("UPDATE customers SET status = 'active' WHERE status = 'gone' AND EXISTS "
                                  "(SELECT 1 FROM contacts WHERE customer = customers.id) RETURNING id").fetchall()
        mark_dirty(self.db, {row[0] for row in revived})
        mark_dirty(self.db, rebuild_message_customers(self.db, None if full else watermark, changed))
        self.summary.filed = self.db.execute(
            "SELECT count(DISTINCT message) FROM message_customers WHERE message > ?", [watermark]).fetchone()[0]
        touched = take_dirty(self.db)
        if full:
            touched = None
        update_aggregates(self.db, touched)
        update_profiles(self.db, self.config.me.company, account_owners(self.config), touched)
        self.summary.customers = self.db.execute(
            "SELECT count(*) FROM customers WHERE status = 'active'").fetchone()[0]
        set_meta(self.db, watermark=str(last), fingerprint=fingerprint, refreshed=utcnow())
        return self.summary

    # -- full rebuild ------------------------------------------------------------

    def reset(self) -> None:
        """Forget what was derived from mail; keep what people decided."""
        for table in ("message_customers", "message_contacts", "message_facts"):
            self.db.execute(f"DELETE FROM {table}")
        self.db.execute("UPDATE contacts SET exchanged = 0, lead = 0")
        self.undo_thread_links()
        keys = []
        for pk, email, key in self.db.execute("SELECT id, email, key FROM contacts WHERE email IS NOT NULL"):
            kind, new_key = self.classifier.classify(email)
            if kind == "external" and new_key != key:
                keys.append((new_key, pk))
        self.db.conn.executemany("UPDATE contacts SET key = ? WHERE id = ?", keys)
        self.db.execute("UPDATE contacts SET customer = NULL WHERE pinned = 0 AND customer IS NOT NULL "
                        "AND (key IS NULL OR key NOT IN (SELECT key FROM customer_keys))")

    def undo_thread_links(self) -> None:
        """Links made from threads are derived from mail too: undone here, found again later."""
        rows = self.db.execute(
            "SELECT c.id, c.key, c.merged_into, e.data FROM customers c JOIN customer_events e ON e.customer = c.id "
            "WHERE c.status = 'merged' AND e.id = (SELECT max(id) FROM customer_events "
            "WHERE customer = c.id AND kind IN ('link', 'merge', 'split')) AND e.kind = 'link'").fetchall()
        for pk, key, keep, data in rows:
            moved = json.loads(data)
            keys, contacts = moved.get("keys", []), moved.get("contacts", [])
            if keys:
                self.db.execute(f"UPDATE customer_keys SET customer = ? WHERE customer = ? "
                                f"AND key IN ({','.join('?' * len(keys))})", [pk, keep, *keys])
            if contacts:
                self.db.execute(f"UPDATE contacts SET customer = ? WHERE customer = ? AND pinned = 0 "
                                f"AND id IN ({','.join('?' * len(contacts))})", [pk, keep, *contacts])
            self.db.execute("UPDATE customers SET status = 'active', merged_into = NULL WHERE id = ?", [pk])
            self.db.execute("DELETE FROM customer_events WHERE kind = 'link' AND (customer = ? OR "
                            "(customer = ? AND json_extract(data, '$.from') = ?))", [pk, keep, key])

    def prune(self) -> set[int]:
        """After a full rebuild: drop contacts and customers the mail no longer supports."""
        gone = {row[0] for row in self.db.execute(
            "DELETE FROM contacts WHERE source = 'mail' AND pinned = 0 AND id NOT IN "
            "(SELECT contact FROM message_contacts) RETURNING id")}
        # Customer ids stay stable (other modules keep rows per customer): an empty one is set aside
        # as 'gone' and comes back to life when its mail does.
        self.db.execute(
            "UPDATE customers SET status = 'gone' WHERE status = 'active' AND source = 'mail' "
            "AND NOT EXISTS (SELECT 1 FROM contacts WHERE customer = customers.id) "
            "AND NOT EXISTS (SELECT 1 FROM notes WHERE customer = customers.id) "
            "AND NOT EXISTS (SELECT 1 FROM orders WHERE customer = customers.id) "
            "AND NOT EXISTS (SELECT 1 FROM customer_events WHERE customer = customers.id "
            "AND kind NOT IN ('created', 'link')) "
            "AND name_override IS NULL AND country_override IS NULL AND owner_override IS NULL "
            "AND grade_override IS NULL AND next_contact IS NULL AND credit_list IS NULL")
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
        self.contact_ids.update(self.db.execute(
            "SELECT email, id FROM contacts WHERE email IN (SELECT value FROM json_each(?))",
            [json.dumps(wanted)]).fetchall())

    def read_messages(self, watermark: int) -> int:
        last = watermark
        with AheadOfFiling(self.db, self.classifier, self.config.me.company, watermark) as self.ahead:
            while True:
                rows = self.db.execute(
                    "SELECT id, from_email, subject, headers, date, thread_id, direction, parse_error "
                    "FROM messages WHERE id > ? ORDER BY id LIMIT ?", [last, BATCH]).fetchall()
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
                [email, key, clean_name(name, email), source, date, date, email, key]).lastrowid
            self.contact_ids[email] = pk
        return pk

    def lead_contact(self, key: str, name: str, company: str, country: str | None, source: str) -> int:
        pk = self.lead_ids.get(key)
        if pk is None:
            pk = self.db.execute(
                "INSERT INTO contacts (email, key, name, company, country, source, lead) "
                "VALUES (NULL, ?, ?, ?, ?, ?, 1)", [key, name, company or None, country, source]).lastrowid
            self.lead_ids[key] = pk
        return pk

    # -- customers from contacts --------------------------------------------------------

    def update_customer_status(self) -> None:
        flipped = self.db.execute("UPDATE customers SET status = 'ignored' WHERE status = 'active' "
                                  "AND mc_ignored_key(key) RETURNING id").fetchall()
        flipped += self.db.execute("UPDATE customers SET status = 'active' WHERE status = 'ignored' "
                                   "AND NOT mc_ignored_key(key) RETURNING id").fetchall()
        mark_dirty(self.db, {row[0] for row in flipped})

    def create_customers(self) -> int:
        """A customer for every identity with a real exchange (or a platform lead) and none yet."""
        rows = self.db.execute(
            "SELECT key, max(exchanged), group_concat(DISTINCT CASE WHEN lead THEN source END) FROM contacts "
            "WHERE customer IS NULL AND ignored = 0 AND pinned = 0 AND key IS NOT NULL "
            "AND (exchanged = 1 OR lead = 1) AND key NOT IN (SELECT key FROM customer_keys) "
            "GROUP BY key").fetchall()
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
        moving = "FROM contacts c JOIN customer_keys k ON k.key = c.key WHERE c.ignored = 0 AND c.pinned = 0 " \
                 f"AND c.customer IS NOT k.customer AND c.id {span}"
        before = self.db.execute(f"SELECT c.customer, k.customer {moving}").fetchall()
        before += self.db.execute("SELECT customer, NULL FROM contacts WHERE ignored = 1 "
                                  f"AND customer IS NOT NULL AND id {span}").fetchall()
        mark_dirty(self.db, {c for pair in before for c in pair if c})
        changed = {row[0] for row in self.db.execute(
            "UPDATE contacts SET customer = k.customer FROM customer_keys k WHERE k.key = contacts.key "
            "AND contacts.ignored = 0 AND contacts.pinned = 0 AND contacts.customer IS NOT k.customer "
            f"AND contacts.id {span} RETURNING contacts.id")}
        changed |= {row[0] for row in self.db.execute(
            f"UPDATE contacts SET customer = NULL WHERE ignored = 1 AND customer IS NOT NULL AND id {span} "
            "RETURNING id")}
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
            f"FROM {INBOUND_HUMAN_FACTS} AND m.thread_id IN (SELECT thread FROM _threads)").fetchall()
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
                if any(same_person(name, email, other) for other in company_names):
                    key = self.db.execute("SELECT key FROM customers WHERE id = ?", [company]).fetchone()[0]
                    changed |= merge_rows(self.db, company, customer, "link",
                                          f"{email} is the same person writing from {key} "
                                          f"(thread “{subject}”)")
        return changed

    def thread_scope(self, threads) -> None:
        """The temp table of threads the next query is limited to."""
        self.db.execute("DROP TABLE IF EXISTS temp._threads")
        self.db.execute("CREATE TEMP TABLE _threads (thread INTEGER PRIMARY KEY)")
        self.db.conn.executemany("INSERT OR IGNORE INTO _threads VALUES (?)", [(t,) for t in threads])

    def mixed_threads(self, scope: str) -> list[int]:
        """Threads where exactly one company and an unpinned free-mail person write to us."""
        return [thread for (thread,) in self.db.execute(
            f"SELECT m.thread_id FROM {INBOUND_HUMAN_FACTS} {scope} GROUP BY m.thread_id "
            "HAVING max(cu.kind = 'person' AND c.pinned = 0) "
            "AND count(DISTINCT CASE WHEN cu.kind = 'company' THEN cu.id END) = 1")]


class Batch:
    """Classifies up to BATCH messages: directions, contacts, exchanges, signature facts."""

    def __init__(self, refresher: Refresher, rows: list):
        self.r = refresher
        self.db = refresher.db
        self.classifier = refresher.classifier
        self.rows = rows
        self.links: list[tuple] = []
        self.facts: dict[int, list] = {}
        self.directions: list[tuple] = []
        self.exchanged: set[int] = set()
        self.names: dict[int, str] = {}
        self.seen: dict[int, list[str]] = {}
        self.need_body: dict[int, int] = {}      # message -> from contact (inbound, human)
        self.platform_mail: dict[int, tuple] = {}  # message -> (platform, date, reply-to addresses)

    def run(self) -> None:
        low, high = self.rows[0][0], self.rows[-1][0]
        addresses: dict[int, list] = {}
        for message, role, email, name in self.db.execute(
                "SELECT message, role, email, name FROM addresses WHERE message BETWEEN ? AND ? "
                "ORDER BY message, role, position", [low, high]):
            addresses.setdefault(message, []).append((role, email, name))
        self.r.look_up_contacts(email for parties in addresses.values() for _, email, _ in parties)
        reports = {row[0] for row in self.db.execute(
            f"SELECT DISTINCT message FROM attachments WHERE message BETWEEN ? AND ? "
            f"AND content_type IN ({','.join('?' * len(REPORT_TYPES))})", [low, high, *REPORT_TYPES])}
        for row in self.rows:
            self.message(row, addresses.get(row[0], []), row[0] in reports)
        self.read_bodies()
        self.write()

    def message(self, row, parties: list, is_report: bool) -> None:
        pk, from_email, subject, headers, when, thread, direction, parse_error = row
        if parse_error and not parties:
            self.facts[pk] = [pk, None, 1, None, None, None, None, None, None, None, None]
            return
        from_email = (from_email or "").lower()
        from_kind, _ = self.classifier.classify(from_email) if from_email else ("invalid", None)
        recipients = [email for role, email, _ in parties if role in ("to", "cc", "bcc")]
        new_direction = self.classifier.direction(from_email, recipients)
        if new_direction != direction:  # storing sets it with the same rule: only settings changes differ
            self.directions.append((new_direction, pk))
        try:
            header_map = json.loads(headers) if headers and headers != "{}" else {}
        except ValueError:
            header_map = {}
        automated = bool(automated_by_headers(header_map, subject or "") or is_report
                         or from_kind in ("automated", "invalid") and new_direction == "in")
        platform = self.classifier.platform(from_email) if from_kind == "platform" else None
        if platform and new_direction == "in":
            reply_to = [email for role, email, _ in parties if role == "reply_to"]
            self.platform_mail[pk] = (platform, when, reply_to)
            automated = True  # until a buyer is found in it
        if thread is not None and self.r.touched_threads is not None:
            self.r.touched_threads.add(thread)
        from_contact = None
        for role, email, name in parties:
            if role == "sender" or new_direction == "internal" or platform:
                continue
            kind, key = self.classifier.classify(email)
            if kind != "external":
                continue
            contact = self.r.contact(email, key, name, when)
            self.links.append((pk, contact, role))
            self.seen.setdefault(contact, []).append(when or "")
            if name and (role == "from" or contact not in self.names):
                self.names[contact] = name
            if not automated and role in EXCHANGE_ROLES[new_direction]:
                self.exchanged.add(contact)
            if role == "from":
                from_contact = contact
        self.facts[pk] = [pk, from_contact, int(automated), platform, None, None, None, None, None, None, None]
        if from_contact and not automated and new_direction == "in":
            self.need_body[pk] = from_contact

    def read_bodies(self) -> None:
        """Language and signature of inbound human mail (workers may have them ready); platform mail."""
        unread = []
        for pk in self.need_body:
            found = self.r.ahead.take(pk)
            if found is None:
                unread.append(pk)
            else:
                self.facts[pk][4:10] = found
        wanted = unread + list(self.platform_mail)
        own_company = self.r.config.me.company
        for start in range(0, len(wanted), 900):
            chunk = wanted[start:start + 900]
            marks = ",".join("?" * len(chunk))
            bodies = self.db.execute(f"SELECT id, subject, body_text FROM messages WHERE id IN ({marks})", chunk)
            for pk, subject, body in bodies:
                if pk in self.platform_mail:
                    self.platform(pk, subject or "", body or "")
                else:
                    self.facts[pk][4:10] = text_facts(body, own_company)
        needs_offset = list(self.need_body)
        for start in range(0, len(needs_offset), 900):
            self.read_offsets(needs_offset[start:start + 900])

    def read_offsets(self, ids: list[int]) -> None:
        """UTC offset of the Date header: picks the zone in countries that span several.

        Stored at parse time; mail stored before that (or without an offset) is read raw.
        """
        wanted = [pk for pk in ids if pk in self.need_body]
        marks = ",".join("?" * len(wanted))
        unknown = []
        for pk, offset in self.db.execute(f"SELECT id, utc_offset FROM messages WHERE id IN ({marks})", wanted):
            if offset is None:
                unknown.append(pk)
            else:
                self.facts[pk][10] = offset
        marks = ",".join("?" * len(unknown))
        for pk, compression, data in self.db.execute(
                f"SELECT message, compression, data FROM message_raw WHERE message IN ({marks})", unknown):
            if pk not in self.need_body:
                continue
            try:
                head = raw_head(compression, data)
            except Exception:  # noqa: BLE001 - a damaged blob only costs us a time zone hint
                continue
            match = re.search(rb"^Date:[ \t]*([^\r\n]+)", head, re.M | re.I)
            if match:
                parsed = parsedate_tz(match.group(1).decode("ascii", "replace"))
                if parsed and parsed[9] is not None:
                    self.facts[pk][10] = parsed[9] // 60

    def platform(self, pk: int, subject: str, body: str) -> None:
        platform, when, reply_to = self.platform_mail[pk]
        buyer = parse_platform_buyer(subject, body)
        emails = [e for e in reply_to + (buyer.emails or []) if self.classifier.classify(e)[0] == "external"]
        contact = None
        if emails:
            email = emails[0]
            contact = self.r.contact(email, self.classifier.key_of(email), buyer.name, when, source=platform)
            self.db.execute(
                "UPDATE contacts SET company = coalesce(company, ?), country = coalesce(country, ?), "
                "name = CASE WHEN name = '' THEN ? ELSE name END WHERE id = ?",
                [buyer.company or None, buyer.country, buyer.name, contact])
        elif buyer.name or buyer.company:
            key = "lead:" + slug(buyer.company or buyer.name)
            contact = self.r.lead_contact(key, buyer.name, buyer.company, buyer.country, platform)
        if contact is None:
            return  # platform news, tips, promotions: nobody to file it under
        self.db.execute("UPDATE contacts SET lead = 1 WHERE id = ?", [contact])
        self.links.append((pk, contact, "buyer"))
        self.seen.setdefault(contact, []).append(when or "")
        self.facts[pk][1:3] = [contact, 0]

    def write(self) -> None:
        db = self.db.conn
        db.executemany("UPDATE messages SET direction = ? WHERE id = ?", self.directions)
        db.executemany("INSERT OR IGNORE INTO message_contacts (message, contact, role) VALUES (?, ?, ?)",
                       self.links)
        db.executemany(
            "INSERT OR REPLACE INTO message_facts (message, contact, automated, platform, language, company, "
            "title, phone, phone_country, website, utc_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            list(self.facts.values()))
        db.executemany("UPDATE contacts SET exchanged = 1 WHERE id = ? AND exchanged = 0",
                       [(c,) for c in self.exchanged])
        db.executemany("UPDATE contacts SET name = ? WHERE id = ? AND name != ?",
                       [(clean_name(name, ""), c, clean_name(name, "")) for c, name in self.names.items()
                        if clean_name(name, "")])
        db.executemany(
            "UPDATE contacts SET first_seen = min(coalesce(first_seen, ?), ?), "
            "last_seen = max(coalesce(last_seen, ?), ?) WHERE id = ?",
            [(min(d), min(d), max(d), max(d), c) for c, d in self.seen.items() if any(d)])
        # Title, phone and the company they sign for: the latest signature wins.
        db.executemany(
            "UPDATE contacts SET title = coalesce(?, title), phone = coalesce(?, phone), "
            "website = coalesce(?, website) WHERE id = ?",
            [(f[6], f[7], f[9], f[1]) for f in self.facts.values()
             if f[1] and (f[6] or f[7] or f[9])])
        db.executemany("UPDATE contacts SET company = ? WHERE id = ? AND source = 'mail'",
                       [(f[5], f[1]) for f in self.facts.values() if f[1] and f[5]])


def raw_head(compression: str, data: bytes, size: int = 8192) -> bytes:
    """The first bytes of a stored message (its headers) without decompressing all of it."""
    if compression == "zlib":
        return zlib.decompressobj().decompress(data, size)
    if compression == "zstd":
        import io

        import zstandard

        with zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data)) as reader:
            return reader.read(size)
    if compression == "none":
        return data[:size]
    from ..mail.store import decompress

    return decompress(compression, data)[:size]


def rebuild_message_customers(db, watermark: int | None, changed: set[int]) -> set[int]:
    """message_customers for new messages and for messages of contacts that moved (None: all).

    Returns the customers whose mail changed (none listed after a full rebuild: all did).
    """
    insert = ("INSERT OR IGNORE INTO message_customers (message, customer, automated) "
              "SELECT mc.message, c.customer, max(f.automated) FROM message_contacts mc "
              "JOIN contacts c ON c.id = mc.contact JOIN message_facts f ON f.message = mc.message "
              "WHERE c.customer IS NOT NULL {where} GROUP BY mc.message, c.customer")
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
        db.execute("INSERT OR IGNORE INTO _affected SELECT message FROM message_contacts "
                   "WHERE contact IN (SELECT contact FROM _changed)")
    touched_sql = "SELECT DISTINCT customer FROM message_customers WHERE message IN (SELECT message FROM _affected)"
    touched = {row[0] for row in db.execute(touched_sql)}
    db.execute("DELETE FROM message_customers WHERE message IN (SELECT message FROM _affected)")
    db.execute(insert.format(where="AND mc.message IN (SELECT message FROM _affected)"))
    return touched | {row[0] for row in db.execute(touched_sql)}


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


def mark_dirty(db, ids) -> None:
    """Customers whose counts or profile must be recomputed by the next refresh."""
    db.conn.executemany("INSERT OR IGNORE INTO customer_dirty (customer) VALUES (?)", [(i,) for i in ids if i])


def take_dirty(db) -> set[int]:
    return {row[0] for row in db.execute("DELETE FROM customer_dirty RETURNING customer")}


def set_meta(db, **values: str) -> None:
    db.conn.executemany("INSERT INTO customer_meta (name, value) VALUES (?, ?) "
                        "ON CONFLICT (name) DO UPDATE SET value = excluded.value", list(values.items()))


def clean_name(name: str, email: str) -> str:
    name = (name or "").strip().strip("'\"").strip()
    if not name or "@" in name or name.lower() == email.split("@")[0]:
        return ""
    return name[:120]


def slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.casefold()).strip("-")[:60] or "unnamed"


def same_person(name: str, email: str, other: str) -> bool:
    """Display names agree (order and case aside), or the free-mail local part spells the other name."""
    def tokens(text: str) -> set[str]:
        return {t for t in re.split(r"[\W\d_]+", (text or "").casefold()) if len(t) > 1}

    other_tokens = tokens(other)
    if len(other_tokens) < 2:
        return False
    mine = tokens(name)
    if len(mine) >= 2 and (mine <= other_tokens or other_tokens <= mine):
        return True
    return tokens(email.split("@")[0]) == other_tokens


# --------------------------------------------------------------------------- customers and keys


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
            [key, kind_of(key), source, utcnow(), key.removeprefix("lead:"), key.removeprefix("lead:")]).lastrowid
        add_event(db, customer, "created", f"customer created from {source}")
    db.execute("INSERT INTO customer_keys (key, customer, added) VALUES (?, ?, ?)", [key, customer, utcnow()])
    if mark:
        mark_dirty(db, {customer})
    return customer


def add_event(db, customer: int, kind: str, text: str, data: dict | None = None) -> None:
    db.execute("INSERT INTO customer_events (customer, at, kind, text, data) VALUES (?, ?, ?, ?, ?)",
               [customer, utcnow(), kind, text, json.dumps(data or {}, ensure_ascii=False)])


def merge_rows(db, keep: int, other: int, kind: str, reason: str) -> set[int]:
    """Move everything of `other` under `keep`; returns the contacts that moved."""
    mark_dirty(db, {keep, other})
    keys = [row[0] for row in db.execute("SELECT key FROM customer_keys WHERE customer = ?", [other])]
    db.execute("UPDATE customer_keys SET customer = ? WHERE customer = ?", [keep, other])
    moved = {row[0] for row in db.execute(
        "UPDATE contacts SET customer = ? WHERE customer = ? RETURNING id", [keep, other])}
    for table in ("notes", "orders"):
        db.execute(f"UPDATE {table} SET customer = ? WHERE customer = ?", [keep, other])
    db.execute(
        "UPDATE customers SET stage = coalesce(customers.stage, o.stage), "
        "next_contact = coalesce(customers.next_contact, o.next_contact), "
        "credit_list = coalesce(customers.credit_list, o.credit_list), "
        "owner_override = coalesce(customers.owner_override, o.owner_override), "
        "grade_override = coalesce(customers.grade_override, o.grade_override) "
        "FROM (SELECT * FROM customers WHERE id = ?) AS o WHERE customers.id = ?", [other, keep])
    db.execute("UPDATE customers SET status = 'merged', merged_into = ? WHERE id = ?", [keep, other])
    db.execute("UPDATE customers SET merged_into = ? WHERE merged_into = ?", [keep, other])
    db.execute("DELETE FROM message_customers WHERE customer = ?", [other])
    other_key = db.execute("SELECT key FROM customers WHERE id = ?", [other]).fetchone()[0]
    add_event(db, keep, kind, reason or f"merged {other_key} into this customer",
              {"from": other_key, "keys": keys, "contacts": sorted(moved)})
    add_event(db, other, kind, f"merged into customer #{keep}", {"into": keep, "keys": keys,
                                                                 "contacts": sorted(moved)})
    return moved


# --------------------------------------------------------------------------- finding customers


def find_customer(db, ref: str, *, follow: bool = True) -> dict:
    """A customer by key, id (#12), contact address, domain or (unique) name."""
    text = str(ref).strip()
    if not text:
        raise NotFoundError("name a customer: its key (domain or address), #id, or name")
    row = None
    lowered = text.lower().lstrip("@")
    if re.fullmatch(r"#?\d+", text) and not looks_like_domain(text):
        pk = row_id(text.lstrip("#"))  # None for "#²" or 30 digits: they name no row
        row = db.execute("SELECT id FROM customers WHERE id = ?", [pk]).fetchone() if pk is not None else None
    if row is None:
        row = db.execute("SELECT id FROM customers WHERE key = ?", [lowered]).fetchone()
    if row is None:
        row = db.execute("SELECT customer FROM customer_keys WHERE key = ?", [lowered]).fetchone()
    if row is None and "@" in lowered:
        row = db.execute("SELECT customer FROM contacts WHERE email = ? AND customer IS NOT NULL",
                         [lowered]).fetchone()
        if row is None:
            row = db.execute("SELECT customer FROM customer_keys WHERE key = ?",
                             [registrable_domain(domain_of(lowered))]).fetchone()
    if row is None and looks_like_domain(lowered):
        row = db.execute("SELECT customer FROM customer_keys WHERE key = ?",
                         [registrable_domain(lowered)]).fetchone()
    if row is None:
        matches = db.execute("SELECT id FROM customers WHERE status != 'merged' AND "
                             "(lower(name) = lower(?) OR lower(name_auto) = lower(?))", [text, text]).fetchall()
        if not matches:
            matches = db.execute("SELECT id FROM customers WHERE status != 'merged' AND name LIKE ?",
                                 [f"%{text}%"]).fetchall()
        if len(matches) > 1:
            names = ", ".join(customer_row(db, m[0])["key"] for m in matches[:8])
            raise NotFoundError(f"{text!r} matches several customers: {names}")
        row = matches[0] if matches else None
    if row is None:
        raise NotFoundError(f"no customer {text!r} (try `mailcrm customers list --text {text}`)")
    customer = customer_row(db, row[0])
    while follow and customer["status"] == "merged" and customer["merged_into"]:
        customer = customer_row(db, customer["merged_into"])
    return customer


def customer_row(db, pk: int) -> dict:
    rows = list(db.query("SELECT * FROM customers WHERE id = ?", [pk]))
    if not rows:
        raise NotFoundError(f"no customer #{pk}")
    return rows[0]


# --------------------------------------------------------------------------- reading


LIST_COLUMNS = ("id, key, kind, status, name, country, timezone, language, owner, stage, grade, credit_list, "
                "next_contact, messages_in, messages_out, threads, first_in, last_in, first_out, last_out, "
                "their_reply_hours, our_reply_hours, last_direction, turn, source, created")
SORTS = {
    "last": "max(coalesce(last_in, ''), coalesce(last_out, '')) DESC",
    "name": "lower(name)",
    "messages": "messages_in + messages_out DESC",
    "country": "country IS NULL, country, lower(name)",
    "owner": "owner IS NULL, owner, lower(name)",
    "first": "min(coalesce(first_in, '9'), coalesce(first_out, '9'))",
    "next": "next_contact IS NULL, next_contact",
    "created": "created DESC",
}


def list_customers(db, config: Config | None = None, *, country: str | None = None, owner: str | None = None,
                   tag: str | None = None, grade: str | None = None, stage: str | None = None,
                   text: str | None = None, turn: str | None = None, sort: str = "last",
                   include_all: bool = False, limit: int | None = None,
                   ids: list[int] | None = None) -> list[dict]:
    """Customers matching every filter given; `ids` restricts to a set (a segment)."""
    where, params = [], []
    if ids is not None:
        where.append("id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(list(ids)))
    if not include_all:
        where.append("status = 'active'")
    if country:
        code = country_code(country)
        if not code:
            raise MailcrmError(f"unknown country {country!r} (use a code like DE or a name like Germany)")
        where.append("country = ?")
        params.append(code)
    if owner:
        where.append("lower(owner) = lower(?)")
        params.append(resolve_owner(config, owner) if config else owner)
    if grade:
        where.append("upper(grade) = upper(?)")
        params.append(grade)
    if stage:
        where.append("stage = ?")
        params.append(stage.lower())
    if turn:
        where.append("turn = ?")
        params.append(turn)
    if tag:
        where.append(tag_condition(db))
        params.append(tag)
    if text:
        like = f"%{text}%"
        where.append("(name LIKE ? OR key LIKE ? OR id IN (SELECT customer FROM contacts WHERE email LIKE ? "
                     "OR name LIKE ? OR company LIKE ?) OR id IN (SELECT customer FROM customer_keys WHERE key LIKE ?))")
        params += [like] * 6
    if sort not in SORTS:
        raise MailcrmError(f"unknown sort {sort!r} (one of: {', '.join(SORTS)})")
    sql = f"SELECT {LIST_COLUMNS} FROM customers"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {SORTS[sort]}, id"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [dict(row) for row in db.query(sql, params)]


def tag_condition(db) -> str:
    """Tags are written by the rule engine into customer_tags (customer, tag)."""
    if "customer_tags" not in db.table_names():
        raise MailcrmError("no tags yet: tags are added by the rules (run the rule engine first)")
    columns = {c.name for c in db["customer_tags"].columns}
    active = " AND active = 1" if "active" in columns else ""
    return f"id IN (SELECT customer FROM customer_tags WHERE tag = ?{active})"


def resolve_owner(config: Config | None, owner: str) -> str:
    """An account name (lisa) stands for its owner (Lisa Chen)."""
    if config:
        for account in config.accounts:
            if owner.lower() in (account.name.lower(), account.owner.lower(), account.email):
                return account.owner
    return owner


def profile(db, ref: str) -> dict:
    """Everything about one customer except the timeline."""
    customer = find_customer(db, ref)
    pk = customer["id"]
    customer["keys"] = [row[0] for row in db.execute(
        "SELECT key FROM customer_keys WHERE customer = ? ORDER BY key", [pk])]
    customer["contacts"] = [dict(row) for row in db.query(
        "SELECT c.id, c.email, c.name, c.title, c.phone, c.company, c.country, c.source, c.first_seen, "
        "c.last_seen, (SELECT count(*) FROM message_contacts mc WHERE mc.contact = c.id) AS messages "
        "FROM contacts c WHERE c.customer = ? ORDER BY messages DESC, c.email", [pk])]
    customer["orders"] = order_totals(db, pk)
    customer["notes"] = [dict(row) for row in db.query(
        "SELECT id, at, author, text FROM notes WHERE customer = ? ORDER BY at DESC", [pk])]
    customer["merged"] = [row[0] for row in db.execute(
        "SELECT key FROM customers WHERE merged_into = ? ORDER BY key", [pk])]
    return customer


def order_totals(db, customer: int) -> dict:
    rows = db.execute("SELECT currency, count(*), sum(amount), sum(paid), sum(outstanding), max(date) "
                      "FROM orders WHERE customer = ? GROUP BY currency ORDER BY sum(amount) DESC",
                      [customer]).fetchall()
    return {"count": sum(r[1] for r in rows), "last": max((r[5] for r in rows), default=None),
            "by_currency": [{"currency": r[0], "orders": r[1], "amount": round(r[2], 2), "paid": round(r[3], 2),
                             "outstanding": round(r[4], 2)} for r in rows]}


def timeline(db, ref: str, *, limit: int | None = 50) -> list[dict]:
    """Mail in and out (each message once), notes, orders and events, newest first."""
    pk = find_customer(db, ref)["id"]
    entries = [dict(row, kind="message") for row in db.query(
        "SELECT m.id, m.date AS at, m.direction, m.from_email, m.from_name, m.subject, m.thread_id, "
        "m.attachment_names, mc.automated, "
        "(SELECT group_concat(c.email, ', ') FROM message_contacts x JOIN contacts c ON c.id = x.contact "
        " WHERE x.message = m.id AND c.customer = mc.customer AND x.role IN ('to', 'cc', 'bcc')) AS to_emails, "
        "(SELECT group_concat(coalesce(nullif(c.name, ''), c.email), ', ') FROM message_contacts x "
        " JOIN contacts c ON c.id = x.contact "
        " WHERE x.message = m.id AND c.customer = mc.customer AND x.role IN ('to', 'cc', 'bcc')) AS to_names "
        "FROM message_customers mc JOIN messages m ON m.id = mc.message WHERE mc.customer = ? "
        "ORDER BY m.date DESC, m.id DESC" + (f" LIMIT {int(limit)}" if limit else ""), [pk])]
    entries += [dict(row, kind="note") for row in db.query(
        "SELECT id, at, author, text FROM notes WHERE customer = ?", [pk])]
    entries += [dict(row, kind="order") for row in db.query(
        "SELECT id, date AS at, amount, currency, product, quantity, paid, outstanding, order_no "
        "FROM orders WHERE customer = ?", [pk])]
    entries += [dict(row, kind="event") for row in db.query(
        "SELECT id, at, kind AS event, text FROM customer_events WHERE customer = ? AND kind != 'created'", [pk])]
    entries.sort(key=lambda e: (e["at"] or "", e["kind"] == "message", e["id"]), reverse=True)
    return entries[:limit] if limit else entries


def summary_line(customer: dict) -> str:
    """'them' / 'us' in words a salesperson uses."""
    if customer.get("turn") == "us":
        return f"our turn: they wrote last ({(customer.get('last_in') or '')[:10]}), not answered yet"
    if customer.get("turn") == "them":
        return f"their turn: we wrote last ({(customer.get('last_out') or '')[:10]})"
    return "no exchange yet"


# --------------------------------------------------------------------------- changing (people's decisions)


@contextmanager
def changing(db, config: Config, what: str) -> Iterator[None]:
    """Hold the lock, change in one transaction, then refresh so counts and links follow."""
    with database_lock(config.database_path, what):
        with transaction(db):
            yield
        refresh(db, config, lock=False)


def merge(db, config: Config, keep_ref: str, other_ref: str) -> dict:
    keep = find_customer(db, keep_ref)
    other = find_customer(db, other_ref)
    if keep["id"] == other["id"]:
        raise MailcrmError(f"{keep_ref} and {other_ref} are the same customer ({keep['key']})")
    with changing(db, config, "customers merge"):
        moved = merge_rows(db, keep["id"], other["id"], "merge", f"merged {other['key']} into this customer")
        rebuild_for_contacts(db, moved)
    return profile(db, keep["key"])


def rebuild_for_contacts(db, contacts: set[int]) -> None:
    if contacts:
        mark_dirty(db, rebuild_message_customers(db, 1 << 62, contacts))


def split(db, config: Config, ref: str, part: str) -> dict:
    """Take a domain or an address out of a customer into its own customer."""
    customer = find_customer(db, ref)
    part = part.strip().lower().lstrip("@")
    classifier = Classifier(config)
    with changing(db, config, "customers split"):
        if looks_like_email(part):
            contact = db.execute("SELECT id, customer FROM contacts WHERE email = ?", [part]).fetchone()
            if not contact or contact[1] != customer["id"]:
                raise MailcrmError(f"{part} is not a contact of {customer['key']}")
            keys = {part}
            contact_ids = {contact[0]}
        elif looks_like_domain(part):
            domain = registrable_domain(part)
            if domain == customer["key"] and len(customer_keys(db, customer["id"])) == 1:
                raise MailcrmError(f"{domain} is the only domain of {customer['key']}: nothing to split from")
            owned = db.execute("SELECT 1 FROM customer_keys WHERE key = ? AND customer = ?",
                               [domain, customer["id"]]).fetchone()
            if not owned:
                raise MailcrmError(f"{domain} is not a domain of {customer['key']}")
            keys = {domain}
            contact_ids = {row[0] for row in db.execute(
                "SELECT id FROM contacts WHERE customer = ? AND key = ?", [customer["id"], domain])}
        else:
            raise MailcrmError(f"{part!r} is neither an address nor a domain")
        new_key = part if "@" in part else registrable_domain(part)
        db.execute("DELETE FROM customer_keys WHERE key IN (%s)" % ",".join("?" * len(keys)), list(keys))
        source = "mail" if classifier.classify(part if "@" in part else f"x@{part}")[0] == "external" else "manual"
        new = ensure_customer(db, new_key, source)
        db.execute("UPDATE contacts SET customer = ?, pinned = ? WHERE id IN (%s)" % ",".join("?" * len(contact_ids)),
                   [new, int("@" in part), *contact_ids])
        mark_dirty(db, {customer["id"], new})
        add_event(db, customer["id"], "split", f"{part} split off into its own customer", {"key": new_key})
        add_event(db, new, "split", f"split off from {customer['key']}", {"from": customer["key"]})
        rebuild_for_contacts(db, contact_ids)
    return profile(db, new_key)


def customer_keys(db, pk: int) -> list[str]:
    return [row[0] for row in db.execute("SELECT key FROM customer_keys WHERE customer = ?", [pk])]


def parse_next_contact(value: str, today: date | None = None) -> str:
    today = today or date.today()
    match = re.fullmatch(r"\+?(\d+)\s*([dwm])", value.strip().lower())
    if match:
        n, unit = int(match.group(1)), match.group(2)
        days = n * {"d": 1, "w": 7, "m": 30}[unit]
        return (today + timedelta(days=days)).isoformat()
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise MailcrmError(f"next contact {value!r}: use YYYY-MM-DD or +14d / +2w / +3m") from None


@dataclass
class Changes:
    name: str | None = None
    country: str | None = None
    timezone: str | None = None
    language: str | None = None
    owner: str | None = None
    stage: str | None = None
    grade: str | None = None
    next_contact: str | None = None
    credit: str | None = None


def set_fields(db, config: Config, ref: str, changes: Changes, today: date | None = None) -> dict:
    """Set what a person knows better than the mail; an empty value ('' / none) clears it."""
    customer = find_customer(db, ref)
    columns = validate_changes(config, changes, today)
    if not columns:
        raise MailcrmError("nothing to set: give at least one option (see --help)")
    with database_lock(config.database_path, "customers set"), transaction(db):
        assignments = ", ".join(f"{column} = ?" for column in columns)
        db.execute(f"UPDATE customers SET {assignments} WHERE id = ?", [*columns.values(), customer["id"]])
        for column, value in columns.items():
            label = column.removesuffix("_override")
            add_event(db, customer["id"], "stage" if column == "stage" else "set",
                      f"{label}: {customer.get(label) or '—'} → {value or '(inferred)'}",
                      {"field": label, "old": customer.get(label), "new": value})
        apply_effective(db, [customer["id"]])
    return profile(db, customer["key"])


def validate_changes(config: Config, changes: Changes, today: date | None) -> dict:
    columns: dict[str, str | None] = {}

    def given(value):
        return value is not None

    def cleared(value: str) -> bool:
        return value.strip().lower() in CLEAR

    if given(changes.name):
        columns["name_override"] = None if cleared(changes.name) else changes.name.strip()
    if given(changes.country):
        code = None if cleared(changes.country) else country_code(changes.country)
        if not cleared(changes.country) and not code:
            raise MailcrmError(f"unknown country {changes.country!r} (use a code like DE or a name like Germany)")
        columns["country_override"] = code
    if given(changes.timezone):
        if not cleared(changes.timezone):
            from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
            try:
                ZoneInfo(changes.timezone.strip())
            except (ZoneInfoNotFoundError, ValueError):
                raise MailcrmError(f"unknown time zone {changes.timezone!r} (e.g. Europe/Berlin)") from None
        columns["timezone_override"] = None if cleared(changes.timezone) else changes.timezone.strip()
    if given(changes.language):
        value = changes.language.strip().lower()
        value = value.replace("-", "_")
        if not cleared(value) and not re.fullmatch(r"[a-z]{2}(_[a-z]{2})?", value):
            raise MailcrmError(f"language {changes.language!r}: use a code such as de, es, zh, zh_tw")
        columns["language_override"] = None if cleared(value) else value
    if given(changes.owner):
        columns["owner_override"] = None if cleared(changes.owner) else resolve_owner(config, changes.owner.strip())
    if given(changes.stage):
        value = changes.stage.strip().lower()
        if not cleared(value) and value not in STAGES:
            raise MailcrmError(f"unknown stage {changes.stage!r} (one of: {', '.join(STAGES)})")
        columns["stage"] = None if cleared(value) else value
    if given(changes.grade):
        value = changes.grade.strip().upper()
        if not cleared(value) and value not in GRADES:
            raise MailcrmError(f"grade {changes.grade!r}: one of {', '.join(GRADES)}")
        columns["grade_override"] = None if cleared(value) else value
    if given(changes.next_contact):
        columns["next_contact"] = None if cleared(changes.next_contact) else parse_next_contact(changes.next_contact, today)
    if given(changes.credit):
        value = changes.credit.strip().lower().replace("gray", "grey")
        if not cleared(value) and value not in CREDIT_LISTS:
            raise MailcrmError(f"credit list {changes.credit!r}: one of {', '.join(CREDIT_LISTS)} (or none)")
        columns["credit_list"] = None if cleared(value) else value
    return columns


def add_note(db, config: Config, ref: str, text: str, author: str | None = None) -> dict:
    if not text.strip():
        raise MailcrmError("the note is empty")
    customer = find_customer(db, ref)
    with database_lock(config.database_path, "customers note"), transaction(db):
        pk = db.execute("INSERT INTO notes (customer, at, author, text) VALUES (?, ?, ?, ?)",
                        [customer["id"], utcnow(), author, text.strip()]).lastrowid
    return {"id": pk, "customer": customer["key"], "text": text.strip(), "author": author}


@dataclass
class IgnoreResult:
    target: str
    kind: str
    undone: bool
    customers: list[str] = field(default_factory=list)  # customers now ignored (or active again)
    contacts: int = 0


def ignore(db, config: Config, target: str, *, reason: str | None = None, undo: bool = False) -> IgnoreResult:
    """Mark an address or a domain as not a customer (supplier, forwarder, colleague)."""
    classifier = Classifier(config)
    target, kind = check_ignore_target(classifier, target)
    if undo and target in classifier.settings.ignore:
        raise MailcrmError(f"{target} is ignored in the config file ([customers] ignore): remove it there")
    with changing(db, config, "customers ignore"):
        if undo:
            if not db.execute("DELETE FROM ignores WHERE target = ? RETURNING target", [target]).fetchall():
                raise NotFoundError(f"{target} is not ignored")
        else:
            db.execute("INSERT INTO ignores (target, kind, reason, created) VALUES (?, ?, ?, ?) "
                       "ON CONFLICT (target) DO UPDATE SET reason = excluded.reason",
                       [target, kind, reason, utcnow()])
        register_functions(db, classifier, config)
        status = "ignored" if undo else "active"
        affected = db.execute("SELECT id, key FROM customers WHERE status = ? AND mc_ignored_key(key) = ?",
                              [status, 0 if undo else 1]).fetchall()
        for pk, _ in affected:
            text = f"no longer ignored ({target})" if undo else \
                f"ignored: not a customer ({target}{': ' + reason if reason else ''})"
            add_event(db, pk, "ignore", text, {"target": target, "undo": undo})
    contacts = db.execute("SELECT count(*) FROM contacts WHERE ignored = ? AND (email = ? OR key = ? "
                          "OR email LIKE ?)", [0 if undo else 1, target, target, f"%@%{target}"]).fetchone()[0]
    return IgnoreResult(target, kind, undo, [key for _, key in affected], contacts)


def ignored_list(db, config: Config) -> list[dict]:
    rows = [dict(row, origin="database") for row in db.query(
        "SELECT target, kind, reason, created FROM ignores ORDER BY target")]
    settings = customer_settings(config)
    rows += [{"target": t, "kind": "address" if "@" in t else "domain", "reason": "config file",
              "created": None, "origin": "config"} for t in settings.ignore]
    return rows


# --------------------------------------------------------------------------- CSV in and out


@dataclass
class CsvReport:
    """What a CSV import did; errors carry the file's line numbers."""

    path: str
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"{self.path}: {self.created} created, {self.updated} updated, {self.skipped} skipped, "
                f"{len(self.errors)} rows with errors")


def read_csv(path, fields: dict[str, tuple[str, ...]], required_any: tuple[str, ...]) -> Iterator[Row]:
    """Rows with the line each starts on; a row that cannot be right carries its problem (csvrows.py)."""
    return read_rows(path, fields, required_any)


CUSTOMER_FIELDS = {
    "company": ("company name", "organization", "organisation", "firm", "公司", "公司名称", "客户名称", "客户"),
    "contact": ("contact name", "contact person", "name", "person", "联系人", "姓名"),
    "email": ("e-mail", "mail", "email address", "邮箱", "电子邮件", "邮件"),
    "phone": ("tel", "telephone", "mobile", "whatsapp", "phone number", "电话", "手机"),
    "country": ("country/region", "region", "国家", "国家/地区", "国家地区"),
    "source": ("lead source", "来源", "渠道"),
    "title": ("position", "job title", "role", "职位", "职务"),
    "website": ("web", "url", "homepage", "网址", "网站"),
    "note": ("notes", "remark", "remarks", "comment", "备注"),
}


def import_customers_csv(db, config: Config, path, *, source: str | None = None) -> CsvReport:
    """Trade-fair cards and B2B inquiry exports: a customer (and contact) per row.

    Bad rows are reported with their line number; the other rows are imported.
    Importing the same file twice changes nothing.
    """
    from pathlib import Path

    classifier = Classifier(config)
    report = CsvReport(str(path))
    default_source = source or "csv:" + Path(path).name
    rows = list(read_csv(path, CUSTOMER_FIELDS, ("company", "email")))
    with changing(db, config, "customers import"):
        register_functions(db, classifier, config)
        for row in rows:
            if row.problem:
                report.errors.append(f"line {row.line}: {row.problem}")
                continue
            db.execute("SAVEPOINT csv_row")
            try:
                created = import_customer_row(db, classifier, row.values, default_source)
            except MailcrmError as exc:
                db.execute("ROLLBACK TO csv_row")
                report.errors.append(f"line {row.line}: {exc}")
            else:
                if created:
                    report.created += 1
                else:
                    report.updated += 1
            finally:
                db.execute("RELEASE csv_row")
    return report


def import_customer_row(db, classifier: Classifier, row: dict, default_source: str) -> bool:
    company = row.get("company", "")
    name = row.get("contact", "")
    emails = [e.strip().lower() for e in re.split(r"[;,\s]+", row.get("email", "")) if e.strip()]
    if not company and not emails:
        raise MailcrmError("needs a company or an email address")
    for email in emails:
        if not looks_like_email(email):
            raise MailcrmError(f"{email!r} is not an email address")
        kind, _ = classifier.classify(email)
        if kind != "external":
            raise MailcrmError(f"{email} is {'one of our own addresses' if kind == 'own' else 'not a customer address'} ({kind})")
    country = None
    if row.get("country"):
        country = country_code(row["country"])
        if not country:
            raise MailcrmError(f"unknown country {row['country']!r}")
    key = classifier.key_of(emails[0]) if emails else "lead:" + slug(company)
    ignored = db.execute("SELECT mc_ignored(?, ?)", [emails[0] if emails else None, key]).fetchone()[0]
    if ignored:
        raise MailcrmError(f"{emails[0] if emails else key} is ignored (not a customer)")
    existed = db.execute("SELECT 1 FROM customer_keys WHERE key = ?", [key]).fetchone() is not None
    source = row.get("source") or default_source
    customer = ensure_customer(db, key, source)
    if not existed and company:
        db.execute("UPDATE customers SET name_auto = ?, name = coalesce(name_override, ?) WHERE id = ?",
                   [company, company, customer])
    targets = emails or [None]
    for email in targets:
        if email:
            contact = db.execute("SELECT id FROM contacts WHERE email = ?", [email]).fetchone()
            if contact is None:
                contact_id = db.execute(
                    "INSERT INTO contacts (email, key, source, first_seen) VALUES (?, ?, ?, ?)",
                    [email, classifier.key_of(email), source, utcnow()]).lastrowid
            else:
                contact_id = contact[0]
        else:
            contact = db.execute("SELECT id FROM contacts WHERE email IS NULL AND key = ?", [key]).fetchone()
            contact_id = contact[0] if contact else db.execute(
                "INSERT INTO contacts (email, key, source, lead) VALUES (NULL, ?, ?, 1)", [key, source]).lastrowid
        db.execute(
            "UPDATE contacts SET customer = ?, name = CASE WHEN ? != '' THEN ? ELSE name END, "
            "company = coalesce(nullif(?, ''), company), country = coalesce(?, country), "
            "phone = coalesce(nullif(?, ''), phone), title = coalesce(nullif(?, ''), title), "
            "website = coalesce(nullif(?, ''), website) WHERE id = ?",
            [customer, name, name, company, country, row.get("phone", ""), row.get("title", ""),
             row.get("website", ""), contact_id])
    mark_dirty(db, {customer})
    if row.get("note"):
        exists = db.execute("SELECT 1 FROM notes WHERE customer = ? AND text = ?", [customer, row["note"]]).fetchone()
        if not exists:
            db.execute("INSERT INTO notes (customer, at, author, text) VALUES (?, ?, ?, ?)",
                       [customer, utcnow(), source, row["note"]])
    return not existed


EXPORT_COLUMNS = ["key", "name", "kind", "status", "country", "timezone", "language", "owner", "stage", "grade",
                  "credit_list", "next_contact", "contacts", "phones", "domains", "messages_in", "messages_out",
                  "first_contact", "last_contact", "turn", "orders", "order_totals", "outstanding", "source", "created"]


def export_rows(db, *, include_all: bool = False) -> list[dict]:
    rows = []
    for customer in list_customers(db, include_all=include_all, sort="name"):
        pk = customer["id"]
        contacts = db.execute("SELECT email, name, phone FROM contacts WHERE customer = ? ORDER BY email",
                              [pk]).fetchall()
        totals = order_totals(db, pk)
        firsts = [d for d in (customer["first_in"], customer["first_out"]) if d]
        lasts = [d for d in (customer["last_in"], customer["last_out"]) if d]
        rows.append({
            **{k: customer.get(k) for k in EXPORT_COLUMNS if k in customer},
            "contacts": "; ".join(f"{n} <{e}>" if n else (e or n) for e, n, _ in contacts if e or n),
            "phones": "; ".join(sorted({p for _, _, p in contacts if p})),
            "domains": "; ".join(customer_keys(db, pk)),
            "first_contact": min(firsts)[:10] if firsts else "",
            "last_contact": max(lasts)[:10] if lasts else "",
            "orders": totals["count"],
            "order_totals": "; ".join(f"{t['currency']} {t['amount']:.2f}" for t in totals["by_currency"]),
            "outstanding": "; ".join(f"{t['currency']} {t['outstanding']:.2f}" for t in totals["by_currency"]
                                     if t["outstanding"]),
        })
    return rows


def export_customers_csv(db, path, *, include_all: bool = False) -> int:
    """All (active) customers with contacts and totals; UTF-8 with BOM so Excel shows 中文 right."""
    import csv
    from pathlib import Path

    rows = export_rows(db, include_all=include_all)
    with Path(path).open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=EXPORT_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)
