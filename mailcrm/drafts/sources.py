"""Everything the drafts read from other modules' tables, in one place.

The customers module owns ``customers``, ``contacts``, ``message_customers``,
``ignores``, ``orders`` and ``customer_events``; the rule engine owns
``draft_requests`` and ``customer_tags``; the core owns ``messages`` and friends.
When one of them changes shape, this is the only file to align.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from ..clock import utcnow
from ..config import Account, Config
from ..mail.parse import parse_message
from ..mail.store import decompress


def rows(db, sql: str, params=()) -> list[dict]:
    cursor = db.execute(sql, list(params))
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def one(db, sql: str, params=()) -> dict | None:
    found = rows(db, sql, params)
    return found[0] if found else None


def has_column(db, table: str, column: str) -> bool:
    return any(row[1] == column for row in db.execute(f"PRAGMA table_info({table})"))


# -- the rule engine's queue ---------------------------------------------------------


def pending_requests(db) -> list[dict]:
    found = rows(
        db,
        "SELECT id, customer, purpose, rule, evidence, note, event_key, created "
        "FROM draft_requests WHERE status = 'pending' ORDER BY id",
    )
    for request in found:
        request["evidence"] = loads(request["evidence"])
    return found


def set_request_status(db, request: int | None, status: str) -> None:
    if request is not None:
        db.execute("UPDATE draft_requests SET status = ?, updated = ? WHERE id = ?", [status, utcnow(), request])


def request_row(db, request: int) -> dict | None:
    return one(db, "SELECT id, rule, note, event_key, created, status FROM draft_requests WHERE id = ?", [request])


def active_tags(db, customer: int) -> list[str]:
    return [
        r[0]
        for r in db.execute(
            "SELECT tag FROM customer_tags WHERE customer = ? AND status = 'active' ORDER BY tag", [customer]
        )
    ]


def loads(text: str | None) -> dict:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {"value": value}


# -- customers and contacts --------------------------------------------------------------

CUSTOMER_FIELDS = (
    "id, key, kind, status, merged_into, name, country, timezone, language, owner, grade, "
    "stage, credit_list, last_in, last_out, messages_in"
)


def customer(db, pk: int) -> dict | None:
    """The customer (following merges), with ``industry`` when the table has one."""
    row = one(db, f"SELECT {CUSTOMER_FIELDS} FROM customers WHERE id = ?", [pk])
    seen = set()
    while row and row["status"] == "merged" and row["merged_into"] and row["id"] not in seen:
        seen.add(row["id"])
        row = one(db, f"SELECT {CUSTOMER_FIELDS} FROM customers WHERE id = ?", [row["merged_into"]])
    if row is not None:
        row["industry"] = industry(db, row["id"])
    return row


def industry(db, pk: int) -> str | None:
    if not has_column(db, "customers", "industry"):
        return None
    found = db.execute("SELECT industry FROM customers WHERE id = ?", [pk]).fetchone()
    return found[0] if found else None


def contact_by_email(db, email: str) -> dict | None:
    return one(db, "SELECT id, email, name, customer, ignored FROM contacts WHERE email = ?", [email.lower()])


def main_contact(db, customer_id: int) -> dict | None:
    """Who writes to us for this customer: the sender of their latest own mail,
    else the contact we exchanged with most recently."""
    found = one(
        db,
        """
        SELECT c.id, c.email, c.name, c.customer, c.ignored FROM message_customers mc
        JOIN messages m ON m.id = mc.message AND m.direction = 'in'
        JOIN message_contacts x ON x.message = m.id AND x.role = 'from'
        JOIN contacts c ON c.id = x.contact AND c.customer = mc.customer
        WHERE mc.customer = ? AND mc.automated = 0 AND c.ignored = 0 AND c.email IS NOT NULL
        ORDER BY m.date DESC LIMIT 1""",
        [customer_id],
    )
    return found or one(
        db,
        """
        SELECT id, email, name, customer, ignored FROM contacts
        WHERE customer = ? AND email IS NOT NULL AND ignored = 0
        ORDER BY exchanged DESC, last_seen DESC LIMIT 1""",
        [customer_id],
    )


def reachable_contacts(db, customer_id: int) -> list[dict]:
    """The customer's contacts who wrote to us (From) or whom we wrote to (To): never one who
    was only ever in Cc. With their role (``title``), when they last wrote and how often."""
    return rows(
        db,
        """
        SELECT c.id, c.email, c.name, c.customer, c.ignored, c.title,
               max(CASE WHEN m.direction = 'in' THEN m.date END) AS wrote,
               sum(m.direction = 'in') AS written, max(m.date) AS last
        FROM contacts c JOIN message_contacts x ON x.contact = c.id
        JOIN messages m ON m.id = x.message
        JOIN message_customers mc ON mc.message = m.id AND mc.customer = c.customer AND mc.automated = 0
        WHERE c.customer = ? AND c.ignored = 0 AND c.email IS NOT NULL
          AND ((x.role = 'from' AND m.direction = 'in') OR (x.role = 'to' AND m.direction = 'out'))
        GROUP BY c.id ORDER BY wrote DESC, last DESC""",
        [customer_id],
    )


def thread_people(db, customer_id: int, thread: int) -> list[dict]:
    """Who of this customer wrote in a thread (From of their mail, latest first), then whom
    we wrote to in it (To, never Cc)."""
    return rows(
        db,
        """
        SELECT c.id, c.email, c.name, c.customer, c.ignored, c.title, m.direction, max(m.date) AS last
        FROM messages m JOIN message_customers mc ON mc.message = m.id AND mc.customer = ? AND mc.automated = 0
        JOIN message_contacts x ON x.message = m.id
        JOIN contacts c ON c.id = x.contact AND c.customer = mc.customer
        WHERE m.thread_id = ? AND c.email IS NOT NULL
          AND ((x.role = 'from' AND m.direction = 'in') OR (x.role = 'to' AND m.direction = 'out'))
        GROUP BY c.id, m.direction ORDER BY m.direction = 'in' DESC, last DESC""",
        [customer_id, thread],
    )


def exchanges_with(db, customer_id: int, contact_id: int, limit: int) -> list[dict]:
    """The last messages between us and one contact (theirs: From; ours: To or Cc), newest first."""
    return rows(
        db,
        """
        SELECT DISTINCT m.id, m.direction, m.date, m.body_text FROM messages m
        JOIN message_customers mc ON mc.message = m.id AND mc.customer = ? AND mc.automated = 0
        JOIN message_contacts x ON x.message = m.id AND x.contact = ?
        WHERE (m.direction = 'in' AND x.role = 'from') OR (m.direction = 'out' AND x.role IN ('to', 'cc'))
        ORDER BY m.date DESC LIMIT ?""",
        [customer_id, contact_id, limit],
    )


def contact_place(db, contact_id: int) -> dict | None:
    """The latest address in the contact's own signature that names a place with a zone."""
    if not has_column(db, "message_facts", "place_zone"):
        return None
    return one(
        db,
        """
        SELECT f.place, f.place_country AS country, f.place_zone AS zone FROM message_facts f
        JOIN messages m ON m.id = f.message
        WHERE f.contact = ? AND f.place_zone IS NOT NULL AND f.place_country IS NOT NULL
        ORDER BY m.date DESC LIMIT 1""",
        [contact_id],
    )


