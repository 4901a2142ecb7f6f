"""One company under several domains or addresses: merged automatically where the evidence
is strong, every merge recorded with its reason, and undone exactly by `customers split`.

Strong evidence (each pass of the refresh, ``[customers] auto_merge``):

* signature: two customers' own mail signs the same company name together with the same
  phone number or the same street address. A generic name ("Global Trading Co., Ltd.")
  is never enough: it stays a probable duplicate for a person (`customers dupes`).
* thread: someone answers our mail, sent only to one customer, from an address of another
  customer, under the same name (Hans Müller writes on from his private gmail, or from the
  group's other domain).

A person's decision outranks the rule: a pair split apart (`customer_apart`) is never
merged automatically again; `customers merge` joins it again.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass

from ..clock import utcnow
from .keys import add_event, mark_dirty, merge_rows
from .signature import company_in, normalize_company

# Words a company name is made of when it names nothing in particular.
GENERIC_WORDS = frozenset(
    """trading trade traders import imports importer export exports exporter imp exp and
    industrial industries industry international intl global general group holding holdings
    enterprise enterprises company companies corporation business commercial comercial services
    service solutions supply supplies supplier sales technology technologies tech engineering
    development products product manufacturing manufacturer world worldwide universal united
    national new star best first asia europe america american middle east china chinese hk
    handel handels commerce commerciale sourcing logistics machinery equipment materials
    贸易 国际 进出口 实业 科技 工业 商贸 集团 国际贸易""".split()
)
RANK = {"company": 0, "person": 1, "lead": 2}


def generic(norm: str) -> bool:
    """A name too generic to tell two companies apart."""
    words = norm.split()
    return len(norm) < 4 or all(word in GENERIC_WORDS or len(word) < 2 for word in words)


def phone_digits(phone: str | None) -> str | None:
    """The number to compare: digits only, an international 00 prefix dropped, the last ten."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("00"):
        digits = digits[2:]
    return digits[-10:] if len(digits) >= 8 else None


def street_address(place: str | None) -> str | None:
    """The address line(s) of a signature without the company name: only with a number in
    it (a street number, a postal code), so a city alone is no address."""
    if not place:
        return None
    parts = [p.strip() for p in re.split(r"\s*[|/;·]\s*", place) if p.strip()]
    parts = [p for p in parts if not company_in(p)]
    text = " ".join(re.sub(r"[\W_]+", " ", " ".join(parts).casefold()).split())
    return text if len(text) >= 8 and re.search(r"\d", text) else None


@dataclass
class Candidate:
    a: int
    b: int
    reason: str  # signature, thread
    evidence: str


# -- finding strong evidence ----------------------------------------------------------


def signature_candidates(db) -> list[Candidate]:
    """Customers whose mail signs the same (specific) company name with the same phone or address."""
    rows = db.execute(
        "SELECT DISTINCT c.customer, f.company, f.phone, f.place FROM message_facts f "
        "JOIN contacts c ON c.id = f.contact JOIN customers cu ON cu.id = c.customer "
        "WHERE cu.status = 'active' AND f.automated = 0 AND f.company IS NOT NULL "
        "AND (f.phone IS NOT NULL OR f.place IS NOT NULL)"
    ).fetchall()
    seen: dict[tuple, dict[int, str]] = defaultdict(dict)  # (name, kind, value) -> customer -> shown
    for customer, company, phone, place in rows:
        norm = normalize_company(company)
        if generic(norm):
            continue
        digits = phone_digits(phone)
        if digits:
            seen[(norm, "phone", digits)].setdefault(customer, f"“{company}” and the phone {phone}")
        address = street_address(place)
        if address:
            seen[(norm, "address", address)].setdefault(customer, f"“{company}” and the address {place}")
    found = []
    for members in seen.values():
        ordered = sorted(members)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                found.append(Candidate(a, b, "signature", f"both sign {members[a]}"))
    return found


def thread_candidates(db, after: int) -> list[Candidate]:
    """Answers to our mail from an address that mail was not sent to, of another customer, by the
    same person: the thread continued from their other address."""
    return [c for c, same in thread_continuations(db, after) if same]


