"""Triage: who becomes a customer. Spam, phishing, bulk mail, service notifications,
forwarders, banks and suppliers stay in the archive and create no customer; one-off
senders without business evidence wait in ``customers pending``.

A message from outside is read once, when it is filed (batch.py):

* its headers: a spam filter's verdict (X-Spam-Flag, X-Spam-Status, Microsoft's SCL), the
  Junk folder, failed DMARC (or SPF / DKIM without the other passing) in
  Authentication-Results or Received-SPF, and bulk mail (List-Unsubscribe, List-Id,
  Precedence);
* its subject and text: credential-phishing wording (data/triage/phrases.toml, [phishing])
  and, failing that, an inquiry (price, quotation, samples, an order: [inquiry]).

Each identity key (a domain, a free-mail address) without a customer then gets a verdict
(``verdicts``): its kind of sender by the domain lists and words of data/triage/senders.toml
and [customers] (logistics, bank, service, supplier); else ``customer`` on business evidence
(we wrote to them, a platform named them as a buyer, they asked for business); else
``campaign`` when three or more senders mailed the same text; else ``pending`` when they
wrote to us like a person; else what their mail was (spam, phishing, auth, bulk).

The rules read every message, filed or not: a stage they conclude from a pending sender's
mail promotes the sender within the same run (engine/runner.py calls ``promote_from_rules``).
A person decides with ``customers promote`` (an event on the customer protects it) or
``customers ignore``.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..mail.addresses import CustomerSettings, domain_of, looks_like_domain, registrable_domain
from .keys import add_event, ensure_customer, mark_dirty

JUNK = ("spam", "phishing", "auth", "bulk", "campaign")  # message verdicts that are no evidence
AUTOMATED = ("spam", "phishing", "bulk", "campaign")  # ... and that keep mail out of counts and agenda
KINDS = ("logistics", "bank", "service", "supplier")
SETTING_KIND = {"logistics": "logistics", "banks": "bank", "services": "service", "suppliers": "supplier"}
CAMPAIGN_SENDERS = 3  # the same text from this many senders is one campaign
CAMPAIGN_OPENING = 60  # ... when its opening has this many characters (numbers and spacing aside)
TEXT_LIMIT = 5000  # characters of a message read for phishing wording or an inquiry


@lru_cache(maxsize=1)
def bundled() -> tuple[dict, dict]:
    """(senders, phrases) from data/triage/*.toml."""
    folder = resources.files("mailcrm").joinpath("data/triage")
    return (
        tomllib.loads(folder.joinpath("senders.toml").read_text(encoding="utf-8")),
        tomllib.loads(folder.joinpath("phrases.toml").read_text(encoding="utf-8")),
    )


CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
WORD = re.compile(r"\w+")


class Phrases:
    """Phrases found as whole words (any spacing and punctuation between them), CJK ones anywhere.

    A set lookup per word of the text rather than one big regex: an alternation of 300 phrases
    tried at every position of every inbound message cost milliseconds a message."""

    def __init__(self, phrases):
        self.anywhere: list[str] = []
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in {p.strip().casefold() for p in phrases if p.strip()}:
            if CJK.search(phrase):
                self.anywhere.append(phrase)
            elif words := tuple(WORD.findall(phrase)):
                self.by_first.setdefault(words[0], []).append(words)

    def search(self, text: str) -> str | None:
        text = text.casefold()
        for phrase in self.anywhere:
            if phrase in text:
                return phrase
        words = WORD.findall(text)
        for at, word in enumerate(words):
            for phrase in self.by_first.get(word, ()):
                if tuple(words[at : at + len(phrase)]) == phrase:
                    return " ".join(phrase)
        return None


@dataclass
class Triage:
    """The lists of one configuration: bundled data plus [customers] additions."""

    domains: dict[str, tuple[str, str]]  # domain -> (kind, reason)
    words: list[tuple[str, str, str, bool]]  # (word, kind, reason, prefix only)
    phishing: Phrases
    inquiry: Phrases

    @classmethod
    def of(cls, settings: CustomerSettings) -> "Triage":
        senders, phrases = bundled()
        domains: dict[str, tuple[str, str]] = {}
        words = []
        for kind, entry in senders.items():
            for domain in entry.get("domains", []):
                domains[domain.lower()] = (kind, entry["reason"])
            words += [(w.casefold(), kind, entry["reason"], False) for w in entry.get("words", [])]
            words += [(w.casefold(), kind, entry["reason"], True) for w in entry.get("prefixes", [])]
        for setting, kind in SETTING_KIND.items():
            for domain in getattr(settings, setting):
                domains[domain] = (kind, f"{senders[kind]['reason']} ([customers] {setting})")
        phishing = [p for lang in phrases["phishing"].values() for p in lang] + list(settings.phishing_phrases)
        inquiry = [p for lang in phrases["inquiry"].values() for p in lang]
        return cls(domains, words, Phrases(phishing), Phrases(inquiry))

    def kind_of(self, key: str, free_mail: bool) -> tuple[str, str] | None:
        """(kind, reason) when the key is a forwarder, bank, service or supplier by its domain."""
        domain = domain_of(key) if "@" in key else key
        labels = domain.split(".")
        for start in range(len(labels) - 1):
            found = self.domains.get(".".join(labels[start:]))
            if found:
                return found[0], f"{found[1]}: {'.'.join(labels[start:])}"
        if free_mail:
            return None  # gmail, qq …: the domain says nothing about the person
        name = registrable_domain(domain).split(".")[0]
        for part in re.split(r"[-_]", name.casefold()):
            for word, kind, reason, prefix in self.words:
                if part.startswith(word) if prefix else word in part:
                    return kind, f"{reason}: “{word}” in {domain}"
        return None

    def read_text(self, subject: str, body: str, own: str) -> tuple[str, str] | None:
        """('phishing', why) or ('inquiry', why) from a message's subject and text (``own``: the
        sender's own text, without the quoted mail it answers)."""
        found = self.phishing.search(f"{subject}\n{body[:TEXT_LIMIT]}")
        if found:
            return "phishing", f"phishing wording: “{found}”"
        found = self.inquiry.search(f"{subject}\n{own[:TEXT_LIMIT]}")
        if found:
            return "inquiry", f"asks for business: “{found}”"
        return None


def header_verdict(headers: dict, in_junk: bool) -> tuple[str, str] | None:
    """(kind, reason) for spam, failed authentication or bulk mail from the kept headers."""

    def value(name: str) -> str:
        found = headers.get(name)
        if isinstance(found, list):
            found = found[0] if found else ""
        return " ".join((found or "").split()).lower()

    if value("x-spam-flag").startswith("yes") or re.match(r"(yes|true)\b", value("x-spam")):
        return "spam", "the spam filter flagged it (X-Spam-Flag)"
    if value("x-spam-status").startswith("yes"):
        return "spam", "the spam filter flagged it (X-Spam-Status)"
    scl = re.search(r"\bscl:\s*(-?\d+)", value("x-forefront-antispam-report")) or re.match(
        r"(-?\d+)", value("x-ms-exchange-organization-scl")
    )
    if scl and int(scl.group(1)) >= 5 or "sfv:spm" in value("x-forefront-antispam-report"):
        return "spam", "the spam filter flagged it (Microsoft SCL)"
    if in_junk:
        return "spam", "it is in the Junk folder only"
    results = value("authentication-results")
    passed = {m for m in ("spf", "dkim") if re.search(rf"\b{m}=pass\b", results)}
    if re.search(r"\bdmarc=fail\b", results):
        return "auth", "DMARC failed (Authentication-Results)"
    if re.search(r"\bspf=fail\b", results) and "dkim" not in passed:
        return "auth", "SPF failed and no DKIM signature passed (Authentication-Results)"
    if re.search(r"\bdkim=fail\b", results) and "spf" not in passed:
        return "auth", "DKIM failed and SPF did not pass (Authentication-Results)"
    if value("received-spf").startswith("fail") and "dkim" not in passed:
        return "auth", "SPF failed (Received-SPF)"
    if value("list-unsubscribe"):
        return "bulk", "bulk mail (List-Unsubscribe)"
    if value("list-id"):
        return "bulk", "list mail (List-Id)"
    if value("precedence") in ("bulk", "list", "junk"):
        return "bulk", f"bulk mail (Precedence: {value('precedence')})"
    return None


# -- verdicts per identity key ------------------------------------------------------------------


def verdicts(db, triage: Triage, is_free_mail, keys: set[str] | None) -> None:
    """Decide every key without a customer (``keys``: only these; None: all) into ``triage``.

    Campaigns first: mail that names no business of ours (no inquiry, no answer from us) sent
    with the same subject and opening by several senders is a campaign, whoever sent it."""
    find_campaigns(db)
    scope = "" if keys is None else "AND c.key IN (SELECT value FROM json_each(:keys))"
    if keys is None:
        db.execute("DELETE FROM triage")
    else:
        db.execute("DELETE FROM triage WHERE key IN (SELECT value FROM json_each(?))", [json.dumps(sorted(keys))])
    rows = db.execute(
        "SELECT c.key, max(c.exchanged), max(c.lead), max(c.wrote), max(c.asked), max(c.junk) FROM contacts c "
        "WHERE c.customer IS NULL AND c.ignored = 0 AND c.pinned = 0 AND c.key IS NOT NULL "
        f"AND c.key NOT IN (SELECT key FROM customer_keys) {scope} GROUP BY c.key",
        {"keys": json.dumps(sorted(keys or ()))},
    ).fetchall()
    decided = []
    for key, exchanged, lead, wrote, asked, junk in rows:
        kind = None if key.startswith("lead:") else triage.kind_of(key, "@" in key and is_free_mail(domain_of(key)))
        if kind:
            decided.append((key, *kind))
        elif exchanged or lead or asked:
            why = "we wrote to them" if exchanged else "a B2B platform named them as a buyer" if lead else "an inquiry"
            decided.append((key, "customer", why))
        elif wrote:
            decided.append((key, "pending", "wrote to us; no inquiry and no answer from us yet"))
        elif junk:
            decided.append((key, *junk_verdict(db, key)))
    db.conn.executemany("INSERT OR REPLACE INTO triage (key, verdict, reason) VALUES (?, ?, ?)", decided)
    db.execute(
        "UPDATE triage SET messages = s.n, last_message = s.last, last_seen = s.seen FROM (SELECT c.key, "
        "count(DISTINCT mc.message) AS n, max(mc.message) AS last, max(m.date) AS seen FROM contacts c "
        "JOIN message_contacts mc ON mc.contact = c.id AND mc.role = 'from' JOIN messages m ON m.id = mc.message "
        "WHERE c.key IN (SELECT key FROM triage WHERE messages IS NULL) GROUP BY c.key) AS s "
        "WHERE s.key = triage.key"
    )


def junk_verdict(db, key: str) -> tuple[str, str]:
    """The commonest reason their mail was set aside."""
    row = db.execute(
        "SELECT f.triage, f.triage_why, count(*) AS n FROM message_facts f JOIN contacts c ON c.id = f.contact "
        "WHERE c.key = ? AND f.triage IN (SELECT value FROM json_each(?)) GROUP BY f.triage, f.triage_why "
        "ORDER BY n DESC, f.triage LIMIT 1",
        [key, json.dumps(JUNK)],
    ).fetchone()
    return (row[0], row[1]) if row else ("bulk", "only machine-made mail")


def find_campaigns(db) -> None:
    """Mark as 'campaign' the first mails of senders without evidence that share a text."""
    rows = db.execute(
        "SELECT f.message, c.key, m.subject, substr(m.body_text, 1, 600) FROM message_facts f "
        "JOIN contacts c ON c.id = f.contact JOIN messages m ON m.id = f.message "
        "WHERE (f.triage IS NULL OR f.triage = 'inquiry') AND f.automated = 0 AND m.direction = 'in' "
        "AND c.exchanged = 0 AND c.lead = 0 "
        "AND c.customer IS NULL AND c.key IS NOT NULL"
    ).fetchall()
    groups: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for message, key, subject, body in rows:
        groups.setdefault(text_print(subject or "", body or ""), []).append((message, key))
    marked = []
    for (subject, opening), members in groups.items():
        senders = {key for _, key in members}
        # A one-line "please send the PI" from several buyers is no campaign: the text must say more.
        if subject and len(opening) >= CAMPAIGN_OPENING and len(senders) >= CAMPAIGN_SENDERS:
            why = f"one campaign: the same mail from {len(senders)} senders"
            marked += [(why, message) for message, _ in members]
    if marked:
        db.conn.executemany(
            "UPDATE message_facts SET triage = 'campaign', triage_why = ?, automated = 1 WHERE message = ?", marked
        )
        db.execute(
            "UPDATE contacts SET junk = 1, wrote = 0, asked = 0 WHERE id IN "
            "(SELECT contact FROM message_facts WHERE triage = 'campaign') AND id NOT IN (SELECT contact FROM "
            "message_facts WHERE (triage IS NULL OR triage = 'inquiry') AND automated = 0 AND contact IS NOT NULL "
            "AND message IN (SELECT id FROM messages WHERE direction = 'in'))"
        )
        db.execute(
            "UPDATE message_customers SET automated = 1 WHERE message IN "
            "(SELECT message FROM message_facts WHERE triage = 'campaign')"
        )


def text_print(subject: str, body: str) -> tuple[str, str]:
    """Subject and opening without greeting, numbers and spacing: what a campaign keeps."""
    subject = re.sub(r"^((re|fw|fwd|aw|wg)\s*:\s*)+", "", subject.casefold().strip())
    subject = re.sub(r"[\d\W_]+", " ", subject).strip()
    lines = [line for line in body.casefold().splitlines() if line.strip()]
    if lines and (len(lines[0]) < 40 and re.match(r"(dear|hi|hello|hallo|hola|bonjour|尊敬|您好|你好)", lines[0])):
        lines = lines[1:]
    opening = re.sub(r"[\d\W_]+", " ", " ".join(lines))[:160].strip()
    return subject, opening


# -- what a person or the rules decide ----------------------------------------------------------


def pending(db, *, include_all: bool = False, limit: int | None = None) -> list[dict]:
    """Senders waiting for a decision (``include_all``: every sender the triage set aside too)."""
    where = "t.verdict != 'customer'" if include_all else "t.verdict = 'pending'"
    rows = db.query(
        "SELECT t.key, t.verdict, t.reason, t.messages, t.last_seen, m.subject AS last_subject, "
        "m.from_email AS last_from, (SELECT name FROM contacts WHERE key = t.key AND name != '' LIMIT 1) AS name "
        f"FROM triage t LEFT JOIN messages m ON m.id = t.last_message WHERE {where} "
        "ORDER BY t.verdict = 'pending' DESC, t.last_seen DESC, t.key" + (f" LIMIT {int(limit)}" if limit else "")
    )
    return list(rows)


def promote_key(db, key: str, why: str, data: dict | None = None) -> int:
    """Make a customer of a key the triage held back; the 'promote' event keeps it one."""
    customer = ensure_customer(db, key, "mail")
    add_event(db, customer, "promote", why, data or {})
    db.execute("DELETE FROM triage WHERE key = ?", [key])
    mark_dirty(db, {customer})
    return customer


def held_back(db, ref: str) -> str | None:
    """The key of a sender the triage held back that ``ref`` (address or domain) names, or None."""
    lowered = str(ref).strip().lower().lstrip("@")
    keys = [lowered]
    if "@" in lowered:
        keys.append(registrable_domain(domain_of(lowered)))
    elif looks_like_domain(lowered):
        keys.append(registrable_domain(lowered))
    for key in keys:
        if db.execute("SELECT 1 FROM triage WHERE key = ?", [key]).fetchone():
            return key
    return None


def demotable(db) -> str:
    """SQL: customers made from mail alone, with nothing a person or an order added."""
    return (
        "status = 'active' AND source = 'mail' "
        "AND NOT EXISTS (SELECT 1 FROM notes WHERE customer = customers.id) "
        "AND NOT EXISTS (SELECT 1 FROM orders WHERE customer = customers.id) "
        "AND NOT EXISTS (SELECT 1 FROM customer_events WHERE customer = customers.id "
        "AND kind NOT IN ('created', 'link', 'triage')) "
        "AND name_override IS NULL AND country_override IS NULL AND owner_override IS NULL "
        "AND grade_override IS NULL AND next_contact IS NULL AND credit_list IS NULL AND stage IS NULL"
    )