def contact_clues(db, contact_id: int) -> dict:
    """What the contact's own record says of where they are: a stated country (card, platform),
    their phone, and the UTC offset of their latest mail's Date (minutes)."""
    found = one(db, "SELECT country, phone FROM contacts WHERE id = ?", [contact_id]) or {}
    clock = db.execute(
        "SELECT f.utc_offset FROM message_facts f JOIN messages m ON m.id = f.message "
        "WHERE f.contact = ? AND f.utc_offset IS NOT NULL ORDER BY m.date DESC LIMIT 1",
        [contact_id],
    ).fetchone()
    return {"country": found.get("country"), "phone": found.get("phone"), "offset": clock[0] if clock else None}


def ignored_target(db, email: str) -> bool:
    domain = email.rsplit("@", 1)[-1].lower()
    return db.execute("SELECT 1 FROM ignores WHERE target IN (?, ?)", [email.lower(), domain]).fetchone() is not None


def customer_keys(db, customer_id: int) -> list[str]:
    return [r[0] for r in db.execute("SELECT key FROM customer_keys WHERE customer = ?", [customer_id])]


def last_order_date(db, customer_id: int) -> str | None:
    found = db.execute("SELECT max(date) FROM orders WHERE customer = ?", [customer_id]).fetchone()
    return found[0] if found else None