def thread_continuations(db, after: int = 0) -> list[tuple[Candidate, bool]]:
    """Every answer to our mail (sent to one customer only) from an address of another customer,
    with whether the same person wrote it. A colleague answering from the other domain is only a
    probable duplicate (an agent or a forwarder does the same): `customers dupes` lists it."""
    rows = db.execute(
        "SELECT m.id, m.subject, s.customer, s.email, s.name, p.id FROM messages m "
        "JOIN message_facts f ON f.message = m.id AND f.automated = 0 "
        "JOIN contacts s ON s.id = f.contact AND s.customer IS NOT NULL "
        "JOIN messages p ON p.message_id = m.in_reply_to AND p.direction = 'out' "
        "WHERE m.direction = 'in' AND m.id > ? AND m.in_reply_to IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM message_contacts x WHERE x.message = p.id AND x.contact = s.id)",
        [after],
    ).fetchall()
    found = []
    for _, subject, sender_customer, email, name, ours in rows:
        recipients = db.execute(
            "SELECT DISTINCT c.customer, c.name, c.email FROM message_contacts mc JOIN contacts c ON c.id = mc.contact "
            "WHERE mc.message = ? AND mc.role IN ('to', 'cc', 'bcc') AND c.customer IS NOT NULL",
            [ours],
        ).fetchall()
        customers = {row[0] for row in recipients}
        if len(customers) != 1 or sender_customer in customers:
            continue
        same = next((r for r in recipients if same_person(name, email, r[1])), None)
        other = same or recipients[0]
        if same:
            text = f"{name or email} answered our mail to {other[2]} from {email} (thread “{subject}”)"
        else:
            text = f"{name or email} ({email}) answered our mail to {other[2]} in its thread “{subject}”"
        found.append((Candidate(other[0], sender_customer, "thread", text), same is not None))
    return found


# -- merging ------------------------------------------------------------------------------


def auto_merge(db, *, full: bool, after: int) -> set[int]:
    """Merge every pair with strong evidence that no person has split apart; returns the
    contacts that moved (their mail is filed again)."""
    candidates = signature_candidates(db) + thread_candidates(db, 0 if full else after)
    moved: set[int] = set()
    for candidate in candidates:
        a, b = holder(db, candidate.a), holder(db, candidate.b)
        if a is None or b is None or a["id"] == b["id"]:
            continue
        pairs = {(candidate.a, candidate.b), (a["id"], b["id"])}
        if any(kept_apart(db, x, y) for x, y in pairs):
            continue
        keep, other = sorted((a, b), key=lambda c: (RANK.get(c["kind"], 3), *mail_count(db, c["id"]), c["id"]))
        moved |= merge_recorded(db, keep, other, candidate.reason, candidate.evidence, automatic=True)
    return moved


def holder(db, pk: int) -> dict | None:
    """The active customer a customer's mail is filed under now (itself, or the one it was merged into)."""
    for _ in range(20):
        row = db.execute("SELECT id, key, kind, status, merged_into FROM customers WHERE id = ?", [pk]).fetchone()
        if row is None:
            return None
        if row[3] == "merged" and row[4]:
            pk = row[4]
            continue
        return {"id": row[0], "key": row[1], "kind": row[2]} if row[3] == "active" else None
    return None


def mail_count(db, pk: int) -> tuple[int, int]:
    """What decides which of two customers is kept: more mail, then the older mail."""
    count, first = db.execute(
        "SELECT count(*), min(mc.message) FROM message_contacts mc JOIN contacts c ON c.id = mc.contact "
        "WHERE c.customer = ?",
        [pk],
    ).fetchone()
    return -count, first or 0


def merge_recorded(
    db, keep: dict, other: dict, reason: str, evidence: str, *, automatic: bool, kind: str = "merge"
) -> set[int]:
    """``merge_rows`` with a customer_merges row saying why and what moved, for `customers split`."""
    keys = [row[0] for row in db.execute("SELECT key FROM customer_keys WHERE customer = ?", [other["id"]])]
    notes = [row[0] for row in db.execute("SELECT id FROM notes WHERE customer = ?", [other["id"]])]
    orders = [row[0] for row in db.execute("SELECT id FROM orders WHERE customer = ?", [other["id"]])]
    how = "automatically" if automatic else "by hand"
    text = f"merged {other['key']} into this customer {how}" + (f": {evidence}" if evidence else "")
    contacts = merge_rows(db, keep["id"], other["id"], kind, text)
    moved = {"keys": keys, "contacts": sorted(contacts), "notes": notes, "orders": orders}
    db.execute(
        "INSERT INTO customer_merges (kept, merged, reason, evidence, automatic, at, moved) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [keep["id"], other["id"], reason, evidence, int(automatic), utcnow(), json.dumps(moved)],
    )
    if not automatic:
        a, b = sorted((keep["key"], other["key"]))
        db.execute("DELETE FROM customer_apart WHERE a = ? AND b = ?", [a, b])
    return contacts


