"""One batch of messages filed: directions, contacts and who took part, real exchanges,
and each message's facts (automated, platform, language, signature, UTC offset).

The Refresher (filing.py) reads the messages a batch at a time and keeps what outlives
a batch (contact and lead ids, touched threads); a Batch classifies and writes the rest.
"""

from __future__ import annotations

import json
import re
import zlib
from email.utils import parsedate_tz
from typing import TYPE_CHECKING

from ..mail.addresses import REPORT_TYPES, automated_by_headers
from .bodyfacts import text_facts
from .keys import slug
from .platform import parse_platform_buyer
from .triage import AUTOMATED, JUNK, header_verdict

if TYPE_CHECKING:
    from .filing import Refresher

EXCHANGE_ROLES = {"in": ("from", "reply_to"), "out": ("to", "cc", "bcc")}
# message_facts columns, in order: what write() inserts
FACT_COLUMNS = (
    "message, contact, automated, platform, language, company, title, phone, phone_country, website, "
    "utc_offset, triage, triage_why, place, place_country, place_zone"
)


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
        self.need_body: dict[int, int] = {}  # message -> from contact (inbound, human)
        self.platform_mail: dict[int, tuple] = {}  # message -> (platform, date, reply-to addresses)
        self.senders: dict[int, list[int]] = {}  # inbound message -> its from / reply-to contacts
        self.wrote: set[int] = set()
        self.asked: set[int] = set()
        self.junk: set[int] = set()

    def run(self) -> None:
        low, high = self.rows[0][0], self.rows[-1][0]
        addresses: dict[int, list] = {}
        for message, role, email, name in self.db.execute(
            "SELECT message, role, email, name FROM addresses WHERE message BETWEEN ? AND ? "
            "ORDER BY message, role, position",
            [low, high],
        ):
            addresses.setdefault(message, []).append((role, email, name))
        self.r.look_up_contacts(email for parties in addresses.values() for _, email, _ in parties)
        reports = {
            row[0]
            for row in self.db.execute(
                f"SELECT DISTINCT message FROM attachments WHERE message BETWEEN ? AND ? "
                f"AND content_type IN ({','.join('?' * len(REPORT_TYPES))})",
                [low, high, *REPORT_TYPES],
            )
        }
        # In a Junk folder and nowhere else: the mail server's spam filter said so.
        junk = {
            row[0]
            for row in self.db.execute(
                "SELECT l.message FROM locations l JOIN folders f ON f.id = l.folder "
                "WHERE l.message BETWEEN ? AND ? GROUP BY l.message HAVING min(f.role IS 'junk') = 1",
                [low, high],
            )
        }
        for row in self.rows:
            self.message(row, addresses.get(row[0], []), row[0] in reports, row[0] in junk)
        self.read_bodies()
        self.sort_senders()
        self.write()

    def message(self, row, parties: list, is_report: bool, in_junk: bool = False) -> None:
        pk, from_email, subject, headers, when, thread, direction, parse_error = row
        if parse_error and not parties:
            self.facts[pk] = [pk, None, 1, *[None] * 13]
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
        automated = bool(
            automated_by_headers(header_map, subject or "")
            or is_report
            or from_kind in ("automated", "invalid")
            and new_direction == "in"
        )
        verdict = header_verdict(header_map, in_junk) if new_direction == "in" and from_kind == "external" else None
        automated = automated or bool(verdict and verdict[0] in AUTOMATED)
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
            if role in EXCHANGE_ROLES[new_direction]:
                if new_direction == "out" and not automated:
                    self.exchanged.add(contact)  # we wrote to them
                elif new_direction == "in":
                    self.senders.setdefault(pk, []).append(contact)  # counted once the text is read
            if role == "from":
                from_contact = contact
        self.facts[pk] = [pk, from_contact, int(automated), platform, *[None] * 7]
        self.facts[pk] += list(verdict) if verdict else [None, None]
        self.facts[pk] += [None, None, None]  # place, place_country, place_zone
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
                self.text_found(pk, found)
        wanted = unread + list(self.platform_mail)
        own_company = self.r.config.me.company
        for start in range(0, len(wanted), 900):
            chunk = wanted[start : start + 900]
            marks = ",".join("?" * len(chunk))
            bodies = self.db.execute(f"SELECT id, subject, body_text FROM messages WHERE id IN ({marks})", chunk)
            for pk, subject, body in bodies:
                if pk in self.platform_mail:
                    self.platform(pk, subject or "", body or "")
                else:
                    self.text_found(pk, text_facts(body, own_company, subject or "", self.r.triage))
        needs_offset = list(self.need_body)
        for start in range(0, len(needs_offset), 900):
            self.read_offsets(needs_offset[start : start + 900])

    def text_found(self, pk: int, found: tuple) -> None:
        """Language and signature; and phishing wording or an inquiry unless the headers decided."""
        fact = self.facts[pk]
        fact[4:10] = found[:6]
        fact[13:16] = found[6:9]  # the place their signature names
        said = found[9]
        # Phishing wording is the most telling verdict; an inquiry counts only in clean mail.
        if said and (said[0] == "phishing" or fact[11] is None):
            fact[11:13] = said
            if said[0] == "phishing":
                fact[2] = 1

    def sort_senders(self) -> None:
        """Who wrote to us as a person, who asked for business, whose mail was set aside."""
        for pk, contacts in self.senders.items():
            fact = self.facts[pk]
            if fact[11] in JUNK:
                self.junk.update(contacts)
            elif not fact[2]:
                self.wrote.update(contacts)
                if fact[11] == "inquiry":
                    self.asked.update(contacts)

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
            f"SELECT message, compression, data FROM message_raw WHERE message IN ({marks})", unknown
        ):
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
                [buyer.company or None, buyer.country, buyer.name, contact],
            )
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
        db.executemany("INSERT OR IGNORE INTO message_contacts (message, contact, role) VALUES (?, ?, ?)", self.links)
        db.executemany(
            f"INSERT OR REPLACE INTO message_facts ({FACT_COLUMNS}) VALUES ({', '.join('?' * 16)})",
            list(self.facts.values()),
        )
        for column, contacts in (
            ("exchanged", self.exchanged),
            ("wrote", self.wrote),
            ("asked", self.asked),
            ("junk", self.junk),
        ):
            db.executemany(f"UPDATE contacts SET {column} = 1 WHERE id = ? AND {column} = 0", [(c,) for c in contacts])
        self.r.touched_keys.update(
            row[0]
            for row in self.db.execute(
                "SELECT DISTINCT key FROM contacts WHERE id IN (SELECT value FROM json_each(?))",
                [json.dumps(sorted(set(self.seen)))],
            )
            if row[0]
        )
        db.executemany(
            "UPDATE contacts SET name = ? WHERE id = ? AND name != ?",
            [(clean_name(name, ""), c, clean_name(name, "")) for c, name in self.names.items() if clean_name(name, "")],
        )
        db.executemany(
            "UPDATE contacts SET first_seen = min(coalesce(first_seen, ?), ?), "
            "last_seen = max(coalesce(last_seen, ?), ?) WHERE id = ?",
            [(min(d), min(d), max(d), max(d), c) for c, d in self.seen.items() if any(d)],
        )
        # Title, phone and the company they sign for: the latest signature wins.
        db.executemany(
            "UPDATE contacts SET title = coalesce(?, title), phone = coalesce(?, phone), "
            "website = coalesce(?, website) WHERE id = ?",
            [(f[6], f[7], f[9], f[1]) for f in self.facts.values() if f[1] and (f[6] or f[7] or f[9])],
        )
        db.executemany(
            "UPDATE contacts SET company = ? WHERE id = ? AND source = 'mail'",
            [(f[5], f[1]) for f in self.facts.values() if f[1] and f[5]],
        )


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


def clean_name(name: str, email: str) -> str:
    name = (name or "").strip().strip("'\"").strip()
    if not name or "@" in name or name.lower() == email.split("@")[0]:
        return ""
    return name[:120]