def greeting_candidates(db, since_days: int = 730) -> list[dict]:
    """Active customers who wrote to us in the last two years: they get holiday greetings."""
    since = (datetime.now(timezone.utc) - timedelta(days=since_days)).isoformat(timespec="seconds")
    return rows(
        db,
        "SELECT id, country FROM customers WHERE status = 'active' AND messages_in > 0 "
        "AND last_in >= ? AND coalesce(credit_list, '') != 'black' ORDER BY id",
        [since],
    )


def record_history(db, customer_id: int, kind: str, text: str, data: dict) -> None:
    """A line in the customer's timeline (the customers module's events)."""
    from ..customers.keys import add_event  # the customers module owns the table

    add_event(db, customer_id, kind, text, data)


def find_customer_id(db, ref: str) -> int:
    from ..customers.lookup import find_customer

    return find_customer(db, ref)["id"]


def account_for(db, config: Config, row: dict, default: str | None) -> Account | None:
    """The mailbox a customer's drafts go into: the owner's, else the one with most of
    their mail, else the configured default, else the first account."""
    accounts = [a for a in config.accounts]
    by_owner = [a for a in accounts if row.get("owner") and a.owner == row["owner"]]
    if by_owner:
        return by_owner[0]
    busiest = db.execute(
        """
        SELECT f.account, count(*) AS n FROM message_customers mc
        JOIN locations l ON l.message = mc.message JOIN folders f ON f.id = l.folder
        WHERE mc.customer = ? GROUP BY f.account ORDER BY n DESC""",
        [row["id"]],
    ).fetchall()
    names = {a.name: a for a in accounts}
    for name, _ in busiest:
        if name in names:
            return names[name]
    if default:
        return names.get(default)
    return accounts[0] if accounts else None


# -- messages (core tables) ----------------------------------------------------------------


def message_row(db, pk: int) -> dict | None:
    return one(
        db,
        "SELECT id, message_id, thread_id, subject, from_email, from_name, date, direction, "
        "body_text FROM messages WHERE id = ?",
        [pk],
    )


def references_of(db, pk: int) -> list[str]:
    """The References chain in order, from the stored original (message_refs has no order)."""
    raw = db.execute("SELECT compression, data FROM message_raw WHERE message = ?", [pk]).fetchone()
    if not raw:
        return []
    try:
        return parse_message(decompress(*raw)).references
    except Exception:  # noqa: BLE001 - a reply without references still threads by In-Reply-To
        return []


def reply_parent(db, customer_id: int, trigger: int | None, chase: bool = False) -> dict | None:
    """The message a reply continues: the latest message in the thread of the trigger (or in
    the customer's latest thread), whoever wrote it. When our answer came after the customer's
    message, the reply continues ours, so it never reads as if we had ignored the question.
    ``chase``: a chaser continues the thread of our own latest mail (the quotation it chases),
    not a platform notice or another thread that came in after it."""
    thread = thread_of(db, trigger) if trigger else None
    if thread is None:
        latest = one(
            db,
            f"""SELECT m.thread_id FROM message_customers mc JOIN messages m ON m.id = mc.message
                WHERE mc.customer = ? AND mc.automated = 0 {"AND m.direction = 'out'" if chase else ""}
                ORDER BY m.date DESC LIMIT 1""",
            [customer_id],
        )
        if latest is None and chase:
            return reply_parent(db, customer_id, None)
        thread = latest["thread_id"] if latest else None
    if thread is None:
        return None
    found = thread_messages(db, thread, customer_id)
    return {"id": found[-1]["id"]} if found else None


THREAD_FIELDS = (
    "m.id, m.message_id, m.thread_id, m.subject, m.from_email, m.from_name, m.date, m.direction, "
    "m.body_text, m.attachment_names, m.attachment_count"
)