def keep_apart(db, first: str, second: str) -> None:
    a, b = sorted((first, second))
    db.execute("INSERT OR IGNORE INTO customer_apart (a, b, at) VALUES (?, ?, ?)", [a, b, utcnow()])


def kept_apart(db, first: int, second: int) -> bool:
    """A person split these two customers (by id) apart."""
    return bool(
        db.execute(
            "SELECT 1 FROM customer_apart WHERE (a, b) IN (SELECT min(x.key, y.key), max(x.key, y.key) "
            "FROM customers x, customers y WHERE x.id = ? AND y.id = ?)",
            [first, second],
        ).fetchone()
    )


def apart_pairs(db) -> set[tuple[str, str]]:
    return {(a, b) for a, b in db.execute("SELECT a, b FROM customer_apart")}


def forget_links(db, merged: int, kept: int) -> None:
    """A thread link undone by a full rebuild (found again from the mail) leaves no record."""
    db.execute(
        "DELETE FROM customer_merges WHERE merged = ? AND kept = ? AND reason = 'person' AND undone IS NULL",
        [merged, kept],
    )


# -- undoing ------------------------------------------------------------------------------


def merges_of(db, pk: int) -> list[dict]:
    """The merges in force into this customer (or into one merged into it), newest first."""
    # merge_rows points every customer merged into the merged one at the kept one: one level.
    rows = db.query(
        "SELECT g.id, g.kept, g.merged, c.key, g.reason, g.evidence, g.automatic, g.at, g.moved "
        "FROM customer_merges g JOIN customers c ON c.id = g.merged WHERE g.undone IS NULL "
        "AND (g.kept = ? OR g.kept IN (SELECT id FROM customers WHERE merged_into = ?)) ORDER BY g.id DESC",
        [pk, pk],
    )
    found = []
    for row in rows:
        row = dict(row)
        row["keys"] = json.loads(row.pop("moved"))["keys"]
        row["automatic"] = bool(row["automatic"])
        found.append(row)
    return found


def find_merge(db, pk: int, part: str | None) -> dict | None:
    """The merge into customer ``pk`` that brought ``part`` (a key, an address of a contact it
    moved, or the merged customer's key); with no part, the only one."""
    merges = merges_of(db, pk)
    if part is None:
        return merges[0] if len(merges) == 1 else None
    for merge in merges:
        if part == merge["key"] or part in merge["keys"]:
            return merge
    contact = db.execute("SELECT id, key FROM contacts WHERE email = ?", [part]).fetchone()
    if contact:
        for merge in merges:
            moved = json.loads(
                db.execute("SELECT moved FROM customer_merges WHERE id = ?", [merge["id"]]).fetchone()[0]
            )
            if contact[0] in moved["contacts"] and contact[1] in merge["keys"]:
                return merge
    return None


def undo_merge(db, pk: int, merge: dict) -> set[int]:
    """Give the merged customer back its keys, contacts, notes and orders; returns the contacts
    that moved. The pair is kept apart from now on."""
    moved = json.loads(db.execute("SELECT moved FROM customer_merges WHERE id = ?", [merge["id"]]).fetchone()[0])
    other = merge["merged"]
    keys = moved["keys"]

    def ids(values) -> str:
        return ",".join(str(int(v)) for v in values) or "NULL"

    marks = ",".join("?" * len(keys)) or "NULL"
    db.execute(f"UPDATE customer_keys SET customer = ? WHERE customer = ? AND key IN ({marks})", [other, pk, *keys])
    back = {
        row[0]
        for row in db.execute(
            f"UPDATE contacts SET customer = ? WHERE customer = ? AND (id IN ({ids(moved['contacts'])}) "
            f"OR key IN ({marks})) RETURNING id",
            [other, pk, *keys],
        )
    }
    for table in ("notes", "orders"):
        db.execute(f"UPDATE {table} SET customer = ? WHERE customer = ? AND id IN ({ids(moved[table])})", [other, pk])
    db.execute("UPDATE customers SET status = 'active', merged_into = NULL WHERE id = ?", [other])
    db.execute("UPDATE customer_merges SET undone = ? WHERE id = ?", [utcnow(), merge["id"]])
    key = db.execute("SELECT key FROM customers WHERE id = ?", [pk]).fetchone()[0]
    keep_apart(db, key, merge["key"])
    how = "automatic merge" if merge["automatic"] else "merge"
    add_event(db, pk, "split", f"{merge['key']} split off again (undoes the {how})", {"key": merge["key"]})
    add_event(db, other, "split", f"split off from {key} again", {"from": key})
    mark_dirty(db, {pk, other})
    return back


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
