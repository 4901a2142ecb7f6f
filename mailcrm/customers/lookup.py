"""Finding a customer (by key, #id, contact address, domain or name) and reading
customers: the list and its filters, one customer's profile, order totals, timeline.
"""

from __future__ import annotations

import json
import re

from ..config import Config
from ..db import row_id
from ..errors import MailcrmError, NotFoundError
from ..mail.addresses import domain_of, looks_like_domain, registrable_domain
from .country import country_code
from .location import evidence_of
from .merging import merges_of


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
        row = db.execute("SELECT customer FROM contacts WHERE email = ? AND customer IS NOT NULL", [lowered]).fetchone()
        if row is None:
            row = db.execute(
                "SELECT customer FROM customer_keys WHERE key = ?", [registrable_domain(domain_of(lowered))]
            ).fetchone()
    if row is None and looks_like_domain(lowered):
        row = db.execute("SELECT customer FROM customer_keys WHERE key = ?", [registrable_domain(lowered)]).fetchone()
    if row is None:
        matches = db.execute(
            "SELECT id FROM customers WHERE status != 'merged' AND "
            "(lower(name) = lower(?) OR lower(name_auto) = lower(?))",
            [text, text],
        ).fetchall()
        if not matches:
            matches = db.execute(
                "SELECT id FROM customers WHERE status != 'merged' AND name LIKE ?", [f"%{text}%"]
            ).fetchall()
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


LIST_COLUMNS = (
    "id, key, kind, status, name, country, country_source, timezone, language, owner, stage, grade, credit_list, "
    "next_contact, messages_in, messages_out, threads, first_in, last_in, first_out, last_out, "
    "their_reply_hours, our_reply_hours, last_direction, turn, source, created"
)
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


def list_customers(
    db,
    config: Config | None = None,
    *,
    country: str | None = None,
    owner: str | None = None,
    tag: str | None = None,
    grade: str | None = None,
    stage: str | None = None,
    text: str | None = None,
    turn: str | None = None,
    sort: str = "last",
    include_all: bool = False,
    limit: int | None = None,
    ids: list[int] | None = None,
) -> list[dict]:
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
        where.append(
            "(name LIKE ? OR key LIKE ? OR id IN (SELECT customer FROM contacts WHERE email LIKE ? "
            "OR name LIKE ? OR company LIKE ?) OR id IN (SELECT customer FROM customer_keys WHERE key LIKE ?))"
        )
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
    customer["country_evidence"] = evidence_of(customer)
    customer["keys"] = [
        row[0] for row in db.execute("SELECT key FROM customer_keys WHERE customer = ? ORDER BY key", [pk])
    ]
    customer["contacts"] = [
        dict(row)
        for row in db.query(
            "SELECT c.id, c.email, c.name, c.title, c.phone, c.company, c.country, c.source, c.first_seen, "
            "c.last_seen, (SELECT count(*) FROM message_contacts mc WHERE mc.contact = c.id) AS messages "
            "FROM contacts c WHERE c.customer = ? ORDER BY messages DESC, c.email",
            [pk],
        )
    ]
    customer["orders"] = order_totals(db, pk)
    customer["notes"] = [
        dict(row)
        for row in db.query(
            "SELECT id, at, kind, direction, author, text FROM notes WHERE customer = ? ORDER BY at DESC, id DESC", [pk]
        )
    ]
    customer["merged"] = [
        row[0] for row in db.execute("SELECT key FROM customers WHERE merged_into = ? ORDER BY key", [pk])
    ]
    # Why each of them is here (customer_merges): `customers split KEY --from MERGED` undoes one.
    customer["merges"] = [
        {k: merge[k] for k in ("key", "keys", "reason", "evidence", "automatic", "at")} for merge in merges_of(db, pk)
    ]
    return customer