def thread_messages(db, thread: int, customer_id: int) -> list[dict]:
    """The thread's messages with this customer, oldest first: theirs and ours, not automated
    mail, not internal mail and not drafts (a draft is not a message they have seen)."""
    return rows(
        db,
        f"""SELECT {THREAD_FIELDS} FROM messages m JOIN message_customers mc ON mc.message = m.id
            WHERE m.thread_id = ? AND mc.customer = ? AND mc.automated = 0 AND m.direction IN ('in', 'out')
            AND NOT EXISTS (SELECT 1 FROM locations l JOIN folders f ON f.id = l.folder
                            WHERE l.message = m.id AND f.role = 'drafts')
            ORDER BY m.date, m.id""",
        [thread, customer_id],
    )


def attachment_types(db, message: int) -> list[tuple[str, str, int]]:
    """(filename, content type, inline) of a message's attachments."""
    return [
        (r[0] or "", (r[1] or "").lower(), r[2])
        for r in db.execute(
            "SELECT filename, content_type, inline FROM attachments WHERE message = ? ORDER BY idx", [message]
        )
    ]


def platform_of(db, message: int) -> str | None:
    """The B2B platform that sent this message (a lead's notification), else None."""
    found = db.execute("SELECT platform FROM message_facts WHERE message = ?", [message]).fetchone()
    return found[0] if found else None


def buyer_of(db, message: int) -> dict | None:
    """The buyer a platform notification names (the customers module recorded it), with an address."""
    return one(
        db,
        """SELECT c.id, c.email, c.name, c.company, c.customer, c.ignored FROM message_contacts x
           JOIN contacts c ON c.id = x.contact WHERE x.message = ? AND x.role = 'buyer'
           ORDER BY c.email IS NULL, c.id LIMIT 1""",
        [message],
    )


def thread_of(db, pk: int) -> int | None:
    found = db.execute("SELECT thread_id FROM messages WHERE id = ?", [pk]).fetchone()
    return found[0] if found else None


def our_last_in_thread(db, thread: int) -> str | None:
    found = db.execute("SELECT max(date) FROM messages WHERE thread_id = ? AND direction = 'out'", [thread]).fetchone()
    return found[0] if found else None


def message_summaries(db, ids: list[int]) -> list[dict]:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return rows(db, f"SELECT id, date, from_email, subject FROM messages WHERE id IN ({marks}) ORDER BY date", ids)


def sent_messages(db, account: str, since: str) -> list[dict]:
    """Messages in the account's Sent folder(s) since a date, with their recipients."""
    found = rows(
        db,
        """
        SELECT DISTINCT m.id, m.message_id, m.subject, m.body_text, m.headers, m.date FROM messages m
        JOIN locations l ON l.message = m.id JOIN folders f ON f.id = l.folder
        WHERE f.account = ? AND f.role = 'sent' AND coalesce(m.date, m.first_seen) >= ?""",
        [account, since],
    )
    for message in found:
        message["recipients"] = [
            r[0]
            for r in db.execute(
                "SELECT email FROM addresses WHERE message = ? AND role IN ('to', 'cc', 'bcc')", [message["id"]]
            )
        ]
        message["token"] = loads(message.pop("headers")).get("x-mailcrm-draft", "").strip()
    return found


def has_sent_folder(db, account: str) -> bool:
    return db.execute("SELECT 1 FROM folders WHERE account = ? AND role = 'sent'", [account]).fetchone() is not None


# -- the customer's state, for the decision before any draft (decision.py) --------------------

OPEN_DRAFT_STATES = ("new", "approved", "pushed", "sent")


def latest_thread(db, customer_id: int) -> int | None:
    """The thread of the customer's latest own (not automated) mail, theirs or ours."""
    found = db.execute(
        "SELECT m.thread_id FROM message_customers mc JOIN messages m ON m.id = mc.message "
        "WHERE mc.customer = ? AND mc.automated = 0 AND m.direction IN ('in', 'out') ORDER BY m.date DESC LIMIT 1",
        [customer_id],
    ).fetchone()
    return found[0] if found else None


def rules_hit(db, message: int) -> dict[str, list[str]]:
    """The message rules that matched this message, each with the words it matched (rule_hits)."""
    found = {}
    for rule, terms in db.execute("SELECT rule, terms FROM rule_hits WHERE message = ?", [message]):
        try:
            words = json.loads(terms or "[]")
        except ValueError:
            words = []
        found[rule] = [w for w in words if isinstance(w, str)] if isinstance(words, list) else []
    return found


def open_flags(db, customer_id: int, flags: tuple[str, ...]) -> list[dict]:
    marks = ",".join("?" * len(flags))
    return rows(
        db,
        f"SELECT flag, note, raised, message FROM customer_flags WHERE customer = ? AND flag IN ({marks}) "
        "AND resolved IS NULL ORDER BY raised",
        [customer_id, *flags],
    )


def unpaid_orders(db, customer_id: int, before: str) -> list[dict]:
    """Orders dated before ``before`` (YYYY-MM-DD) with an amount still outstanding."""
    return rows(
        db,
        "SELECT date, outstanding, currency, order_no FROM orders WHERE customer = ? AND outstanding > 0 "
        "AND date < ? ORDER BY date",
        [customer_id, before],
    )


def offers_made(db, customer_id: int, purposes: tuple[str, ...]) -> list[dict]:
    """Our offers to the customer, latest first: drafts with an offer (open or sent; a sent one is
    dated by its copy in Sent) and the quotations the rules found in our sent mail."""
    marks = ",".join("?" * len(purposes))
    drafts = rows(
        db,
        f"""
        SELECT 'draft' AS kind, d.id, d.purpose, coalesce(m.date, d.sent, d.created) AS date, d.subject
        FROM drafts d LEFT JOIN messages m ON m.id = d.sent_message
        WHERE d.customer = ? AND d.purpose IN ({marks}) AND d.status IN ('new', 'approved', 'pushed', 'sent')""",
        [customer_id, *purposes],
    )
    quotations = rows(
        db,
        """
        SELECT DISTINCT 'quotation' AS kind, m.id, 'quotation' AS purpose, m.date, m.subject
        FROM rule_hits h JOIN messages m ON m.id = h.message AND m.direction = 'out'
        JOIN message_customers mc ON mc.message = m.id AND mc.customer = ?
        WHERE h.rule = 'stage.quotation' AND m.date IS NOT NULL""",
        [customer_id],
    )
    return sorted(drafts + quotations, key=lambda r: r["date"] or "", reverse=True)


def open_chasers(db, customer_id: int, purposes: tuple[str, ...]) -> int:
    """Chasers written but not sent yet (a sent one is in the thread as our mail)."""
    marks = ",".join("?" * len(purposes))
    return db.execute(
        f"SELECT count(*) FROM drafts WHERE customer = ? AND purpose IN ({marks}) "
        "AND status IN ('new', 'approved', 'pushed')",
        [customer_id, *purposes],
    ).fetchone()[0]


def last_contact(db, customer_id: int) -> dict | None:
    """Our last mail, call or visit to the customer, counting those to customers merged into it
    (every address and domain of the company, as the agenda's follow-ups count it), with the
    grade's follow-up interval of the last rules run (``follow_up_days``, None before one)."""
    found = one(
        db,
        "SELECT max(at) AS at FROM (SELECT m.date AS at FROM customers c "
        "JOIN message_customers mc ON mc.customer = c.id JOIN messages m ON m.id = mc.message "
        "WHERE coalesce(c.merged_into, c.id) = ? AND m.direction = 'out' AND mc.automated = 0 "
        "UNION ALL SELECT n.at FROM customers c JOIN notes n ON n.customer = c.id "
        "WHERE coalesce(c.merged_into, c.id) = ? AND n.direction = 'out' AND n.kind != 'note')",
        [customer_id, customer_id],
    )
    if not found or not found["at"]:
        return None
    grade = one(db, "SELECT grade, follow_up_days FROM customer_grades WHERE customer = ?", [customer_id])
    return {"at": found["at"], **(grade or {"grade": None, "follow_up_days": None})}