def order_totals(db, customer: int) -> dict:
    rows = db.execute(
        "SELECT currency, count(*), sum(amount), sum(paid), sum(outstanding), max(date) "
        "FROM orders WHERE customer = ? AND amount_known GROUP BY currency ORDER BY sum(amount) DESC",
        [customer],
    ).fetchall()
    # orders seen in the mail without an amount count as orders, not in any currency's total
    unknown, last_unknown, from_mail = db.execute(
        "SELECT sum(amount_known = 0), max(CASE WHEN amount_known = 0 THEN date END), sum(source = 'mail') "
        "FROM orders WHERE customer = ?",
        [customer],
    ).fetchone()
    return {
        "count": sum(r[1] for r in rows) + (unknown or 0),
        "last": max([r[5] for r in rows] + ([last_unknown] if last_unknown else []), default=None),
        "amount_unknown": unknown or 0,
        "from_mail": from_mail or 0,
        "by_currency": [
            {
                "currency": r[0],
                "orders": r[1],
                "amount": round(r[2], 2),
                "paid": round(r[3], 2),
                "outstanding": round(r[4], 2),
            }
            for r in rows
        ],
    }


def timeline(db, ref: str, *, limit: int | None = 50) -> list[dict]:
    """Mail in and out (each message once), notes, orders and events, newest first."""
    pk = find_customer(db, ref)["id"]
    entries = [
        dict(row, kind="message")
        for row in db.query(
            "SELECT m.id, m.date AS at, m.direction, m.from_email, m.from_name, m.subject, m.thread_id, "
            "m.attachment_names, mc.automated, "
            "(SELECT group_concat(c.email, ', ') FROM message_contacts x JOIN contacts c ON c.id = x.contact "
            " WHERE x.message = m.id AND c.customer = mc.customer AND x.role IN ('to', 'cc', 'bcc')) AS to_emails, "
            "(SELECT group_concat(coalesce(nullif(c.name, ''), c.email), ', ') FROM message_contacts x "
            " JOIN contacts c ON c.id = x.contact "
            " WHERE x.message = m.id AND c.customer = mc.customer AND x.role IN ('to', 'cc', 'bcc')) AS to_names "
            "FROM message_customers mc JOIN messages m ON m.id = mc.message WHERE mc.customer = ? "
            "ORDER BY m.date DESC, m.id DESC" + (f" LIMIT {int(limit)}" if limit else ""),
            [pk],
        )
    ]
    entries += [
        dict(row, kind="note")
        for row in db.query(
            "SELECT id, at, kind AS contact, direction, author, text FROM notes WHERE customer = ?", [pk]
        )
    ]
    entries += [
        dict(row, kind="order")
        for row in db.query(
            "SELECT id, date AS at, amount, currency, product, quantity, paid, outstanding, order_no, source, "
            "message, amount_known FROM orders WHERE customer = ?",
            [pk],
        )
    ]
    entries += [
        dict(row, kind="event")
        for row in db.query(
            "SELECT id, at, kind AS event, text FROM customer_events WHERE customer = ? AND kind != 'created'", [pk]
        )
    ]
    entries.sort(key=lambda e: (e["at"] or "", e["kind"] == "message", e["id"]), reverse=True)
    return entries[:limit] if limit else entries


CONTACTED = {"call": "called", "visit": "visited", "meeting": "met", "chat": "chatted", "fax": "faxed"}


def summary_line(customer: dict) -> str:
    """'them' / 'us' in words a salesperson uses; a call or a visit counts like mail
    (customers/contacts.py), and says so."""
    if customer.get("turn") == "us":
        return f"our turn: they {last_verb(customer, 'in')} last ({(customer.get('last_in') or '')[:10]}), not answered yet"
    if customer.get("turn") == "them":
        return f"their turn: we {last_verb(customer, 'out')} last ({(customer.get('last_out') or '')[:10]})"
    return "no exchange yet"


def last_verb(customer: dict, direction: str) -> str:
    """'wrote', or how the last contact that way went when it was no mail (profile's notes)."""
    last = customer.get(f"last_{direction}")
    for note in customer.get("notes") or ():
        if note.get("direction") == direction and note.get("at") == last:
            return CONTACTED.get(note.get("kind"), "wrote")
    return "wrote"
